"""Turn a dispatch's text as received into clean lines in reading order, before its parts are read.

Offices receive the same document as a web copy, typed plain text, Word, PDF or a scan, and
each lays it out differently:
- web copies carry markup: `**bold**`, `*italic*`, `__underline__`, and `|` where table cells
  were; the markup is dropped and each cell becomes its own lines;
- the header (issuing body | national motto) and the footer ("Nơi nhận" | signature) are two
  columns side by side; typed text, a PDF's text layer and OCR set them apart with spaces. A run
  of such lines is cut at the gap and given back column by column: the left column first, then
  the right one, so the issuer and the distribution list are not mixed with the motto and the
  signature. "- " lines just below a footer block still belong to its left column;
- names wrapped over two lines ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN" /
  "VIỆT NAM") are joined so the motto is found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loa.text import fold, nfc, squash_spaces

__all__ = ["is_caps", "join_item", "layout_lines", "wraps_subject"]

# A gap this wide between two runs of text on one line separates two columns.
_GAP = re.compile(r"\S( {3,}|\t+)(?=\S)")
# A line indented this far, inside a two-column block, holds only the right column.
_RIGHT_INDENT = 24
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "dang cong san viet nam")
_MOTTO_KEYS = tuple(m.replace(" ", "") for m in _MOTTO)
_PAGE_NUMBER = re.compile(r"^(?:trang\s+)?-?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*-?$", re.IGNORECASE)
# "3" alone on its line over "- Uỷ ban nhân dân các huyện, thành phố:": a clause's number set
# apart from its text, not a page number.
_CLAUSE_NUMBER = re.compile(r"\d{1,2}")
_BULLET_LINE = re.compile(r"^[-+–]\s")
_DATED = re.compile(r"ngày\s*\d", re.IGNORECASE)
_RULE = re.compile(r"[-_=.*~—–• ]+")
# '... theo quy định."Điều 3. Thông tin ...': an article glued to the end of the one before.
_GLUED_ARTICLE = re.compile(r"(?<=[.;\"”])\s*(?=Điều \d{1,2}\.(?:\s+[A-ZĐÀ-Ỹ]|\s*$))")
_TRAILING_RULE = re.compile(r"(?<=\S)\s+[-_=]{3,}$")  # "BỘ Y TẾ -------": a rule under the name


def is_caps(line: str) -> bool:
    """Return True when every letter of the line (at least two) is upper case."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _strip_markup(line: str) -> str:
    line = line.replace("\u200b", "").replace("\xa0", " ").replace("\t", "    ")
    line = line.replace("Ð", "Đ")  # the Icelandic eth that OCR and old fonts give for "Đ"
    return line.replace("**", "").replace("__", "").replace("*", "")


def _split_gap(line: str) -> tuple[str, str, int] | None:
    """Return (left, right, right column start) for a line with a column gap, else None."""
    body = line.rstrip()
    indent = len(body) - len(body.lstrip())
    if indent >= _RIGHT_INDENT:
        return "", body.strip(), indent
    m = _GAP.search(body)
    if m is None:
        return None
    return body[: m.start() + 1].strip(), body[m.end() :].strip(), m.end()


def _columns(raw: list[str]) -> list[str]:
    """Return the lines with each run of two-column lines given back column by column."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        split = _split_gap(raw[i]) if raw[i].strip() else None
        if split is None or not split[0]:
            out.append(raw[i].strip())
            i += 1
            continue
        left: list[str] = []
        right: list[str] = []
        footer = fold(split[0]).startswith("noi nhan")
        j = i
        while j < len(raw):
            line = raw[j]
            if not line.strip():
                j += 1
                continue
            part = _split_gap(line)
            if part is None:
                # A left-only line: in a footer, list entries (and their wrapped rest) go on
                # under "Nơi nhận".
                if footer and (re.match(r"\s*[-+•]", line) or not is_caps(line)):
                    left.append(line.strip())
                    j += 1
                    continue
                if not footer and _subject_goes_on(left, line):
                    left.append(line.strip())  # "V/v cấp CCHN và GPHĐ khám bệnh," / "chữa bệnh"
                    j += 1
                    continue
                break
            if not part[0] and not footer and any(_DATED.search(x) for x in right):
                break  # the header's right column ends with its date; a title follows
            left += [part[0]] if part[0] else []
            right += [part[1]] if part[1] else []
            j += 1
        out += left + right
        i = j
    return out


_SUBJECT_LINE = re.compile(r"^V/v\b", re.IGNORECASE)
_DATE_PART = re.compile(r"\bngày(?:\s+\d|\s*$)|\btháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_LEFT_WIDTH = 50  # a left-column line is short; a body line runs across the page
_OPENS_PART = re.compile(
    r"^(?:Kính gửi|Căn cứ|Thực hiện|Theo|Ngày\s|Số\b|Điều\s|\d{1,2}\s*[.)]|[IVX]+\.|[-+•])",
    re.IGNORECASE,
)


def _subject_goes_on(left: list[str], line: str) -> bool:
    """Return True when a left-only line under the header's columns carries on its "V/v" line.

    The subject in the left column may wrap over more lines than the right column holds.
    """
    if not left or re.search(r"[.;:]$", left[-1]) or not wraps_subject(line):
        return False  # "Kính gửi:", "Căn cứ ...", "1. ...": what comes after the subject
    return any(_SUBJECT_LINE.match(x) for x in left)


def wraps_subject(line: str) -> bool:
    """Return True when `line` may be a wrapped line of a "V/v" subject: as short as a left
    column's line, not in capitals, and not what opens the parts after the subject."""
    text = line.strip()
    if len(text) > _LEFT_WIDTH or is_caps(text) or _OPENS_PART.match(text):
        return False
    return not _DATE_PART.search(text)  # "Vĩnh Long, ngày" / "02 tháng 12 năm 2025"


# "... QUYẾT ĐỊNH SỐ 130/QĐ-" / "BYT NGÀY ...": a number symbol wrapped after its hyphen.
_SYMBOL_CUT = re.compile(r"\d+/[A-ZĐ][\wĐ&]*-$")


def _join_symbols(lines: list[str]) -> list[str]:
    """Return the lines with a number symbol wrapped after its hyphen joined back."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and _SYMBOL_CUT.search(out[-1]) and line[:1].isupper():
            out[-1] += line
        else:
            out.append(line)
    return out


def _join_motto(lines: list[str]) -> list[str]:
    """Return the lines with a motto wrapped over lines ("CỘNG" / "HÒA XÃ HỘI ...") joined."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line:
            before = fold(out[-1]).replace(" ", "")
            joined = before + fold(line).replace(" ", "")
            if any(m.startswith(before) and m.startswith(joined) for m in _MOTTO_KEYS):
                out[-1] = f"{out[-1]} {line}".strip()
                continue
        out.append(line.strip())
    return out


# "Quyết định 1666/QĐ-BHXH năm 2020 về mẫu thẻ ... ban hành. BẢO HIỂM XÃ HỘI VIỆT NAM": a
# legal-documents site's page title, written before the header and again before paragraphs.
_PAGE_TITLE = re.compile(
    r"^\s*((?:Quyết định|Công văn|Chỉ thị|Kế hoạch|Thông báo|Hướng dẫn|Nghị quyết|Thông tư|"
    r"Nghị định|Quy định|Kết luận|Công điện|Báo cáo|Tờ trình|Chương trình|Đề án|Thông tri)"
    r"\s+(?:số\s+)?\d+[^\s]*/[^\s]+\s.*?\.)(?:\s+(?=[A-ZĐÀ-Ỹ]{2,}\s[A-ZĐÀ-Ỹ])|\s*$)"
)


def _drop_page_title(lines: list[str]) -> list[str]:
    """Return the lines without the page title a web copy puts before the header and paragraphs."""
    first = next((line for line in lines if line.strip()), "")
    m = _PAGE_TITLE.match(first)
    if m is None:
        return lines
    title = m.group(1)
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(title):
            line = stripped[len(title) :].strip()
        out.append(line)
    return out


# The site's own notice after the document ("THÔNG BÁO" / "về Lưu trữ, Sử dụng Thông tin Khách
# hàng" / "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân ..."): no part of the document.
_SITE_NOTICE = "ve luu tru, su dung thong tin khach hang"


def _drop_site_notice(lines: list[str]) -> list[str]:
    """Return the lines before the notice a legal-documents site appends to its pages."""
    keys = [fold(_strip_markup(line)).strip(" *") for line in lines]
    at = next((i for i, key in enumerate(keys) if key.startswith(_SITE_NOTICE)), None)
    if at is None:
        return lines
    if at and keys[at - 1] == "thong bao":
        at -= 1
    return lines[:at]


def layout_lines(text: str) -> list[str]:
    """Return the text's lines in reading order, without markup, rules or page numbers."""
    raw: list[str] = []
    for line in _drop_site_notice(_drop_page_title(nfc(text).splitlines())):
        cells = _strip_markup(line).split("|")
        raw += [cell for cell in cells] if len(cells) > 1 else cells
    cleaned = [
        _TRAILING_RULE.sub("", squash_spaces(part).lstrip("•").strip())
        for row in _columns(raw)
        for part in _GLUED_ARTICLE.split(row)
    ]
    lines: list[str] = []
    for i, line in enumerate(cleaned):
        if _RULE.fullmatch(line) or (_PAGE_NUMBER.match(line) and not _clause_number(cleaned, i)):
            line = ""
        lines.append(line)
    return _join_articles(_join_symbols(_join_motto(lines)))


def _join_articles(lines: list[str]) -> list[str]:
    """Return the lines with an article's word and its number put back on one line.

    A web copy's bold markup may break "**Điều" / "3. **Quyết định này ..." over two lines.
    """
    out: list[str] = []
    for line in lines:
        if out and out[-1] in ("Điều", "ĐIỀU") and re.match(r"\d{1,3}\s*[.:]", line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _clause_number(lines: list[str], i: int) -> bool:
    """Return True when the number alone on line `i` opens the bullets under it."""
    following = next((line for line in lines[i + 1 :] if line), "")
    return bool(_CLAUSE_NUMBER.fullmatch(lines[i]) and _BULLET_LINE.match(following))


def join_item(segments: Sequence[str]) -> str:
    """Return an item's lines as its text: a line that ends a sentence before a capital starts a
    paragraph (a new line in the text); other lines run on with a space."""
    text = ""
    for seg in segments:
        if not text:
            text = seg
        elif re.search(r"[.:!?\"”)]$", text) and seg[:1].isupper():  # ";" goes on
            text += "\n" + seg
        else:
            text += " " + seg
    text = re.sub(r"(\d+)\s*-\s*([A-ZĐ]\w*/)", r"\1-\2", text)
    return text.strip().removesuffix("/.").strip()
