"""Reading a plain-text dispatch: its encoding found from the bytes, legacy fonts converted.

Plain text may be UTF-8, UTF-16 or one of the legacy 8-bit encodings (see legacy_encodings).
Lines of a .docx or PDF typed in a legacy font (.VnTime, VNI-Times) are converted by
`repair_legacy_lines`, which the Word and PDF readers call.
"""

from __future__ import annotations

import re

from loa.directives.file_formats import ReadDocument, binary_error, empty_error, format_signature
from loa.directives.legacy_encodings import LEGACY_DECODERS, decode_guessing, vietnamese_score
from loa.errors import DocumentError, EncodingError, Where
from loa.text import nfc

__all__ = ["converted_warning", "read_text", "repair_font_letters", "repair_legacy_lines"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_text(data: bytes, where: Where) -> ReadDocument:
    """Return a text file's content, its encoding found from the bytes themselves."""
    signature = format_signature(data)
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
        raise empty_error(where)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise binary_error(where)
    if encoding in _LEGACY_NAMES:
        warnings.append(converted_warning(encoding))
    text, font_warnings = repair_font_letters(text)
    return ReadDocument(
        text=text, source_format="txt", encoding=encoding, warnings=warnings + font_warnings
    )


_LEGACY_NAMES = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def converted_warning(encoding: str) -> str:
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
        raise binary_error(where)
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


# "BỘ TRƢỞNG": fonts converted from TCVN3 by old tools give "ư" as the Latin letter "oi" (ƣ),
# which no Vietnamese word holds.
_OI_FOR_U = str.maketrans("Ƣƣ", "Ưư")


def repair_font_letters(text: str) -> tuple[str, list[str]]:
    """Return `text` with the look-alike letter ƣ (oi) of badly converted fonts read as ư."""
    if "ƣ" not in text and "Ƣ" not in text:
        return text, []
    return nfc(text.translate(_OI_FOR_U)), [
        "Tệp dùng một chữ Latinh trông giống ư (chữ «oi» của phông chuyển mã sai); đã đọc "
        "thành ư, hãy soát lại. / The file uses a Latin letter that looks like ư (the «oi» of "
        "a badly converted font); read as ư, check it."
    ]


def repair_legacy_lines(text: str) -> tuple[str, list[str]]:
    """Return `text` with lines typed in a legacy font (.VnTime, VNI-Times) made Unicode.

    Word and PDF files store such lines as Windows-1252 letters ("Së Y tÕ"); they are turned
    back into bytes and read with the legacy encoding that fits them best. The look-alike ƣ of
    badly converted fonts is read as ư (`repair_font_letters`).
    """
    text, font_warnings = repair_font_letters(text)
    repaired, warnings = _repair_legacy_fonts(text)
    return repaired, font_warnings + warnings


def _repair_legacy_fonts(text: str) -> tuple[str, list[str]]:
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
    return ("\n".join(lines), [converted_warning(encoding)]) if changed else (text, [])


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


def _undecodable_error(where: Where, tried: str) -> EncodingError:
    return EncodingError(
        f"Không nhận ra bảng mã chữ Việt của tệp (đã thử {tried}). Hãy mở tệp, chuyển sang "
        "Unicode (ví dụ bằng Unikey) và lưu dạng UTF-8 rồi gửi lại.",
        f"Cannot recognise the Vietnamese encoding of the file (tried {tried}). Open it, "
        "convert it to Unicode (e.g. with Unikey), save it as UTF-8 and send it again.",
        where=where,
    )
