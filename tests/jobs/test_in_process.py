"""On the embedded SQLite store, jobs run at once in the submitting process, same code path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from loa.events import DomainEvent
from loa.jobs.registry import BatchItem, batch_handler
from loa.jobs.submit import retry, submit
from loa.services import directives
from loa.services import jobs as runs
from loa.services.events import record
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.situation_tables import DailyReportRow, SituationImportRow
from loa.store.tables import EventRow

DAILY_CSV = (
    "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
    "2021-05-18,07201,3,1,0,0,100\n"
    "2021-05-19,07201,2,0,0,0,80\n"
)


def _count(engine: Engine, table: type, *where: object) -> int:
    with session_scope(engine) as s:
        return int(s.scalar(select(func.count()).select_from(table).where(*where)) or 0)  # type: ignore[arg-type]


def test_situation_import_job_runs_at_once_and_shows_its_progress(loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "daily.csv"
    data.write_text(DAILY_CSV, encoding="utf-8")
    loa("jobs", "submit", "situation-import", str(data), "--today", "2021-06-01")
    shown = json.loads(loa("jobs", "show", "1", "--format", "json").stdout)
    assert (shown["status"], shown["done"], shown["total"]) == ("succeeded", 2, 2)
    assert shown["result"]["rows_new"] == 2 and shown["queued"] is False
    text = loa("--lang", "en", "jobs", "show", "1").stdout
    assert "progress: 2/2 (100%)" in text


def test_the_same_file_submitted_twice_is_imported_once(loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "daily.csv"
    data.write_text(DAILY_CSV, encoding="utf-8")
    for _ in range(2):
        loa("jobs", "submit", "situation-import", str(data), "--today", "2021-06-01")
    listed = json.loads(loa("jobs", "list", "--format", "json").stdout)
    assert [r["result"]["status"] for r in listed] == ["unchanged", "imported"]
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    assert _count(engine, DailyReportRow) == 2


def test_an_unreadable_file_fails_the_job_in_both_languages_and_imports_nothing(
    loa, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "notes.csv"
    data.write_text("hello,world\n1,2\n", encoding="utf-8")
    result = loa("jobs", "submit", "situation-import", str(data), ok=False)
    assert result.exit_code == 2
    shown = json.loads(loa("jobs", "show", "1", "--format", "json").stdout)
    assert shown["status"] == "failed" and shown["error"]["vi"] and shown["error"]["en"]
    assert shown["error"]["vi"] != shown["error"]["en"]
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    assert _count(engine, SituationImportRow) == 0 and _count(engine, DailyReportRow) == 0


def test_worker_needs_postgresql_and_says_so_in_both_languages(loa) -> None:  # type: ignore[no-untyped-def]
    result = loa("worker", ok=False)
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output and "SQLite" in result.output
    assert "Hàng đợi" in result.output and "The job queue" in result.output


def _seed_tasks_with_deadlines(engine: Engine, seed_path: Path, day: date) -> int:
    with session_scope(engine) as s:
        done = directives.import_directive(s, seed_path.read_bytes(), seed_path.name, actor="t")
        tasks = directives.list_tasks(s, directive_id=done.directive_id)
        assert len(tasks) >= 3
        directives.update_task(s, tasks[0].id, actor="t", deadline=date(2021, 11, 10))
        directives.update_task(s, tasks[1].id, actor="t", deadline=date(2021, 11, 21))
        directives.update_task(s, tasks[2].id, actor="t", deadline=date(2021, 12, 30))
        return len(directives.reminders(s, day))


def test_reminders_go_out_once_per_organisation_and_day(
    sqlite_engine: Engine, seed_path: Path, settings: Settings
) -> None:
    day = date(2021, 11, 20)
    expected = _seed_tasks_with_deadlines(sqlite_engine, seed_path, day)
    assert expected >= 1
    first = submit(
        sqlite_engine,
        settings,
        kind="task_reminders",
        args={"day": day.isoformat()},
        actor="t",
        dedupe_key=f"task_reminders:{day}",
    )
    again = submit(
        sqlite_engine,
        settings,
        kind="task_reminders",
        args={"day": day.isoformat()},
        actor="t",
        dedupe_key=f"task_reminders:{day}",
    )
    assert again == first
    assert _count(sqlite_engine, EventRow, EventRow.kind == "task.reminder") == expected


_crash_at: dict[str, int] = {}


@batch_handler("test_counting")
def _counting(session: Session, item: BatchItem) -> None:
    if _crash_at.get("seq") == item.seq:
        _crash_at.clear()
        raise RuntimeError("worker died here")
    record(session, DomainEvent("test.effect", "batch_item", str(item.seq), "test"))


def test_a_batch_stopped_half_way_resumes_without_repeating_an_item(
    sqlite_engine: Engine, settings: Settings
) -> None:
    _crash_at["seq"] = 37
    with pytest.raises(RuntimeError):
        submit(
            sqlite_engine,
            settings,
            kind="batch",
            args={"handler": "test_counting"},
            items=[{"n": n} for n in range(100)],
            actor="t",
        )
    with session_scope(sqlite_engine) as s:
        stopped = runs.get_run(s, 1)
    effects_then = _count(sqlite_engine, EventRow, EventRow.kind == "test.effect")
    # The chunk holding item 37 rolled back whole: effects and markers agree.
    assert stopped.status == "failed" and stopped.done == effects_then < 37
    retry(sqlite_engine, settings, 1, actor="t")
    with session_scope(sqlite_engine) as s:
        seqs = list(s.scalars(select(EventRow.subject_id).where(EventRow.kind == "test.effect")))
        finished = runs.get_run(s, 1)
    assert sorted(int(x) for x in seqs) == list(range(1, 101))
    assert (finished.status, finished.done, finished.total) == ("succeeded", 100, 100)


def test_only_a_failed_job_can_be_retried(sqlite_engine: Engine, settings: Settings) -> None:
    run_id = submit(
        sqlite_engine, settings, kind="batch", args={"handler": "noop"}, items=[{}], actor="t"
    )
    from loa.errors import InputError

    with pytest.raises(InputError, match="failed job"):
        retry(sqlite_engine, settings, run_id, actor="t")
