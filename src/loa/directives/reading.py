"""Reading a dispatch file (.txt, .docx, text or scanned PDF, photo) into Unicode text.

The file's extension names its format. A file with no extension, or one Loa does not know,
is named by its content instead (a PDF is a PDF whatever it is called) and read as text when
nothing else fits. A known extension that contradicts the content (a photo saved as .txt) is
an error that says what the file really is.

Plain text may be UTF-8, UTF-16 or one of the legacy 8-bit encodings (see legacy_encodings);
lines of a .docx or PDF typed in a legacy font (.VnTime, VNI-Times) are converted too.

Every problem with the file itself comes out as DocumentError, EncodingError or
OcrUnavailableError, in Vietnamese and English, naming the file and saying what to do.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loa.directives.legacy_encodings import (
    LEGACY_DECODERS,
    decode_guessing,
    vietnamese_score,
)
from loa.errors import DocumentError, EncodingError, OcrUnavailableError, Where
from loa.text import nfc

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["OCR_INSTALL_HINT", "ReadDocument", "read_bytes", "read_document"]

OCR_INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
# A PDF page with fewer characters than this but with a picture on it is taken as a scan.
MIN_TEXT_CHARS_PER_PAGE = 30
OCR_RESOLUTION = 300
OCR_TIMEOUT_S = 300

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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadDocument:
    """The text of a dispatch file and how it was obtained."""

    text: str
    source_format: str  # "txt" | "docx" | "pdf" | "pdf-ocr" | "image-ocr"
    encoding: str | None = None  # for txt: "utf-8", "utf-16", "windows-1258", "tcvn3", "vni"
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None


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
        raise _empty_error(where)
    extension = Path(filename).suffix.lower()
    kind = _sniff(data)
    if extension == ".docx" or (extension not in TEXT_EXTENSIONS and kind == "zip"):
        return _read_docx(data, where)
    if extension == ".pdf" or (extension not in TEXT_EXTENSIONS and kind == "pdf"):
        return _read_pdf(data, where)
    if extension in IMAGE_EXTENSIONS or (extension not in TEXT_EXTENSIONS and kind == "image"):
        return _read_image(data, where)
    return _read_text(data, where)


# --- plain text --------------------------------------------------------------------------------


def _read_text(data: bytes, where: Where) -> ReadDocument:
    """Return a text file's content, its encoding found from the bytes themselves."""
    signature = _signature(data)
    if signature is not None:
        _, vi_name, en_name = signature
        raise DocumentError(
            f"Tệp này không phải văn bản thuần mà là {vi_name}. Hãy đặt lại đuôi tệp cho đúng "
            "(.pdf, .docx, .png, .jpg) hoặc mở tệp và lưu thành .docx/.txt rồi gửi lại.",
            f"This file is not plain text but {en_name}. Give it the right extension (.pdf, "
            ".docx, .png, .jpg), or open it and save it as .docx/.txt, then send it again.",
            where=where,
        )
    text, encoding, warnings = _decode_text(data, where)
    text = nfc(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise _empty_error(where)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise _binary_error(where)
    if encoding in _LEGACY_NAMES:
        warnings.append(_converted_warning(encoding))
    return ReadDocument(text=text, source_format="txt", encoding=encoding, warnings=warnings)


_LEGACY_NAMES = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def _converted_warning(encoding: str) -> str:
    """Return the warning that text was converted from a legacy encoding."""
    name = _LEGACY_NAMES[encoding]
    return (
        f"Đã chuyển từ mã {name} sang Unicode; hãy soát lại chữ hoa có dấu. / "
        f"Converted from {name} to Unicode; check capital letters with tone marks."
    )


def _decode_text(data: bytes, where: Where) -> tuple[str, str, list[str]]:
    """Return (text, encoding name, warnings): Unicode by its marks, else the best 8-bit reading."""
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), "utf-16", []
        except UnicodeDecodeError as exc:
            raise _undecodable_error(where, "UTF-16") from exc
    if b"\x00" in data:
        raise _binary_error(where)
    text = data.decode("utf-8-sig", errors="replace")
    damaged = text.count("\ufffd")
    if not damaged:
        return text, "utf-8", []
    # A UTF-8 file with a byte or two damaged (a bad copy) is still UTF-8: legacy 8-bit text
    # breaks UTF-8 at nearly every accented letter.
    if damaged <= max(2, len(text) // 1000) and _count_non_ascii(text) >= 20 * damaged:
        return text, "utf-8", [_damaged_warning(damaged)]
    try:
        decoded, encoding = decode_guessing(data)
    except ValueError as exc:
        raise _undecodable_error(where, "UTF-8, UTF-16, Windows-1258, TCVN3, VNI") from exc
    return decoded, encoding, []


def _count_non_ascii(text: str) -> int:
    """Return how many characters of `text` are non-ASCII and not the replacement mark."""
    return sum(not ch.isascii() and ch != "\ufffd" for ch in text)


def _damaged_warning(count: int) -> str:
    """Return the warning that `count` damaged UTF-8 sequences were replaced."""
    return (
        f"Tệp UTF-8 có {count} chỗ hỏng, đã thay bằng ký tự \ufffd; hãy soát lại. / "
        f"The UTF-8 file has {count} damaged byte sequence(s), shown as \ufffd; check them."
    )


def _repair_legacy_lines(text: str) -> tuple[str, list[str]]:
    """Return `text` with lines typed in a legacy font (.VnTime, VNI-Times) made Unicode.

    Word and PDF files store such lines as Windows-1252 letters ("Së Y tÕ"); they are turned
    back into bytes and read with the legacy encoding that fits them best.
    """
    lines = text.split("\n")
    suspects: dict[int, bytes] = {}
    for index, line in enumerate(lines):
        if line.isascii() or vietnamese_score(line) >= 1.0:
            continue
        try:
            suspects[index] = line.encode("cp1252")
        except UnicodeEncodeError:
            continue
    if not suspects:
        return text, []
    try:
        _, encoding = decode_guessing(b"\n".join(suspects.values()))
    except ValueError:
        return text, []
    decode = LEGACY_DECODERS[encoding]
    changed = False
    for index, raw in suspects.items():
        converted = decode(raw)
        if vietnamese_score(converted) > vietnamese_score(lines[index]):
            lines[index] = converted
            changed = True
    return ("\n".join(lines), [_converted_warning(encoding)]) if changed else (text, [])


def _utf16_codec(data: bytes) -> str | None:
    """Return the UTF-16 codec name if the bytes are UTF-16 (by BOM or by zero bytes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(data) % 2:
        return None
    pairs = len(data) // 2
    # Text in a Latin script is mostly code points below 0x100: one zero byte in each pair.
    if data[1::2].count(0) > pairs * 0.3 and data[0::2].count(0) < pairs * 0.05:
        return "utf-16-le"
    if data[0::2].count(0) > pairs * 0.3 and data[1::2].count(0) < pairs * 0.05:
        return "utf-16-be"
    return None


# --- Word --------------------------------------------------------------------------------------


def _read_docx(data: bytes, where: Where) -> ReadDocument:
    """Return a .docx's header, body (paragraphs and tables in order) and footer text."""
    signature = _signature(data)
    if signature is not None and signature[0] != "zip":
        raise _wrong_format_error(where, "Word .docx", signature)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [*_docx_margins(document, "header"), *_docx_lines(document)]
        lines += _docx_margins(document, "footer")
    except Exception as exc:  # python-docx and zipfile raise many kinds for a broken file
        raise DocumentError(
            "Không đọc được tệp Word: tệp không phải .docx hoặc bị hỏng, thiếu (tải về chưa "
            "xong?). Hãy mở tệp bằng Word, lưu lại thành .docx rồi gửi lại.",
            "Cannot read the Word file: it is not a .docx, or it is damaged or cut short "
            "(download not finished?). Open it in Word, save it as .docx and send it again.",
            where=where,
        ) from exc
    text, warnings = _repair_legacy_lines(nfc("\n".join(lines)).strip("\n"))
    if not text.strip():
        raise _no_text_error(where)
    return ReadDocument(text=text, source_format="docx", warnings=warnings)


def _docx_lines(container: Any) -> Iterator[str]:
    """Yield the lines of a document, header/footer or table cell, tables read row by row."""
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        yield from _docx_lines(cell)
        else:
            yield block.text


def _docx_margins(document: Any, part: str) -> list[str]:
    """Return the lines of every distinct header (or footer) of the document's sections."""
    lines: list[str] = []
    seen: set[str] = set()
    for section in document.sections:
        for name in (f"first_page_{part}", part, f"even_page_{part}"):
            margin = getattr(section, name)
            if margin.is_linked_to_previous:
                continue
            text = "\n".join(_docx_lines(margin)).strip("\n")
            if text.strip() and text not in seen:
                seen.add(text)
                lines.append(text)
    return lines


# --- PDF and OCR -------------------------------------------------------------------------------


def _read_pdf(data: bytes, where: Where) -> ReadDocument:
    """Return a PDF's text page by page, reading scanned pages with OCR."""
    signature = _signature(data)
    if signature is None or signature[0] != "pdf":
        raise _wrong_format_error(where, "PDF", signature)
    # pdfminer reads what it can of a cut-short file; a download that stopped half-way must
    # not pass for a short dispatch.
    if b"%%EOF" not in data[-2048:]:
        raise _broken_pdf_error(where, None)
    import pdfplumber

    texts: list[str] = []
    ocr_pages: list[int] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                if _needs_ocr(text, has_images=bool(page.images)):
                    image = page.to_image(resolution=OCR_RESOLUTION).original
                    text = _ocr([image], where)
                    ocr_pages.append(number)
                texts.append(text)
    except (OcrUnavailableError, DocumentError):
        raise
    except Exception as exc:  # pdfminer raises many kinds for a broken or locked file
        raise _broken_pdf_error(where, exc) from exc
    text, warnings = _repair_legacy_lines(nfc("\n".join(texts)).strip("\n"))
    if not text.strip():
        raise _no_text_error(where)
    warnings += [_ocr_warning(ocr_pages)] if ocr_pages else []
    source = "pdf-ocr" if ocr_pages else "pdf"
    return ReadDocument(text=text, source_format=source, warnings=warnings, pages=len(texts))


def _needs_ocr(text: str, *, has_images: bool) -> bool:
    """Return True for a page that is a picture, or whose font has no map to Unicode."""
    if len(text.strip()) < MIN_TEXT_CHARS_PER_PAGE:
        return has_images
    # pdfminer writes "(cid:NN)" for a glyph it cannot name: old Vietnamese fonts often.
    return text.count("(cid:") * 20 > len(text.split())


def _read_image(data: bytes, where: Where) -> ReadDocument:
    """Return the OCR text of a photo or scan (every frame of a multi-page TIFF)."""
    from PIL import Image, ImageSequence

    try:
        with Image.open(io.BytesIO(data)) as picture:
            frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
    except Exception as exc:  # Pillow raises many kinds for a broken or unknown image
        raise DocumentError(
            "Không đọc được ảnh: tệp không phải ảnh PNG/JPEG/TIFF hoặc bị hỏng. Hãy chụp hoặc "
            "quét lại văn bản và gửi tệp .png, .jpg hoặc .pdf.",
            "Cannot read the image: it is not a PNG/JPEG/TIFF or it is damaged. Photograph or "
            "scan the document again and send a .png, .jpg or .pdf.",
            where=where,
        ) from exc
    text = nfc(_ocr(frames, where)).strip("\n")
    if not text.strip():
        raise _no_text_error(where)
    pages = list(range(1, len(frames) + 1))
    return ReadDocument(
        text=text, source_format="image-ocr", warnings=[_ocr_warning(pages)], pages=len(frames)
    )


def _ocr(images: Iterable[Image], where: Where) -> str:
    """Return the Vietnamese text Tesseract reads in the images, joined with newlines."""
    import pytesseract

    texts = []
    for image in images:
        try:
            texts.append(
                pytesseract.image_to_string(image, lang="vie", timeout=OCR_TIMEOUT_S).strip("\n")
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise _ocr_unavailable(where, "Tesseract") from exc
        except pytesseract.TesseractError as exc:
            if "vie" in str(exc) and "language" in str(exc).lower():
                raise _ocr_unavailable(where, "vie") from exc
            raise DocumentError(
                "Không nhận dạng được chữ trong ảnh (OCR lỗi). Hãy quét lại rõ hơn hoặc gửi "
                "bản .docx/.pdf có chữ.",
                "Text recognition (OCR) failed on the image. Scan it again more clearly, or "
                "send a .docx or a PDF with text.",
                where=where,
            ) from exc
        except RuntimeError as exc:  # pytesseract's timeout
            raise DocumentError(
                "Nhận dạng chữ (OCR) quá lâu và đã dừng. Hãy gửi ảnh nhỏ hơn hoặc bản có chữ.",
                "Text recognition (OCR) took too long and was stopped. Send a smaller image "
                "or a version with text.",
                where=where,
            ) from exc
    return "\n".join(texts)


def _ocr_warning(pages: list[int]) -> str:
    """Return the warning that text on `pages` came from OCR and must be checked."""
    numbers = ", ".join(str(p) for p in pages)
    return (
        f"Chữ ở trang {numbers} được nhận dạng từ ảnh (OCR); hãy soát lại số, ngày và dấu. / "
        f"Text on page(s) {numbers} was recognised from an image (OCR); check numbers, dates "
        "and tone marks."
    )


# --- errors ------------------------------------------------------------------------------------


def _sniff(data: bytes) -> str | None:
    """Return the kind of binary format the bytes start with, or None."""
    signature = _signature(data)
    return signature[0] if signature else None


def _signature(data: bytes) -> tuple[str, str, str] | None:
    """Return (kind, Vietnamese name, English name) of the format the bytes start with."""
    for magic, kind, vi_name, en_name in _SIGNATURES:
        # The PDF standard lets the header start anywhere in the first kilobyte.
        if data.startswith(magic) or (kind == "pdf" and magic in data[:1024]):
            return kind, vi_name, en_name
    return None


def _wrong_format_error(
    where: Where, expected: str, signature: tuple[str, str, str] | None
) -> DocumentError:
    vi_actual, en_actual = (signature[1], signature[2]) if signature else ("không rõ", "unknown")
    return DocumentError(
        f"Tệp có đuôi {expected} nhưng nội dung không phải {expected} (có vẻ là: {vi_actual}). "
        "Hãy đặt lại đuôi tệp cho đúng, hoặc mở tệp và lưu lại đúng định dạng.",
        f"The file is named as {expected} but is not one (it looks like: {en_actual}). Give it "
        "the right extension, or open it and save it in the right format.",
        where=where,
    )


def _broken_pdf_error(where: Where, exc: Exception | None) -> DocumentError:
    if exc is not None and "password" in f"{type(exc).__name__} {exc}".lower():
        return DocumentError(
            "Tệp PDF có mật khẩu. Hãy gỡ mật khẩu (in ra PDF mới) rồi gửi lại.",
            "The PDF is password-protected. Remove the password (print to a new PDF) and "
            "send it again.",
            where=where,
        )
    return DocumentError(
        "Không đọc được tệp PDF: tệp bị hỏng hoặc thiếu (tải về chưa xong?). Hãy tải lại "
        "hoặc xuất lại tệp PDF rồi gửi lại.",
        "Cannot read the PDF: it is damaged or cut short (download not finished?). Download "
        "or export it again and send it again.",
        where=where,
    )


def _empty_error(where: Where) -> DocumentError:
    return DocumentError(
        "Tệp rỗng, không có nội dung. Hãy kiểm tra tệp đã được lưu đầy đủ rồi gửi lại.",
        "The file is empty. Check that it was saved completely and send it again.",
        where=where,
    )


def _binary_error(where: Where) -> DocumentError:
    return DocumentError(
        "Tệp không phải văn bản (chứa dữ liệu nhị phân). Hãy gửi công văn dạng .docx, .pdf, "
        ".txt hoặc ảnh chụp .png/.jpg.",
        "The file is not text (it holds binary data). Send the dispatch as .docx, .pdf, .txt "
        "or a .png/.jpg photo.",
        where=where,
    )


def _undecodable_error(where: Where, tried: str) -> EncodingError:
    return EncodingError(
        f"Không nhận ra bảng mã chữ Việt của tệp (đã thử {tried}). Hãy mở tệp, chuyển sang "
        "Unicode (ví dụ bằng Unikey) và lưu dạng UTF-8 rồi gửi lại.",
        f"Cannot recognise the Vietnamese encoding of the file (tried {tried}). Open it, "
        "convert it to Unicode (e.g. with Unikey), save it as UTF-8 and send it again.",
        where=where,
    )


def _no_text_error(where: Where) -> DocumentError:
    return DocumentError(
        "Tệp không có chữ nào đọc được. Hãy kiểm tra đã gửi đúng tệp công văn chưa.",
        "No readable text was found in the file. Check that it is the right dispatch file.",
        where=where,
    )


def _ocr_unavailable(where: Where, missing: str) -> OcrUnavailableError:
    what_vi = "chương trình Tesseract" if missing == "Tesseract" else "bộ nhận dạng tiếng Việt"
    what_en = "the Tesseract program" if missing == "Tesseract" else "its Vietnamese model"
    return OcrUnavailableError(
        f"Tệp là bản quét nên cần nhận dạng chữ (OCR), nhưng máy chưa có {what_vi}. "
        f"Hãy cài bằng lệnh: {OCR_INSTALL_HINT}",
        f"The file is a scan and needs text recognition (OCR), but {what_en} is not "
        f"installed. Install it with: {OCR_INSTALL_HINT}",
        where=where,
    )
