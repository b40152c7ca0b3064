"""Table definitions for background work: job runs with progress, stored uploads, batch items."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from loa.store.tables import Base

__all__ = ["BatchItemRow", "JobRunRow", "JobUploadRow"]


class JobRunRow(Base):
    """One piece of long work as Loa sees it: what, its state, and how far it got (done/total).

    The queue engine (Procrastinate on PostgreSQL) holds its own job row; this one is the
    store-side record the desk, the API and `loa jobs` read on SQLite and PostgreSQL alike.
    """

    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    queue: Mapped[str] = mapped_column(String(60))
    # queued | running | retrying | succeeded | failed
    status: Mapped[str] = mapped_column(String(12))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(String(400))
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Procrastinate's job id; empty when the run was executed in-process (SQLite).
    queue_job_id: Mapped[int | None] = mapped_column(Integer)
    # Two submissions with the same key are one run (e.g. a day's reminders).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    actor: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JobUploadRow(Base):
    """A file kept byte for byte before the job that processes it runs, so a retry re-reads it."""

    __tablename__ = "job_uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BatchItemRow(Base):
    """One item of a batch job; `processed_at` commits with the item's effect, never apart."""

    __tablename__ = "batch_items"
    __table_args__ = (
        UniqueConstraint("run_id", "seq", name="uq_batch_items_run_seq"),
        Index("ix_batch_items_run_processed", "run_id", "processed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("job_runs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
