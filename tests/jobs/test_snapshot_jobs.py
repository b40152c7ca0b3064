"""After a situation import the job builds the snapshot; `situation_snapshot` builds one on demand."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Engine

from loa.jobs.submit import submit
from loa.jobs.worker import run_worker
from loa.services.situation_snapshot import current_snapshot
from loa.settings import Settings
from loa.store.db import make_engine, session_scope

DAILY_CSV = (
    "date,unit_code,new_cases_community,new_cases_quarantined\n"
    "2021-05-18,07201,3,1\n"
    "2021-05-19,07201,2,0\n"
)


def test_an_imported_file_leaves_a_current_snapshot_naming_it(loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "daily.csv"
    data.write_text(DAILY_CSV, encoding="utf-8")
    loa("jobs", "submit", "situation-import", str(data), "--today", "2021-06-01")
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    with session_scope(engine) as s:
        found = current_snapshot(s, "24", None)
        assert found is not None and found.day == date(2021, 5, 19) and found.imports == [1]
    loa("jobs", "submit", "situation-snapshot", "--day", "2021-05-18")
    shown = json.loads(loa("jobs", "show", "2", "--format", "json").stdout)
    assert shown["status"] == "succeeded" and shown["result"]["day"] == "2021-05-18"
    with session_scope(engine) as s:
        earlier = current_snapshot(s, "24", date(2021, 5, 18))
        assert earlier is not None and earlier.imports == [1]
    engine.dispose()


def test_a_worker_builds_the_snapshot_after_a_queued_import(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    submit(
        pg_queue_engine,
        settings,
        kind="situation_import",
        args={"province_code": "24", "today": "2021-06-01"},
        upload=(DAILY_CSV.encode(), "daily.csv"),
        actor="t",
    )
    with session_scope(pg_queue_engine) as s:
        assert current_snapshot(s, "24", None) is None  # queued, not run yet
    run_worker(pg_queue_engine, settings, once=True, concurrency=1)
    with session_scope(pg_queue_engine) as s:
        found = current_snapshot(s, "24", None)
        assert found is not None and found.day == date(2021, 5, 19) and len(found.imports) == 1
