"""Reading a dispatch file (.txt, .docx, text or scanned PDF, photo) into Unicode text.

The file's extension names its format. A file with no extension, or one Loa does not know,
is named by its content instead (a PDF is a PDF whatever it is called) and read as text when
nothing else fits. A known extension that contradicts the content (a photo saved as .txt) is
an error that says what the file really is.

Each format has its reader: text_files (UTF-8, UTF-16 or a legacy 8-bit encoding, see
legacy_encodings), word_files (.docx) and pdf_ocr (PDF, and scans or photos through OCR).
Lines of a .docx or PDF typed in a legacy font (.VnTime, VNI-Times) are converted too.

Every problem with the file itself comes out as DocumentError, EncodingError or
OcrUnavailableError, in Vietnamese and English, naming the file and saying what to do.
"""

from __future__ import annotations

from pathlib import Path

from loa.directives.file_formats import ReadDocument, empty_error, sniff
from loa.directives.pdf_ocr import OCR_INSTALL_HINT, read_image, read_pdf
from loa.directives.text_files import read_text
from loa.directives.word_files import read_docx
from loa.errors import DocumentError, Where

__all__ = ["OCR_INSTALL_HINT", "ReadDocument", "read_bytes", "read_document"]

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})


def read_document(path: Path) -> ReadDocument:
    """Return the text of the dispatch file at `path`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            f"Không mở được tệp ({exc.strerror}). Hãy kiểm tra đường dẫn và quyền đọc tệp.",
            f"Cannot open the file ({exc.strerror}). Check the path and that it can be read.",
            where=Where(file=str(path)),
        ) from exc
    return read_bytes(data, str(path))


def read_bytes(data: bytes, filename: str) -> ReadDocument:
    """Return the text of a dispatch file given as bytes; `filename` picks the format."""
    where = Where(file=filename)
    if not data.strip():
        raise empty_error(where)
    extension = Path(filename).suffix.lower()
    kind = sniff(data)
    if extension == ".docx" or (extension not in TEXT_EXTENSIONS and kind == "zip"):
        return read_docx(data, where)
    if extension == ".pdf" or (extension not in TEXT_EXTENSIONS and kind == "pdf"):
        return read_pdf(data, where)
    if extension in IMAGE_EXTENSIONS or (extension not in TEXT_EXTENSIONS and kind == "image"):
        return read_image(data, where)
    return read_text(data, where)
