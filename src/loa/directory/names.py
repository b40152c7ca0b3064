"""Matching keys for organisation names: noise stripped, abbreviations expanded, folded.

Dispatches name the same body many ways: "Sở TT&TT", "Sở TTTT", "So Thong tin va Truyen
thong", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG". `name_key` turns each into the same key by
expanding every known abbreviation to its long form, so an abbreviated name meets a full
one whichever side is abbreviated. `similarity` scores near misses on those keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher
from functools import lru_cache

from loa.text import fold, nfc, squash_spaces, standard_tone_marks

__all__ = ["clean_name", "name_key", "similarity"]

# Markdown and OCR debris seen in rendered dispatches ("**Báo Bắc Giang**", "Nơi nhận: *vu*").
_MARKUP = re.compile(r"[*_`#>|]+")
# Any parenthetical is a remark about the recipient ("(B/c)", "(để biết)"), never its name.
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_LEADING_NOISE = re.compile(
    r"""^(?:
        [-–—+•·.,;:\s]+                                    # bullets and stray punctuation
      | (?:\d{1,2}|[a-zđ])[.)]\s+                           # "1. ", "a) "
      | (?:đồng\s+)?kính\s+gửi\s*:?                          # "Kính gửi:", "Đồng kính gửi"
      | nơi\s+nhận\s*:?
      | (?:các\s+)?(?:đ/c|đồng\s+chí)(?=\s)                 # "các đ/c lãnh đạo Ban"
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_NOISE = re.compile(r"[\s,;.:\-–—/]+$")

# Upper-case-only abbreviations: in lower case they are ordinary syllables ("điện tử" folds
# to "dien tu"), so they are expanded before folding and only when written in capitals.
_CAPITAL_ONLY = {
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "TW": "Trung ương",
}
_CAPITAL_ONLY_RE = re.compile(r"(?<!\w)(" + "|".join(_CAPITAL_ONLY) + r")(?!\w)")

# Abbreviations written with a separator, matched on folded text before punctuation goes.
_JOINED = (
    (re.compile(r"\bvh\s*[-&]\s*tt\s*[-&]\s*tt\b"), " van hoa thong tin the thao "),
    (re.compile(r"\btt\s*[-&]\s*tt\b"), " thong tin truyen thong "),
    (re.compile(r"\bpt\s*[-&]\s*th\b"), " phat thanh truyen hinh "),
    (re.compile(r"\bct\s*[-&]\s*xh\b"), " chinh tri xa hoi "),
    (re.compile(r"\bkt\s*[-&]\s*xh\b"), " kinh te xa hoi "),
    (re.compile(r"\bgd\s*[-&]\s*dt\b"), " giao duc dao tao "),
    (re.compile(r"\bvh\s*[-&]\s*tt\b"), " van hoa thong tin "),
)

# One token, folded, to its long form. Only abbreviations that cannot be a Vietnamese
# syllable live here; the ambiguous ones are in _CAPITAL_ONLY.
_TOKENS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "bcd": "ban chi dao",
    "btg": "ban tuyen giao",
    "btgtu": "ban tuyen giao tinh uy",
    "btgtw": "ban tuyen giao trung uong",
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "dutt": "dang uy truc thuoc",
    "duk": "dang uy khoi",
    "tttt": "thong tin truyen thong",
    "ptth": "phat thanh truyen hinh",
    "ttdt": "thong tin dien tu",
    "ctxh": "chinh tri xa hoi",
    "kcn": "khu cong nghiep",
    "ccn": "cum cong nghiep",
    "tp": "thanh pho",
    "ldld": "lien doan lao dong",
    "hlhpn": "hoi lien hiep phu nu",
    "lhpn": "lien hiep phu nu",
    "hnd": "hoi nong dan",
    "hccb": "hoi cuu chien binh",
    "ccb": "cuu chien binh",
    "tncs": "thanh nien cong san",
    "ccq": "cac co quan",
    "gddt": "giao duc dao tao",
    "vhttdl": "van hoa the thao du lich",
}

# Whole phrases made canonical after expansion (spelled-out forms with the same meaning).
_PHRASES = (
    (re.compile(r"\bmat tran to quoc viet nam\b"), "mat tran to quoc"),
    (re.compile(r"\btt dien tu\b"), "thong tin dien tu"),
    # "huyện Yên Thế, tỉnh Bắc Giang": once a district is named, the province only locates it.
    (
        re.compile(r"\b((?:huyen|thanh pho|thi xa|huyen uy|thanh uy) \w.*?) tinh (?!uy\b)\w.*$"),
        r"\1",
    ),
)
# Linking words that writers drop or add freely ("Phát thanh (và) Truyền hình (của) tỉnh").
_STOPWORDS = frozenset({"va", "cua"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


def clean_name(text: str) -> str:
    """Return `text` without list bullets, markup, "Kính gửi:", remarks like "(B/c)", "các đ/c".

    >>> clean_name("- Kính gửi: - Báo Bắc Giang,")
    'Báo Bắc Giang'
    """
    text = _MARKUP.sub(" ", nfc(text))
    previous = None
    while previous != text:
        previous = text
        text = _PARENTHETICAL.sub(" ", text)
    text = squash_spaces(text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_NOISE.sub("", text).lstrip()
    return _TRAILING_NOISE.sub("", text)


def name_key(text: str) -> str:
    """Return the matching key of an organisation name: folded, noise-free, long forms only.

    >>> name_key("Sở TT&TT") == name_key("SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    True
    """
    text = clean_name(text)
    text = _CAPITAL_ONLY_RE.sub(lambda m: f" {_CAPITAL_ONLY[m.group(1)]} ", text)
    folded = fold(standard_tone_marks(text))
    for pattern, long_form in _JOINED:
        folded = pattern.sub(long_form, folded)
    folded = _LETTER_DIGIT.sub(" ", _NON_WORD.sub(" ", folded))
    expanded = " ".join(_TOKENS.get(token, token) for token in folded.split())
    for pattern, canonical in _PHRASES:
        expanded = pattern.sub(canonical, expanded)
    return " ".join(token for token in expanded.split() if token not in _STOPWORDS)


@lru_cache(maxsize=65536)
def _token_likeness(a: str, b: str) -> float:
    """Return how alike two tokens are: 1 if equal, a ratio for long near-misses, else 0."""
    if a == b:
        return 1.0
    # Short tokens (place syllables, numbers) differ in meaning with one letter: no credit.
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= 0.8 else 0.0


def _covered(
    tokens: set[str], other: set[str], weights: Mapping[str, float], unknown: float
) -> float:
    """Return the weight of `tokens` found (exactly or nearly) among `other`."""
    total = 0.0
    for token in tokens:
        if token in other:
            best = 1.0
        else:
            best = max((_token_likeness(token, o) for o in other), default=0.0)
        total += weights.get(token, unknown) * best
    return total


def similarity(
    key_a: str,
    key_b: str,
    weights: Mapping[str, float] | None = None,
    *,
    unknown_weight: float = 1.0,
) -> float:
    """Return a 0..1 token-set similarity of two name keys, each token weighted.

    Weights let a directory make rare tokens (place names, "giao", "van", "tai") count more
    than common ones ("ban", "tinh"); a token missing from `weights` gets `unknown_weight`.
    """
    tokens_a, tokens_b = set(key_a.split()), set(key_b.split())
    if not tokens_a or not tokens_b:
        return 0.0
    w = weights or {}
    total = sum(w.get(t, unknown_weight) for t in tokens_a) + sum(
        w.get(t, unknown_weight) for t in tokens_b
    )
    matched = _covered(tokens_a, tokens_b, w, unknown_weight) + _covered(
        tokens_b, tokens_a, w, unknown_weight
    )
    return min(1.0, matched / total) if total else 0.0
