"""Submits work: stores the run (and its upload or items), then queues it or runs it here.

On PostgreSQL the run is queued in the same transaction that stores it, and `loa worker`
processes on any machine run it. On the embedded SQLite store there is no queue server:
the run executes at once, in this process, through the very same job function, so the
outcome, the progress rows and the errors are the same; only the waiting differs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from loa.jobs.queue import apply_queue_schema, enqueue
from loa.jobs.reconnect import in_transaction
from loa.jobs.registry import find_job, load_job_modules
from loa.jobs.runner import execute_run
from loa.services import jobs as runs
from loa.settings import Settings
from loa.store.storage_errors import is_storage_full, storage_full_error

__all__ = ["Upload", "retry", "submit", "uses_queue", "wait_for"]

Upload = tuple[bytes, str]


def uses_queue(engine: Engine) -> bool:
    """Return True when runs go to the queue (PostgreSQL), False when they run in-process."""
    return engine.dialect.name == "postgresql"


def submit(
    engine: Engine,
    settings: Settings,
    *,
    kind: str,
    args: dict[str, Any] | None = None,
    upload: Upload | None = None,
    items: Iterable[dict[str, Any]] | None = None,
    actor: str,
    dedupe_key: str | None = None,
) -> int:
    """Return the id of the new run (or of the run already holding `dedupe_key`)."""
    load_job_modules()
    spec = find_job(kind)
    queued = uses_queue(engine)
    job_args = dict(args or {}, actor=actor)

    def store(session: Session) -> tuple[int, bool]:
        if queued:
            apply_queue_schema(session.connection())
        if upload is not None:
            job_args["upload_id"] = runs.store_upload(session, upload[0], upload[1])
        run_id, created = runs.create_run(
            session, kind=kind, args=job_args, queue=spec.queue, actor=actor, dedupe_key=dedupe_key
        )
        if created and items is not None:
            runs.add_batch_items(session, run_id, items)
        if created and queued:
            _set_queue_job(
                session, run_id, enqueue(session, run_id=run_id, kind=kind, queue=spec.queue)
            )
        return run_id, created

    try:
        run_id, created = in_transaction(engine, store, give_up_after=settings.db_reconnect_seconds)
    except Exception as exc:
        if is_storage_full(exc):
            raise storage_full_error(
                exc, doing_vi="lưu công việc mới", doing_en="storing the new job"
            ) from exc
        raise
    if created and not queued:
        execute_run(engine, settings, run_id, attempt=1, final=True)
    return run_id


def retry(engine: Engine, settings: Settings, run_id: int, *, actor: str) -> None:
    """Queue a failed run again (PostgreSQL) or run it again now (SQLite)."""
    load_job_modules()
    queued = uses_queue(engine)

    def reset(session: Session) -> None:
        row = runs.reset_for_retry(session, run_id, actor=actor)
        if queued:
            apply_queue_schema(session.connection())
            # A fresh queue job: the failed one keeps its history in Procrastinate.
            row.queue_job_id = enqueue(session, run_id=run_id, kind=row.kind, queue=row.queue)

    in_transaction(engine, reset, give_up_after=settings.db_reconnect_seconds)
    if not queued:
        execute_run(engine, settings, run_id, attempt=1, final=True)


def wait_for(
    engine: Engine,
    run_id: int,
    *,
    timeout: float,
    every: float = 0.5,
    on_progress: Callable[[runs.JobView], None] | None = None,
) -> runs.JobView:
    """Return the run once it has finished, or as it stands when `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        view = in_transaction(engine, lambda s: runs.get_run(s, run_id))
        if on_progress is not None:
            on_progress(view)
        if view.status in runs.FINISHED or time.monotonic() > deadline:
            return view
        time.sleep(every)


def _set_queue_job(session: Session, run_id: int, job_id: int) -> None:
    from loa.store.jobs_tables import JobRunRow

    row = session.get(JobRunRow, run_id)
    assert row is not None
    row.queue_job_id = job_id


def today_iso(value: date | None) -> str:
    """Return `value` (or today) as YYYY-MM-DD, the form job arguments keep dates in."""
    return (value or date.today()).isoformat()
