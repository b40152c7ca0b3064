"""Lay real dispatches of the evaluation set out again in the other forms an office receives.

Run `.venv/bin/python bench/make_dispatch_forms.py` to rewrite tests/data/dispatches/forms/:
plain text with the two columns (issuing body | motto, "Nơi nhận" | signature) set side by side
with spaces, Word files whose header and signature are two-column tables, text PDFs, and scans
(pages drawn as pictures with noise, a slight tilt and JPEG blur, saved as a black-and-white TIFF like a fax scan). The
scans are then read with Tesseract (`vie`) and the text kept beside them as NAME.ocr.txt, so
the evaluation need not run OCR each time (`bench/directives_eval.py --ocr` runs it again).
`--only=STEM` (repeatable) makes the forms of the named sources only; `--form=FORM` (repeatable:
text, docx, pdf, scan) makes only the named forms.

Copies from a crawl of a legal-documents site (CRAWLED below) run the layout together: the page
title before the issuing body and before each article ("Quyết định 1227/QĐ-BYT năm 2025. Điều
1."), the recipients and the body on the date's line, the signature on one line with its name
("KT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Thị Xuyên") or glued to the last "Nơi nhận" entry. For them the
page title is dropped, the body starts where its first words stand in a line, a decision gets
back its authority line, and the signature is split into its lines (authority, title, name).

Every form holds the same document as its web copy (header, body and signature; appendices
after the signature are left out), so it is scored against the web copy's expected JSON. The
body's hard-wrapped lines are joined back into paragraphs first.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "dispatches"
FORMS = DATA / "forms"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"

# source stem -> (first words of the body, forms to make)
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "01-bacgiang-427-cv-btgtu": ("Những ngày gần đây", ("text", "pdf", "scan")),
    "c03-hd-37-hdbtgdvtw-ban-tuyen-giao-dan-van": ("Thực hiện Chỉ thị số 50-CT/TW", ("pdf", "scan")),
    "c05-kl-07-klvptw-van-phong-tw": ("Hội nghị toàn quốc công tác", ("pdf",)),
    "c09-tb-636-tbvpcp": ("Ngày 14 tháng 11 năm 2025", ("pdf", "scan")),
    "c11-tb-983-tbct-cuc-thue": ("Cục Thuế có kế hoạch", ("docx", "scan")),
    "c13-cv-4240-ubnd-vx-tphcm": ("Ngày 28 tháng 10 năm 2025", ("text", "scan")),
    "c15-cv-11208-bnv-khtc-bo-noi-vu": ("Triển khai việc phân bổ", ("text", "docx", "scan")),
    "c17-cv-1539-vlo-qldn3-thue-vinh-long": ("Ngày 18/11/2025", ("docx", "scan")),
    "c19-kh-1026-kh-ubnd-nghe-an": ("Thực hiện Chỉ thị số 32/CT-TTg", ("text",)),
    "c21-ct-09-ct-ubnd-can-tho": ("Nước là nguồn tài nguyên", ("text",)),
    "c23-qd-2500-qd-ttg": ("THỦ TƯỚNG CHÍNH PHỦ", ("scan",)),
    "c25-qd-2813-qd-ubnd-dong-nai": ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", ("docx", "scan")),
    "n01-haugiang-454-ubnd-ncth": ("Ủy ban nhân dân tỉnh nhận được", ("text", "scan")),
    "n02-ttg-729-qd-ttg": ("THỦ TƯỚNG CHÍNH PHỦ", ("docx", "scan")),
    "n03-vpcp-3722-vpcp-cn": ("Xét đề nghị của Ủy ban", ("pdf", "scan")),
    "n04-kontum-435-qd-ubnd": ("Căn cứ Luật tổ chức", ("text", "scan")),
    "n05-haugiang-73-ubnd-th": ("Từ ngày 15 tháng 01", ("docx",)),
    "n06-angiang-554-ubnd-kt": ("Nhân dịp Lễ hội", ("text", "scan")),
    "n07-bhxh-296-bhxh-csyt": ("(Sau đây viết tắt", ("pdf",)),
    "n08-byt-627-byt-bh": ("(Sau đây gọi chung", ("docx",)),
    "n09-vpcp-2739-vpcp-dmdn": ("Báo Đấu thầu ngày", ("scan",)),
    "n10-bkhdt-3397-bkhdt-qlkttw": ("Phúc đáp Công văn", ("text",)),
    "n11-byt-384-byt-kcb": ("Trong thời gian qua", ("docx", "scan")),
    "n12-byt-6087-byt-kcb": ("Thực hiện Luật Khám bệnh", ("pdf", "scan")),
    "n13-btc-19046-btc-tchq": ("Luật hải quan được Quốc hội", ("text",)),
    "n14-bhxh-1500-qd-bhxh": ("Căn cứ Luật Bảo hiểm y tế", ("pdf",)),
    "n15-bhxh-1666-qd-bhxh": ("Căn cứ Luật Bảo hiểm y tế", ("text",)),
    "n16-byt-1227-qd-byt": ("Căn cứ Luật Khám bệnh", ("docx", "scan")),
    "n17-byt-3176-qd-byt": ("Căn cứ Nghị định số 95", ("docx", "scan")),
    "p01-haugiang-994-ubnd-kgvx": ("Xét Tờ trình số 27", ("text", "scan")),
    "p02-haugiang-25-ubnd-kgvx": ("Xét các văn bản", ("docx", "scan")),
    "p03-haugiang-265-ubnd-kgvx": ("Xét Công văn số 325", ("pdf",)),
    "p04-haugiang-393-ubnd-kgvx": ("Xét đề nghị của Ban", ("docx",)),
    "m01-byt-2010-qd-byt": ("Căn cứ Luật Bảo hiểm y tế", ("docx",)),
    "m02-byt-6556-qd-byt": ("Căn cứ Luật khám bệnh", ("text", "scan")),
    "m03-btp-173-qd-btp": ("Căn cứ Nghị định số 22/2013", ("pdf",)),
    "m04-tuyenquang-1056-qd-ct": ("Căn cứ Luật Tổ chức Hội đồng", ("docx", "scan")),
    "m05-tayninh-3745-qd-ubnd": ("Căn cứ Luật Tổ chức chính quyền", ("text",)),
    "m06-tchq-778-tchq-gsql": ("Để đảm bảo việc trao đổi", ("pdf",)),
    "q01-kh-0130-kh-ubnd-dak-lak": ("Do hậu quả mưa lớn", ("docx", "scan")),
    "q02-kh-308-kh-ubnd-ha-noi": ("Thực hiện Nghị quyết số", ("pdf", "text")),
    "q03-ct-012-ct-ubnd-dak-lak": ("Thời gian qua, tỉnh Đắk Lắk", ("scan",)),
    "q04-ct-31-ct-ttg": ("Trong suốt thời kỳ kháng chiến", ("docx",)),
    "r01-cv-10943-byt-mt-covid": ("Thực hiện Nghị quyết số 128", ("pdf", "scan")),
    "r03-kl-77-kltw-bo-chinh-tri-covid": ("Tại phiên họp ngày", ("docx", "scan")),
}  # fmt: skip
_FOOTER = ("Nơi nhận", "Nơi nhân")  # "Nơi nhân": the mark lost by OCR of a scanned original
# Crawled copies (see the docstring): stem -> a decision's authority line, or "" for a công văn.
CRAWLED = {
    "n04-kontum-435-qd-ubnd": "ỦY BAN NHÂN DÂN TỈNH KON TUM",
    "n07-bhxh-296-bhxh-csyt": "", "n08-byt-627-byt-bh": "", "n09-vpcp-2739-vpcp-dmdn": "",
    "n10-bkhdt-3397-bkhdt-qlkttw": "", "n11-byt-384-byt-kcb": "", "n12-byt-6087-byt-kcb": "",
    "n13-btc-19046-btc-tchq": "",
    "n14-bhxh-1500-qd-bhxh": "TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM",
    "n15-bhxh-1666-qd-bhxh": "TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM",
    "n16-byt-1227-qd-byt": "BỘ TRƯỞNG BỘ Y TẾ", "n17-byt-3176-qd-byt": "BỘ TRƯỞNG BỘ Y TẾ",
    "m01-byt-2010-qd-byt": "BỘ TRƯỞNG BỘ Y TẾ", "m02-byt-6556-qd-byt": "BỘ TRƯỞNG BỘ Y TẾ",
    "m03-btp-173-qd-btp": "BỘ TRƯỞNG BỘ TƯ PHÁP",
    "m04-tuyenquang-1056-qd-ct": "CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH",
    "m05-tayninh-3745-qd-ubnd": "ỦY BAN NHÂN DÂN TỈNH TÂY NINH", "m06-tchq-778-tchq-gsql": "",
}  # fmt: skip
# Web copies whose bold headings are wrapped mid-heading ("**V. TỔ" / "CHỨC THỰC HIỆN**", "**1."
# / "Sở Y tế:**"): each bold span is put back on one line, as a typed or printed copy has it.
# (Earlier sources such as c03 and c09 have such headings too; they are left as their forms
# were made, so those forms do not change.)
BOLD_JOINED = {
    "q01-kh-0130-kh-ubnd-dak-lak",
    "q02-kh-308-kh-ubnd-ha-noi",
    "q03-ct-012-ct-ubnd-dak-lak",
}
_AUTHORITY_MARK = re.compile(r"(?:TM|KT|TL|TUQ|Q)\.")
TITLES = {
    "QĐ": "QUYẾT ĐỊNH", "KH": "KẾ HOẠCH", "TB": "THÔNG BÁO", "CT": "CHỈ THỊ",
    "HD": "HƯỚNG DẪN", "KL": "KẾT LUẬN",
}  # fmt: skip
_PARAGRAPH_START = re.compile(
    r"^(?:[-+•]|\d{1,2}[.)]|[a-zđ]\)|[IVX]+[.\-]|Điều \d|Căn cứ|Theo đề nghị|QUYẾT ĐỊNH|Phần )"
)


class Document:
    """One dispatch cut into the parts a layout places: header columns, body, footer columns."""

    def __init__(self, stem: str, body_start: str) -> None:
        self.stem = stem
        self.want: dict[str, Any] = json.loads((DATA / f"{stem}.json").read_text("utf-8"))
        raw = (DATA / f"{stem}.txt").read_text("utf-8")
        if stem in BOLD_JOINED:
            raw = re.sub(r"\*\*(.+?)\*\*", lambda m: m.group(0).replace("\n", " "), raw, flags=re.S)
        lines = [_clean(line) for line in raw.splitlines()]
        lines = [line for line in lines if line]
        crawled = stem in CRAWLED
        if crawled:
            lines = _uncrawl(lines, self.want, body_start)
        start = next(i for i, line in enumerate(lines) if line.startswith(body_start))
        if body_start.isupper():  # the authority line of a decision repeats the header's words
            start = max(i for i, line in enumerate(lines) if line.startswith(body_start))
        end = next(i for i, line in enumerate(lines) if i > start and line.startswith(_FOOTER))
        body = lines[start:end]
        self.body = _paragraphs([CRAWLED[stem], *body] if crawled and CRAWLED[stem] else body)
        name = self.want["signer"]["name"]
        tail = lines[end:]
        beside = _signature_beside_list(tail, name)
        if beside:
            self.signature = beside
            return
        if name not in tail:  # the signature runs on one line, or is glued to its name
            self.signature = _split_signature(" ".join(tail), self.want["signer"])
            return
        name_at = tail.index(name)
        first = next(i for i, line in enumerate(tail) if i and _is_caps(line) and line[0] != "-")
        self.signature = _join_wrapped(tail[first : name_at + 1])

    @property
    def party(self) -> bool:
        return bool(self.want["system"] == "party")

    def left_header(self) -> list[str]:
        lines = []
        for name in (self.want["issuer_parent"], self.want["issuer"]):
            if name and name.startswith(("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ")):
                lines += [name[:15], name[16:]]
            elif name:
                lines += textwrap.wrap(name, 28)
        return [*lines, "-------"]

    def right_header(self) -> list[str]:
        if self.party:
            return ["ĐẢNG CỘNG SẢN VIỆT NAM", "---------------"]
        return [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "---------------",
        ]

    def number_line(self) -> str:
        return (
            f"Số {self.want['number_symbol']}"
            if self.party
            else f"Số: {self.want['number_symbol']}"
        )

    def date_line(self) -> str:
        year, month, day = self.want["date"].split("-")
        return f"{self.want['place']}, ngày {day} tháng {month} năm {year}"

    def subject_block(self) -> tuple[list[str], list[str]]:
        """Return (lines under the number in the left column, centred title lines)."""
        subject = self.want["subject"] or ""
        if self.want["doc_type"] == "CV":
            return textwrap.wrap(f"V/v {subject}", 40), []
        title = TITLES.get(self.want["doc_type"], "")
        return [], [title, *textwrap.wrap(subject, 60)]

    def recipients(self) -> list[str]:
        names = self.want["recipients"]
        if not names:
            return []
        if len(names) == 1:
            return [f"Kính gửi: {names[0]}."]
        return ["Kính gửi:", *(f"- {n};" for n in names[:-1]), f"- {names[-1]}."]

    def distribution(self) -> list[str]:
        names = self.want["distribution"]
        return ["Nơi nhận:", *(f"- {n};" for n in names[:-1]), f"- {names[-1]}."]


def _clean(line: str) -> str:
    line = line.replace("*", "").replace("__", "").replace("|", "")
    line = line.replace("Ƣ", "Ư").replace("ƣ", "ư")  # a PDF font converted badly ("TRƢỞNG")
    return (
        re.sub(r"\s+", " ", line).strip(" -_")
        if re.fullmatch(r"[\s\-_|*]*", line)
        else " ".join(line.split())
    )


def _uncrawl(lines: list[str], want: dict[str, Any], body_start: str) -> list[str]:
    """Return a crawled copy's lines without the page title and with the body on its own line."""
    first, issuer = lines[0], want["issuer"]
    title = first[: first.index(issuer)].strip() if issuer in first else first
    out: list[str] = []
    for line in lines:
        line = line.removeprefix(title).strip()
        if body_start in line and not line.startswith(body_start):
            line = line[line.index(body_start) :]
        if out and re.fullmatch(r"(?:Điều \d+|\d+)\.", out[-1]):  # "Điều 1." alone on a line
            out[-1] += " " + line
        elif out and re.match(r"Điều \d+ ", line) and not re.search(r"[.:;]$", out[-1]):
            out[-1] += " " + line  # "... khoản 6" / "Điều 22 Luật BHYT": a citation, not an article
        elif line:
            out.append(line)
    return out


def _signature_beside_list(tail: list[str], name: str) -> list[str] | None:
    """Return the signature read from a PDF text layer that set it beside the "Nơi nhận" list.

    Such a text puts each signature line at the end of a list line ("Nơi nhận: KT. BỘ TRƯỞNG",
    "- Như trên; THỨ TRƯỞNG", "- Cổng TTĐT Bộ Y tế; Nguyễn Trường Sơn"): the signature is what
    follows the label on the first line, the capitals ending the list lines below it, and the
    name. None when the "Nơi nhận" line holds no capitals after its label.
    """
    rest = tail[0].split(":", 1)[1].strip() if ":" in tail[0] else ""
    at = next((i for i, line in enumerate(tail) if name in line), None)
    if not rest or not _is_caps(rest) or at is None:
        return None
    lines = [rest]
    for line in tail[1:at]:
        words = line.split()
        k = len(words)
        while k and _is_caps(words[k - 1]) and not words[k - 1].endswith((".", ";", ",")):
            k -= 1
        if k < len(words):
            lines.append(" ".join(words[k:]))
    return [*lines, name]


def _split_signature(text: str, signer: dict[str, Any]) -> list[str]:
    """Return the signature lines read back from a run-together "... KT. BỘ TRƯỞNG THỨ TRƯỞNG Name".

    The capitals before the name are the signature, back to the end of the list entry before
    them (a word ending in "." or ";" that is not an authority mark); a new line starts at each
    authority mark, and the title is set apart from the authority above it.
    """
    name, position = signer["name"], signer["position"]
    words = text[: text.rindex(name)].split()
    at = len(words)
    while at and (_AUTHORITY_MARK.fullmatch(words[at - 1]) or (
        _is_caps(words[at - 1]) and not words[at - 1].endswith((".", ";")))):  # fmt: skip
        at -= 1
    block = " ".join(words[at:])
    parts = [p.strip() for p in re.split(r"\s(?=(?:TM|KT|TL|TUQ|Q)\.)", block) if p.strip()]
    if parts[-1] != position and parts[-1].endswith(" " + position):
        parts[-1:] = [parts[-1].removesuffix(" " + position), position]
    return [*parts, name]


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Return signature lines with a title wrapped over two lines ("TM. ỦY BAN NHÂN" "DÂN") joined."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and _is_caps(line)
            and _is_caps(out[-1])
            and len(line.split()) == 1
            and line != lines[-1]
        ) or (out and out[-1].endswith(",")):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    for line in lines:
        line = line.replace(" / Nguyễn Văn Hạnh", "")
        if re.fullmatch(r"[-_=.]+", line):
            continue
        starts = _PARAGRAPH_START.match(line) or _is_caps(line)
        if paragraphs and not starts and not re.search(r"[.:;!?]$", paragraphs[-1]):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def _pad(left: str, right: str, width: int = 44) -> str:
    return f"{left:<{width}}{right}".rstrip()


def _column(lines: list[str], width: int) -> list[str]:
    """Return a column's lines wrapped as a typist keeps them: never into the next column."""
    return [part for line in lines for part in (textwrap.wrap(line, width) or [""])]


def plain_text(doc: Document) -> str:
    """Return the document as a typed plain-text file, the two columns set apart by spaces."""
    left, right = _column(doc.left_header(), 42), doc.right_header()
    v_lines, title = doc.subject_block()
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left)) + [doc.number_line(), *v_lines]
    right += [""] * (rows - len(right)) + [doc.date_line()]
    rows = max(len(left), len(right))
    out = [
        _pad(a, b)
        for a, b in zip(
            left + [""] * (rows - len(left)), right + [""] * (rows - len(right)), strict=True
        )
    ]
    out.append("")
    out += [line.center(88).rstrip() for line in title]
    out += ["", *doc.recipients(), ""]
    for paragraph in doc.body:
        out += textwrap.wrap(paragraph, 88) or [""]
    out.append("")
    dist = _column(doc.distribution(), 48)
    sign = [*doc.signature[:-1], "", "", doc.signature[-1]]
    rows = max(len(dist), len(sign))
    out += [
        _pad(a, b, 50)
        for a, b in zip(
            dist + [""] * (rows - len(dist)), sign + [""] * (rows - len(sign)), strict=True
        )
    ]
    return "\n".join(out) + "\n"


def word_file(doc: Document) -> bytes:
    """Return the document as .docx: header and signature in borderless two-column tables."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    v_lines, title = doc.subject_block()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join([*doc.left_header(), doc.number_line(), *v_lines])
    table.cell(0, 1).text = "\n".join([*doc.right_header(), doc.date_line()])
    for line in title:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.recipients():
        document.add_paragraph(line)
    for paragraph in doc.body:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join(doc.distribution())
    table.cell(0, 1).text = "\n".join([*doc.signature[:-1], "", "", doc.signature[-1]])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _draw_pages(doc: Document) -> list[Any]:
    """Return A4 pages at 200 dpi (PIL images) with the document typeset on them."""
    from PIL import Image, ImageDraw, ImageFont

    width, height, margin, size = 1654, 2339, 150, 30
    font = ImageFont.truetype(FONT, size)
    bold = ImageFont.truetype(FONT_BOLD, size)
    step = int(size * 1.5)
    pages: list[Any] = []
    page = draw = None
    y = 0

    def new_page() -> None:
        nonlocal page, draw, y
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        pages.append(page)
        y = margin

    def fit(texts: list[str], room: float) -> list[str]:
        """Return the lines wrapped to `room` pixels, as a table cell wraps them: a line never
        runs into the next column (it used to, and OCR read the two as one)."""
        assert draw is not None
        out: list[str] = []
        for text in texts:
            f = bold if _is_caps(text) else font
            words, line = text.split(), ""
            for word in words:
                if line and draw.textlength(f"{line} {word}", font=f) > room:
                    out.append(line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
            out.append(line)
        return out

    def columns(left: list[str], right: list[str], split: int, centre: bool = True) -> None:
        nonlocal y
        gap = 30  # white space between the columns, as a table's cell margins leave
        left = fit(left, split - margin - gap)
        right = fit(right, width - margin - split - gap)
        for i in range(max(len(left), len(right))):
            if y > height - margin - step:
                new_page()
            assert draw is not None
            for text, x0, x1 in ((left, margin, split), (right, split, width - margin)):
                if i < len(text) and text[i]:
                    f = bold if _is_caps(text[i]) else font
                    w = draw.textlength(text[i], font=f)
                    x = x0 + (x1 - x0 - w) / 2 if centre else x0
                    draw.text((x, y), text[i], font=f, fill=0)
            y += step

    def lines(texts: list[str], centre: bool = False) -> None:
        nonlocal y
        for text in texts:
            if y > height - margin - step:
                new_page()
            assert draw is not None
            f = bold if _is_caps(text) else font
            x = (width - draw.textlength(text, font=f)) / 2 if centre else margin
            draw.text((x, y), text, font=f, fill=0)
            y += step

    new_page()
    v_lines, title = doc.subject_block()
    columns([*doc.left_header(), doc.number_line()], [*doc.right_header(), doc.date_line()], 700)
    lines(v_lines)
    y += step // 2
    lines(title, centre=True)
    y += step // 2
    lines(doc.recipients())
    for paragraph in doc.body:
        lines(textwrap.wrap(paragraph, 80))
    y += step
    dist = doc.distribution()
    sign = [*doc.signature[:-1], "", "", doc.signature[-1]]
    columns(dist, sign, 760, centre=False)
    return pages


def _noisy(page: Any, seed: int) -> Any:
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    page = page.rotate(rng.uniform(-0.8, 0.8), expand=False, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    pixels = page.load()
    w, h = page.size
    for _ in range(w * h // 400):  # specks of dust and toner
        x, y = rng.randrange(w), rng.randrange(h)
        pixels[x, y] = rng.choice((0, 60, 255))
    return (
        page.point(lambda v: min(255, max(0, int(v * 0.9 + 20))))
        .convert("L")
        .resize((w, h), Image.Resampling.BILINEAR)
    )


def scan_pdf(doc: Document, seed: int) -> bytes:
    """Return the document as a fax-like scan: noisy black-and-white pages in a TIFF."""
    pages = [_noisy(p, seed + i).point(lambda v: 255 if v > 150 else 0).convert("1")
             for i, p in enumerate(_draw_pages(doc))]  # fmt: skip
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", compression="group4", dpi=(200, 200), save_all=True,
                  append_images=pages[1:])  # fmt: skip
    return buffer.getvalue()


def text_pdf(doc: Document) -> bytes:
    """Return the document as a PDF with a text layer (fpdf2, DejaVu Serif)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("serif", "", FONT)
    pdf.add_font("serif", "B", FONT_BOLD)
    pdf.set_font("serif", size=11)
    pdf.add_page()
    v_lines, title = doc.subject_block()
    left = [*doc.left_header(), doc.number_line(), *v_lines]
    right = [*doc.right_header(), doc.date_line()]
    top = pdf.get_y()
    pdf.multi_cell(80, 6, "\n".join(left), align="C", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(95, top)
    pdf.multi_cell(100, 6, "\n".join(right), align="C")
    pdf.set_y(max(bottom, pdf.get_y()) + 4)
    for line in title:
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    for text in [*doc.recipients(), *doc.body]:
        pdf.multi_cell(0, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    top = pdf.get_y()
    pdf.multi_cell(90, 5, "\n".join(doc.distribution()), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(110, top)
    pdf.multi_cell(85, 6, "\n".join([*doc.signature[:-1], "", "", doc.signature[-1]]), align="C")
    return bytes(pdf.output())


def main() -> int:
    """Write every form of every source; OCR the scans unless --no-ocr is given."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    FORMS.mkdir(exist_ok=True)
    only = {arg.removeprefix("--only=") for arg in sys.argv if arg.startswith("--only=")}
    kinds = {arg.removeprefix("--form=") for arg in sys.argv if arg.startswith("--form=")}
    for n, (stem, (body_start, forms)) in enumerate(SOURCES.items()):
        if only and stem not in only:
            continue  # the seed of each scan is its place in SOURCES, so others stay as they are
        doc = Document(stem, body_start)
        for form in forms:
            if kinds and form not in kinds:
                continue
            if form == "text":
                (FORMS / f"{stem}.text.txt").write_text(plain_text(doc), encoding="utf-8")
            elif form == "docx":
                (FORMS / f"{stem}.docx").write_bytes(word_file(doc))
            elif form == "pdf":
                (FORMS / f"{stem}.pdf").write_bytes(text_pdf(doc))
            elif form == "scan":
                path = FORMS / f"{stem}.scan.tif"
                path.write_bytes(scan_pdf(doc, seed=n * 100))
                if "--no-ocr" not in sys.argv:
                    from loa.directives.reading import read_document

                    ocr = read_document(path).text
                    (FORMS / f"{stem}.scan.ocr.txt").write_text(ocr + "\n", encoding="utf-8")
            print(stem, form, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
