"""What reading a dispatch file gives back, and what every format's reader shares.

A format is told from the file's first bytes (`format_signature`); the errors here are those
any reader may raise: a file empty, binary, without text, or not what its name says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loa.errors import DocumentError, Where

__all__ = [
    "ReadDocument",
    "binary_error",
    "empty_error",
    "format_signature",
    "no_text_error",
    "sniff",
    "wrong_format_error",
]

# Signatures of the binary formats people send by mistake, with their names in vi / en.
_SIGNATURES: tuple[tuple[bytes, str, str, str], ...] = (
    (b"%PDF-", "pdf", "tệp PDF", "a PDF file"),
    (b"PK\x03\x04", "zip", "tệp nén ZIP (hoặc .docx)", "a ZIP archive (or a .docx)"),
    (b"\x89PNG\r\n\x1a\n", "image", "ảnh PNG", "a PNG image"),
    (b"\xff\xd8\xff", "image", "ảnh JPEG", "a JPEG image"),
    (b"II*\x00", "image", "ảnh TIFF", "a TIFF image"),
    (b"MM\x00*", "image", "ảnh TIFF", "a TIFF image"),
    (b"GIF8", "image", "ảnh GIF", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "doc", "tệp Word cũ (.doc)", "an old Word file (.doc)"),
    (b"{\\rtf", "rtf", "tệp RTF", "an RTF file"),
)


@dataclass(frozen=True)
class ReadDocument:
    """The text of a dispatch file and how it was obtained."""

    text: str
    source_format: str  # "txt" | "docx" | "pdf" | "pdf-ocr" | "image-ocr"
    encoding: str | None = None  # for txt: "utf-8", "utf-16", "windows-1258", "tcvn3", "vni"
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None


def sniff(data: bytes) -> str | None:
    """Return the kind of binary format the bytes start with, or None."""
    signature = format_signature(data)
    return signature[0] if signature else None


def format_signature(data: bytes) -> tuple[str, str, str] | None:
    """Return (kind, Vietnamese name, English name) of the format the bytes start with."""
    for magic, kind, vi_name, en_name in _SIGNATURES:
        # The PDF standard lets the header start anywhere in the first kilobyte.
        if data.startswith(magic) or (kind == "pdf" and magic in data[:1024]):
            return kind, vi_name, en_name
    return None


def wrong_format_error(
    where: Where, expected: str, signature: tuple[str, str, str] | None
) -> DocumentError:
    """Return the error for a file named as `expected` whose bytes say it is something else."""
    vi_actual, en_actual = (signature[1], signature[2]) if signature else ("không rõ", "unknown")
    return DocumentError(
        f"Tệp có đuôi {expected} nhưng nội dung không phải {expected} (có vẻ là: {vi_actual}). "
        "Hãy đặt lại đuôi tệp cho đúng, hoặc mở tệp và lưu lại đúng định dạng.",
        f"The file is named as {expected} but is not one (it looks like: {en_actual}). Give it "
        "the right extension, or open it and save it in the right format.",
        where=where,
    )


def empty_error(where: Where) -> DocumentError:
    """Return the error for a file with nothing in it."""
    return DocumentError(
        "Tệp rỗng, không có nội dung. Hãy kiểm tra tệp đã được lưu đầy đủ rồi gửi lại.",
        "The file is empty. Check that it was saved completely and send it again.",
        where=where,
    )


def binary_error(where: Where) -> DocumentError:
    """Return the error for a file that holds binary data, not text."""
    return DocumentError(
        "Tệp không phải văn bản (chứa dữ liệu nhị phân). Hãy gửi công văn dạng .docx, .pdf, "
        ".txt hoặc ảnh chụp .png/.jpg.",
        "The file is not text (it holds binary data). Send the dispatch as .docx, .pdf, .txt "
        "or a .png/.jpg photo.",
        where=where,
    )


def no_text_error(where: Where) -> DocumentError:
    """Return the error for a document in which no text could be read."""
    return DocumentError(
        "Tệp không có chữ nào đọc được. Hãy kiểm tra đã gửi đúng tệp công văn chưa.",
        "No readable text was found in the file. Check that it is the right dispatch file.",
        where=where,
    )
