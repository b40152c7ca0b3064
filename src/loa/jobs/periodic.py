"""Runs the work the queue schedules by the clock: the day's task reminders, once a day.

The queue (`loa.jobs.queue`) fires it from its periodic task. It lives apart from
`loa.jobs.submit`, which builds on the queue, so the queue needs nothing from `submit` and
the two never import each other.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from loa.jobs.reconnect import in_transaction
from loa.jobs.runner import execute_run
from loa.services import jobs as runs
from loa.settings import Settings

__all__ = ["run_reminders_for"]


def run_reminders_for(engine: Engine, settings: Settings, *, timestamp: int) -> None:
    """Run (or resume) the reminders of the day of `timestamp`; once per day whatever happens."""
    day = datetime.fromtimestamp(timestamp, UTC).date()
    run_id, _ = in_transaction(
        engine,
        lambda s: runs.create_run(
            s,
            kind="task_reminders",
            args={"day": day.isoformat()},
            queue="default",
            actor="worker",
            dedupe_key=f"task_reminders:{day.isoformat()}",
        ),
        give_up_after=settings.db_reconnect_seconds,
    )
    execute_run(engine, settings, run_id, attempt=1, final=False)
