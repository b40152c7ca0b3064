"""Reading dispatch files: encodings of plain text, Word, text and scanned PDF, bad input."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytesseract
import pytest

from loa.directives.legacy_encodings import (
    decode_tcvn3,
    decode_vni,
    decode_windows_1258,
    encode_tcvn3,
    encode_vni,
    encode_windows_1258,
    is_vietnamese_syllable,
    vietnamese_letters,
)
from loa.directives.reading import OCR_INSTALL_HINT, read_bytes, read_document
from loa.errors import DocumentError, EncodingError, LoaError, OcrUnavailableError

LEGACY = {"windows-1258": encode_windows_1258, "tcvn3": encode_tcvn3, "vni": encode_vni}
ALL_LETTERS = vietnamese_letters()
SHORT_TEXTS = [
    "Kính gửi: Sở Y tế\nĐề nghị các đơn vị thực hiện.",
    "TỈNH ỦY BẮC GIANG\nBAN TUYÊN GIÁO",
    "Số 427 - CV/BTGTU",
    "V/v tăng cường công tác tuyên truyền\nphòng, chống dịch Covid-19",
    "Bắc Giang, ngày 04 tháng 11 năm 2021",
    "Nơi nhận:\n- Như trên,\n- Lưu Văn thư.",
]


# --- the legacy tables -------------------------------------------------------------------------


def test_there_are_134_vietnamese_letters_beyond_ascii() -> None:
    assert len(set(ALL_LETTERS)) == 134
    assert {"đ", "Đ", "ặ", "Ặ", "ỵ", "Ỵ", "ữ", "Ữ"} <= set(ALL_LETTERS)


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_and_windows_1258_round_trip_every_letter(letter: str) -> None:
    assert decode_vni(encode_vni(letter)) == letter
    assert decode_windows_1258(encode_windows_1258(letter)) == letter


def test_tcvn3_round_trips_small_letters_and_its_seven_capitals() -> None:
    writable = [ch for ch in ALL_LETTERS if ch.islower()] + list("ĂÂÊÔƠƯĐ")
    for letter in writable:
        assert decode_tcvn3(encode_tcvn3(letter)) == letter, letter
    assert len({encode_tcvn3(ch) for ch in writable}) == len(writable)


def test_tcvn3_writes_a_toned_capital_with_the_small_letters_code() -> None:
    for letter in ALL_LETTERS:
        if letter.isupper() and letter not in "ĂÂÊÔƠƯĐ":
            assert encode_tcvn3(letter) == encode_tcvn3(letter.lower()), letter
            assert decode_tcvn3(encode_tcvn3(letter)) == letter.lower()


def test_tcvn3_restores_capitals_of_all_caps_words_and_lines_only() -> None:
    for text in ["TỈNH ỦY BẮC GIANG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 427 - CV/BTGTU"]:
        assert decode_tcvn3(encode_tcvn3(text)) == text
    assert decode_tcvn3(encode_tcvn3("Sở Thông tin, KẾ HOẠCH")) == "Sở Thông tin, Kế HOẠCH"
    assert decode_tcvn3(encode_tcvn3("TỈNH"), restore_capitals=False) == "TỉNH"


def test_tcvn3_and_vni_decode_spellings_from_their_code_charts() -> None:
    assert decode_tcvn3(b"B\xb6o Th\xbeng, M\xad\xeang Kh\xad\xacng") == "Bảo Thắng, Mường Khương"
    assert decode_tcvn3(b"\xa7\xb6ng") == "Đảng"
    assert decode_vni("Xin chaøo caùc baïn".encode("cp1252")) == "Xin chào các bạn"
    assert decode_vni("ÑAÛNG Ñaûng tröôøng".encode("cp1252")) == "ĐẢNG Đảng trường"
    assert encode_windows_1258("ạ") == b"a\xf2"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv as a second opinion")
def test_tcvn3_upper_half_agrees_with_glibc_tcvn5712() -> None:
    for byte in range(0xA0, 0x100):
        result = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]), capture_output=True
        )
        if result.returncode != 0:
            pytest.skip("this iconv has no TCVN5712-1")
        expected = result.stdout.decode("utf-8")
        assert decode_tcvn3(bytes([byte]), restore_capitals=False) == expected, hex(byte)


def test_encoders_refuse_characters_their_fonts_cannot_show() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_tcvn3("漢")
    with pytest.raises(UnicodeEncodeError):
        encode_vni("ö")  # its byte is VNI's ư
    with pytest.raises(UnicodeEncodeError):
        encode_windows_1258("漢")


def test_syllable_check_accepts_vietnamese_and_rejects_letter_soup() -> None:
    for word in ["nghiêng", "quốc", "giữa", "Khuyến", "ĐẢNG", "oà", "ươu"]:
        assert is_vietnamese_syllable(word), word
    for word in ["Baéc", "göi", "tỉnhh", "ấá", "bóỡc", "xyz"]:
        assert not is_vietnamese_syllable(word), word


# --- plain text in every encoding --------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16"),
        ("utf-16-be", "utf-16"),
    ],
)
def test_seed_in_unicode_is_read_back_exactly(seed_text: str, codec: str, reported: str) -> None:
    document = read_bytes(seed_text.encode(codec), "427.txt")
    assert document.text == seed_text
    assert (document.source_format, document.encoding, document.warnings) == ("txt", reported, [])


@pytest.mark.parametrize("encoding", LEGACY)
def test_seed_in_a_legacy_encoding_is_detected_and_converted(seed_text: str, encoding: str) -> None:
    document = read_bytes(LEGACY[encoding](seed_text), "427.txt")
    assert document.encoding == encoding
    assert document.text == seed_text
    assert any("Unicode" in w and "/" in w for w in document.warnings)


@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_short_text_in_a_legacy_encoding_is_detected(text: str, encoding: str) -> None:
    document = read_bytes(LEGACY[encoding](text), "ngan.txt")
    assert (document.encoding, document.text) == (encoding, text)


@pytest.mark.parametrize("encoding", LEGACY)
def test_every_sample_dispatch_is_detected_in_every_legacy_encoding(
    encoding: str, sample_dispatches: list[Path]
) -> None:
    encode = LEGACY[encoding]
    for path in sample_dispatches:
        text = _writable(path.read_text(encoding="utf-8"), encode)
        document = read_bytes(encode(text), path.name)
        assert document.encoding == encoding, path.name
        # Letters are read in their composed form (NFC), however the source wrote them (m04's
        # crawl mixes "ế" with "e" + two combining marks).
        text = unicodedata.normalize("NFC", text)
        if encoding == "tcvn3":
            # TCVN3 cannot store a capital like the Ủ of "Ủy ban" inside mixed-case text.
            assert document.text.lower() == text.lower(), path.name
        else:
            assert document.text == text, path.name


def test_windows_line_endings_and_bom_are_dropped(seed_text: str) -> None:
    data = b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8")
    assert read_bytes(data, "427.txt").text == seed_text


def test_utf8_file_with_one_damaged_byte_stays_utf8(seed_text: str) -> None:
    data = bytearray(seed_text.encode("utf-8"))
    data[data.index("Kính".encode()) + 1] = 0xFF  # breaks the two-byte í
    document = read_bytes(bytes(data), "427.txt")
    assert document.encoding == "utf-8"
    assert document.text.replace("K\ufffd\ufffdnh", "Kính", 1) == seed_text
    assert "có 2 chỗ hỏng" in document.warnings[0] and "UTF-8" in document.warnings[0]


def test_unknown_extension_is_read_as_text(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "cong-van"
    path.write_bytes(encode_vni(seed_text))
    document = read_document(path)
    assert (document.text, document.encoding) == (seed_text, "vni")


# --- Word --------------------------------------------------------------------------------------


def test_docx_reads_header_table_body_and_footer_in_order(header_docx: bytes) -> None:
    document = read_bytes(header_docx, "427.docx")
    lines = document.text.split("\n")
    expected = [
        "TỈNH ỦY BẮC GIANG",
        "BAN TUYÊN GIÁO",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 427-CV/BTGTU",
        "Bắc Giang, ngày 04 tháng 11 năm 2021",
        "V/v tăng cường công tác tuyên truyền phòng, chống dịch Covid-19",
        "1. Sở Thông tin và Truyền thông chỉ đạo hệ thống đài truyền thanh.",
        "Nơi nhận: Như trên",
        "K/T TRƯỞNG BAN",
        "Trang 1 - Công văn 427-CV/BTGTU",
    ]
    assert [line for line in lines if line.strip()] == expected
    assert (document.source_format, document.encoding, document.pages) == ("docx", None, None)


def test_docx_typed_in_a_tcvn3_font_is_converted() -> None:
    import docx

    typed = [
        ("TỈNH ỦY BẮC GIANG", False),
        ("Kính gửi: Sở Thông tin và Truyền thông", True),
        ("phương châm “4 tại chỗ”", True),
        ("Hội nghị ở Zürich", False),  # Unicode with a foreign letter: must stay as it is
    ]
    lines = [line for line, _ in typed]
    document = docx.Document()
    for line, in_tcvn3 in typed:
        # A .VnTime font shows TCVN3 codes, so Word stores them as Windows-1252 letters.
        document.add_paragraph(encode_tcvn3(line).decode("cp1252") if in_tcvn3 else line)
    out = io.BytesIO()
    document.save(out)
    read = read_bytes(out.getvalue(), "cu.docx")
    assert read.text.split("\n") == lines
    assert "TCVN3" in read.warnings[0]


# --- PDF and OCR -------------------------------------------------------------------------------


def test_text_pdf_is_read_page_by_page(
    text_pdf: Callable[[list[str]], bytes], seed_text: str
) -> None:
    first, second = seed_text[:600], "Nơi nhận:\n- Như trên,\n- Lưu Văn thư."
    document = read_bytes(text_pdf([first, second]), "427.pdf")
    assert (document.source_format, document.pages, document.warnings) == ("pdf", 2, [])
    assert "phòng, chống dịch Covid-19" in document.text
    assert document.text.index("Bắc Giang, ngày 04") < document.text.index("Lưu Văn thư")


def test_text_pdf_typed_in_a_vni_font_is_converted(text_pdf: Callable[[list[str]], bytes]) -> None:
    line = "Ban chỉ đạo phòng, chống dịch Covid-19 của tỉnh"
    document = read_bytes(text_pdf([encode_vni(line).decode("cp1252")]), "vni.pdf")
    assert document.text == line
    assert "VNI" in document.warnings[0]


def test_the_look_alike_letter_oi_of_a_badly_converted_font_is_read_as_u(
    text_pdf: Callable[[list[str]], bytes],
) -> None:
    line = "KT. BỘ TRƢỞNG / THỨ TRƢỞNG / Nguyễn Trƣờng Sơn"
    for document in (read_bytes(line.encode(), "byt.txt"), read_bytes(text_pdf([line]), "byt.pdf")):
        assert " ".join(document.text.split()) == "KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Nguyễn Trường Sơn"
        assert "«oi»" in document.warnings[0] and "read as ư" in document.warnings[0]


SCAN_LINES = ["BAN TUYÊN GIÁO", "Tăng cường tuyên truyền", "phòng, chống dịch Covid-19"]


def test_scanned_pdf_is_read_with_vietnamese_ocr(scanned_pdf: Callable[[list[str]], bytes]) -> None:
    document = read_bytes(scanned_pdf(SCAN_LINES), "scan.pdf")
    assert (document.source_format, document.pages) == ("pdf-ocr", 1)
    assert "phòng, chống dịch" in document.text
    assert "TUYÊN GIÁO" in document.text
    assert "OCR" in document.warnings[0]


def test_photo_is_read_with_vietnamese_ocr(scan_image: Callable[[list[str]], bytes]) -> None:
    document = read_bytes(scan_image(SCAN_LINES), "anh-chup.PNG")
    assert (document.source_format, document.pages) == ("image-ocr", 1)
    assert "Tăng cường tuyên truyền" in document.text


def test_missing_tesseract_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, scanned_pdf: Callable[[list[str]], bytes]
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailableError) as caught:
        read_bytes(scanned_pdf(SCAN_LINES), "scan.pdf")
    assert OCR_INSTALL_HINT in caught.value.vi
    assert OCR_INSTALL_HINT in caught.value.en
    assert caught.value.where.file == "scan.pdf"


def test_missing_vietnamese_model_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, scan_image: Callable[[list[str]], bytes]
) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a tessdata folder with no models
    with pytest.raises(OcrUnavailableError) as caught:
        read_bytes(scan_image(SCAN_LINES), "anh.jpg")
    assert "tiếng Việt" in caught.value.vi and "Vietnamese" in caught.value.en
    assert OCR_INSTALL_HINT in str(caught.value)


# --- bad input ---------------------------------------------------------------------------------


def _docx_cut_short(header_docx: bytes) -> bytes:
    return header_docx[: len(header_docx) // 2]


def _zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    return out.getvalue()


def _random_bytes() -> bytes:
    return random.Random(427).randbytes(4096)


@pytest.mark.parametrize(
    ("name", "make", "error", "vi_hint", "en_hint"),
    [
        ("rong.txt", lambda: b"", DocumentError, "rỗng", "empty"),
        ("rong.docx", lambda: b"  \n", DocumentError, "rỗng", "empty"),
        ("bom.txt", lambda: b"\xef\xbb\xbf\r\n", DocumentError, "rỗng", "empty"),
        ("rac.txt", _random_bytes, DocumentError, "nhị phân", "binary"),
        ("rac", _random_bytes, DocumentError, "nhị phân", "binary"),
        ("anh.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), DocumentError, "PNG", "PNG"),
        ("cu.doc", lambda: b"\xd0\xcf\x11\xe0" + bytes(64), DocumentError, ".docx", ".docx"),
        ("nen.docx", _zip_without_word, DocumentError, ".docx", ".docx"),
        ("nen.docx", lambda: b"%PDF-1.4 ...", DocumentError, "PDF", "PDF"),
        ("gia.pdf", lambda: "Công văn".encode(), DocumentError, "PDF", "PDF"),
        ("anh.png", lambda: b"\x89PNG\r\n\x1a\nrest-is-missing", DocumentError, "ảnh", "image"),
        ("nga.txt", lambda: "Привет, как дела?".encode("cp1251"), EncodingError, "UTF-8", "UTF-8"),
    ],
)
def test_bad_file_gives_bilingual_error_naming_the_file(
    name: str, make: Callable[[], bytes], error: type[LoaError], vi_hint: str, en_hint: str
) -> None:
    with pytest.raises(error) as caught:
        read_bytes(make(), name)
    assert caught.value.where.file == name
    assert vi_hint in caught.value.vi and en_hint in caught.value.en
    assert "Hãy" in caught.value.vi  # every message says what to do


def test_truncated_docx_is_reported_as_damaged(header_docx: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        read_bytes(_docx_cut_short(header_docx), "427.docx")
    assert "hỏng" in caught.value.vi and "damaged" in caught.value.en


def test_truncated_pdf_is_reported_as_damaged(text_pdf: Callable[[list[str]], bytes]) -> None:
    data = text_pdf(["Kính gửi: Sở Y tế", "Trang hai"])
    with pytest.raises(DocumentError) as caught:
        read_bytes(data[: len(data) * 2 // 3], "427.pdf")
    assert "hỏng" in caught.value.vi and "cut short" in caught.value.en


def test_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(tmp_path / "khong-co.txt")
    assert caught.value.where.file == os.fspath(tmp_path / "khong-co.txt")


def _writable(text: str, encode: Callable[[str], bytes]) -> str:
    """Return `text` without the characters (symbols, foreign letters) `encode` cannot write."""
    kept = []
    for ch in text:
        try:
            encode(ch)
        except UnicodeEncodeError:
            continue
        kept.append(ch)
    return "".join(kept)
