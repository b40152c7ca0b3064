"""Job runs in the store: create them, keep their uploads and items, read their progress.

These functions only touch Loa's tables. Handing a run to the queue engine, or running it
in-process on the embedded SQLite store, is `loa.jobs.submit`'s business.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.events import record
from loa.store.jobs_tables import BatchItemRow, JobRunRow, JobUploadRow

__all__ = [
    "FINISHED",
    "JobView",
    "add_batch_items",
    "create_run",
    "get_run",
    "list_runs",
    "mark_failed",
    "mark_retrying",
    "mark_running",
    "mark_succeeded",
    "pending_items",
    "read_upload",
    "reset_for_retry",
    "set_progress",
    "store_upload",
]

FINISHED = ("succeeded", "failed")


@dataclass(frozen=True)
class JobView:
    """What the desk, the API and `loa jobs show` say about one run."""

    id: int
    kind: str
    queue: str
    status: str
    done: int
    total: int | None
    message: str | None
    error_vi: str | None
    error_en: str | None
    attempts: int
    actor: str
    args: dict[str, Any]
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    queued: bool

    @property
    def percent(self) -> float | None:
        """Return how far the run got, 0-100, or None while the total is unknown."""
        if not self.total:
            return 100.0 if self.status == "succeeded" else None
        return min(100.0, 100.0 * self.done / self.total)

    def to_json(self) -> dict[str, Any]:
        """Return the view as JSON-ready data (the API's shape)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "queue": self.queue,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "message": self.message,
            "error": {"vi": self.error_vi, "en": self.error_en} if self.error_vi else None,
            "attempts": self.attempts,
            "actor": self.actor,
            "args": self.args,
            "result": self.result,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "queued": self.queued,
        }


def _view(row: JobRunRow) -> JobView:
    error = row.error or {}
    return JobView(
        row.id,
        row.kind,
        row.queue,
        row.status,
        row.done,
        row.total,
        row.message,
        error.get("vi"),
        error.get("en"),
        row.attempts,
        row.actor,
        dict(row.args),
        row.result,
        row.created_at,
        row.started_at,
        row.finished_at,
        row.queue_job_id is not None,
    )


def store_upload(session: Session, raw: bytes, filename: str) -> int:
    """Return the id of the kept copy of a file, stored before any job reads it."""
    if not raw:
        raise InputError(
            f"Tệp '{filename}' rỗng; không có gì để nhập. Hãy chọn đúng tệp.",
            f"File '{filename}' is empty; there is nothing to import. Choose the right file.",
        )
    row = JobUploadRow(
        filename=filename,
        sha256=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row.id


def read_upload(session: Session, upload_id: int) -> tuple[bytes, str]:
    """Return the stored bytes and file name of an upload."""
    row = session.get(JobUploadRow, upload_id)
    if row is None:
        raise NotFoundError(
            f"Không có tệp đã lưu số {upload_id}.", f"There is no stored upload {upload_id}."
        )
    return row.raw, row.filename


def create_run(
    session: Session,
    *,
    kind: str,
    args: dict[str, Any],
    queue: str,
    actor: str,
    dedupe_key: str | None = None,
) -> tuple[int, bool]:
    """Return (run id, created); a run with the same `dedupe_key` is returned, not repeated."""
    if dedupe_key is not None:
        found = session.scalar(select(JobRunRow.id).where(JobRunRow.dedupe_key == dedupe_key))
        if found is not None:
            return found, False
    row = JobRunRow(
        kind=kind,
        args=args,
        queue=queue,
        status="queued",
        done=0,
        attempts=0,
        dedupe_key=dedupe_key,
        actor=actor,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record(session, DomainEvent("job.submitted", "job", str(row.id), actor, after={"kind": kind}))
    return row.id, True


def add_batch_items(session: Session, run_id: int, payloads: Iterable[dict[str, Any]]) -> int:
    """Return how many items were added to a batch run (numbered from 1); sets its total."""
    rows = [
        {"run_id": run_id, "seq": seq, "payload": payload, "processed_at": None}
        for seq, payload in enumerate(payloads, start=1)
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(BatchItemRow), rows[start : start + 5000])
    total = session.scalar(
        select(func.count()).select_from(BatchItemRow).where(BatchItemRow.run_id == run_id)
    )
    session.execute(update(JobRunRow).where(JobRunRow.id == run_id).values(total=total))
    return len(rows)


def _row(session: Session, run_id: int) -> JobRunRow:
    row = session.get(JobRunRow, run_id)
    if row is None:
        raise NotFoundError(
            f"Không có công việc số {run_id}. Xem `loa jobs list`.",
            f"There is no job {run_id}. See `loa jobs list`.",
        )
    return row


def get_run(session: Session, run_id: int) -> JobView:
    """Return one run with its progress, or raise NotFoundError."""
    return _view(_row(session, run_id))


def list_runs(
    session: Session, *, status: str | None = None, kind: str | None = None, limit: int = 50
) -> list[JobView]:
    """Return the newest runs first, optionally of one status or kind."""
    stmt = select(JobRunRow).order_by(JobRunRow.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(JobRunRow.status == status)
    if kind:
        stmt = stmt.where(JobRunRow.kind == kind)
    return [_view(r) for r in session.scalars(stmt)]


def mark_running(session: Session, run_id: int, *, attempt: int) -> JobRunRow:
    """Return the run after marking it running (its attempt counted)."""
    row = _row(session, run_id)
    row.status = "running"
    row.attempts = attempt
    row.started_at = row.started_at or utcnow()
    row.error = None
    return row


def set_progress(
    session: Session,
    run_id: int,
    *,
    done: int | None = None,
    total: int | None = None,
    message: str | None = None,
) -> None:
    """Record how far a run got; it commits with whatever the caller's transaction holds."""
    values: dict[str, Any] = {}
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    if message is not None:
        values["message"] = message[:400]
    if values:
        session.execute(update(JobRunRow).where(JobRunRow.id == run_id).values(**values))


def mark_succeeded(
    session: Session, run_id: int, *, result: dict[str, Any] | None, message: str | None
) -> None:
    """Mark a run finished well, with what it produced."""
    row = _row(session, run_id)
    row.status = "succeeded"
    row.result = result
    row.message = (message or row.message or "")[:400] or None
    row.finished_at = utcnow()
    record(session, DomainEvent("job.succeeded", "job", str(run_id), row.actor, after=result))


def mark_retrying(session: Session, run_id: int, *, reason: str) -> None:
    """Mark a run as waiting for another attempt after a passing failure."""
    row = _row(session, run_id)
    row.status = "retrying"
    row.message = reason[:400]


def mark_failed(session: Session, run_id: int, *, vi: str, en: str) -> None:
    """Mark a run failed for good, with a message in both languages."""
    row = _row(session, run_id)
    row.status = "failed"
    row.error = {"vi": vi, "en": en}
    row.finished_at = utcnow()
    record(session, DomainEvent("job.failed", "job", str(run_id), row.actor, after={"error": en}))


def reset_for_retry(session: Session, run_id: int, *, actor: str) -> JobRunRow:
    """Return a failed run set back to queued; a run not failed cannot be retried."""
    row = _row(session, run_id)
    if row.status != "failed":
        raise InputError(
            f"Công việc {run_id} đang ở trạng thái '{row.status}'; chỉ thử lại được việc đã thất bại.",
            f"Job {run_id} is '{row.status}'; only a failed job can be retried.",
        )
    row.status = "queued"
    row.error = None
    row.finished_at = None
    record(session, DomainEvent("job.retried", "job", str(run_id), actor))
    return row


def pending_items(session: Session, run_id: int) -> Sequence[int]:
    """Return the sequence numbers of a batch's items not processed yet."""
    return list(
        session.scalars(
            select(BatchItemRow.seq)
            .where(BatchItemRow.run_id == run_id, BatchItemRow.processed_at.is_(None))
            .order_by(BatchItemRow.seq)
        )
    )
