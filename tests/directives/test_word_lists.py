"""Word files whose item markers Word draws itself (automatic numbering, bullets)."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml import parse_xml

from loa.directives.parse import parse_dispatch
from loa.directives.reading import read_bytes

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
    "Số: 12/UBND-VX",
    "Kính gửi: Các sở, ngành",
    "Để phòng, chống dịch, Ủy ban nhân dân tỉnh yêu cầu:",
]


def _docx(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _lettered_list(document: Any) -> str:
    """Add a list drawn "a)", "b)" to the document's numbering; return its id."""
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {_W} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {_W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _number(paragraph: Any, num_id: str) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {_W}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_items_word_numbers_itself_keep_their_numbers_and_agencies() -> None:
    document = docx.Document()
    for line in HEADER:
        document.add_paragraph(line)
    document.add_paragraph("Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra.", "List Number")
    document.add_paragraph("Tuyên truyền trên các phương tiện.", "List Bullet")
    document.add_paragraph("Công an tỉnh tăng cường tuần tra.", "List Number")
    read = read_bytes(_docx(document), "12.docx")
    assert read.text.split("\n")[4:] == [
        "1. Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra.",
        "- Tuyên truyền trên các phương tiện.",
        "2. Công an tỉnh tăng cường tuần tra.",
    ]
    tasks = parse_dispatch(read.text).to_json()["tasks"]
    assert [[a["name"] for a in t["assignees"]] for t in tasks] == [
        ["Sở Y tế", "Sở Tài chính"],
        ["Công an tỉnh"],
    ]


def test_lettered_points_word_draws_keep_their_letters() -> None:
    document = docx.Document()
    for line in HEADER:
        document.add_paragraph(line)
    letters = _lettered_list(document)
    for text in ("Sở Y tế hướng dẫn các cơ sở.", "Sở Tài chính bố trí kinh phí."):
        _number(document.add_paragraph(text), letters)
    read = read_bytes(_docx(document), "12.docx")
    assert read.text.split("\n")[4:] == [
        "a) Sở Y tế hướng dẫn các cơ sở.",
        "b) Sở Tài chính bố trí kinh phí.",
    ]
    assert len(parse_dispatch(read.text).to_json()["tasks"]) == 2
