"""Processes a batch's items so that each one's effect happens exactly once.

Each transaction takes the next unprocessed items (on PostgreSQL locked with SKIP LOCKED, so
two attempts never hold the same item), applies the handler's effect, sets the items'
`processed_at` and adds to the run's `done`, and commits all of it together. A worker killed
at any instant loses its open transaction as a whole: the item is neither marked nor
applied, and the next attempt takes it up. A committed item is never picked again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from loa.events import utcnow
from loa.jobs.context import RunContext
from loa.jobs.registry import BatchItem, batch_handler, find_handler, job
from loa.store.jobs_tables import BatchItemRow, JobRunRow

__all__ = ["process_batch"]

# Items per transaction: large enough to keep commits cheap, small enough that progress
# moves visibly and a killed worker redoes little.
CHUNK = 20


def process_batch(run: RunContext, handler_name: str, *, chunk: int = CHUNK) -> dict[str, Any]:
    """Return the counts after applying `handler_name` to every unprocessed item of the run."""
    handle = find_handler(handler_name)

    def next_chunk(session: Session) -> int:
        stmt = (
            select(BatchItemRow)
            .where(BatchItemRow.run_id == run.run_id, BatchItemRow.processed_at.is_(None))
            .order_by(BatchItemRow.seq)
            .limit(chunk)
        )
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        items = list(session.scalars(stmt))
        now = utcnow()
        for item in items:
            handle(session, BatchItem(run.run_id, item.seq, dict(item.payload)))
            item.processed_at = now
        if items:
            session.execute(
                update(JobRunRow)
                .where(JobRunRow.id == run.run_id)
                .values(done=JobRunRow.done + len(items))
            )
        return len(items)

    applied = 0
    while (count := run.in_transaction(next_chunk)) > 0:
        applied += count

    def totals(session: Session) -> dict[str, Any]:
        processed = session.scalar(
            select(func.count())
            .select_from(BatchItemRow)
            .where(BatchItemRow.run_id == run.run_id, BatchItemRow.processed_at.is_not(None))
        )
        total = session.scalar(
            select(func.count()).select_from(BatchItemRow).where(BatchItemRow.run_id == run.run_id)
        )
        return {"processed": processed, "total": total, "this_attempt": applied}

    return run.in_transaction(totals)


@job("batch")
def batch(run: RunContext) -> dict[str, Any]:
    """Return the counts of a generic batch: items stored at submission, handler in args."""
    return process_batch(run, str(run.args["handler"]))


@batch_handler("noop")
def noop(session: Session, item: BatchItem) -> None:
    """Do nothing to an item (for trying out workers and measuring the queue itself)."""
