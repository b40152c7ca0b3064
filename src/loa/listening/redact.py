"""Privacy at the door: personal data out of texts and URLs, authors down to a salted hash.

Loa never profiles people (DESIGN.md). Before a post is stored:

- phone numbers, e-mail addresses, ID card numbers (CCCD, 12 digits; CMND, 9 digits),
  licence plates and @handles in its text become tokens ([SĐT], [EMAIL], [CCCD], [CMND],
  [BIỂN SỐ], [TÀI KHOẢN]);
- bank account and card numbers become [SỐ TÀI KHOẢN]: any digits after "STK", "số tài
  khoản", "tài khoản", "TK", "thẻ", "account" or "card", and, without such a word, runs of
  13-19 digits or cards written in groups of four. Shorter numbers without such a word stay:
  "5000 ca", a date, "2 mũi" are what a health claim is about;
- a name the writer gives for themself ("tôi là / tên tôi là / em là / mình là" and the
  capitalised words after it) becomes [TÊN];
- the author's name, where it also appears in the text, becomes [TÁC GIẢ];
- the author's name or id inside the post's URL (facebook.com/<user>/posts/...,
  profile.php?id=..., tiktok.com/@user, youtube.com/@channel, x.com/<user>/status, zalo.me/...)
  becomes "_";
- the author itself is kept at most as `author_hash`: an HMAC with the deployment's salt, so
  that two posts by one account can be told apart from two accounts without knowing who.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from loa.text import fold

__all__ = [
    "TOKENS",
    "author_hash",
    "redact_text",
    "redact_url",
]

TOKENS = {
    "phone": "[SĐT]",
    "email": "[EMAIL]",
    "cccd": "[CCCD]",
    "cmnd": "[CMND]",
    "plate": "[BIỂN SỐ]",
    "handle": "[TÀI KHOẢN]",
    "author": "[TÁC GIẢ]",
    "account": "[SỐ TÀI KHOẢN]",
    "name": "[TÊN]",
}

_SEP = r"[\s.\-]?"
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# Plates: province code (2 digits), series (1-2 letters, maybe a digit), 4-5 digits
# ("98A-123.45", "29-B1 123.45", "30E12345", "29LD-123.45").
_PLATE = re.compile(
    r"(?<![\w.])\d{2}-?[A-Za-z]{1,2}\d?[\s.\-]?(?:\d{3}[.\s]?\d{2}|\d{4})(?![\w])",
)
# Phones with the country code: +84 912345678, 84-912-345-678, (+84) 24 3823 1234.
_PHONE_INTL = re.compile(r"(?<![\w+])\(?\+?84\)?" + _SEP + r"(?:\d" + _SEP + r"){8,9}\d(?!\w)")
# ID card numbers: 12 digits (CCCD), maybe grouped in threes or fours.
_CCCD = re.compile(r"(?<![\w.])(?:\d{12}|\d{3}(?:[\s.]\d{3}){3}|\d{4}(?:[\s.]\d{4}){2})(?![\w])")
# Domestic phones: 0 then 9-10 more digits, grouped any way (0912 345 678, 0912.345.678,
# (0204) 3854 123).
_PHONE_LOCAL = re.compile(r"(?<![\w+])\(?0\d{1,3}\)?" + _SEP + r"(?:\d" + _SEP + r"){5,8}\d(?!\w)")
# CMND: 9 digits, maybe in threes; not a money amount ("100.000.000 đồng").
_CMND = re.compile(
    r"(?<![\w.])(?:\d{9}|\d{3}[\s.]\d{3}[\s.]\d{3})(?![\w])(?!\s*(?:đ\b|đồng|vnđ|vnd|triệu|tỷ))",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[\w.]{2,}")
# Account or card numbers after a word that says so: "STK 1903...", "số tài khoản: 0451 0001 ...".
_ACCOUNT_SAID = re.compile(
    r"(?<!\w)(stk|số\s+tài\s+khoản|tài\s+khoản|tk|thẻ|account|card)(\s*(?:số|no\.?)?\s*[:.]?\s*)"
    r"(\d(?:[\s.\-]?\d){5,22})(?![\w])",
    re.IGNORECASE,
)
# Without such a word: 13-19 digits in a row (Vietnamese banks use 8-19), or a card's 4-4-4-4.
_ACCOUNT_RUN = re.compile(
    r"(?<![\w.,])(?:\d{13,19}|\d{4}(?:[\s\-]\d{4}){3}(?:[\s\-]\d{1,3})?)(?![\w])"
)
# "tôi là / tên tôi là / tôi tên là / em là / mình là" (any case), then up to six words; the
# capitalised ones at the start are the name ("em là Hoa ở Việt Yên": only "Hoa").
_SELF_NAMED = re.compile(
    r"(?<!\w)((?:tên\s+(?:tôi|em|mình)|(?:tôi|em|mình)\s+tên)\s+là|(?:tôi|em|mình)\s+là)(\s+)"
    r"([^\W\d_]+(?:\s+[^\W\d_]+){0,5})(?!\w)",
    re.IGNORECASE,
)


def _sub_self_named(match: re.Match[str]) -> str:
    words = match.group(3).split()
    name = 0
    while name < len(words) and words[name][0].isupper():
        name += 1
    if not name:
        return match.group(0)
    return match.group(1) + match.group(2) + " ".join([TOKENS["name"], *words[name:]])


def _phone_digits_ok(match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("84"):
        return len(digits) in (11, 12)
    return len(digits) in (10, 11)


def _sub_phones(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: TOKENS["phone"] if _phone_digits_ok(m) else m.group(0), text)


def redact_text(text: str, *, author_names: tuple[str, ...] = ()) -> str:
    """Return `text` with phones, e-mails, ID, account and plate numbers, handles and names as tokens.

    Order matters: e-mails before handles (both have "@"), account numbers before the ID and
    phone patterns (a 14-digit account holds a 12-digit run), plates before phones, numbers with a
    country code before 12-digit ID numbers, 12 digits before 10-11 digits before 9 digits.
    """
    out = _EMAIL.sub(TOKENS["email"], text)
    out = _ACCOUNT_SAID.sub(lambda m: m.group(1) + m.group(2) + TOKENS["account"], out)
    out = _ACCOUNT_RUN.sub(TOKENS["account"], out)
    out = _PLATE.sub(TOKENS["plate"], out)
    out = _sub_phones(_PHONE_INTL, out)
    out = _CCCD.sub(TOKENS["cccd"], out)
    out = _sub_phones(_PHONE_LOCAL, out)
    out = _CMND.sub(TOKENS["cmnd"], out)
    out = _HANDLE.sub(TOKENS["handle"], out)
    for name in sorted({n.strip() for n in author_names if len(n.strip()) >= 3}, key=len)[::-1]:
        out = re.sub(re.escape(name), TOKENS["author"], out, flags=re.IGNORECASE)
    # After the author's name, so a post signed by its author keeps saying [TÁC GIẢ].
    return _SELF_NAMED.sub(_sub_self_named, out)


_FACEBOOK = ("facebook.com", "fb.com", "fb.watch", "messenger.com")
# First path segments on Facebook that name a feature, not a person or page.
_FACEBOOK_FEATURES = {
    "groups", "watch", "reel", "reels", "photo", "photo.php", "story.php", "permalink.php",
    "events", "hashtag", "share", "sharer", "sharer.php", "video.php", "stories", "gaming",
    "marketplace", "help", "notes", "media",
}  # fmt: skip
# Query parameters that name an account on any site.
_ACCOUNT_PARAMS = {"id", "uid", "user", "user_id", "userid", "author", "profile_id", "owner"}
# Query parameters worth keeping: they name the post or video, not its author.
_POST_PARAMS = {"story_fbid", "fbid", "v", "p", "post", "post_id", "video_id", "t"}


def _host_is(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _redact_path(host: str, parts: list[str]) -> list[str]:
    """Return the path segments with account names or ids replaced by "_"."""
    if _host_is(host, _FACEBOOK):
        if parts and parts[0].lower() not in _FACEBOOK_FEATURES:
            parts[0] = "_"
        for i in range(len(parts) - 1):
            if parts[i].lower() in ("user", "people", "profile"):
                parts[i + 1 :] = ["_" for _ in parts[i + 1 :]]
                break
        return parts
    if _host_is(host, ("zalo.me", "zalo.vn")):
        return ["_" for _ in parts]
    if _host_is(host, ("x.com", "twitter.com")):
        if parts and parts[0].lower() not in ("i", "hashtag", "search", "intent"):
            parts[0] = "_"
        return parts
    if _host_is(host, ("youtube.com", "youtu.be")):
        if parts and parts[0].lower() in ("channel", "c", "user") and len(parts) > 1:
            parts[1] = "_"
        return parts
    skip = ("p", "reel", "reels", "explore", "t")
    if _host_is(host, ("threads.net", "instagram.com")) and parts and parts[0].lower() not in skip:
        parts[0] = "_"
    return parts


def redact_url(url: str) -> str:
    """Return `url` without the account in it: user segments become "_", account params go."""
    stripped = url.strip()
    if not stripped:
        return ""
    parts = urlsplit(stripped if "://" in stripped else "https://" + stripped)
    host = (parts.hostname or "").lower()
    segments = _redact_path(host, parts.path.split("/")[1:])
    # @handles (tiktok.com/@user, youtube.com/@channel) are accounts on every site.
    segments = ["@_" if s.startswith("@") else s for s in segments]
    path = "/" + "/".join(segments) if segments else parts.path
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() in _POST_PARAMS and k.lower() not in _ACCOUNT_PARAMS
    ]
    rebuilt = urlunsplit((parts.scheme, parts.netloc.split("@")[-1], path, urlencode(query), ""))
    # Only e-mails and domestic phones: post ids are long digit runs that look like ID cards.
    return _sub_phones(_PHONE_LOCAL, _EMAIL.sub(TOKENS["email"], rebuilt))


def author_hash(platform: str, author: str, salt: str) -> str:
    """Return a salted HMAC-SHA256 (hex, 32 chars) of an author on a platform.

    The salt is one per deployment and never stored with the posts; without it the hash cannot
    be turned back into an account by hashing a list of known accounts.
    """
    if not salt:
        raise ValueError("author_hash needs a non-empty salt")
    message = f"{fold(platform)}\x1f{fold(author).lstrip('@')}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]
