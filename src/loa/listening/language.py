"""Is a post in Vietnamese? A check that needs no model and survives missing diacritics.

Vietnamese is written in syllables with a small set of shapes (onset, vowel nucleus, coda).
Text without diacritics ("tiem vac xin gay vo sinh") still has those shapes; English, French
or Chinese text mostly does not. The share of syllable-shaped words decides.
"""

from __future__ import annotations

import re
import unicodedata

from loa.listening.normalise import match_tokens, normalise

__all__ = ["is_vietnamese", "vietnamese_share"]

_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?$"
)
# Letters that only Vietnamese writes among Latin scripts.
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
# Words that are not syllable-shaped but common in Vietnamese epidemic talk.
_LOANWORDS = {"covid", "f0", "f1", "f2", "5k", "5g", "pcr", "who", "icu", "oxy", "test", "ok"}


def vietnamese_share(text: str) -> float:
    """Return the share (0-1) of words in `text` that look like Vietnamese syllables."""
    words = [w for w in match_tokens(text) if not w.isdigit()]
    if not words:
        return 0.0
    hits = sum(1 for w in words if w in _LOANWORDS or _SYLLABLE.match(w))
    return hits / len(words)


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def is_vietnamese(text: str, *, threshold: float = 0.7) -> bool:
    """Return True if `text` reads as Vietnamese (with or without diacritics).

    Short texts (fewer than four words) are given the benefit of the doubt, unless they are
    mostly in a non-Latin script.
    """
    letters = _letters(text)
    if not letters:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.5:
        return False
    if any(ch in _VIETNAMESE_LETTERS for ch in letters) and vietnamese_share(text) >= 0.5:
        return True
    if len(normalise(text).split()) < 4:
        return True
    return vietnamese_share(text) >= threshold
