"""Loudspeaker scripts: one per commune, in short spoken sentences, read as written.

The template writes one short sentence a line with figures as digits; `verbalise` (another
module) then writes numbers, dates, percentages, abbreviations and codes out as they are
read aloud, so the announcer and the speech engine read the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment

from loa.bulletins.content import Bulletin, UnitStatus
from loa.bulletins.issuer import IssuerProfile
from loa.bulletins.rendering import render
from loa.errors import ConfigError

__all__ = ["MAX_WORDS", "long_sentences", "radio_script", "sentences", "verbaliser"]

#: A spoken sentence longer than this is hard to follow through a loudspeaker.
MAX_WORDS = 30


def verbaliser() -> Callable[[str], str]:
    """Return `loa.bulletins.verbalise.verbalise`; ConfigError if that module is missing."""
    try:
        from loa.bulletins.verbalise import verbalise
    except ImportError as exc:
        raise ConfigError(
            f"Chưa có bộ chuyển số thành chữ (loa.bulletins.verbalise): {exc}. "
            "Cài bản Loa đầy đủ, hoặc dựng bài với --no-verbalise để xem bản nháp.",
            f"The number verbaliser (loa.bulletins.verbalise) is missing: {exc}. "
            "Install the full Loa, or build with --no-verbalise to see a draft.",
        ) from None
    return verbalise


def sentences(script: str) -> list[str]:
    """Return the sentences of a script (split at . ! ? and line ends), blanks dropped."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", script)
    return [p.strip() for p in parts if p.strip()]


def long_sentences(script: str, limit: int = MAX_WORDS) -> list[str]:
    """Return the sentences of a script that have more than `limit` words."""
    return [s for s in sentences(script) if len(s.split()) > limit]


def radio_script(
    env: Environment,
    bulletin: Bulletin,
    unit: UnitStatus,
    issuer: IssuerProfile,
    lang: str = "vi",
    *,
    verbalise: Callable[[str], str] | None = None,
) -> str:
    """Return a commune's loudspeaker script, one sentence a line, verbalised if asked.

    Vietnamese scripts are verbalised line by line with `verbalise` when it is given; an
    English script is for the office to read, not for the loudspeaker, and is left as is.
    """
    text = render(env, "radio", lang, "txt", b=bulletin, u=unit, issuer=issuer)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if verbalise is not None and lang == "vi":
        lines = [verbalise(line) for line in lines]
    return "\n".join(lines) + "\n"
