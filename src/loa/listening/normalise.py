"""Vietnamese social-media text made comparable: clean text, expanded teencode, match keys.

Three levels, each built on the one before:

- `clean_text`: what a reader sees. NFC, one tone-mark placement, no HTML, URLs or emoji,
  single spaces. Case and wording are kept as written.
- `normalise`: what matching reads. Lower case, teencode and abbreviations spelled out
  ("ko" -> "không", "vx" -> "vắc xin", "cô vít" -> "covid").
- `match_key`: what matching compares. `normalise` without diacritics or punctuation, so that
  "tiem vac xin gay vo sinh" and "Tiêm vắc-xin gây vô sinh" give the same key.
"""

from __future__ import annotations

import functools
import html
import re

from loa.text import fold, squash_spaces, standard_tone_marks

__all__ = [
    "TEENCODE",
    "clean_text",
    "looks_like_html",
    "match_key",
    "match_tokens",
    "normalise",
    "strip_html",
]

_TAG = re.compile(r"<[^<>]{0,2000}>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_HTML_HINT = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[a-z]+);")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# Emoji, pictographs, dingbats, variation selectors and the zero-width joiner.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f900-\U0001f9ff"
    "\U00002300-\U000023ff\U00002b00-\U00002bff\ufe0e\ufe0f\u200d\u20e3]+"
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_UNDERSCORE = re.compile(r"_+")

# Teencode and abbreviations, one word (already lower case) to its spelled-out form. Only
# whole words are replaced, so "k" in "50k" (thousand) stays. Editable: a province may add its
# own local spellings here.
TEENCODE: dict[str, str] = {
    "ko": "không",
    "k": "không",
    "kh": "không",
    "kg": "không",
    "hok": "không",
    "hông": "không",
    "khum": "không",
    "khôg": "không",
    "hem": "không",
    "dc": "được",
    "đc": "được",
    "dk": "được",
    "đk": "được",
    "vs": "với",
    "j": "gì",
    "z": "vậy",
    "zậy": "vậy",
    "ntn": "như thế nào",
    "bít": "biết",
    "bik": "biết",
    "bjt": "biết",
    "mn": "mọi người",
    "mng": "mọi người",
    "ng": "người",
    "ngta": "người ta",
    "cx": "cũng",
    "cg": "cũng",
    "r": "rồi",
    "trc": "trước",
    "bs": "bác sĩ",
    "bv": "bệnh viện",
    "byt": "bộ y tế",
    "tp": "thành phố",
    "đt": "điện thoại",
    "thui": "thôi",
    "wa": "quá",
    "qá": "quá",
    "iu": "yêu",
    "lun": "luôn",
    "thik": "thích",
    "ns": "nói",
    "nma": "nhưng mà",
    "nhìu": "nhiều",
    "bn": "bao nhiêu",
    "tr": "triệu",
    "vx": "vắc xin",
    "vaccine": "vắc xin",
    "vaccin": "vắc xin",
    "vacxin": "vắc xin",
    "vacxine": "vắc xin",
    "vắcxin": "vắc xin",
    "vaxin": "vắc xin",
    "covid": "covid",
    "covid19": "covid",
    "ncov": "covid",
    "sars-cov-2": "covid",
    "corona": "covid",
    "f0": "f0",
    "f1": "f1",
    "5k": "5k",
}

# Phrases that must be joined before word-by-word replacement.
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:vắc|vác|vac)\s*-\s*(?:xin|xine)\b"), "vắc xin"),
    (re.compile(r"\bvac\s+xin\b"), "vắc xin"),
    (re.compile(r"\bcovid\s*-\s*19\b"), "covid"),
    (re.compile(r"\b(?:cô|co)\s*-?\s*(?:vít|vit|vid|víc)(?:\s*-?\s*19)?\b"), "covid"),
    (re.compile(r"\bsars\s*-\s*cov\s*-\s*2\b"), "covid"),
    (re.compile(r"\bf\s*-\s*([0-3])\b"), r"f\1"),
]
_WORD = re.compile(r"[\w\-]+", re.UNICODE)


def looks_like_html(text: str) -> bool:
    """Return True if `text` carries HTML tags or entities."""
    return bool(_HTML_HINT.search(text))


def strip_html(text: str) -> str:
    """Return `text` without HTML tags, scripts or styles, entities decoded."""
    without_code = _SCRIPT.sub(" ", text)
    with_breaks = _BLOCK.sub("\n", without_code)
    return html.unescape(_TAG.sub(" ", with_breaks))


def clean_text(text: str) -> str:
    """Return the readable text: NFC, standard tone marks, no HTML, URLs or emoji."""
    out = strip_html(text) if looks_like_html(text) else text
    out = _URL.sub(" ", out)
    out = _EMOJI.sub(" ", out)
    return squash_spaces(standard_tone_marks(out))


def _expand_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return TEENCODE.get(word, word)


@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Return the text matching reads: clean, lower case, teencode spelled out.

    Cached (the last 4,096 texts): a post is read by the kind, topic, lexical, polarity and
    embedding stages, and reposts repeat it.
    """
    out = clean_text(text).lower()
    for pattern, replacement in _PHRASES:
        out = pattern.sub(replacement, out)
    out = _WORD.sub(_expand_word, out)
    return squash_spaces(out)


@functools.lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """Return the comparison key: `normalise` folded (no diacritics, đ as d), no punctuation."""
    folded = fold(normalise(text))
    return squash_spaces(_UNDERSCORE.sub(" ", _PUNCT.sub(" ", folded)))


def match_tokens(text: str) -> list[str]:
    """Return the words of `match_key(text)` (syllables, for Vietnamese)."""
    return match_key(text).split()
