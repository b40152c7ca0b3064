"""Retention: clear raw text and sealed reply addresses past the kept days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loa.events import DomainEvent, utcnow
from loa.listening.retention import RetentionPolicy
from loa.services.events import record
from loa.services.listening.common import Clock
from loa.store.listening_tables import (
    ListenItemRow,
    ListenReplyRow,
)


@dataclass(frozen=True)
class PurgeReport:
    """What a purge cleared: items' raw text and sealed reply addresses."""

    cutoff: datetime
    items: int
    replies: int


def _changed(session: Session, statement: Any) -> int:
    """Return the number of rows an UPDATE changed."""
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def purge_raw_text(
    session: Session, *, days: int, actor: str, clock: Clock = utcnow
) -> PurgeReport:
    """Return what was cleared: raw text, match keys, URLs and sealed addresses past `days`."""
    now = clock()
    cutoff = RetentionPolicy(days).cutoff(now)
    old_items = select(ListenItemRow.id).where(
        ListenItemRow.received_at < cutoff, ListenItemRow.purged_at.is_(None)
    )
    replies = _changed(
        session,
        update(ListenReplyRow)
        .where(ListenReplyRow.item_id.in_(old_items), ListenReplyRow.sealed.is_not(None))
        .values(sealed=None, status="expired")
        .execution_options(synchronize_session=False),
    )
    items = _changed(
        session,
        update(ListenItemRow)
        .where(ListenItemRow.received_at < cutoff, ListenItemRow.purged_at.is_(None))
        .values(text=None, match_key=None, url=None, purged_at=now)
        .execution_options(synchronize_session=False),
    )
    record(
        session,
        DomainEvent(
            "listening.purged", "listening", "raw_text", actor,
            after={"items": items, "replies": replies, "cutoff": cutoff.isoformat()},
        ),
    )  # fmt: skip
    session.flush()
    return PurgeReport(cutoff, int(items or 0), int(replies or 0))
