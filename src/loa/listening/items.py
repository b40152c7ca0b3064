"""Posts from monitoring exports (JSONL, CSV) as redacted items, with a problem per bad line.

The schema is in docs/formats/listening.md. One bad line (malformed JSON, no text, a text of a
megabyte, another language) gives a bilingual `IngestProblem` for that line, and the other
lines still come through. Author fields are read only to make `author_hash` and to redact the
author's name from the text; they are never kept (see `loa.listening.redact`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from loa.errors import EncodingError, InputError, Where
from loa.formatting import format_number, parse_number
from loa.listening.language import is_vietnamese
from loa.listening.normalise import clean_text, looks_like_html, match_key
from loa.listening.redact import author_hash, redact_text, redact_url

__all__ = [
    "AUTHOR_FIELDS",
    "MAX_TEXT_CHARS",
    "AreaHint",
    "IngestProblem",
    "IngestResult",
    "Item",
    "load_export",
    "make_item",
    "parse_csv",
    "parse_jsonl",
]

MAX_TEXT_CHARS = 20_000
# Fields that name the person behind a post, in the exports of common monitoring tools.
AUTHOR_FIELDS = (
    "author", "author_id", "author_name", "author_url", "user", "user_id", "user_name",
    "username", "screen_name", "from", "from_id", "from_name", "owner", "owner_id", "profile",
    "profile_url", "profile_id", "poster", "sender", "sender_id", "display_name", "handle",
    "account", "account_id", "nickname", "name", "full_name", "uid", "phone", "email",
)  # fmt: skip
# Inside an author object, the keys tried in order for the stable identity.
_IDENTITY_KEYS = ("id", "user_id", "uid", "username", "screen_name", "handle", "url", "name")
_NAME_KEYS = ("name", "display_name", "full_name", "username", "screen_name", "handle")
_PLATFORM_HOSTS = {
    "facebook.com": "facebook", "fb.com": "facebook", "fb.watch": "facebook",
    "tiktok.com": "tiktok", "youtube.com": "youtube", "youtu.be": "youtube", "zalo.me": "zalo",
    "x.com": "x", "twitter.com": "x", "instagram.com": "instagram", "threads.net": "threads",
}  # fmt: skip
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class AreaHint:
    """Where a post is about or from, as the export says (names or codes, not checked)."""

    commune: str | None = None
    district: str | None = None
    province: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class Item:
    """One post, already redacted: no author, no phone, ID, plate or e-mail in it."""

    id: str
    platform: str
    url: str
    text: str
    created_at: datetime | None
    engagement: int
    area: AreaHint
    author_hash: str | None

    @property
    def key(self) -> str:
        """Return the matching key of the text (see `loa.listening.normalise.match_key`)."""
        return match_key(self.text)

    def to_storable(self) -> dict[str, object]:
        """Return the fields to store, as plain values (ISO date, area fields flattened)."""
        return {
            "id": self.id,
            "platform": self.platform,
            "url": self.url,
            "text": self.text,
            "match_key": self.key,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "engagement": self.engagement,
            "commune": self.area.commune,
            "district": self.area.district,
            "province": self.area.province,
            "area": self.area.area,
            "author_hash": self.author_hash,
        }


@dataclass(frozen=True)
class IngestProblem:
    """What was wrong with one line of an export; errors drop the line, warnings do not."""

    line: int
    vi: str
    en: str
    severity: Severity = "error"
    item_id: str | None = None
    file: str | None = None

    @property
    def where(self) -> Where:
        """Return the location in Loa's error format."""
        return Where(file=self.file, line=self.line)

    def message(self, lang: str = "vi") -> str:
        """Return the message in one language, prefixed with file and line."""
        loc = self.where.describe(lang)
        return f"{loc}: {self.vi if lang == 'vi' else self.en}"


@dataclass
class IngestResult:
    """The items that came through and the problems found, in line order."""

    items: list[Item] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[IngestProblem]:
        """Return the problems that dropped a line."""
        return [p for p in self.problems if p.severity == "error"]


class _LineError(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en


def _text_field(record: Mapping[str, object], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _author_values(record: Mapping[str, object]) -> tuple[str | None, tuple[str, ...]]:
    """Return (stable identity, names to scrub from the text) from the author fields."""
    identity: str | None = None
    names: list[str] = []
    for key in AUTHOR_FIELDS:
        value = record.get(key)
        if isinstance(value, Mapping):
            for sub in _IDENTITY_KEYS:
                if identity is None and value.get(sub) not in (None, ""):
                    identity = str(value[sub])
            names += [str(value[k]) for k in _NAME_KEYS if value.get(k)]
        elif value not in (None, "") and not isinstance(value, list | dict):
            identity = identity or str(value)
            if not key.endswith("_id") and key not in ("uid", "phone", "email"):
                names.append(str(value))
    return identity, tuple(names)


def _platform(record: Mapping[str, object], url: str) -> str:
    given = _text_field(record, "platform")
    if given:
        return given.lower()
    host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()
    for domain, name in _PLATFORM_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return "unknown"


_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def _parse_date(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}", text):
        return _parse_date(int(text))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise _LineError(
        f"không hiểu ngày giờ created_at «{text[:40]}»; dùng dạng 2021-11-04T08:30:00+07:00",
        f"created_at «{text[:40]}» is not a date; use a form like 2021-11-04T08:30:00+07:00",
    )


_COUNT = re.compile(r"^\s*([0-9][0-9., \u00a0\u202f]*?)\s*([kKmM]|N|nghìn|ngàn|tr|triệu)?\s*$")
_MULTIPLIERS = {"k": 1e3, "n": 1e3, "nghìn": 1e3, "ngàn": 1e3, "m": 1e6, "tr": 1e6, "triệu": 1e6}


def _parse_count(value: object) -> int:
    if isinstance(value, bool) or value is None or value == "":
        return 0
    if isinstance(value, int | float):
        return max(int(value), 0) if math.isfinite(value) else 0
    if isinstance(value, Mapping):
        return sum(_parse_count(v) for v in value.values())
    match = _COUNT.match(str(value))
    try:
        if not match:
            raise InputError("", "")
        # An export may come from a Vietnamese or an English screen: "1.234" is refused as
        # ambiguous rather than read as 1; "1,2K" and "1.2K" are both 1200.
        unit = (match.group(2) or "").lower()
        number = parse_number(match.group(1), lang=None, whole=not unit)
    except InputError as exc:
        why_vi, why_en = (exc.vi, exc.en) if exc.vi else ("", "")
        raise _LineError(
            f"engagement «{str(value)[:30]}» không phải là số; ghi một số nguyên, ví dụ 1200. "
            f"{why_vi}".strip(),
            f"engagement «{str(value)[:30]}» is not a number; give an integer such as 1200. "
            f"{why_en}".strip(),
        ) from None
    return int(number * _MULTIPLIERS.get(unit, 1))


def make_item(record: Mapping[str, object], *, salt: str) -> tuple[Item, list[tuple[str, str]]]:
    """Return a redacted item from one export record, and (vi, en) warnings about it.

    Raises `_LineError` (caught by the parsers) when the record cannot become an item.
    """
    warnings: list[tuple[str, str]] = []
    raw_text = record.get("text")
    if raw_text is None or not str(raw_text).strip():
        raise _LineError(
            "thiếu nội dung (trường text trống hoặc không có); bỏ qua dòng này",
            "no text (the text field is empty or missing); the line was skipped",
        )
    raw = str(raw_text)
    if len(raw) > MAX_TEXT_CHARS:
        raise _LineError(
            f"nội dung dài {format_number(len(raw))} ký tự, quá giới hạn "
            f"{format_number(MAX_TEXT_CHARS)}; "
            "kiểm tra lại bản xuất (có thể cả trang web bị chép vào)",
            f"text is {format_number(len(raw), lang='en')} characters, over the "
            f"{format_number(MAX_TEXT_CHARS, lang='en')} limit; "
            "check the export (a whole web page may have been copied in)",
        )
    if looks_like_html(raw):
        warnings.append(
            (
                "nội dung là HTML; đã bỏ thẻ và giữ lại chữ",
                "the text was HTML; tags were removed and the words kept",
            )
        )
    identity, names = _author_values(record)
    text = redact_text(clean_text(raw), author_names=names)
    if not text.strip():
        raise _LineError(
            "nội dung chỉ có thẻ HTML, đường dẫn hoặc biểu tượng, không có chữ",
            "the text holds only HTML tags, links or emoji, no words",
        )
    if not is_vietnamese(text):
        raise _LineError(
            "nội dung không phải tiếng Việt; Loa chỉ đối chiếu bài viết tiếng Việt",
            "the text is not in Vietnamese; Loa matches Vietnamese posts only",
        )
    raw_url = _text_field(record, "url") or ""
    platform = _platform(record, raw_url)
    post_id = _text_field(record, "id")
    if post_id is None:
        digest = hashlib.sha256(f"{platform}\x1f{raw_url}\x1f{text}".encode()).hexdigest()
        post_id = "h" + digest[:16]
        warnings.append(
            (
                f"thiếu id; đã tạo id {post_id} từ nội dung",
                f"no id; made id {post_id} from the content",
            )
        )
    area = AreaHint(
        **{k: _text_field(record, k) for k in ("commune", "district", "province", "area")}
    )
    item = Item(
        id=redact_text(post_id),
        platform=platform,
        url=redact_url(raw_url),
        text=text,
        created_at=_parse_date(record.get("created_at")),
        engagement=_parse_count(record.get("engagement")),
        area=area,
        author_hash=author_hash(platform, identity, salt) if identity else None,
    )
    return item, warnings


def _collect(
    records: Iterable[tuple[int, Mapping[str, object] | _LineError]], salt: str, file: str | None
) -> IngestResult:
    result = IngestResult()
    seen: set[str] = set()
    for line, record in records:
        if isinstance(record, _LineError):
            result.problems.append(IngestProblem(line, record.vi, record.en, file=file))
            continue
        given_id = _text_field(record, "id")
        try:
            item, warnings = make_item(record, salt=salt)
        except _LineError as err:
            result.problems.append(IngestProblem(line, err.vi, err.en, "error", given_id, file))
            continue
        for vi, en in warnings:
            result.problems.append(IngestProblem(line, vi, en, "warning", item.id, file))
        if item.id in seen:
            result.problems.append(
                IngestProblem(
                    line,
                    f"id {item.id} đã có ở dòng trước; giữ bản đầu tiên",
                    f"id {item.id} appeared on an earlier line; the first one was kept",
                    "warning",
                    item.id,
                    file,
                )
            )
            continue
        seen.add(item.id)
        result.items.append(item)
    return result


def _jsonl_records(text: str) -> Iterable[tuple[int, Mapping[str, object] | _LineError]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield (
                number,
                _LineError(
                    f"dòng không phải JSON hợp lệ ({err.msg}, ký tự {err.colno}); "
                    "mỗi dòng phải là một đối tượng JSON",
                    f"the line is not valid JSON ({err.msg}, character {err.colno}); "
                    "each line must be one JSON object",
                ),
            )
            continue
        if not isinstance(value, dict):
            yield (
                number,
                _LineError(
                    "dòng là JSON nhưng không phải đối tượng {...}",
                    "the line is JSON but not an object {...}",
                ),
            )
            continue
        yield number, value


def parse_jsonl(text: str, *, salt: str, file: str | None = None) -> IngestResult:
    """Return the items of a JSONL export (one JSON object a line) and the problems found."""
    return _collect(_jsonl_records(text), salt, file)


def _csv_records(text: str) -> Iterable[tuple[int, Mapping[str, object] | _LineError]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "text" not in [f.strip() for f in reader.fieldnames]:
        yield (
            1,
            _LineError(
                "tệp CSV không có cột text ở dòng tiêu đề; xem docs/formats/listening.md",
                "the CSV file has no text column in its header; see docs/formats/listening.md",
            ),
        )
        return
    for row in reader:
        cleaned = {(k or "").strip(): v for k, v in row.items() if k is not None}
        if None in row:
            yield (
                reader.line_num,
                _LineError(
                    "dòng có nhiều ô hơn tiêu đề (có dấu phẩy trong nội dung mà không có ngoặc kép?)",
                    "the row has more cells than the header (a comma in the text without quotes?)",
                ),
            )
            continue
        yield reader.line_num, cleaned


def parse_csv(text: str, *, salt: str, file: str | None = None) -> IngestResult:
    """Return the items of a CSV export (header row with the schema's columns) and problems."""
    return _collect(_csv_records(text), salt, file)


def load_export(path: Path, *, salt: str) -> IngestResult:
    """Return the items of a .jsonl or .csv export file; other suffixes are read as JSONL.

    Raises `EncodingError` if the file is not UTF-8.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"tệp không phải UTF-8 (byte lỗi ở vị trí {err.start}); lưu lại bản xuất dạng UTF-8",
            f"the file is not UTF-8 (bad byte at offset {err.start}); save the export as UTF-8",
            where=Where(file=path.name),
        ) from None
    if path.suffix.lower() == ".csv":
        return parse_csv(text, salt=salt, file=path.name)
    return parse_jsonl(text, salt=salt, file=path.name)
