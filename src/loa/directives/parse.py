"""Parse a Vietnamese dispatch's text (công văn, kế hoạch, chỉ thị, ...) into a Directive.

The text may come from OCR, a PDF text layer, a web page or markdown, so the parser expects noise:
stray `*`/`**`, `|` table cells, hard-wrapped lines, page numbers, web-page furniture before the
header, "Số 427 - CV/BTGTU" with stray spaces, a signature block after the body.

Conventions (the evaluation set in tests/data/dispatches/ is written to these):
- issuer / issuer_parent: the header names as printed (upper case); a name wrapped over lines is
  joined ("ỦY BAN NHÂN DÂN" + "TỈNH BẮC KẠN"); with two bodies the upper one is the parent.
- subject: as printed, lines joined by spaces, without the "V/v" label; None if not shown.
- recipients, distribution: one entry per "- " line (a "Kính gửi:" / "Nơi nhận:" inline entry
  counts), trailing ",;." dropped, hyphens between words spaced ("chính trị - xã hội"). The
  "Bản điện tử:" list is part of the distribution.
- references: cited number symbols after the header, in order, once each, with the type code
  (a state công văn such as 10225/BYT-DP is "CV") and the date written just after.
- tasks: one per top-level duty. Articles ("Điều 1.") are the units when present, else numbered
  items ("1.", "1-"), else lettered items ("a)"); numbered lines inside an article are part of
  it. When the body has Roman sections ("I.", "Phần I"), only units under duty sections
  (nhiệm vụ, giải pháp, tổ chức thực hiện, phân công, trách nhiệm, biện pháp) are tasks, so a
  plan's "MỤC ĐÍCH, YÊU CẦU" items are not.
- assignees: the opening noun phrase of the unit's first sentence naming an agency, up to the
  verb, split on ";" only (commas live inside names such as "huyện ủy, thành ủy"). "Giao X chủ
  trì, phối hợp với Y" and "X chủ trì, phối hợp với Y" give X (role "lead") and Y ("support").
- signer.authority: the innermost of K/T, T/M, T/L, TUQ, Q. without punctuation ("KT").
- OCR repairs (each leaves a warning or is shown in the test set): a header line holding both
  columns is cut where the motto starts; "5619 SYT-NVY" with its "Số:" label and slash lost
  is read as 5619/SYT-NVY; "VWv"/"Vlv" count as "V/v"; a reference dated before it ("Ngày
  31/8/2020, Bộ Y tế ban hành công văn số ...") takes that date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from loa.directives.deadlines import find_deadline
from loa.directives.model import Assignee, Directive, Reference, Signer, Task
from loa.directives.vocabulary import AGENCY_HEADS as _AGENCY_HEADS
from loa.directives.vocabulary import PLURAL_HEADS as _PLURAL_HEADS
from loa.directives.vocabulary import TYPE_CODES
from loa.errors import DocumentError
from loa.text import fold, nfc, squash_spaces

__all__ = ["TYPE_CODES", "parse_dispatch"]

_LETTER = r"[^\W\d_]"
_OWN_NUMBER = re.compile(
    rf"(?<!\w)Số\s*:?\s*(\d+(?:/\d{{4}})?)\s*(?:-\s*({_LETTER}\w*)\s*/\s*({_LETTER}[\w&]*)"
    rf"|/\s*({_LETTER}[\w&]*(?:\s*-\s*{_LETTER}[\w&]*)+))"
)
# "5619 SYT-NVY": digits, then an upper-case issuer code with a hyphen, the slash lost.
_BARE_STATE_NUMBER = re.compile(
    r"(?<![\w/.])(\d{1,5})\s*/?\s*([A-ZĐ]{2,}[A-ZĐa-z&]*(?:-[A-ZĐ][A-ZĐa-z&]*)+)(?![\w/])"
)
_PARTY_REF = re.compile(rf"(?<![\d/])(\d+)\s*-\s*({_LETTER}\w*)\s*/\s*({_LETTER}[\w&]*)")
_STATE_REF = re.compile(rf"(?<![\d/])(\d+(?:/\d{{4}})?)/({_LETTER}[\w&]*(?:-{_LETTER}[\w&]*)+)")
_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_REF_DATE = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))",
    re.IGNORECASE,
)
_REF_DATE_BEFORE = re.compile(
    r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*,[^.;:]*?ban hành[^.;:]*$", re.IGNORECASE
)
_AUTHORITY = re.compile(r"^(K/T|KT|T/M|TM|T/L|TL|TUQ|Q)\s*[.:]?\s+(\S.*)$")
_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*(.*)$")
_ROMAN = re.compile(r"^(?:Phần\s+([IVX]+)\s*[.:\-–]?|([IVX]+)\s*[.:\-–])\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\s*[.)\-]\s*(?!\d)(.*)$")
_LETTERED = re.compile(r"^([a-zđ])\s*[).]\s+(.*)$")
_BULLET = re.compile(r"^\s*[-+•–]\s*")
_SPACED_HYPHEN = re.compile(rf"(?<={_LETTER})(?:\s+-\s*|\s*-\s+)(?={_LETTER})")
_PAGE_NUMBER = re.compile(r"^(?:trang\s+)?-?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*-?$", re.IGNORECASE)
_MARKS = frozenset(["hoa toc", "thuong khan", "khan", "mat", "toi mat", "tuyet mat"])
_URGENCY = {"hoa toc": "HỎA TỐC", "thuong khan": "THƯỢNG KHẨN", "khan": "KHẨN"}
_TYPE_NAMES = (
    "chi thi", "ke hoach", "quyet dinh", "thong bao", "huong dan", "quy dinh", "nghi quyet",
    "ket luan", "bao cao", "to trinh", "chuong trinh", "cong dien", "de an", "phuong an",
    "quy che", "thong tri",
)  # fmt: skip
_DUTY_SECTIONS = (
    "nhiem vu", "giai phap", "to chuc thuc hien", "phan cong", "trach nhiem", "bien phap",
)  # fmt: skip
_VERBS = tuple(
    v.split()
    for v in (
        "chi dao", "tang cuong", "thuong xuyen", "kip thoi", "tiep tuc", "chu tri", "phoi hop",
        "khan truong", "trien khai", "to chuc", "thuc hien", "ra soat", "day manh",
        "chiu trach nhiem", "co trach nhiem", "quan triet", "theo doi", "huong dan", "xay dung",
        "tham muu", "nghiem tuc", "chu dong", "bo tri", "dam bao", "bao dam", "huy dong",
        "phe duyet", "ban hanh", "cap nhat", "kiem tra", "xu ly", "lien tuc", "tap trung",
        "nang cao", "tuyen truyen", "duy tri", "phat huy", "quyet liet", "chuan bi", "thanh lap",
        "giam sat", "phai", "can", "khong", "tham gia", "van dong", "bao cao",
        "dinh ky",
    )
)  # fmt: skip
# A verb right after these words is a noun ("Ban chỉ đạo", "các tổ chức").
_NOUN_BEFORE = frozenset(["ban", "cac", "nhung", "so", "bo", "phong", "cuc", "moi", "viec", "cong"])
# A PDF text layer or OCR often runs the two header columns into one line; the right one starts so.
_MOTTO_STARTS = ("cong hoa xa hoi", "doc lap - tu do", "doc lap tu do", "dang cong san viet nam")
# OCR reads the "V/v" label as "VWv", "Vlv", "V\\v", ...
_SUBJECT_LABEL = re.compile(r"V\s*[/\\|lWwIi1]\s*v\b", re.IGNORECASE)
_CLOSING = ("de nghi cac", "tren day la", "nhan duoc", "noi nhan")


@dataclass(frozen=True)
class _Number:
    number: str
    symbol: str
    doc_type: str
    system: str
    start: int
    spaced: bool


def _split_columns(line: str) -> list[str]:
    """Return a header line cut where the right column (motto) starts, if a text layer merged them."""
    for m in re.finditer(r"\s+(?=\S)", line):
        if fold(line[m.end() :]).startswith(_MOTTO_STARTS):
            return [line[: m.start()], line[m.end() :]]
    return [line]


def _clean_lines(text: str) -> list[str]:
    """Return the text's lines (table cells split out) without markdown stars or page numbers."""
    lines: list[str] = []
    for raw in nfc(text).replace("\u200b", "").replace("\xa0", " ").splitlines():
        cells = [c for cell in raw.replace("*", "").split("|") for c in _split_columns(cell)]
        for cell in cells:
            line = squash_spaces(cell)
            if re.fullmatch(r"[-_=.*~ ]+", line) or _PAGE_NUMBER.match(line):
                line = ""
            lines.append(line.lstrip("•").strip())
    return lines


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _clean_name(entry: str) -> str:
    entry = _BULLET.sub("", entry).strip().rstrip(",;.").strip()
    return _SPACED_HYPHEN.sub(" - ", entry)


def _type_of(first: str, party: bool) -> str:
    if party:
        return first
    return first if first in TYPE_CODES else "CV"


def _find_number(flat: str) -> _Number | None:
    m = _OWN_NUMBER.search(flat)
    if m is None:
        return None
    number = m.group(1)
    if m.group(2):
        symbol = f"{number}-{m.group(2)}/{m.group(3)}"
        found = _Number(number, symbol, m.group(2), "party", m.start(), False)
    else:
        tail = re.sub(r"\s+", "", m.group(4))
        symbol = f"{number}/{tail}"
        found = _Number(number.split("/")[0], symbol, _type_of(tail.split("-")[0], False), "state",
                        m.start(), False)  # fmt: skip
    raw = flat[m.start() : m.end()]
    return _Number(found.number, found.symbol, found.doc_type, found.system, found.start,
                   bool(re.search(r"\d\s+-|-\s+\w|\s/|/\s", raw)))  # fmt: skip


def _unlabelled_number(flat: str) -> _Number | None:
    """Return a state number symbol in the header whose "Số:" label and slash OCR lost."""
    end = fold(flat).find("kinh gui")
    header = flat[: end if end > 0 else 600]
    m = _BARE_STATE_NUMBER.search(header)
    if m is None:
        return None
    tail = m.group(2)
    return _Number(m.group(1), f"{m.group(1)}/{tail}", _type_of(tail.split("-")[0], False),
                   "state", m.start(), True)  # fmt: skip


def _place_before(prefix: str) -> str | None:
    words: list[str] = []
    tokens = prefix.rstrip(" ,").split()
    for k in range(len(tokens) - 1, -1, -1):
        token = tokens[k]
        if token in {"TP.", "TX."} or (
            token[:1].isupper() and not _is_caps(token) and not re.search(r"[\d/|:]", token)
        ):
            words.insert(0, token)
            if len(words) == 4:
                break
        elif words and k > 0 and fold(f"{tokens[k - 1]} {token}") in {"thanh pho", "thi xa"}:
            # "Thành phố Hồ Chí Minh": the lower-case "phố" belongs to the place name.
            words[:0] = tokens[k - 1 : k + 1]
            break
        else:
            break
    return " ".join(words) or None


def _issuer(lines: Sequence[str], anchor: int) -> tuple[str | None, str | None]:
    motto = motto_end = None
    for i in range(anchor):
        key = fold(lines[i])
        if "xa hoi chu nghia" in key or key.replace(" ", "") == "dangcongsanvietnam":
            motto = i - 1 if i > 0 and fold(lines[i - 1]) == "cong" else i
            motto_end = i
            break
    block: list[str] = []
    for i in range((motto if motto is not None else anchor) - 1, -1, -1):
        if not lines[i]:
            continue
        if not _is_caps(lines[i]) or _OWN_NUMBER.search(lines[i]):
            break
        block.insert(0, lines[i])
    # Left-column lines that a text layer interleaved with the motto lines come after it.
    for i in range((motto_end + 1) if motto_end is not None else anchor, anchor):
        key = fold(lines[i]).strip(" .")
        if _is_caps(lines[i]) and not key.startswith(_MOTTO_STARTS) and key not in _MARKS:
            block.append(lines[i])
    names: list[str] = []
    for line in block:
        wraps_locality = names and fold(names[-1]).endswith("nhan dan")
        if names and ((len(names[-1].split()) == 1 and len(names[-1]) <= 3) or (wraps_locality and
                      re.match(r"(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b",
                               fold(line)))):  # fmt: skip
            names[-1] = f"{names[-1]} {line}"
        else:
            names.append(line)
    if not names:
        return None, None
    return names[-1], (names[-2] if len(names) > 1 else None)


def _subject(lines: Sequence[str], start: int) -> tuple[str | None, int]:
    """Return the subject after the date line and the index of the first line after it."""
    i = start
    while i < len(lines) and (not lines[i] or fold(lines[i]) in _URGENCY):
        i += 1
    if i >= len(lines):
        return None, start
    line, key = lines[i], fold(lines[i])
    label = _SUBJECT_LABEL.match(line)
    if label:
        parts, caps = [line[label.end() :].strip(" :.")], False
    elif key.startswith("ve viec") and (_is_caps(line) or len(line) < 200):
        parts, caps = [line], _is_caps(line)
    elif _is_caps(line) and any(key == t or key.startswith(t + " ") for t in _TYPE_NAMES):
        name = next(t for t in _TYPE_NAMES if key == t or key.startswith(t + " "))
        rest = line[len(name) :].strip()
        if rest:
            parts, caps = [rest], True
        else:
            j = i + 1
            while j < len(lines) and not lines[j]:
                j += 1
            if j >= len(lines) or re.match(r"(căn cứ|thực hiện)", lines[j], re.IGNORECASE):
                return None, j
            parts, caps, i = [lines[j]], _is_caps(lines[j]), j
    else:
        return None, start
    j = i + 1
    while j < len(lines) and not fold(lines[j]).lstrip("- ").startswith("kinh gui"):
        if not lines[j]:
            # A blank line inside a wrapped subject: it goes on if the next line starts lower case.
            k = next((k for k in range(j, min(j + 3, len(lines))) if lines[k]), None)
            if caps or k is None or not (lines[k][:1].islower() or lines[k][:1] == "("):
                break
            j = k
        if caps and not _is_caps(lines[j]):
            break
        parts.append(lines[j])
        j += 1
    return squash_spaces(" ".join(parts)) or None, j


def _bullet_list(lines: Sequence[str], start: int, label_key: str) -> tuple[list[str], int, str]:
    """Return the entries of a "Kính gửi:"/"Nơi nhận:" list, the end index and the inline text."""
    first = lines[start]
    inline = first.split(":", 1)[1] if ":" in first else ""
    entries = [inline] if _clean_name(inline) else []
    j = start + 1
    while j < len(lines):
        key = fold(lines[j])
        if not lines[j]:
            j += 1
        elif _BULLET.match(lines[j]) and not _AUTHORITY.match(_BULLET.sub("", lines[j])):
            entries.append(lines[j])
            j += 1
        elif label_key == "noi nhan" and key.startswith("ban dien tu"):
            rest = lines[j].split(":", 1)[1] if ":" in lines[j] else ""
            entries += [rest] if _clean_name(rest) else []
            j += 1
        else:
            break
    return [_clean_name(e) for e in entries], j, inline.strip()


def _references(flat: str, own: str | None) -> list[Reference]:
    found: dict[str, tuple[int, Reference]] = {}
    for pattern, party in ((_PARTY_REF, True), (_STATE_REF, False)):
        for m in pattern.finditer(flat):
            if party:
                symbol, kind = f"{m.group(1)}-{m.group(2)}/{m.group(3)}", m.group(2)
            else:
                symbol, kind = (
                    f"{m.group(1)}/{m.group(2)}",
                    _type_of(m.group(2).split("-")[0], False),
                )
            if symbol == own or symbol in found:
                continue
            when = None
            d = _REF_DATE.match(flat, m.end())
            if d:
                day, month, year = d.groups()[0:3] if d.group(1) else d.groups()[3:6]
                when = _safe_date(int(year), int(month), int(day))
            else:
                # "Ngày 31/8/2020, Bộ Y tế ban hành công văn số 4674/BYT-MT": the date comes first.
                b = _REF_DATE_BEFORE.search(flat[max(0, m.start() - 150) : m.start()])
                if b:
                    when = _safe_date(int(b.group(3)), int(b.group(2)), int(b.group(1)))
            found[symbol] = (m.start(), Reference(symbol, kind, when))
    return [ref for _, ref in sorted(found.values(), key=lambda item: item[0])]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _signer(lines: Sequence[str], body_start: int) -> tuple[Signer | None, int]:
    """Return the signature block and the index where it starts (len(lines) if none)."""
    for i in range(len(lines) - 1, body_start - 1, -1):
        m = _AUTHORITY.match(lines[i])
        if m and _is_caps(m.group(2)):
            authority = m.group(1).replace("/", "")
            rest = [line for line in lines[i + 1 : i + 8] if line and "đã ký" not in fold(line)]
            position = rest[0] if rest and _is_caps(rest[0]) and len(rest[0].split()) <= 6 else None
            if position and _AUTHORITY.match(position):
                return _signer(lines[: i + 1 + lines[i + 1 :].index(position)], body_start)
            names = rest[1:] if position else rest
            name = next((n for n in names[:3] if _looks_like_name(n)), None)
            return Signer(name, position, authority), i
    return None, len(lines)


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() and w.isalpha() for w in words)
        and not (_is_caps(line))
    )


def _find_subject(sentence: str) -> list[Assignee]:
    words = list(re.finditer(r"\S+", sentence))
    keys = [fold(w.group()).strip(",;:.()") for w in words]
    if not keys:
        return []

    def verb_at(k: int) -> int:
        for verb in _VERBS:
            if keys[k : k + len(verb)] == verb:
                return len(verb)
        return 0

    def next_verb(begin: int) -> int | None:
        for k in range(begin, min(len(keys), begin + 45)):
            if (
                verb_at(k)
                and keys[k - 1] not in _NOUN_BEFORE
                and not words[k - 1].group().endswith(";")
            ):
                return k
        return None

    start = 1 if keys[0] == "giao" else 0
    if verb_at(start) or start >= len(keys):
        return []
    head_ok = keys[start] in _AGENCY_HEADS and not (
        keys[start] == "cac" and (len(keys) <= start + 1 or keys[start + 1] not in _PLURAL_HEADS)
    )
    if not head_ok:
        return []
    k = next_verb(start + 1)
    if k is None:
        return []
    subject = sentence[words[start].start() : words[k].start()].strip(" ,;:")
    result = [Assignee(_clean_name(part)) for part in subject.split(";") if _clean_name(part)]
    if keys[k : k + 2] == ["chu", "tri"] and keys[k + 2 : k + 5] == ["phoi", "hop", "voi"]:
        end = next_verb(k + 5)
        stop = words[end].start() if end is not None else len(sentence)
        partner = _clean_name(sentence[words[k + 4].end() : stop])
        result = [Assignee(a.name, role="lead") for a in result]
        if partner:
            result.append(Assignee(partner, role="support"))
    return result


def _join(segments: Sequence[str]) -> str:
    text = ""
    for seg in segments:
        if not text:
            text = seg
        elif re.search(r"[.;:!?\"”)]$", text) and seg[:1].isupper():
            text += "\n" + seg
        else:
            text += " " + seg
    text = re.sub(r"(\d+)\s*-\s*([A-ZĐ]\w*/)", r"\1-\2", text)
    return text.strip().removesuffix("/.").strip()


def _units(body: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Return the body's task units as (label, segments), keeping only duty sections."""
    has_roman = any(_ROMAN.match(line) for line in body)
    if any(_ARTICLE.match(line) for line in body):
        marker, label = _ARTICLE, "Điều {}"
    elif any(_NUMBERED.match(line) for line in body):
        marker, label = _NUMBERED, "{}"
    else:
        marker, label = _LETTERED, "{}"
    units: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    duty = not has_roman
    expect_heading = False
    for line in body:
        roman = _ROMAN.match(line)
        if expect_heading and line:
            duty, expect_heading = any(s in fold(line) for s in _DUTY_SECTIONS), False
            continue
        if roman:
            heading = roman.group(3)
            duty = any(s in fold(heading) for s in _DUTY_SECTIONS)
            expect_heading = not heading
            current = None
            continue
        m = marker.match(line)
        if m:
            current = [m.group(2)] if m.group(2) else []
            if duty:
                units.append((label.format(m.group(1)), current))
            continue
        if current is not None and line:
            current.append(line)
    if units:
        last = units[-1][1]
        cut = next((i for i, s in enumerate(last) if i and _is_closing(s)), None)
        if cut is not None:
            del last[cut:]
    return units


def _is_closing(segment: str) -> bool:
    key = fold(segment)
    return key.startswith(_CLOSING) or "quan tam thuc hien" in key


def _tasks(
    body: Sequence[str], year: int | None, resolve_org: Callable[[str], str | None] | None
) -> list[Task]:
    tasks = []
    for label, segments in _units(body):
        text = _join(segments)
        assignees: list[Assignee] = []
        first_paragraph = text.split("\n", 1)[0]
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", first_paragraph)[:3]:
            assignees = _find_subject(sentence)
            if assignees:
                break
        if resolve_org is not None:
            assignees = [Assignee(a.name, resolve_org(a.name), a.role) for a in assignees]
        deadline = find_deadline(text, year)
        tasks.append(Task(label, text, tuple(assignees), deadline.due, deadline.recurrence))
    return tasks


def parse_dispatch(
    text: str,
    *,
    resolve_org: Callable[[str], str | None] | None = None,
    reference_date: date | None = None,
) -> Directive:
    """Return the Directive read from a dispatch's text; unknown fields are None or empty.

    `resolve_org` maps an assignee name to an organisation id; `reference_date` gives the year
    for year-less deadlines when the dispatch shows no date of its own.
    """
    lines = _clean_lines(text)
    if not any(lines):
        raise DocumentError(
            "Văn bản trống: không có chữ nào để đọc. Hãy kiểm tra lại tệp hoặc nội dung dán vào.",
            "The document is empty: there is no text to read. Check the file or the pasted text.",
        )
    warnings: list[str] = []
    offsets, flat = [], ""
    for line in lines:
        offsets.append(len(flat))
        flat += line + " "

    def line_at(pos: int) -> int:
        return max(i for i, off in enumerate(offsets) if off <= pos)

    number = _find_number(flat)
    if number is None:
        number = _unlabelled_number(flat)
        if number is not None:
            warnings.append(
                f"Số, ký hiệu đọc được dù thiếu chữ 'Số': {number.symbol} / number symbol read without its 'Số' label: {number.symbol}"
            )
    anchor = line_at(number.start) if number else 0
    if number is None:
        warnings.append("Không thấy số, ký hiệu văn bản (Số ...) / no number symbol (Số ...) found")
    elif number.spaced:
        warnings.append(
            f"Số, ký hiệu có khoảng trắng thừa, đọc là {number.symbol} / stray spaces in the number symbol, read as {number.symbol}"
        )
    date_match = _DATE_LINE.search(flat, number.start if number else 0)
    if date_match and number and date_match.start() - number.start > 400:
        date_match = None
    issued = None
    place = None
    date_idx = anchor
    if date_match:
        day, month, yr = (int(g) for g in date_match.groups())
        issued = _safe_date(yr, month, day)
        place = _place_before(flat[: date_match.start()])
        date_idx = line_at(date_match.start())
    else:
        warnings.append(
            "Không thấy ngày ban hành (ngày ... tháng ... năm ...) / no issue date found"
        )
        # OCR may garble "ngày ... tháng" but keep the place before it on the number's line.
        garbled = re.search(r",\s*ng", flat[number.start : number.start + 200]) if number else None
        if number and garbled:
            place = _place_before(flat[: number.start + garbled.start()])
    system = number.system if number else None
    if system is None:
        head = fold(" ".join(lines[:40]))
        system = (
            "state" if "xa hoi chu nghia" in head else "party" if "dang cong san" in head else None
        )
    issuer, parent = _issuer(lines, anchor if number else date_idx)
    urgency = next(
        (
            _URGENCY[fold(x).strip(" .")]
            for x in lines[: date_idx + 3]
            if fold(x).strip(" .") in _URGENCY
        ),
        None,
    )
    subject, after = _subject(lines, date_idx + 1)
    recipients: list[str] = []
    body_start = after
    for i in range(date_idx + 1, min(len(lines), after + 4)):
        if fold(lines[i]).lstrip("- ").startswith("kinh gui"):
            recipients, body_start, _ = _bullet_list(lines, i, "kinh gui")
            break
    signer, sign_idx = _signer(lines, body_start)
    distribution: list[str] = []
    body_end = sign_idx
    for i in range(body_start, len(lines)):
        if fold(lines[i]).startswith("noi nhan"):
            distribution, _, inline = _bullet_list(lines, i, "noi nhan")
            if inline and re.fullmatch(r"[a-zà-ỹ]{1,4}", inline.strip()):
                distribution = distribution[1:]
                warnings.append(
                    f"Bỏ ký tự nhiễu sau 'Nơi nhận:': {inline.strip()!r} / dropped noise after 'Nơi nhận:': {inline.strip()!r}"
                )
            body_end = min(body_end, i)
            break
    year = issued.year if issued else reference_date.year if reference_date else None
    tasks = _tasks(lines[body_start:body_end], year, resolve_org)
    own = number.symbol if number else None
    references = _references(flat[number.start if number else 0 :], own)
    return Directive(
        system=system,
        issuer=issuer,
        issuer_parent=parent,
        doc_type=number.doc_type if number else None,
        number=number.number if number else None,
        number_symbol=own,
        place=place,
        date=issued,
        subject=subject,
        urgency=urgency,
        recipients=tuple(recipients),
        references=tuple(references),
        tasks=tuple(tasks),
        signer=signer,
        distribution=tuple(distribution),
        warnings=tuple(warnings),
    )
