"""Header parts that a copy ran together on one line, set back on lines of their own.

A legal-documents site, a PDF text layer or OCR often gives the two header columns as one
stream: "ỦY BAN NHÂN DÂN TỈNH X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 12/UBND-VX X, ngày 3 tháng 5 năm 2021 V/v ...". The header's parts have fixed openings, so
such a line is cut before each of them: the motto, "Độc lập - Tự do - Hạnh phúc", the "Số:"
label, "Place, ngày ... năm ...", the "V/v" label and "Kính gửi". A line is cut only when it
holds two of these parts, so a body sentence that mentions a "số" or a date is left alone.

What follows the date on its line (the type name and title of a decision) is a part too. The
date is set before a "V/v" line that came ahead of it, so the subject's wrapped lines below
go on from the "V/v" line ("V/v cơ chế ... Hà Nội, ngày 28 tháng 4 năm 2026" / "đến ...").
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from loa.text import fold

__all__ = ["split_header_run"]

# Where a new header part opens (the position of the part's first word).
_OPENINGS = re.compile(
    r"(?<!\S)(?=CỘNG\s+H(?:ÒA|OÀ|OA)\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
    r"|Độc\s+[Ll]ập\s*[-–]\s*Tự\s+[Dd]o|ĐỘC\s+LẬP\s*[-–]\s*TỰ\s+DO"
    r"|Số\s*:?\s*\d|V\s*/\s*v\s|Kính\s+gửi\b)"
)
_MOTTO_END = re.compile(r"(?<=Hạnh phúc|Hạnh Phúc|HẠNH PHÚC)\s+(?=\S)")
# "Bắc Giang, ngày 3 tháng 5 năm 2021": the place words come just before ", ngày".
_DATE = re.compile(r",\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
# How the body of a công văn opens, after the inline "Kính gửi: ..." name.
_BODY_OPENER = re.compile(
    r"\s+(?=(?:Phúc đáp|Trả lời|Trong (?:thời gian|những năm|năm)|Thời gian qua|Thực hiện|"
    r"Căn cứ|Theo đề nghị|Vừa qua|Hiện nay|Nhằm|Để (?:triển khai|thực hiện|chuẩn bị)|"
    r"Tiếp theo|Sau khi|Triển khai|Ngày \d{1,2}[ /])\b)"
)
_RULE = re.compile(r"\s*[-_=]{3,}\s*(?=[A-ZĐÀ-Ỹ])|\s+[-_=]{3,}\s+")


def _kind(part: str) -> str:
    key = fold(part)
    if key.startswith(("cong hoa", "dang cong san", "doc lap")):
        return "motto"
    if key.startswith("so"):
        return "number"
    if re.match(r"v\s*/\s*v\s", key):
        return "subject"
    if key.startswith("kinh gui"):
        return "recipients"
    dated = _DATE.search(part)
    if dated and _place_start(part, dated.start()) == 0:
        return "date"
    return "other"


def _is_place_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if word in {"TP.", "TX."}:
        return True
    # "Bắc Giang", "Hồ Chí Minh": capitalised words, not capitals ("VIỆT NAM" ends the motto).
    return bool(letters) and letters[0].isupper() and any(c.islower() for c in letters)


def _place_start(line: str, comma: int) -> int | None:
    """Return where the place written before ", ngày" at `comma` starts, None if none is."""
    words = list(re.finditer(r"\S+", line[:comma]))
    start = None
    for n in range(len(words) - 1, max(-1, len(words) - 5), -1):
        word = words[n].group()
        before = words[n - 1].group() if n else ""
        if fold(f"{before} {word}") == "hanh phuc":
            break  # "... Hạnh Phúc Vị Thanh, ngày": the motto's last words
        if _is_place_word(word):
            start = words[n].start()
        elif start is not None and fold(f"{before} {word}") in {"thanh pho", "thi xa"}:
            start = words[n - 1].start()  # "Thành phố Hồ Chí Minh"
            break
        else:
            break
    return start


# The motto as a broken font or OCR spells it ("CỘNG HÕA XÃ HỘI", "CONG HÒA XÃ HO]"), found in
# the line's letters without marks (one letter for one, so positions are the line's).
_MOTTO_LETTERS = re.compile(r"(?<!\S)cong\s+hoa\s+xa\s+h")


def _bare(line: str) -> str:
    return "".join("d" if c in "đĐ" else unicodedata.normalize("NFD", c)[0].lower() for c in line)


def split_header_run(line: str) -> list[str]:
    """Return a header line cut into its parts when it runs two or more of them together."""
    line = _RULE.sub("  ", line)
    cuts = {m.start() for m in _OPENINGS.finditer(line)}
    cuts |= {m.start() for m in _MOTTO_LETTERS.finditer(_bare(line))}
    cuts |= {m.end() for m in _MOTTO_END.finditer(line)}
    for m in _DATE.finditer(line):
        start = _place_start(line, m.start())
        if start is not None:
            cuts |= {start, m.end()}  # what follows the date ("QUYẾT ĐỊNH ...") is a new part
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(line)), len(line)]
    parts = [p for p in (line[a:b].strip(" _") for a, b in pairwise(bounds)) if p]
    kinds = [_kind(p) for p in parts]
    # One part is enough after the issuing body (the motto) or before the title (the date).
    alone = len(parts) > 1 and (kinds[1] == "motto" or kinds[0] == "date")
    if sum(k != "other" for k in kinds) < 2 and not alone:
        parts, kinds = [line], [_kind(line)]
    # "Kính gửi: Tổng công ty Khí Việt Nam Phúc đáp Công văn số ...": the body ran on.
    for i in range(len(parts) - 1, -1, -1):
        if kinds[i] == "recipients":
            opener = _BODY_OPENER.search(parts[i])
            if opener:
                parts[i : i + 1] = [parts[i][: opener.start()], parts[i][opener.end() :]]
                kinds[i : i + 1] = ["recipients", "other"]
    # A "V/v" part goes after the date it came before.
    for i in range(1, len(parts)):
        if kinds[i] == "date" and kinds[i - 1] == "subject":
            parts[i - 1], parts[i] = parts[i], parts[i - 1]
            kinds[i - 1], kinds[i] = kinds[i], kinds[i - 1]
    return parts
