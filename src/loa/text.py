"""Vietnamese text keys: Unicode NFC, one tone-mark placement, and diacritic folding.

Matching in Loa (organisation names, unit names, claims) goes through these functions so that
"Hiệp Hoà", "Hiệp Hòa", "HIEP HOA" and "hiep hoa" all meet.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "is_web_url", "nfc", "squash_spaces", "standard_tone_marks"]

# Combining tone marks (Vietnamese has five): grave, acute, hook above, tilde, dot below.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_SPACES = re.compile(r"\s+")
# A syllable written with the tone on the second vowel of oa/oe/uy and no final consonant
# ("hoà", "thuý", "khoẻ") is moved to the common placement ("hòa", "thúy", "khỏe").
_OLD_PLACEMENT = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\w\u0300-\u036f])"
)


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (the form Loa stores)."""
    return unicodedata.normalize("NFC", text)


def standard_tone_marks(text: str) -> str:
    """Return `text` in NFC with one tone-mark placement for oa/oe/uy ("hòa", not "hoà")."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_PLACEMENT.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def squash_spaces(text: str) -> str:
    """Return `text` with runs of white space made single spaces, trimmed."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Return a matching key: lower case, no diacritics, đ as d, single spaces.

    >>> fold("Hiệp Hoà") == fold("HIEP HÒA") == "hiep hoa"
    True
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return squash_spaces(bare.lower())


_WEB_URL = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)


def is_web_url(text: str) -> bool:
    """Return True for an absolute http(s) address: the only kind Loa ever shows as a link.

    `javascript:`, `data:` and the like, relative paths and anything with spaces or control
    characters are not, so a link made from outside data cannot run or mislead.
    """
    return _WEB_URL.fullmatch(text) is not None and text.isprintable()
