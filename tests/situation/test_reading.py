"""Reading situation files (CSV, XLSX), parsing cells, and recognising the kind of file."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from loa.demo import DATA_DIR
from loa.errors import DocumentError, EncodingError
from loa.situation.reading import (
    CellError,
    parse_count,
    parse_date,
    parse_flag,
    read_table,
    table_from_bytes,
)
from loa.situation.templates import (
    COLUMNS,
    TEMPLATES,
    Kind,
    canonical_headers,
    detect_kind,
    header_key,
)

DATA = DATA_DIR / "bacgiang-2021"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- CSV ---------------------------------------------------------------------------------


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    raw = "\ufeffdate,unit_code\n2021-05-18,07807\n".encode()
    table = read_table(write(tmp_path, "a.csv", raw))
    assert table.headers == ("date", "unit_code")
    assert table.rows[0].cells == ("2021-05-18", "07807")


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: tone marks as separate combining characters."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def test_windows_1258_file_is_decoded_to_nfc_text(tmp_path: Path) -> None:
    text = "ngày,tên đơn vị\n18/05/2021,Việt Yên\n"
    raw = cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    table = read_table(write(tmp_path, "a.csv", raw))
    assert table.encoding == "cp1258"
    assert table.headers == ("ngày", "tên đơn vị")
    assert table.rows[0].cells == ("18/05/2021", "Việt Yên")


def test_semicolon_delimited_csv_is_split_on_semicolons(tmp_path: Path) -> None:
    raw = b"date;unit_code;new_cases_community\n18/05/2021;07807;1,5\n"
    table = read_table(write(tmp_path, "a.csv", raw))
    assert table.headers == ("date", "unit_code", "new_cases_community")
    assert table.rows[0].cells == ("18/05/2021", "07807", "1,5")


def test_rows_keep_their_line_in_the_file_across_blank_and_multiline_rows(tmp_path: Path) -> None:
    raw = b'\ndate,note\n2021-05-18,"two\nlines"\n\n2021-05-19,x\n'
    table = read_table(write(tmp_path, "a.csv", raw))
    assert table.header_line == 2
    assert [r.line for r in table.rows] == [3, 6]
    assert table.rows[0].cells[1] == "two\nlines"


def test_table_keeps_raw_bytes_and_their_sha256(tmp_path: Path) -> None:
    raw = b"date,new_cases_raw\n2021-05-18,3\n"
    table = read_table(write(tmp_path, "a.csv", raw))
    assert table.raw == raw
    assert table.sha256 == hashlib.sha256(raw).hexdigest()
    assert table.file_name == "a.csv"


def test_empty_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        read_table(write(tmp_path, "empty.csv", b"  \n"))
    assert "trống" in info.value.vi and "empty" in info.value.en
    assert info.value.where.file == "empty.csv"


def test_missing_file_is_a_document_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        read_table(tmp_path / "nope.csv")


def test_undecodable_bytes_are_an_encoding_error() -> None:
    # 0x81 has no character in UTF-8 (as a lead byte) nor in Windows-1258.
    with pytest.raises(EncodingError) as info:
        table_from_bytes(b"date,x\n\x81\x81\n", "bad.csv")
    assert "UTF-8" in info.value.en


def test_real_dashboard_file_reads_every_row() -> None:
    path = DATA / "bacgiang_2021_commune_daily_new_cases_FEBaoCaoCovid.csv"
    table = read_table(path)
    data_lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()[1:] if ln]
    assert table.headers == ("province", "district", "commune", "date", "new_cases")
    assert len(table.rows) == len(data_lines)
    assert table.rows[-1].line == len(data_lines) + 1


# --- XLSX --------------------------------------------------------------------------------


def make_xlsx(tmp_path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.create_sheet("second").append(["ignored"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    return path


def test_xlsx_first_sheet_is_read_with_dates_and_numbers_as_text(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path,
        [
            ["Ngày", "Mã đơn vị", "Ca mới cộng đồng"],
            [datetime(2021, 5, 18), 7807, 3.0],
            [None, None, None],
            [date(2021, 5, 19), "07801", None],
        ],
    )
    table = read_table(path)
    assert table.format == "xlsx"
    assert table.headers == ("Ngày", "Mã đơn vị", "Ca mới cộng đồng")
    assert [r.line for r in table.rows] == [2, 4]
    assert table.rows[0].cells == ("2021-05-18", "7807", "3")
    assert table.rows[1].cells == ("2021-05-19", "07801", "")


def test_damaged_xlsx_is_a_document_error() -> None:
    with pytest.raises(DocumentError) as info:
        table_from_bytes(b"PK\x03\x04 not really a zip", "bad.xlsx")
    assert "xlsx" in info.value.en


# --- cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-05-18", date(2021, 5, 18)),
        ("18/05/2021", date(2021, 5, 18)),
        ("8/5/2021", date(2021, 5, 8)),
        ("08.05.2021", date(2021, 5, 8)),
        ("2021-05-08 00:00:00", date(2021, 5, 8)),
    ],
)
def test_dates_are_read_in_iso_and_day_first_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "May 18 2021", "2021/05/18", "18/05/21"])
def test_unreadable_dates_raise_a_bilingual_cell_error(text: str) -> None:
    with pytest.raises(CellError) as info:
        parse_date(text)
    assert text in info.value.vi and text in info.value.en


def test_empty_count_is_unknown_not_zero() -> None:
    assert parse_count("") is None
    assert parse_count(" 12 ") == 12
    assert parse_count("0") == 0
    assert parse_count("18.0") == 18


@pytest.mark.parametrize("text", ["-1", "1.234", "1.000", "1,5", "1,000", "2.5", "abc"])
def test_bad_counts_raise_a_cell_error(text: str) -> None:
    with pytest.raises(CellError):
        parse_count(text)


def test_count_cells_grouped_one_way_only_are_read() -> None:
    assert parse_count("1 250") == 1250
    assert parse_count("1\u00a0250") == 1250
    assert parse_count("1.234.567") == 1234567
    assert parse_count("1,234,567") == 1234567


def test_a_count_readable_two_ways_shows_both_readings() -> None:
    with pytest.raises(CellError) as info:
        parse_count("1.000")
    assert "1.000 hoặc 1" in info.value.vi and "1,000 or 1" in info.value.en


def test_negative_count_says_it_is_negative() -> None:
    with pytest.raises(CellError) as info:
        parse_count("-3")
    assert "âm" in info.value.vi and "negative" in info.value.en


def test_flags_accept_vietnamese_and_english_yes_no() -> None:
    assert [parse_flag(t) for t in ("có", "Không", "ĐẠT", "không đạt", "yes", "0", "")] == [
        True,
        False,
        True,
        False,
        True,
        False,
        None,
    ]
    with pytest.raises(CellError):
        parse_flag("maybe")


# --- templates ---------------------------------------------------------------------------


def test_header_key_ignores_case_diacritics_and_notes() -> None:
    assert header_key("Mã đơn vị (mã ĐVHC)") == header_key("ma_don_vi") == "ma_don_vi"
    assert header_key("Dân số 18 +") == "dan_so_18+"


def test_english_template_headers_are_recognised_as_written() -> None:
    for template in TEMPLATES.values():
        headers = list(template.columns())
        assert canonical_headers(headers) == headers
        assert detect_kind(headers) is template.kind


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (
            [
                "Ngày",
                "Mã đơn vị",
                "Ca mới cộng đồng",
                "ca_moi_cach_ly",
                "Tử vong",
                "Nặng",
                "Xét nghiệm",
            ],
            Kind.DAILY,
        ),
        (["ngay", "ten_don_vi", "ca_moi_cong_dong", "ca_moi_cach_ly", "xet_nghiem"], Kind.DAILY),
        (["ngày", "mã đơn vị", "dân số 18+", "mũi 1 18+", "đủ mũi 65+"], Kind.VACCINATION),
        (["ngày", "mã đơn vị", "đạt năng lực", "giường ICU"], Kind.CAPACITY),
        (["tỉnh", "huyện", "xã", "ngày", "ca mới"], Kind.ANNOUNCED),
        (["date", "new_cases_raw", "deaths_raw"], Kind.PORTAL_SERIES),
    ],
)
def test_vietnamese_headers_are_recognised(headers: list[str], kind: Kind) -> None:
    assert detect_kind(headers) is kind


def test_real_files_are_recognised_by_their_columns() -> None:
    for name, kind in [
        ("bacgiang_2021_commune_daily_new_cases_FEBaoCaoCovid.csv", Kind.ANNOUNCED),
        ("bacgiang_2021_province_daily_new_cases_FEBaoCaoCovid.csv", Kind.ANNOUNCED),
        ("national_portal_daily_cases_2020-2022.csv", Kind.PORTAL_SERIES),
    ]:
        assert detect_kind(list(read_table(DATA / name).headers)) is kind


def test_unknown_columns_give_an_error_listing_every_template() -> None:
    with pytest.raises(DocumentError) as info:
        detect_kind(["foo", "bar"], file="x.csv")
    err = info.value
    assert err.where.file == "x.csv" and err.where.line == 1
    for template in TEMPLATES.values():
        assert template.kind.value in err.en and template.kind.value in err.vi
    assert "new_cases_community" in err.en


def test_missing_required_column_is_named() -> None:
    with pytest.raises(DocumentError) as info:
        detect_kind(["date", "new_cases_community", "new_cases_quarantined"])
    assert "unit_code|unit_name" in info.value.en
    assert "unit_code|unit_name" in info.value.vi


def test_columns_of_two_kinds_are_refused() -> None:
    with pytest.raises(DocumentError) as info:
        detect_kind(["date", "unit_code", "new_cases_community", "capacity_ok"])
    assert "daily" in info.value.en and "capacity" in info.value.en


def test_the_same_column_twice_is_refused() -> None:
    with pytest.raises(DocumentError) as info:
        detect_kind(["date", "ngày", "new_cases_raw"])
    assert "date" in info.value.en


def test_every_template_column_and_alias_is_documented() -> None:
    doc = Path(__file__).parents[2] / "docs" / "formats" / "situation.md"
    text = doc.read_text(encoding="utf-8")
    for template in TEMPLATES.values():
        assert f"### {template.kind.value} " in text
        for name in template.columns():
            assert f"`{name}`" in text, name
            for alias in COLUMNS[name].vi:
                assert f"`{alias}`" in text, alias
