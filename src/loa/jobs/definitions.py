"""Loa's own jobs: imports by stored upload, task reminders, and (via loa.jobs.batch) batches.

To add one (the listening pipeline, audio rendering, feed polling):

    @job("audio_render", queue="audio")
    def audio_render(run: RunContext) -> dict[str, Any]:
        ...  # run.args holds what was submitted; run.in_transaction(...) writes

and submit it with `loa.jobs.submit.submit(engine, settings, kind="audio_render", ...)`.
Work over many items is a batch: register a `@batch_handler` and submit kind "batch" with
`items=[...]` and `args={"handler": name}`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from loa.events import DomainEvent
from loa.jobs import batch as _batch  # noqa: F401  (registers the "batch" job)
from loa.jobs.batch import process_batch
from loa.jobs.context import RunContext
from loa.jobs.registry import BatchItem, batch_handler, job
from loa.services import directives, situation
from loa.services import jobs as runs
from loa.services.events import record
from loa.services.situation_snapshot import ensure_snapshot

__all__ = ["directive_import", "situation_import", "task_reminder", "task_reminders"]


@job("situation_import", queue="imports")
def situation_import(run: RunContext) -> dict[str, Any]:
    """Return the outcome of importing a stored situation file (the same bytes twice: no-op)."""
    args = run.args

    def work(session: Session) -> dict[str, Any]:
        raw, filename = runs.read_upload(session, int(args["upload_id"]))
        outcome = situation.import_situation_file(
            session,
            raw,
            filename,
            province_code=str(args["province_code"]),
            today=date.fromisoformat(str(args["today"])),
            partial=bool(args.get("partial")),
            complete=bool(args.get("complete")),
            actor=str(args.get("actor", "worker")),
        )
        run.progress(
            session,
            done=outcome.rows_accepted,
            total=max(outcome.rows_read, outcome.rows_accepted),
        )
        return {
            "import_id": outcome.import_id,
            "status": outcome.status,
            "kind": outcome.kind,
            "rows_read": outcome.rows_read,
            "rows_accepted": outcome.rows_accepted,
            "rows_new": outcome.rows_new,
            "rows_corrected": outcome.rows_corrected,
            "errors": len(outcome.errors),
            "message": f"import {outcome.import_id}: {outcome.status}",
        }

    done = run.in_transaction(work)
    # The situation as the import leaves it, computed once now for every page after it.
    run.in_transaction(lambda session: ensure_snapshot(session, str(args["province_code"]), None))
    return done


@job("directive_import", queue="imports")
def directive_import(run: RunContext) -> dict[str, Any]:
    """Return the outcome of importing a stored directive document (the same bytes twice: no-op)."""
    args = run.args

    def work(session: Session) -> dict[str, Any]:
        raw, filename = runs.read_upload(session, int(args["upload_id"]))
        done = directives.import_directive(
            session, raw, filename, actor=str(args.get("actor", "worker"))
        )
        run.progress(session, done=done.tasks, total=done.tasks)
        return {
            "directive_id": done.directive_id,
            "created": done.created,
            "tasks": done.tasks,
            "to_assign": done.to_assign,
            "warnings": done.warnings,
            "message": f"directive {done.directive_id}: {done.tasks} tasks",
        }

    return run.in_transaction(work)


@job("task_reminders")
def task_reminders(run: RunContext) -> dict[str, Any]:
    """Return the counts after sending one reminder per organisation with tasks due or late."""
    day = date.fromisoformat(str(run.args["day"]))
    horizon = int(run.args.get("horizon_days", 3))

    def plan(session: Session) -> None:
        # A retried run keeps the items it planned the first time, so nobody is reminded twice.
        if runs.get_run(session, run.run_id).total is not None:
            return
        found = directives.reminders(session, day, horizon_days=horizon)
        runs.add_batch_items(
            session,
            run.run_id,
            (
                {
                    "day": day.isoformat(),
                    "org_id": r.org_id,
                    "org_name": r.org_name,
                    "overdue": [t.id for t in r.overdue],
                    "due": [t.id for t in r.due],
                }
                for r in found
            ),
        )

    run.in_transaction(plan)
    return process_batch(run, "task_reminder")


@batch_handler("task_reminder")
def task_reminder(session: Session, item: BatchItem) -> None:
    """Record the reminder to one organisation as an event (what notifications read)."""
    p = item.payload
    record(
        session,
        DomainEvent(
            "task.reminder",
            "organisation",
            str(p.get("org_id") or ""),
            "worker",
            after={"day": p["day"], "overdue": p["overdue"], "due": p["due"], "run": item.run_id},
        ),
    )
