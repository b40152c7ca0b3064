"""The press release reads back with the Decree 30 layout, in DOCX and in PDF."""

from __future__ import annotations

import io
from typing import Any

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from loa.bulletins.content import Bulletin
from loa.bulletins.issuer import IssuerProfile
from loa.bulletins.press import press_docx, press_html, press_paragraphs, press_pdf
from loa.bulletins.rendering import template_env

EMU_PER_MM = 36_000
EMU_PER_PT = 12_700


@pytest.fixture
def read_back(bulletin: Bulletin, issuer: IssuerProfile) -> Any:
    paragraphs = press_paragraphs(template_env(), bulletin, issuer, "vi")
    buffer = io.BytesIO()
    press_docx(bulletin, paragraphs, issuer, "vi", number="12").save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def _runs(doc: Any) -> list[Any]:
    cells = [c for t in doc.tables for row in t.rows for c in row.cells]
    paragraphs = list(doc.paragraphs) + [p for c in cells for p in c.paragraphs]
    return [r for p in paragraphs for r in p.runs if r.text.strip()]


def _run_with(doc: Any, text: str) -> Any:
    return next(r for r in _runs(doc) if text in r.text)


def test_docx_page_is_a4_with_decree_30_margins(read_back: Any) -> None:
    section = read_back.sections[0]
    assert (round(section.page_width / EMU_PER_MM), round(section.page_height / EMU_PER_MM)) == (
        210,
        297,
    )
    assert 20 <= section.top_margin / EMU_PER_MM <= 25
    assert 20 <= section.bottom_margin / EMU_PER_MM <= 25
    assert 30 <= section.left_margin / EMU_PER_MM <= 35
    assert 15 <= section.right_margin / EMU_PER_MM <= 20


def test_docx_uses_times_new_roman_at_the_decree_sizes(read_back: Any) -> None:
    assert {r.font.name for r in _runs(read_back)} == {"Times New Roman"}
    motto = _run_with(read_back, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert motto.bold and 12 <= motto.font.size / EMU_PER_PT <= 13
    subtitle = _run_with(read_back, "Độc lập - Tự do - Hạnh phúc")
    assert subtitle.bold and subtitle.underline
    place = _run_with(read_back, "Bắc Giang, ngày 25 tháng 5 năm 2021")
    assert place.italic
    to = _run_with(read_back, "Nơi nhận:")
    assert to.bold and to.italic and to.font.size / EMU_PER_PT == 12
    entry = _run_with(read_back, "Lưu: VT")
    assert entry.font.size / EMU_PER_PT == 11


def test_docx_body_is_justified_14pt_with_first_line_indent(
    read_back: Any, bulletin: Bulletin
) -> None:
    body = [p for p in read_back.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert len(body) >= 3
    assert "Tính đến hết ngày 25 tháng 5 năm 2021" in body[0].text
    for paragraph in body:
        indent_cm = paragraph.paragraph_format.first_line_indent / 360_000
        assert 1.0 <= indent_cm <= 1.27
        assert all(13 <= r.font.size / EMU_PER_PT <= 14 for r in paragraph.runs)


def test_docx_header_carries_issuer_number_and_symbol(read_back: Any) -> None:
    left = read_back.tables[0].rows[0].cells[0].text
    assert "UBND TỈNH BẮC GIANG" in left and "SỞ Y TẾ" in left
    assert "Số: 12/TC-SYT" in left
    assert "THÔNG CÁO BÁO CHÍ" in [p.text for p in read_back.paragraphs]


def test_pdf_is_a4_in_a_times_metric_serif(bulletin: Bulletin, issuer: IssuerProfile) -> None:
    env = template_env()
    paragraphs = press_paragraphs(env, bulletin, issuer, "vi")
    pdf = press_pdf(press_html(env, bulletin, paragraphs, issuer, "vi"))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        text = page.extract_text()
        fonts = {c["fontname"].split("+")[-1] for c in page.chars}
        left_edge = min(c["x0"] for c in page.chars)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Quang Châu" in text
    assert all("Serif" in f or "Times" in f for f in fonts)
    assert left_edge >= 30 / 25.4 * 72 - 1  # nothing inside the 30 mm left margin


def test_english_body_comes_from_the_english_template(
    bulletin: Bulletin, issuer: IssuerProfile
) -> None:
    paragraphs = press_paragraphs(template_env(), bulletin, issuer, "en")
    assert paragraphs[0].startswith("As of the end of 25 May 2021")
