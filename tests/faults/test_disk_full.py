"""The disk fills while importing: a clear bilingual error, and no half-imported figures.

SQLite's `max_page_count` makes the store "full" at a chosen size, so the test needs no
special filesystem or privilege; SQLite reports it exactly as a full disk (SQLITE_FULL).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from loa.jobs.submit import retry, submit
from loa.services import jobs as runs
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.situation_tables import DailyReportRow, SituationImportRow
from loa.store.storage_errors import StorageFullError
from loa.store.tables import EventRow


def _big_daily_file(engine: Engine) -> bytes:
    from loa.store.tables import AdminUnitRow

    with session_scope(engine) as s:
        communes = list(
            s.scalars(
                select(AdminUnitRow.code).where(
                    AdminUnitRow.level == "commune", AdminUnitRow.code.like("07%")
                )
            )
        )[:200]
    lines = ["date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests"]
    for day in range(1, 31):
        lines += [f"2021-05-{day:02d},{code},1,0,0,0,10" for code in communes]
    return ("\n".join(lines) + "\n").encode()


def _pages(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())


def _counts(engine: Engine) -> dict[str, int]:
    """Return the rows of every table an import writes (the job's own audit events aside)."""
    with session_scope(engine) as s:
        found = {
            t.__tablename__: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (SituationImportRow, DailyReportRow)
        }
        found["events"] = int(
            s.scalar(
                select(func.count()).select_from(EventRow).where(EventRow.subject_type != "job")
            )
            or 0
        )
        return found


def _submit(engine: Engine, raw: bytes) -> int:
    return submit(
        engine,
        Settings(),
        kind="situation_import",
        args={"province_code": "24", "today": "2021-06-30"},
        upload=(raw, "daily.csv"),
        actor="test",
    )


def _capped(path: Path, max_pages: int) -> Engine:
    engine = make_engine(f"sqlite:///{path}")

    def cap(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={max_pages}")

    event.listen(engine, "connect", cap)
    return engine


@pytest.mark.slow
def test_a_full_disk_during_an_import_says_what_to_do_and_keeps_no_partial_figures(
    tmp_path: Path, sqlite_template: Path
) -> None:
    probe = tmp_path / "probe.db"
    shutil.copy(sqlite_template, probe)
    probe_engine = make_engine(f"sqlite:///{probe}")
    raw = _big_daily_file(probe_engine)
    start = _pages(probe_engine)
    with session_scope(probe_engine) as s:
        runs.store_upload(s, raw, "daily.csv")
    after_upload = _pages(probe_engine)
    _submit(probe_engine, raw)
    after_import = _pages(probe_engine)
    probe_engine.dispose()
    needed_by_figures = after_import - after_upload
    assert needed_by_figures > 50, "the file must need room of its own in the store"

    path = tmp_path / "loa.db"
    shutil.copy(sqlite_template, path)
    # Room for the upload and the run, but for only half of the figures.
    engine = _capped(path, start + (after_upload - start) + 10 + needed_by_figures // 2)
    before = _counts(engine)

    with pytest.raises(StorageFullError) as err:
        _submit(engine, raw)
    assert "Hết dung lượng đĩa" in err.value.vi and "giải phóng dung lượng" in err.value.vi
    assert "The disk is full" in err.value.en and "Free some space" in err.value.en
    assert _counts(engine) == before
    with session_scope(engine) as s:
        [failed] = runs.list_runs(s)
    assert failed.status == "failed" and failed.error_en == err.value.en
    engine.dispose()

    # Once there is room again, the stored upload is imported by a plain retry.
    roomy = make_engine(f"sqlite:///{path}")
    retry(roomy, Settings(), failed.id, actor="test")
    with session_scope(roomy) as s:
        done = runs.get_run(s, failed.id)
        figures = s.scalar(select(func.count()).select_from(DailyReportRow))
    roomy.dispose()
    assert done.status == "succeeded" and figures == done.result["rows_new"] > 0  # type: ignore[index]
