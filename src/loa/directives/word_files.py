"""Reading a Word (.docx) dispatch: header, body (paragraphs and tables in order) and footer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from loa.archives import check_archive
from loa.directives.file_formats import (
    ReadDocument,
    format_signature,
    no_text_error,
    wrong_format_error,
)
from loa.directives.text_files import repair_legacy_lines
from loa.directives.word_numbering import ListMarkers
from loa.errors import DocumentError, Where
from loa.text import nfc

__all__ = ["read_docx"]


def read_docx(data: bytes, where: Where) -> ReadDocument:
    """Return a .docx's header, body (paragraphs and tables in order) and footer text."""
    signature = format_signature(data)
    if signature is not None and signature[0] != "zip":
        raise wrong_format_error(where, "Word .docx", signature)
    import docx

    check_archive(data, where)
    try:
        document = docx.Document(io.BytesIO(data))
        markers = ListMarkers(document)
        lines = [*_docx_margins(document, "header", markers), *_docx_lines(document, markers)]
        lines += _docx_margins(document, "footer", markers)
    except Exception as exc:  # python-docx and zipfile raise many kinds for a broken file
        raise DocumentError(
            "Không đọc được tệp Word: tệp không phải .docx hoặc bị hỏng, thiếu (tải về chưa "
            "xong?). Hãy mở tệp bằng Word, lưu lại thành .docx rồi gửi lại.",
            "Cannot read the Word file: it is not a .docx, or it is damaged or cut short "
            "(download not finished?). Open it in Word, save it as .docx and send it again.",
            where=where,
        ) from exc
    text, warnings = repair_legacy_lines(nfc("\n".join(lines)).strip("\n"))
    if not text.strip():
        raise no_text_error(where)
    return ReadDocument(text=text, source_format="docx", warnings=warnings)


def _docx_lines(container: Any, markers: ListMarkers) -> Iterator[str]:
    """Yield the lines of a document, header/footer or table cell, tables read row by row.

    A paragraph Word numbers itself gets its marker back ("1. Sở Y tế ...", "a) ...").
    """
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        yield from _docx_lines(cell, markers)
        else:
            marker = markers.marker(block)
            yield f"{marker} {block.text.lstrip()}" if marker and block.text.strip() else block.text


def _docx_margins(document: Any, part: str, markers: ListMarkers) -> list[str]:
    """Return the lines of every distinct header (or footer) of the document's sections."""
    lines: list[str] = []
    seen: set[str] = set()
    for section in document.sections:
        for name in (f"first_page_{part}", part, f"even_page_{part}"):
            margin = getattr(section, name)
            if margin.is_linked_to_previous:
                continue
            text = "\n".join(_docx_lines(margin, markers)).strip("\n")
            if text.strip() and text not in seen:
                seen.add(text)
                lines.append(text)
    return lines
