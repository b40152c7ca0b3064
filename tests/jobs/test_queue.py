"""On PostgreSQL, runs travel through Procrastinate's queue to `loa worker` processes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text

from loa.errors import InputError
from loa.jobs.context import RunContext
from loa.jobs.periodic import run_reminders_for
from loa.jobs.queue import build_app, enqueue
from loa.jobs.registry import job
from loa.jobs.submit import submit
from loa.jobs.worker import requeue_stalled, run_worker
from loa.services import jobs as runs
from loa.settings import Settings
from loa.store.db import session_scope
from loa.store.jobs_tables import JobRunRow

DAILY_CSV = (
    b"date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
    b"2021-05-18,07201,3,1,0,0,100\n"
    b"2021-05-19,07201,2,0,0,0,80\n"
)

_failures: dict[int, int] = {}


@job("test_flaky")
def _flaky(run: RunContext) -> dict[str, Any]:
    _failures[run.run_id] = _failures.get(run.run_id, 0) + 1
    if _failures[run.run_id] == 1:
        raise RuntimeError("the network blinked")
    return {"message": "ok on attempt 2"}


@job("test_bad_input")
def _bad_input(run: RunContext) -> None:
    raise InputError("Tệp sai ở dòng 3.", "The file is wrong at line 3.")


def _queue_jobs(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT id, status, task_name, args->>'run_id' FROM procrastinate_jobs ORDER BY id"
                )
            )
        ]


def _view(engine: Engine, run_id: int) -> runs.JobView:
    with session_scope(engine) as s:
        return runs.get_run(s, run_id)


def test_a_run_is_stored_and_queued_in_one_transaction(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    run_id = submit(
        pg_queue_engine, settings, kind="batch", args={"handler": "noop"}, items=[{}], actor="t"
    )
    [(job_id, status, task, arg)] = _queue_jobs(pg_queue_engine)
    assert (status, task, arg) == ("todo", "loa.batch", str(run_id))
    with session_scope(pg_queue_engine) as s:
        assert s.get(JobRunRow, run_id).queue_job_id == job_id  # type: ignore[union-attr]
    with session_scope(pg_queue_engine) as s:
        rid, _ = runs.create_run(s, kind="batch", args={}, queue="default", actor="t")
        enqueue(s, run_id=rid, kind="batch", queue="default")
        s.rollback()
    assert len(_queue_jobs(pg_queue_engine)) == 1  # the rolled-back one left no queue job


def test_a_worker_runs_a_queued_import_and_records_its_progress(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    run_id = submit(
        pg_queue_engine,
        settings,
        kind="situation_import",
        args={"province_code": "24", "today": "2021-06-01"},
        upload=(DAILY_CSV, "daily.csv"),
        actor="t",
    )
    assert _view(pg_queue_engine, run_id).status == "queued"
    run_worker(pg_queue_engine, settings, once=True, concurrency=1)
    view = _view(pg_queue_engine, run_id)
    assert (view.status, view.done, view.total) == ("succeeded", 2, 2)
    assert view.result is not None and view.result["rows_new"] == 2
    with pg_queue_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM daily_reports")) == 2


def test_a_passing_failure_is_retried_by_the_queue(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    run_id = submit(pg_queue_engine, settings, kind="test_flaky", actor="t")
    run_worker(pg_queue_engine, settings, once=True, concurrency=1)
    view = _view(pg_queue_engine, run_id)
    assert (view.status, view.attempts, view.message) == ("succeeded", 2, "ok on attempt 2")


def test_a_users_error_fails_at_once_with_both_languages(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    run_id = submit(pg_queue_engine, settings, kind="test_bad_input", actor="t")
    run_worker(pg_queue_engine, settings, once=True, concurrency=1)
    view = _view(pg_queue_engine, run_id)
    assert (view.status, view.attempts) == ("failed", 1)
    assert view.error_vi == "Tệp sai ở dòng 3." and view.error_en == "The file is wrong at line 3."
    assert [s for _, s, _, _ in _queue_jobs(pg_queue_engine)] == ["failed"]


def test_the_jobs_of_a_silent_worker_are_queued_again(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    run_id = submit(
        pg_queue_engine, settings, kind="batch", args={"handler": "noop"}, items=[{}] * 5, actor="t"
    )
    with pg_queue_engine.begin() as conn:
        dead = conn.scalar(
            text(
                "INSERT INTO procrastinate_workers (last_heartbeat) "
                "VALUES (now() - interval '1 hour') RETURNING id"
            )
        )
        conn.execute(
            text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w"), {"w": dead}
        )
    app = build_app(pg_queue_engine, settings)

    async def look() -> list[int]:
        async with app.open_async():
            return await requeue_stalled(app, silent_for=30)

    assert len(asyncio.run(look())) == 1
    run_worker(pg_queue_engine, settings, once=True, concurrency=1)
    view = _view(pg_queue_engine, run_id)
    assert (view.status, view.done) == ("succeeded", 5)


def test_the_periodic_reminders_run_once_for_a_day(
    pg_queue_engine: Engine, settings: Settings
) -> None:
    stamp = int(datetime(2021, 11, 20, 0, 5, tzinfo=UTC).timestamp())
    run_reminders_for(pg_queue_engine, settings, timestamp=stamp)
    run_reminders_for(pg_queue_engine, settings, timestamp=stamp)
    with session_scope(pg_queue_engine) as s:
        found = runs.list_runs(s, kind="task_reminders")
    assert [(v.status, v.args["day"]) for v in found] == [("succeeded", "2021-11-20")]


@pytest.mark.parametrize("queue", ["imports"])
def test_a_worker_on_one_queue_leaves_the_others(
    pg_queue_engine: Engine, settings: Settings, queue: str
) -> None:
    other = submit(
        pg_queue_engine, settings, kind="batch", args={"handler": "noop"}, items=[{}], actor="t"
    )
    mine = submit(
        pg_queue_engine,
        settings,
        kind="situation_import",
        args={"province_code": "24", "today": "2021-06-01"},
        upload=(DAILY_CSV, "daily.csv"),
        actor="t",
    )
    run_worker(pg_queue_engine, settings, once=True, concurrency=1, queues=[queue])
    assert _view(pg_queue_engine, mine).status == "succeeded"
    assert _view(pg_queue_engine, other).status == "queued"
