"""Reading a PDF dispatch page by page, and scans and photos through OCR (Tesseract, Vietnamese).

A PDF page with text is read as text; a page that is a picture, or whose font has no map to
Unicode, is rendered and read by OCR. Text that came from OCR carries a warning to check it.

Scans are despeckled (a 3x3 median filter) before OCR. Both keep the page's layout in spaces: words far apart on a line (the issuing body and the
motto, "Nơi nhận" and the signature) stay apart by a wide gap, and a line that starts in the
right half of the page is indented, so `layout.layout_lines` can give the columns back one by
one. Lines are dedented and blank runs squeezed to one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from loa.directives.file_formats import (
    ReadDocument,
    format_signature,
    no_text_error,
    wrong_format_error,
)
from loa.directives.text_files import repair_legacy_lines
from loa.errors import DocumentError, OcrUnavailableError, Where
from loa.text import nfc

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["OCR_INSTALL_HINT", "read_image", "read_pdf"]

OCR_INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
# A PDF page with fewer characters than this but with a picture on it is taken as a scan.
MIN_TEXT_CHARS_PER_PAGE = 30
OCR_RESOLUTION = 300
OCR_TIMEOUT_S = 300


def read_pdf(data: bytes, where: Where) -> ReadDocument:
    """Return a PDF's text page by page, reading scanned pages with OCR."""
    signature = format_signature(data)
    if signature is None or signature[0] != "pdf":
        raise wrong_format_error(where, "PDF", signature)
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
                text = _tidy(page.extract_text(layout=True) or "")
                if _needs_ocr(text, has_images=bool(page.images)):
                    image = page.to_image(resolution=OCR_RESOLUTION).original
                    text = _ocr([image], where)
                    ocr_pages.append(number)
                texts.append(text)
    except (OcrUnavailableError, DocumentError):
        raise
    except Exception as exc:  # pdfminer raises many kinds for a broken or locked file
        raise _broken_pdf_error(where, exc) from exc
    text, warnings = repair_legacy_lines(nfc("\n".join(texts)).strip("\n"))
    if not text.strip():
        raise no_text_error(where)
    warnings += [_ocr_warning(ocr_pages)] if ocr_pages else []
    source = "pdf-ocr" if ocr_pages else "pdf"
    return ReadDocument(text=text, source_format=source, warnings=warnings, pages=len(texts))


def _tidy(text: str) -> str:
    """Return layout text without trailing spaces, common indent or runs of blank lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    out: list[str] = []
    for line in lines:
        line = line[indent:]
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _needs_ocr(text: str, *, has_images: bool) -> bool:
    """Return True for a page that is a picture, or whose font has no map to Unicode."""
    if len(text.strip()) < MIN_TEXT_CHARS_PER_PAGE:
        return has_images
    # pdfminer writes "(cid:NN)" for a glyph it cannot name: old Vietnamese fonts often.
    return text.count("(cid:") * 20 > len(text.split())


def read_image(data: bytes, where: Where) -> ReadDocument:
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
        raise no_text_error(where)
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
            data = pytesseract.image_to_data(
                _despeckled(image),
                lang="vie",
                timeout=OCR_TIMEOUT_S,
                output_type=pytesseract.Output.DICT,
            )
            texts.append(_layout_text(data, image.width))
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


def _despeckled(image: Image) -> Image:
    """Return the page in grey with specks of dust and toner smoothed away (3x3 median)."""
    from PIL import ImageFilter

    return image.convert("L").filter(ImageFilter.MedianFilter(3))


# A gap between two words wider than this many line heights separates two columns.
_COLUMN_GAP = 1.5
# A line starting this far across the page belongs to the right column.
_RIGHT_HALF = 0.45


def _layout_text(data: dict[str, list[Any]], page_width: int) -> str:
    """Return Tesseract's words as lines, wide gaps and right-half starts kept as spaces."""
    rows: dict[tuple[int, int, int], list[tuple[int, int, int, str]]] = {}
    for i, word in enumerate(data["text"]):
        if not str(word).strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        rows.setdefault(key, []).append(
            (data["left"][i], data["width"][i], data["height"][i], str(word))
        )
    # Where the right column starts: the left edge of lines that start in the right half, or
    # of words after a wide gap ("Nơi nhận:      K/T TRƯỞNG BAN").
    right: list[int] = []
    for words in rows.values():
        ordered = sorted(words)
        height = sorted(w[2] for w in ordered)[len(ordered) // 2]
        if ordered[0][0] > page_width * _RIGHT_HALF:
            right.append(ordered[0][0])
        for a, b in pairwise(ordered):
            if b[0] - (a[0] + a[1]) > _COLUMN_GAP * height and b[0] > page_width * 0.3:
                right.append(b[0])
    column_x = min(right) if right else None
    lines: list[str] = []
    previous: tuple[int, int] | None = None
    for key, words in rows.items():
        if previous is not None and previous != key[:2]:
            lines.append("")
        previous = key[:2]
        words.sort()
        height = sorted(w[2] for w in words)[len(words) // 2]
        words = _split_across(words, column_x, height)
        text = " " * 40 if words[0][0] > page_width * _RIGHT_HALF else ""
        for n, (left, _, _, word) in enumerate(words):
            if n:
                end = words[n - 1][0] + words[n - 1][1]
                gap = left - end
                crosses = (
                    column_x is not None and end < column_x - height <= left - 2 * height
                ) or (column_x is not None and end < column_x <= left and gap > 0.6 * height)
                text += "      " if gap > _COLUMN_GAP * height or crosses else " "
            text += word
        lines.append(text)
    return "\n".join(lines)


def _split_across(
    words: list[tuple[int, int, int, str]], column_x: int | None, height: int
) -> list[tuple[int, int, int, str]]:
    """Return the words with one run across the column gap ("tỉnh;Lê") cut in two."""
    if column_x is None:
        return words
    out: list[tuple[int, int, int, str]] = []
    for left, width, h, word in words:
        cut = re.search(r"[;,.](?=[A-ZĐÀ-Ỹ])", word)
        if cut and left < column_x - height and left + width > column_x + height:
            out.append((left, column_x - 2 * height - left, h, word[: cut.end()]))
            out.append((column_x, left + width - column_x, h, word[cut.end() :]))
        else:
            out.append((left, width, h, word))
    return out


def _ocr_warning(pages: list[int]) -> str:
    """Return the warning that text on `pages` came from OCR and must be checked."""
    numbers = ", ".join(str(p) for p in pages)
    return (
        f"Chữ ở trang {numbers} được nhận dạng từ ảnh (OCR); hãy soát lại số, ngày và dấu. / "
        f"Text on page(s) {numbers} was recognised from an image (OCR); check numbers, dates "
        "and tone marks."
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
