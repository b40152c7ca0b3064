"""Decree 30 / Guidance 36 layout shared by every DOCX Loa writes (reports, press releases).

Decree 30/2020/NĐ-CP (annex I) fixes the page (A4, margins top/bottom 20-25 mm, left 30-35 mm,
right 15-20 mm), the face (Times New Roman, Unicode) and the sizes of each component; the
helpers here apply them so that no document module repeats the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

__all__ = [
    "BODY_INDENT_CM",
    "BODY_SIZE",
    "FONT",
    "PARTY_MOTTO",
    "STATE_MOTTO",
    "STATE_SUBMOTTO",
    "HeaderBlock",
    "add_body_paragraph",
    "add_header",
    "add_para",
    "add_recipients_and_signer",
    "add_run",
    "new_decree30_document",
]

FONT = "Times New Roman"
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_SUBMOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_SIZE = 14
BODY_INDENT_CM = 1.27


def add_run(
    paragraph: Any,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    """Return a new run of `text` in Times New Roman at `size` points, added to `paragraph`."""
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    # East-Asian font slot too, so Word does not substitute another face for Vietnamese letters.
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def add_para(cell_or_doc: Any, align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> Any:
    """Return a new paragraph (no space after) in a document or a table cell."""
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _margin(mm: float) -> Any:
    """Return `mm` as whole twips rounded up: Word stores twips, and 15 mm rounded down
    (850 twips = 14.99 mm) would fall below Decree 30's minimum."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def new_decree30_document() -> Any:
    """Return an empty A4 portrait document with Decree 30 margins and a 14 pt Times body."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = _margin(20), _margin(20)
    section.left_margin, section.right_margin = _margin(30), _margin(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    return doc


@dataclass(frozen=True)
class HeaderBlock:
    """The two columns above a document: issuing body and number (left), motto and date (right).

    `number_line` is written as given ("Số:       /TC-SYT"); `place_date` is the full line
    ("Bắc Giang, ngày 04 tháng 11 năm 2021").
    """

    issuer: str
    number_line: str
    place_date: str
    issuer_parent: str | None = None
    party: bool = False


def add_header(doc: Any, header: HeaderBlock) -> Any:
    """Return the header table (issuer, number, motto, place and date) added to `doc`."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    if header.issuer_parent:
        add_run(left.paragraphs[0], header.issuer_parent.upper(), 13)
        add_run(add_para(left), header.issuer.upper(), 13, bold=True)
    else:
        add_run(left.paragraphs[0], header.issuer.upper(), 13, bold=True)
    if header.party:
        add_run(add_para(left), "*", 13)
    add_run(add_para(left), header.number_line, 13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if header.party:
        add_run(right.paragraphs[0], PARTY_MOTTO, 13, bold=True, underline=True)
    else:
        add_run(right.paragraphs[0], STATE_MOTTO, 12, bold=True)
        add_run(add_para(right), STATE_SUBMOTTO, 13, bold=True, underline=True)
    add_run(add_para(right), header.place_date, 14, italic=True)
    return table


def add_body_paragraph(doc: Any, text: str, *, space_before: float = 6) -> Any:
    """Return a justified 14 pt body paragraph with the 1.27 cm first-line indent."""
    body = add_para(doc, WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Cm(BODY_INDENT_CM)
    body.paragraph_format.space_before = Pt(space_before)
    add_run(body, text, BODY_SIZE)
    return body


def add_recipients_and_signer(
    doc: Any,
    recipients: Sequence[str],
    signer_lines: Sequence[tuple[str, bool, bool]],
) -> Any:
    """Return the footer table: "Nơi nhận:" (12 pt bold italic, entries 11 pt) and the signer.

    `signer_lines` are (text, bold, italic) lines, 14 pt, centred: authority, position, name.
    """
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    add_run(left.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True)
    for entry in recipients:
        add_run(add_para(left, WD_ALIGN_PARAGRAPH.LEFT), entry, 11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, (text, bold, italic) in enumerate(signer_lines):
        paragraph = right.paragraphs[0] if index == 0 else add_para(right)
        add_run(paragraph, text, 14, bold=bold, italic=italic)
    return table
