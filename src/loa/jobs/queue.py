"""Returns the Procrastinate app that carries Loa's jobs between processes on PostgreSQL.

Procrastinate keeps its queue in PostgreSQL tables (`procrastinate_jobs`, ...), so the store
is the only server to run; workers on many machines take jobs with `SELECT ... FOR UPDATE
SKIP LOCKED` and wake on LISTEN/NOTIFY. Loa enqueues inside the transaction that creates the
run (`enqueue`), so a run is never queued without its row, nor stored without being queued.
"""

from __future__ import annotations

import json

import procrastinate
from procrastinate.jobs import Job
from procrastinate.schema import SchemaManager
from sqlalchemy import Connection, Engine, make_url, text
from sqlalchemy.orm import Session

from loa.errors import ConfigError
from loa.jobs.periodic import run_reminders_for
from loa.jobs.registry import jobs
from loa.jobs.runner import execute_run, failure_for
from loa.settings import Settings

__all__ = [
    "LoaRetry",
    "apply_queue_schema",
    "build_app",
    "conninfo",
    "enqueue",
    "ensure_queue_schema",
    "queue_schema_present",
    "require_postgresql",
    "task_name",
]

# Any constant works; it keeps two processes from applying the queue schema at once.
_SCHEMA_LOCK = 427_2021


def task_name(kind: str) -> str:
    """Return the queue engine's name for a Loa job kind."""
    return f"loa.{kind}"


def require_postgresql(engine: Engine) -> None:
    """Raise ConfigError unless the store is PostgreSQL (the queue lives there)."""
    if engine.dialect.name != "postgresql":
        raise ConfigError(
            "Hàng đợi công việc và `loa worker` cần PostgreSQL (LOA_DATABASE_URL=postgresql+psycopg://...). "
            "Với SQLite mặc định, công việc chạy ngay trong lệnh đã gửi nó.",
            "The job queue and `loa worker` need PostgreSQL (LOA_DATABASE_URL=postgresql+psycopg://...). "
            "With the default SQLite store, jobs run at once inside the command that submits them.",
        )


def conninfo(engine: Engine) -> str:
    """Return a libpq connection string equal to the engine's URL (search_path included)."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def queue_schema_present(session: Session) -> bool:
    """Return True when Procrastinate's tables exist in the store's search path."""
    return session.scalar(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")) is True


def ensure_queue_schema(engine: Engine) -> bool:
    """Return True if Procrastinate's schema was applied now; False if it was already there."""
    require_postgresql(engine)
    with engine.begin() as conn:
        return apply_queue_schema(conn)


def apply_queue_schema(conn: Connection) -> bool:
    """Return True if the queue's schema was applied in `conn`'s transaction, False if present."""
    check = text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
    if conn.scalar(check):
        return False
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})
    if conn.scalar(check):
        return False
    # The schema file holds many statements and `%` signs: send it as one simple query,
    # bypassing parameter interpolation.
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute(SchemaManager.get_schema())
    return True


def enqueue(session: Session, *, run_id: int, kind: str, queue: str) -> int:
    """Return the queue job id of run `run_id`, queued in the session's own transaction."""
    job_id = session.scalar(
        text(
            "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, "
            ":qlock, CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1]))"
        ),
        {
            "queue": queue,
            "task": task_name(kind),
            "qlock": f"loa-run-{run_id}",
            "args": json.dumps({"run_id": run_id}),
        },
    )
    return int(job_id)


class LoaRetry(procrastinate.BaseRetryStrategy):
    """Retries passing failures with doubling waits; a user's error is never retried."""

    def __init__(self, *, max_attempts: int, base_seconds: int) -> None:
        self.max_attempts = max(1, max_attempts)
        self.base_seconds = max(0, base_seconds)

    def is_final(self, attempts_before: int) -> bool:
        """Return True when the attempt after `attempts_before` failures is the last one."""
        return attempts_before + 1 >= self.max_attempts

    def get_retry_decision(
        self, *, exception: BaseException, job: Job
    ) -> procrastinate.RetryDecision | None:
        """Return when to run the job again, or None to let it fail."""
        if self.is_final(job.attempts) or failure_for(exception, job.task_name) is not None:
            return None
        return procrastinate.RetryDecision(
            retry_in={"seconds": self.base_seconds * 2**job.attempts}
        )


def build_app(engine: Engine, settings: Settings, *, pool_size: int = 4) -> procrastinate.App:
    """Return a Procrastinate app with every registered Loa job as a task (and the periodic ones)."""
    require_postgresql(engine)
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(engine), min_size=1, max_size=max(2, pool_size)
    )
    app = procrastinate.App(connector=connector)
    retry = LoaRetry(
        max_attempts=settings.job_max_attempts, base_seconds=settings.job_retry_base_seconds
    )
    for spec in jobs().values():
        _add_task(app, engine, settings, spec.name, spec.queue, retry)

    @app.periodic(cron=settings.reminder_cron, periodic_id="task_reminders")
    @app.task(name="loa.periodic.task_reminders", queue="default", pass_context=True)
    def reminders_tick(context: procrastinate.JobContext, timestamp: int) -> None:
        run_reminders_for(engine, settings, timestamp=timestamp)

    return app


def _add_task(
    app: procrastinate.App,
    engine: Engine,
    settings: Settings,
    kind: str,
    queue: str,
    retry: LoaRetry,
) -> None:
    def run(context: procrastinate.JobContext, run_id: int) -> None:
        attempts_before = context.job.attempts
        execute_run(
            engine,
            settings,
            run_id,
            attempt=attempts_before + 1,
            final=retry.is_final(attempts_before),
        )

    app.task(name=task_name(kind), queue=queue, retry=retry, pass_context=True)(run)
