"""The library of key messages: what to tell whom, at which epidemic level, and on whose word."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from loa.errors import ConfigError, Where

__all__ = [
    "AUDIENCES",
    "TOPICS",
    "KeyMessage",
    "load_messages",
    "select_messages",
]

AUDIENCES = ("general", "workers", "elderly", "schools", "markets", "hospitals")
TOPICS = ("5k", "on_the_spot", "vaccination", "testing", "home_isolation", "help", "level")
LIBRARY_FILE = "key_messages.yaml"


@dataclass(frozen=True)
class KeyMessage:
    """One message: its topic, audiences and levels, its text in vi and en, its source."""

    id: str
    topic: str
    audiences: tuple[str, ...]
    levels: tuple[int, ...]
    vi: str
    en: str
    source: str

    def text(self, lang: str = "vi") -> str:
        """Return the message in `lang` (vi or en)."""
        return self.vi if lang == "vi" else self.en


def _fail(path: str, vi: str, en: str) -> ConfigError:
    return ConfigError(
        f"{vi} Sửa tệp thư viện thông điệp.",
        f"{en} Fix the key-message library.",
        where=Where(file=path),
    )


def _message(raw: Any, path: str, index: int) -> KeyMessage:
    if not isinstance(raw, dict):
        raise _fail(path, f"Mục {index} không phải bảng.", f"Entry {index} is not a mapping.")
    missing = [
        k for k in ("id", "topic", "audiences", "levels", "vi", "en", "source") if k not in raw
    ]
    if missing:
        raise _fail(
            path,
            f"Thông điệp {raw.get('id', index)} thiếu: {', '.join(missing)}.",
            f"Message {raw.get('id', index)} lacks: {', '.join(missing)}.",
        )
    bad = [a for a in raw["audiences"] if a not in AUDIENCES]
    if bad or raw["topic"] not in TOPICS:
        raise _fail(
            path,
            f"Thông điệp {raw['id']}: đối tượng/chủ đề không hợp lệ {bad or raw['topic']}; "
            f"đối tượng hợp lệ: {', '.join(AUDIENCES)}; chủ đề: {', '.join(TOPICS)}.",
            f"Message {raw['id']}: unknown audience/topic {bad or raw['topic']}; "
            f"audiences: {', '.join(AUDIENCES)}; topics: {', '.join(TOPICS)}.",
        )
    levels = tuple(int(v) for v in raw["levels"])
    if any(not 1 <= v <= 4 for v in levels):
        raise _fail(
            path,
            f"Thông điệp {raw['id']}: cấp độ phải từ 1 đến 4.",
            f"Message {raw['id']}: levels must be 1 to 4.",
        )
    return KeyMessage(
        id=str(raw["id"]),
        topic=str(raw["topic"]),
        audiences=tuple(raw["audiences"]),
        levels=levels,
        vi=str(raw["vi"]).strip(),
        en=str(raw["en"]).strip(),
        source=str(raw["source"]).strip(),
    )


def load_messages(office_dir: Path | None = None) -> list[KeyMessage]:
    """Return the library: the office's key_messages.yaml if it has one, else Loa's own."""
    override = office_dir / LIBRARY_FILE if office_dir else None
    if override is not None and override.exists():
        text, path = override.read_text(encoding="utf-8"), str(override)
    else:
        ref = resources.files("loa.bulletins") / "data" / LIBRARY_FILE
        text, path = ref.read_text(encoding="utf-8"), LIBRARY_FILE
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(path, f"YAML không đọc được: {exc}.", f"Invalid YAML: {exc}.") from None
    entries = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise _fail(path, "Thiếu danh sách 'messages'.", "The 'messages' list is missing.")
    messages = [_message(raw, path, i) for i, raw in enumerate(entries, start=1)]
    ids = [m.id for m in messages]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _fail(
            path, f"Mã thông điệp bị lặp: {duplicates}.", f"Repeated message ids: {duplicates}."
        )
    return messages


def select_messages(
    library: Sequence[KeyMessage],
    level: int | None,
    audiences: Collection[str],
    *,
    topics: Collection[str] | None = None,
) -> list[KeyMessage]:
    """Return the messages for a place at `level` with these audiences, general ones first.

    A place without a level (no figures) gets the level-1 messages: the everyday advice.
    """
    wanted = set(audiences) | {"general"}
    chosen = [
        m
        for m in library
        if (level or 1) in m.levels
        and wanted & set(m.audiences)
        and (topics is None or m.topic in topics)
    ]
    return sorted(chosen, key=lambda m: ("general" not in m.audiences, library.index(m)))
