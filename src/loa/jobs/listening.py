"""The listening pipeline as a job: posts stored with the run, ingested in chunks, once each.

    run_id = submit_posts(engine, settings, items=items, source="export", actor="desk")

Posts go through the privacy door before they are stored with the run (`batch_items`
holds redacted items, never raw author fields). A worker then takes the next `CHUNK`
unprocessed posts (SKIP LOCKED on PostgreSQL), embeds what they need, takes the store's
listening lock, runs `ingest_items` on them and marks them processed, all in one
transaction: a worker killed at any instant loses or repeats no post, as in
`loa.jobs.batch`.

Why a lock: narratives get their ids, and near-duplicate groups their first post, from what
is already stored, so two workers ingesting at once could start the same narrative twice.
The embedding, which is most of the cost, is done before the lock
(`loa.services.listening.prepare_vectors`), so workers still overlap where it matters.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from loa.events import utcnow
from loa.jobs.context import RunContext
from loa.jobs.registry import job
from loa.listening.items import AreaHint, Item
from loa.services.listening import ingest_items, make_embedder, prepare_vectors
from loa.settings import Settings
from loa.store.jobs_tables import BatchItemRow, JobRunRow

__all__ = ["CHUNK", "item_from_payload", "listen_ingest", "payload_of", "submit_posts"]

# Posts per transaction: enough for the embedder to work in batches, few enough that a
# killed worker redoes little and the lock is held briefly.
CHUNK = 100
# pg_advisory_xact_lock takes a bigint; one fixed key for "ingesting posts".
_LOCK_KEY = zlib.crc32(b"loa.listening.ingest")


def payload_of(item: Item) -> dict[str, Any]:
    """Return a redacted item as the JSON stored with the run."""
    return {
        "id": item.id, "platform": item.platform, "url": item.url, "text": item.text,
        "created_at": item.created_at.isoformat() if item.created_at else None,
        "engagement": item.engagement, "commune": item.area.commune,
        "district": item.area.district, "province": item.area.province,
        "area": item.area.area, "author_hash": item.author_hash,
    }  # fmt: skip


def item_from_payload(payload: dict[str, Any]) -> Item:
    """Return the item a run stored (the inverse of `payload_of`)."""
    created = payload.get("created_at")
    return Item(
        id=str(payload["id"]),
        platform=str(payload.get("platform") or ""),
        url=str(payload.get("url") or ""),
        text=str(payload["text"]),
        created_at=datetime.fromisoformat(created) if created else None,
        engagement=int(payload.get("engagement") or 0),
        area=AreaHint(
            commune=payload.get("commune"),
            district=payload.get("district"),
            province=payload.get("province"),
            area=payload.get("area"),
        ),
        author_hash=payload.get("author_hash"),
    )


def submit_posts(
    engine: Engine, settings: Settings, *, items: Sequence[Item], source: str, actor: str
) -> int:
    """Return the id of a new run that ingests `items` (queued on PostgreSQL, run now on SQLite)."""
    from loa.jobs.submit import submit

    return submit(
        engine, settings, kind="listen_ingest", args={"source": source},
        items=(payload_of(i) for i in items), actor=actor,
    )  # fmt: skip


@job("listen_ingest", queue="listening")
def listen_ingest(run: RunContext) -> dict[str, Any]:
    """Return the counts after ingesting every unprocessed post of the run."""
    source = str(run.args.get("source", "export"))
    actor = str(run.args.get("actor", "worker"))
    embedder = make_embedder(run.settings)
    totals: dict[str, Any] = dict.fromkeys(
        ("stored", "duplicates", "matched", "already_known", "lock_wait_s", "lock_held_s"), 0
    )

    def next_chunk(session: Session) -> tuple[float, ...]:
        stmt = (
            select(BatchItemRow)
            .where(BatchItemRow.run_id == run.run_id, BatchItemRow.processed_at.is_(None))
            .order_by(BatchItemRow.seq)
            .limit(CHUNK)
        )
        postgres = session.get_bind().dialect.name == "postgresql"
        if postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        rows = list(session.scalars(stmt))
        if not rows:
            return (0,)
        items = [item_from_payload(dict(r.payload)) for r in rows]
        prepare_vectors(session, items, settings=run.settings, embedder=embedder)
        waited = time.perf_counter()
        if postgres:
            session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        locked = time.perf_counter()
        report = ingest_items(
            session, items, source=source, settings=run.settings, embedder=embedder,
            actor=actor,
        )  # fmt: skip
        now = utcnow()
        for row in rows:
            row.processed_at = now
        session.execute(
            update(JobRunRow)
            .where(JobRunRow.id == run.run_id)
            .values(done=JobRunRow.done + len(rows))
        )
        # Seconds waiting for, and holding, the lock (the commit that releases it not counted):
        # what bench/scale.py reports as the part of the work that does not scale out.
        held = time.perf_counter() - locked
        return (
            len(rows), report.stored, report.duplicates, report.matched,
            report.already_known, locked - waited, held,
        )  # fmt: skip

    # Counted once a chunk has committed: a transaction run again after a dropped
    # connection must not count twice.
    while (done := run.in_transaction(next_chunk))[0] > 0:
        for name, n in zip(totals, done[1:], strict=True):
            totals[name] += n
    totals["lock_wait_s"] = round(totals["lock_wait_s"], 3)
    totals["lock_held_s"] = round(totals["lock_held_s"], 3)
    return dict(totals, message=f"{totals['stored']} posts stored")
