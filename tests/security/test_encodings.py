"""Finding 13: UTF-16 CSVs are read as UTF-16; bytes named .xlsx that are not Excel say so."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from loa.errors import DocumentError, LoaError
from loa.services.situation import import_situation_file

HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
ROWS = "2021-05-18,07201,3,1,0,0,100\n2021-05-18,07204,0,2,0,0,50\n"


def _import(session: Session, raw: bytes, name: str):  # type: ignore[no-untyped-def]
    return import_situation_file(
        session, raw, name, province_code="24", today=date(2021, 12, 31), actor="test"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_imported(session: Session, encoding: str) -> None:
    outcome = _import(session, (HEADER + ROWS).encode(encoding), "daily.csv")
    assert (outcome.status, outcome.rows_new) == ("imported", 2)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_csv_with_unknown_columns_names_them_readably(
    session: Session, encoding: str
) -> None:
    text = "ngày,mã xã,số ca mới lạ\n18/05/2021,07201,3\n"
    with pytest.raises(DocumentError) as caught:
        _import(session, text.encode(encoding), "lạ.csv")
    assert "ngày, mã xã, số ca mới lạ" in caught.value.message("vi")
    assert "\x00" not in str(caught.value) and "ÿþ" not in str(caught.value)


def test_random_bytes_named_xlsx_are_not_an_excel_file(session: Session) -> None:
    junk = random.Random(13).randbytes(4096)
    with pytest.raises(LoaError) as caught:
        _import(session, junk, "cases.xlsx")
    assert "không phải tệp Excel" in caught.value.message("vi")
    assert "not an Excel file" in caught.value.message("en")
    assert "decode" not in str(caught.value) and "giải mã" not in str(caught.value)


def test_an_old_xls_named_xlsx_says_what_it_is(session: Session) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(LoaError) as caught:
        _import(session, ole, "cases.xlsx")
    assert ".xls" in caught.value.message("en") and "not an Excel file" in caught.value.message(
        "en"
    )


def test_the_cli_says_not_an_excel_file(loa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cases.xlsx"
    path.write_bytes(random.Random(7).randbytes(2048))
    result = loa("situation", "import", str(path), ok=False)
    assert result.exit_code == 2
    assert "không phải tệp Excel" in result.output and "not an Excel file" in result.output
