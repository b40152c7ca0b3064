"""Findings 5 and 6: re-importing a superseded file, and a read-only folder during --partial.

5. An older file imported again after a correction is refused, naming the import in force:
   answering "unchanged" let the officer believe the old figures were back.
6. The rejected-rows file is written before the good rows are committed, so a folder that
   cannot be written leaves nothing half-done, the fault is named, and a rerun works.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.conftest import read_only

from loa.errors import InputError
from loa.services.situation import import_situation_file
from loa.store.db import make_engine
from loa.store.situation_tables import DailyReportRow, SituationImportRow

HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
OLD = HEADER + "2021-05-18,07201,3,1,0,0,100\n2021-05-18,07204,0,2,0,0,50\n"
FIXED = HEADER + "2021-05-18,07201,5,1,0,0,100\n"


def _import(session: Session, text: str, name: str):  # type: ignore[no-untyped-def]
    return import_situation_file(
        session, text.encode(), name, province_code="24", today=date(2021, 12, 31), actor="test"
    )


def _in_force(session: Session) -> int | None:
    return session.scalar(
        select(DailyReportRow.new_cases_community)
        .where(DailyReportRow.unit_code == "07201", DailyReportRow.date == date(2021, 5, 18))
        .order_by(DailyReportRow.version.desc())
        .limit(1)
    )


def test_an_older_file_after_a_correction_is_refused_naming_the_import_in_force(
    session: Session,
) -> None:
    first = _import(session, OLD, "old.csv")
    fixed = _import(session, FIXED, "fixed.csv")
    assert fixed.rows_corrected == 1 and _in_force(session) == 5
    with pytest.raises(InputError) as caught:
        _import(session, OLD, "old-again.csv")
    vi, en = caught.value.message("vi"), caught.value.message("en")
    assert f"lần nhập {fixed.import_id}" in vi and "fixed.csv" in vi and "hiệu lực" in vi
    assert f"import {fixed.import_id}" in en and "in force" in en
    assert f"import {first.import_id}" in en and "nothing changed" in en.lower()
    assert _in_force(session) == 5


def test_the_same_file_with_nothing_newer_is_still_unchanged(session: Session) -> None:
    first = _import(session, OLD, "old.csv")
    _import(session, HEADER + "2021-05-19,07201,1,0,0,0,80\n", "next-day.csv")
    again = _import(session, OLD, "old.csv")
    assert (again.status, again.import_id) == ("unchanged", first.import_id)


def test_the_cli_refuses_an_older_file_with_the_import_in_force(loa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old, fixed = tmp_path / "old.csv", tmp_path / "fixed.csv"
    old.write_text(OLD)
    fixed.write_text(FIXED)
    loa("situation", "import", str(old), "--today", "2021-12-31")
    loa("situation", "import", str(fixed), "--today", "2021-12-31")
    result = loa("situation", "import", str(old), "--today", "2021-12-31", ok=False)
    assert result.exit_code == 2
    assert "fixed.csv" in result.output and "in force" in result.output
    assert "hiệu lực" in result.output


PARTIAL = HEADER + "2021-05-18,07201,3,1,0,0,100\n2021-05-19,07201,-2,0,0,0,100\n"


def test_a_read_only_data_folder_during_partial_import_leaves_nothing_half_done(
    loa,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    loa.env["LOA_DATA_DIR"] = str(data)  # the store stays in tmp_path/var
    source = tmp_path / "daily.csv"
    source.write_text(PARTIAL)
    with read_only(data):
        failed = loa("situation", "import", str(source), "--partial", "--today", "2021-12-31",
                     ok=False)  # fmt: skip
    assert failed.exit_code == 2
    assert "Unexpected error" not in failed.output
    assert "rejected" in failed.output and "read-only" in failed.output.lower()
    assert "chỉ đọc" in failed.output and "Nothing was imported" in failed.output
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(DailyReportRow)) == 0
        assert s.scalar(select(func.count()).select_from(SituationImportRow)) == 0
    engine.dispose()
    rerun = loa("situation", "import", str(source), "--partial", "--today", "2021-12-31")
    assert "đã được nhập" not in rerun.output and "1 dòng nhận" in rerun.output
    written = list((data / "rejected").glob("*.csv"))
    assert len(written) == 1 and "-2" in written[0].read_text(encoding="utf-8")
