"""The header of a dispatch: number and symbol, issuing body, place and date, subject.

The lines come from `layout.layout_lines`, so the left column (issuing body, number, "V/v")
comes before the right one (motto, place and date) whatever the form. Still, forms differ in
order: a web copy puts the "V/v" line before the date, a Word table puts the whole left cell
first, a PDF puts the number after the date. Each part is therefore found where it is, not by
its rank: the number by its "Số" label, the date as the first "ngày ... tháng ... năm" near it,
the subject by its "V/v" label or as the title under the document's type name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loa.directives.agency_names import known_name
from loa.directives.layout import is_caps, wraps_subject
from loa.directives.ocr_repairs import NUMBER_LABEL
from loa.directives.vocabulary import TYPE_CODES
from loa.text import fold, squash_spaces

__all__ = [
    "MARKS",
    "URGENCY",
    "DocNumber",
    "find_number",
    "is_caps",
    "issuer",
    "place_before",
    "subject",
    "type_of",
    "unlabelled_number",
]

LETTER = r"[^\W\d_]"
_OWN_NUMBER = re.compile(
    # A party symbol: "Số 427-CV/BTGTU" (OCR may lose the hyphen: "Số 07KL/VPTW").
    rf"(?<!\w)Số\s*:?\s*(\d+(?:/\d{{4}})?)\s*(?:-?\s*({LETTER}\w*)\s*/\s*({LETTER}[\w&]*)"
    # "11554/VPCP-V.I": a unit's code may end on a dot and a numeral (Vụ I).
    rf"|/\s*({LETTER}[\w&]*(?:\s*-\s*{LETTER}[\w&]*)+(?:\.[IVX]{{1,4}}\b)?)"
    # OCR may lose the hyphen of a state symbol ("Số:11208/BNVKHTC", "Số: 2500/QĐTTg"), or its
    # slash too ("Số:11208BNVKHTC"): capitals first.
    rf"|(?:/\s*|(?<=\d))([A-ZĐ]{{3,}}[A-ZĐa-z&]*)(?![\w/-]))"
)
# "5619 SYT-NVY": digits, then an upper-case issuer code with a hyphen, the slash lost.
_BARE_STATE_NUMBER = re.compile(
    r"(?<![\w/.])(\d{1,5})\s*/?\s*([A-ZĐ]{2,}[A-ZĐa-z&]*(?:-[A-ZĐ][A-ZĐa-z&]*)+)(?![\w/])"
)
MARKS = frozenset(["hoa toc", "thuong khan", "khan", "mat", "toi mat", "tuyet mat"])
URGENCY = {"hoa toc": "HỎA TỐC", "thuong khan": "THƯỢNG KHẨN", "khan": "KHẨN"}
_TYPE_NAMES = (
    "chi thi", "ke hoach", "quyet dinh", "thong bao", "huong dan", "quy dinh", "nghi quyet",
    "ket luan", "bao cao", "to trinh", "chuong trinh", "cong dien", "de an", "phuong an",
    "quy che", "thong tri", "thong tu", "nghi dinh",
)  # fmt: skip
# A PDF text layer or OCR often runs the two header columns into one line; the right one starts so.
_MOTTO_STARTS = ("cong hoa xa hoi", "doc lap - tu do", "doc lap tu do", "dang cong san viet nam")
# OCR reads the "V/v" label as "VWv", "Vlv", "V\\v", ...
_SUBJECT_LABEL = re.compile(
    r"V\s*[/\\|lWwIi1]\s*[vw]\b|V\s*/(?=\s+[a-zà-ỹđ])",  # "V/ tỷ lệ ...": the "v" lost
    re.IGNORECASE,
)
# A line that opens the name of an issuing body: a new body, not the rest of the line above.
_BODY_HEADS = (
    "bo ", "cuc ", "so ", "ban ", "van phong", "uy ban", "ubnd", "thue ", "tinh uy", "thanh uy",
    "huyen uy", "dang uy", "quan uy", "trung tam", "chi cuc", "phong ", "vien ", "tong cuc",
    "hoi dong", "ban chap hanh", "dang bo", "benh vien", "cong an", "bo chi huy", "dai ",
    "bao ", "truong ", "hoi ", "doan ", "ban chi dao",
)  # fmt: skip
_LOCALITY = re.compile(r"(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b")
# The line that names who decides ("THỦ TƯỚNG CHÍNH PHỦ") stands between the title and "Căn cứ".
_PREAMBLE = re.compile(r"^(căn cứ|thực hiện|theo đề nghị|xét đề nghị)", re.IGNORECASE)
_DECIDER = re.compile(
    r"^(THỦ TƯỚNG|CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|TỔNG|ỦY BAN|UỶ BAN|HỘI ĐỒNG|BỘ CHÍNH TRỊ|BAN BÍ THƯ|"
    r"BAN THƯỜNG VỤ|THƯỜNG TRỰC|BAN CHẤP HÀNH|TRƯỞNG BAN)"
)
# Lines in capitals that open the body, not the title: sections, articles, "QUYẾT ĐỊNH:".
# "CHƯƠNG TRÌNH MỤC TIÊU ..." and "PHẦN MỀM ..." go on a title; "CHƯƠNG I", "PHẦN THỨ NHẤT" do not.
_BODY_START = re.compile(
    r"^([IVX]+\s*[.\-–]|(?:PHẦN|CHƯƠNG)\s+(?:[IVXLC]+\b|\d|THỨ\s)|ĐIỀU\s|\d+\s*[.)])|:$"
)
# A line that opens a unit of the body in any case: an article, a numbered item, a section.
_UNIT = re.compile(r"^(?:Điều\s+\d+\s*[.:]|\d{1,2}\s*[.)]\s|[IVX]+\s*[.\-–]\s|(?:Phần|Chương)\s)")


def _title_goes_on(lines: Sequence[str], j: int) -> bool:
    """Return True when line `j` (in capitals) is more of the title."""
    line = lines[j]
    if not is_caps(line) or _BODY_START.search(line) or fold(line) in MARKS:
        return False
    nxt = next((x for x in lines[j + 1 : j + 4] if x), "")
    # "THỦ TƯỚNG CHÍNH PHỦ" above "Căn cứ ...": who decides, not the title.
    return not (_DECIDER.match(line) and _PREAMBLE.match(nxt))


@dataclass(frozen=True)
class DocNumber:
    """The dispatch's own number and symbol, where it was found, and whether it was spaced."""

    number: str
    symbol: str
    doc_type: str
    system: str
    start: int
    spaced: bool


def type_of(first: str, party: bool) -> str:
    """Return the document type code from a symbol's first part ("CV" for a state công văn)."""
    if party:
        return first
    return first if first in TYPE_CODES else "CV"


# A number line OCR garbled past reading ("Số1874/QĐÐĐTTgB"): still no part of the issuer.
_NUMBER_LABEL = re.compile(rf"^{NUMBER_LABEL}\s*:?\s*\d")
# Where the header ends and a title or the preamble begins: a bare number after it is cited.
_HEADER_END = re.compile(
    r"\b(?:QUYẾT ĐỊNH|CHỈ THỊ|KẾ HOẠCH|THÔNG BÁO|HƯỚNG DẪN|QUY ĐỊNH|KẾT LUẬN|NGHỊ QUYẾT|Căn cứ)\b"
)


def find_number(flat: str) -> DocNumber | None:
    """Return the first "Số ..." number and symbol in the flattened text."""
    m = _OWN_NUMBER.search(flat)
    if m is None:
        return None
    number = m.group(1)
    raw = flat[m.start() : m.end()]
    spaced = bool(re.search(r"\d\s+-|-\s+\w|\s/|/\s", raw))
    if m.group(2):
        symbol = f"{number}-{m.group(2)}/{m.group(3)}"
        return DocNumber(number, symbol, m.group(2), "party", m.start(), spaced)
    if m.group(4) is None:
        tail = m.group(5)
        return DocNumber(number.split("/")[0], f"{number}/{tail}", "CV", "state", m.start(), True)
    tail = re.sub(r"\s+", "", m.group(4))
    doc_type = type_of(tail.split("-")[0], False)
    return DocNumber(number.split("/")[0], f"{number}/{tail}", doc_type, "state", m.start(), spaced)


def unlabelled_number(flat: str) -> DocNumber | None:
    """Return a state number symbol in the header whose "Số:" label and slash OCR lost."""
    end = fold(flat).find("kinh gui")
    header = flat[: end if end > 0 else 600]
    title = _HEADER_END.search(header)
    header = header[: title.start()] if title else header
    m = _BARE_STATE_NUMBER.search(header)
    if m is None:
        return None
    tail = m.group(2)
    doc_type = type_of(tail.split("-")[0], False)
    return DocNumber(m.group(1), f"{m.group(1)}/{tail}", doc_type, "state", m.start(), True)


def place_before(prefix: str) -> str | None:
    """Return the place name written just before ", ngày ..." ("Thành phố Hồ Chí Minh")."""
    words: list[str] = []
    tokens = [t.lstrip("'‘’\"“—–-.,") for t in prefix.rstrip(" ,").split()]
    tokens = [t for t in tokens if t]
    for k in range(len(tokens) - 1, -1, -1):
        token = tokens[k]
        if token in {"TP.", "TX."} or (
            token[:1].isupper() and not is_caps(token) and not re.search(r"[\d/|:]", token)
        ):
            words.insert(0, token)
            if len(words) == 4:
                break
        elif words and is_caps(token) and len(token) == 2 and token.isalpha():
            words.insert(0, token[0] + token[1].lower())  # "VỊ Thanh": OCR's capital for "Vị"
        elif words and k > 0 and fold(f"{tokens[k - 1]} {token}") in {"thanh pho", "thi xa"}:
            # "Thành phố Hồ Chí Minh": the lower-case "phố" belongs to the place name.
            words[:0] = tokens[k - 1 : k + 1]
            break
        else:
            break
    return " ".join(words) or None


def _is_noise(line: str) -> bool:
    """Return True for what OCR makes of a rule under a name ("ceeeeer", "-------", "—")."""
    return re.fullmatch(r"[\W_a-zđ]{1,15}", line) is not None and " " not in line


def _is_motto(line: str) -> bool:
    key = fold(line)
    # "CONG HÒA XÃ HO] CHỦ NGHĨA VIỆT NAM": a scan may spoil any one word of it.
    return (
        "xa hoi chu nghia" in key
        or key.startswith("cong hoa xa h")
        or key.endswith("chu nghia viet nam")
        or key.replace(" ", "") == "dangcongsanvietnam"
    )


def _starts_body(line: str) -> bool:
    return fold(line).startswith(_BODY_HEADS)


def _caps_tail(line: str) -> list[str]:
    """Return the words in capitals that end a line ("... ban hành BỘ Y TẾ" gives BỘ Y TẾ)."""
    words = re.sub(r"\s+[-—–_.~]+$", "", line).split()
    n = len(words)
    while n > 0 and words[n - 1].isupper() and not re.search(r"\d", words[n - 1]):
        n -= 1
    return words[n:] if n > 0 else []


def _two_bodies(line: str) -> list[str]:
    """Return a header line that names a body and the one under it ("BỘ TÀI CHÍNH TỔNG CỤC HẢI
    QUAN", one line in a web copy) as two lines; any other line as it is."""
    words = line.split()
    keys = [fold(w).strip(",;:.") for w in words]
    first = known_name(keys, 0)
    if first and first < len(keys) - 1 and known_name(keys, first) >= 2:
        return [" ".join(words[:first]), " ".join(words[first:])]
    return [line]


def wrapped_word(line: str) -> bool:
    """Return True for a line of one or two words in capitals that is the rest of a name
    wrapped in its column ("VẬN", "TRUNG ƯƠNG"), not a rule, a mark or a title."""
    key = fold(line).strip(" .")
    return (
        0 < len(line.split()) <= 2
        and is_caps(line)
        and not _is_noise(line)
        and key not in MARKS
        and key not in _TYPE_NAMES
        and not key.startswith(_MOTTO_STARTS)
    )


def issuer(lines: Sequence[str], anchor: int) -> tuple[str | None, str | None]:
    """Return (issuing body, body above it) from the header's left column before `anchor`."""
    motto = next((i for i in range(anchor) if _is_motto(lines[i])), None)
    block: list[str] = []
    for i in range((motto if motto is not None else anchor) - 1, -1, -1):
        if not lines[i]:
            if block:
                # A blank line inside the left column: keep going only over more capitals.
                if i > 0 and lines[i - 1] and is_caps(lines[i - 1]) and not _is_motto(lines[i - 1]):
                    continue
                break
            continue
        if not block and (
            _OWN_NUMBER.search(lines[i]) or _is_noise(lines[i]) or _NUMBER_LABEL.match(lines[i])
        ):
            continue  # a scan's number line or a rule read as letters between name and motto
        if not is_caps(lines[i]) or _OWN_NUMBER.search(lines[i]) or fold(lines[i]) in MARKS:
            tail = _caps_tail(lines[i]) if motto is not None and i == motto - 1 else []
            if len(tail) >= 2:
                # "Công văn 6087/BYT-KCB ... ban hành BỘ Y TẾ": a page title before the name.
                block.insert(0, " ".join(tail))
            break
        block.insert(0, re.sub(r"\s+[-—–_.~]+$", "", lines[i]))  # "BAN TUYÊN GIÁO —": a rule
    if motto is not None:
        # Left-column lines that a text layer interleaved with the motto lines come after it.
        for i in range(motto + 1, anchor):
            key = fold(lines[i]).strip(" .")
            if (
                lines[i]
                and is_caps(lines[i])
                and not key.startswith(_MOTTO_STARTS)
                and key not in MARKS
                and not _OWN_NUMBER.search(lines[i])
            ):
                block.append(lines[i])
    names: list[str] = []
    for line in (part for row in block for part in _two_bodies(row)):
        if names and (
            (len(names[-1].split()) == 1 and len(names[-1]) <= 3)
            or (fold(names[-1]).endswith(" uy") and fold(line).startswith("ban "))
        ):
            names[-1] = f"{names[-1]} {line}"  # "ỦY" / "BAN NHÂN DÂN", "CHỦ TỊCH ỦY" / "BAN ..."
            continue
        after_people = bool(names) and fold(names[-1]).endswith("nhan dan")
        if names and (not _starts_body(line) or (after_people and _LOCALITY.match(fold(line)))):
            names[-1] = f"{names[-1]} {line}"
        else:
            names.append(line)
    if not names:
        return None, None
    return names[-1], (names[-2] if len(names) > 1 else None)


# Words a subject cannot end on: the line below goes on with it ("quy định tại" / "Điều 22").
_DANGLING = frozenset(
    ["tai", "cua", "ve", "va", "voi", "cho", "theo", "trong", "cac", "so", "doi", "den", "tu"]
)


def _dangles(text: str) -> bool:
    words = fold(text).split()
    return bool(words) and words[-1] in _DANGLING


def labelled(lines: Sequence[str], begin: int, end: int) -> bool:
    """Return True when a "V/v ..." line, the subject of a letter, stands between the lines."""
    return any(_SUBJECT_LABEL.match(line) for line in lines[begin:end])


def addresses_cong_dien(line: str) -> bool:
    """Return True for a công điện's address line ("THỦ TƯỚNG CHÍNH PHỦ điện:"), over the list
    of whom it calls, as "Kính gửi:" is over a letter's."""
    key = fold(line).lstrip("- ")
    return key.endswith(" dien:") and len(key.split()) <= 8


def _caps_goes_on(parts: Sequence[str], line: str) -> bool:
    """Return True when a subject in capitals goes on in the capitals of the next line
    ("V/V TẬP TRUNG ỨNG" / "PHÓ LŨ ĐẶC BIỆT LỚN ..."), which opens no body's name."""
    keys = fold(line).split()
    return is_caps(parts[0]) and bool(keys) and not known_name(keys, 0)


def _label_subject(lines: Sequence[str], begin: int, end: int) -> tuple[str | None, int]:
    """Return a "V/v ..." subject found between `begin` and `end`, and the line after it."""
    for i in range(begin, min(end, len(lines))):
        label = _SUBJECT_LABEL.match(lines[i])
        if label is None:
            continue
        parts = [lines[i][label.end() :].strip(" :.")]
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if not line:
                # A blank line inside a wrapped subject: it goes on if the next line starts
                # lower case.
                k = next((k for k in range(j, min(j + 3, len(lines))) if lines[k]), None)
                goes_on = k is not None and (lines[k][:1].islower() or lines[k][:1] == "(")
                if k is None or not (goes_on or _dangles(parts[-1])):
                    break
                j = k
                line = lines[j]
            key = fold(line)
            dangling = _dangles(parts[-1])
            caps_on = is_caps(line) and _caps_goes_on(parts, line)
            if dangling and (_is_motto(line) or "doc lap" in key or re.search(r"ngay\s+\d", key)):
                # A text layer put the right column's motto and date inside a wrapped subject
                # ("V/v hướng dẫn quy định tại" / motto / date / "Điều 22 Luật BHYT").
                j += 1
                continue
            if (
                key.lstrip("- ").startswith("kinh gui")
                or addresses_cong_dien(line)
                or _UNIT.match(line)  # "1. ...", "Điều 1. ...": the body, with no "Kính gửi"
                or (is_caps(line) and not caps_on)
                or _is_motto(line)
                or "doc lap" in key
                or re.search(r"ngay\s+\d", key)
                or _OWN_NUMBER.search(line)
                or (line[:1].isupper() and re.search(r"[,.;:]$", parts[-1]) is None
                    and j >= end and not dangling and not wraps_subject(line) and not caps_on)
            ):  # fmt: skip
                break
            parts.append(line)
            j += 1
        return squash_spaces(" ".join(parts)) or None, j
    return None, begin


def subject(
    lines: Sequence[str], header_start: int, title_start: int, place_line: int | None
) -> tuple[str | None, int]:
    """Return the subject and the index of the first line after it.

    A "V/v" line is looked for from `header_start` (the number's line) on; a title is looked for
    after `title_start` (the later of the number's and the date's lines).
    """
    end = place_line if place_line is not None and place_line > header_start else title_start + 4
    found, after = _label_subject(lines, header_start, max(end, title_start + 4))
    if found:
        return found, max(after, title_start + 1)
    i = title_start
    while i < len(lines) and (not lines[i] or fold(lines[i]).strip(" .") in URGENCY):
        i += 1
    if i >= len(lines):
        return None, title_start
    line, key = lines[i], fold(lines[i])
    if is_caps(line) and i + 1 < len(lines) and f"{key} {fold(lines[i + 1])}" in _TYPE_NAMES:
        i, line, key = (
            i + 1,
            f"{line} {lines[i + 1]}",
            f"{key} {fold(lines[i + 1])}",
        )  # "QUYẾT" / "ĐỊNH"
    if key.startswith("ve viec") and (is_caps(line) or len(line) < 200):
        parts, caps = [line], is_caps(line)
    elif is_caps(line) and any(key == t or key.startswith(t + " ") for t in _TYPE_NAMES):
        name = next(t for t in _TYPE_NAMES if key == t or key.startswith(t + " "))
        rest = line[len(name) :].strip()
        if rest:
            parts, caps = [rest], True
        else:
            j = i + 1
            while j < len(lines) and not lines[j]:
                j += 1
            if j >= len(lines) or not lines[j][:1].isupper():
                return None, j
            if _PREAMBLE.match(lines[j]) and not is_caps(lines[j]):
                return None, j  # "Căn cứ ...", not a title "THỰC HIỆN LỘ TRÌNH ..."
            if _UNIT.match(lines[j]):
                return None, j  # "KẾ HOẠCH" over "I. MỤC ĐÍCH, YÊU CẦU": no title, the body
            below = next((x for x in lines[j + 1 : j + 3] if x), "")
            if _DECIDER.match(lines[j]) and _PREAMBLE.match(below):
                return None, j  # no title: the authority ("CHỦ TỊCH ...") over "Căn cứ ..."
            # The title is in capitals, or in sentence case as many decisions print it now
            # ("QUYẾT ĐỊNH" / "Phê chuẩn kết quả bầu ..."), up to a blank line or the authority.
            # "Ý" / "KIẾN CHỈ ĐẠO CỦA ...": a title may break after its first letter.
            lone = lines[j].strip().isupper() and len(lines[j].strip()) == 1
            caps = is_caps(lines[j]) or (lone and j + 1 < len(lines) and is_caps(lines[j + 1]))
            parts, i = [lines[j]], j
    else:
        return None, title_start
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if not line and caps:
            # Title lines set apart by blank lines (web copies) go on over capitals.
            k = next((k for k in range(j, min(j + 4, len(lines))) if lines[k]), None)
            if k is None or not _title_goes_on(lines, k):
                break
            j, line = k, lines[k]
        if (
            not line
            or (caps and not is_caps(line))
            or (not caps and (is_caps(line) or _PREAMBLE.match(line) or len(parts) >= 4))
            or _UNIT.match(line)  # "Điều 1. ...", "1. ...": the body, straight after the title
            or fold(line).lstrip("- ").startswith("kinh gui")
        ):
            break
        if caps and not _title_goes_on(lines, j):
            break
        parts.append(line)
        j += 1
    title = squash_spaces(" ".join(parts))
    title = _SUBJECT_LABEL.sub("", title, count=1).strip() if _SUBJECT_LABEL.match(title) else title
    below = next((x for x in lines[j : j + 3] if x), "")
    if caps and _PREAMBLE.match(below):
        title = _without_decider(title)
    return title or None, j


# Who decides, in capitals ("TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM"), when a copy ran it on
# after the title; a preposition before it ("CỦA BỘ TRƯỞNG BỘ Y TẾ") keeps it in the title.
_DECIDER_IN_TITLE = re.compile(
    r"(?<=\s)(?:THỦ TƯỚNG|(?:TỔNG\s+)?GIÁM ĐỐC|CHỦ TỊCH|BỘ TRƯỞNG|(?:TỔNG\s+)?CỤC TRƯỞNG|"
    r"VIỆN TRƯỞNG|HIỆU TRƯỞNG|TRƯỞNG BAN|[ỦU][YỶ] BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BAN THƯỜNG VỤ|"
    r"BAN BÍ THƯ|BỘ CHÍNH TRỊ|BAN CHẤP HÀNH|(?<!TƯỚNG )CHÍNH PHỦ$)\b"
)
# As written ("TỬ" of "ĐIỆN TỬ" is no link, "TỪ" is).
_TITLE_LINKS = frozenset(
    ["của", "với", "và", "cho", "tại", "thuộc", "giữa", "các", "trong", "về", "đến", "từ", "do"]
)


def _without_decider(title: str) -> str:
    """Return a title without the decider a copy ran on after it, if it holds one."""
    for m in _DECIDER_IN_TITLE.finditer(title):
        before = title[: m.start()].lower().split()
        # The first decider that ends the title: "... TUYÊN QUANG CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH"
        # ends at "CHỦ TỊCH", not at the body it names.
        decider = before and before[-1].strip(",") not in _TITLE_LINKS
        if decider and len(title[m.start() :].split()) <= 12:
            return title[: m.start()].strip()
    return title
