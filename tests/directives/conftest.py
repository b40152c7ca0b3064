"""Fixtures for reading dispatches: the seed text, and .docx / PDF / scan files built from it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

DISPATCHES = Path(__file__).resolve().parents[1] / "data" / "dispatches"
SEED = DISPATCHES / "01-bacgiang-427-cv-btgtu.txt"
# Debian's fonts-dejavu-core; DejaVu has every Vietnamese letter.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The founding dispatch 427-CV/BTGTU as UTF-8 text."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_dispatches() -> list[Path]:
    """The real dispatches kept as test data (UTF-8 text), the seed among them."""
    paths = sorted(DISPATCHES.glob("*.txt"))
    assert SEED in paths
    return paths


@pytest.fixture(scope="session")
def header_docx() -> bytes:
    """A .docx laid out like an official dispatch: a two-column header table, body, footer."""
    import docx

    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Trang 1 - Công văn 427-CV/BTGTU"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "TỈNH ỦY BẮC GIANG\nBAN TUYÊN GIÁO"
    table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    table.cell(1, 0).text = "Số 427-CV/BTGTU"
    table.cell(1, 1).text = "Bắc Giang, ngày 04 tháng 11 năm 2021"
    document.add_paragraph("V/v tăng cường công tác tuyên truyền phòng, chống dịch Covid-19")
    document.add_paragraph("1. Sở Thông tin và Truyền thông chỉ đạo hệ thống đài truyền thanh.")
    tasks = document.add_table(rows=1, cols=2)
    tasks.cell(0, 0).merge(tasks.cell(0, 1)).text = "Nơi nhận: Như trên"
    document.add_paragraph("K/T TRƯỞNG BAN")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def text_pdf() -> Callable[[list[str]], bytes]:
    """Build a PDF with a text layer, one page per string (lines split on newlines)."""
    from fpdf import FPDF

    def build(pages: list[str]) -> bytes:
        pdf = FPDF(format="A4")
        pdf.add_font("DejaVu", fname=str(DEJAVU))
        pdf.set_font("DejaVu", size=12)
        for content in pages:
            pdf.add_page()
            for line in content.split("\n"):
                pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())

    return build


@pytest.fixture(scope="session")
def scan_image() -> Callable[[list[str]], bytes]:
    """Build a PNG 'photo' of the given lines in a large black-on-white font."""
    from PIL import Image, ImageDraw, ImageFont

    def build(lines: list[str]) -> bytes:
        font = ImageFont.truetype(str(DEJAVU_BOLD), 44)
        image = Image.new("L", (1500, 90 * len(lines) + 80), color=255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(lines):
            draw.text((60, 40 + 90 * row), line, font=font, fill=0)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    return build


@pytest.fixture(scope="session")
def scanned_pdf(scan_image: Callable[[list[str]], bytes]) -> Callable[[list[str]], bytes]:
    """Build a PDF with no text layer: one page holding a picture of the lines."""
    from PIL import Image

    def build(lines: list[str]) -> bytes:
        image = Image.open(io.BytesIO(scan_image(lines)))
        out = io.BytesIO()
        # At 300 dpi the page is 12.7 cm wide and OCR renders it back at its own size.
        image.save(out, format="PDF", resolution=300)
        return out.getvalue()

    return build
