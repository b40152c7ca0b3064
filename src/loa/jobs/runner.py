"""Runs one attempt of a run and records the outcome; the same path for queue and in-process.

Outcomes:
- the job returns: the run is `succeeded`, with the job's result;
- the job raises a LoaError (bad input, disk full): the run is `failed` with that bilingual
  message, and no retry would help, so none is made;
- anything else (the database went away, a bug) on an attempt that is not the last: the run
  is `retrying` and the exception goes up to the queue engine, which schedules the next
  attempt with back-off; on the last attempt the run is `failed`.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from loa.errors import LoaError
from loa.jobs.context import RunContext
from loa.jobs.reconnect import in_transaction
from loa.jobs.registry import find_job
from loa.services import jobs as runs
from loa.settings import Settings
from loa.store.storage_errors import is_storage_full, storage_full_error

__all__ = ["execute_run", "failure_for"]

log = logging.getLogger(__name__)


def failure_for(exc: BaseException, kind: str) -> LoaError | None:
    """Return the user-facing error for `exc`, or None when it is worth another attempt."""
    if is_storage_full(exc):
        return storage_full_error(
            exc, doing_vi=f"chạy công việc '{kind}'", doing_en=f"running job '{kind}'"
        )
    if isinstance(exc, LoaError):
        return exc
    return None


def execute_run(
    engine: Engine, settings: Settings, run_id: int, *, attempt: int, final: bool
) -> str:
    """Return the run's status after one attempt; raise what the caller must see or retry."""
    give_up = settings.db_reconnect_seconds

    def start(session: Session) -> tuple[str, str, dict[str, Any]] | None:
        row = (
            runs.mark_running(session, run_id, attempt=attempt) if _open(session, run_id) else None
        )
        return (row.kind, row.status, dict(row.args)) if row is not None else None

    started = in_transaction(engine, start, give_up_after=give_up)
    if started is None:
        # Delivered again after it finished (a requeued stalled job whose work had committed).
        return "succeeded"
    kind, _, args = started
    context = RunContext(engine, settings, run_id, args, attempt)
    try:
        result = find_job(kind).func(context)
    except Exception as exc:
        error = failure_for(exc, kind)
        if error is None and not final:
            reason = repr(exc)
            _record(engine, give_up, lambda s: runs.mark_retrying(s, run_id, reason=reason))
            raise
        shown = error or LoaError(
            f"Lỗi ngoài dự kiến khi chạy '{kind}' ({type(exc).__name__}: {exc}); đã thử "
            f"{attempt} lần. Xem nhật ký của worker rồi dùng `loa jobs retry {run_id}`.",
            f"Unexpected error running '{kind}' ({type(exc).__name__}: {exc}) after "
            f"{attempt} attempts. See the worker's log, then use `loa jobs retry {run_id}`.",
        )
        _record(engine, give_up, lambda s: runs.mark_failed(s, run_id, vi=shown.vi, en=shown.en))
        if error is not None and error is not exc:
            raise error from exc
        raise
    message = str(result.get("message", "")) if result else ""
    in_transaction(
        engine,
        lambda s: runs.mark_succeeded(s, run_id, result=result, message=message or None),
        give_up_after=give_up,
    )
    return "succeeded"


def _open(session: Session, run_id: int) -> bool:
    return runs.get_run(session, run_id).status != "succeeded"


def _record(engine: Engine, give_up: float, write: Any) -> None:
    # Recording a failure must not hide the failure itself (a full disk may refuse it too).
    try:
        in_transaction(engine, write, give_up_after=give_up)
    except Exception:
        log.exception("could not record the outcome of a job run")
