"""Stores domain events: the audit log and each object's history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.events import DomainEvent
from loa.store.tables import EventRow

__all__ = ["history", "record"]


def record(session: Session, event: DomainEvent) -> None:
    """Add `event` to the session's transaction, so it commits or rolls back with the change."""
    session.add(
        EventRow(
            at=event.at,
            actor=event.actor,
            kind=event.kind,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            before=event.before,
            after=event.after,
            note=event.note,
        )
    )


def history(session: Session, subject_type: str, subject_id: str) -> list[DomainEvent]:
    """Return the events of one subject, oldest first."""
    rows = session.scalars(
        select(EventRow)
        .where(EventRow.subject_type == subject_type, EventRow.subject_id == subject_id)
        .order_by(EventRow.at, EventRow.id)
    )
    return [
        DomainEvent(r.kind, r.subject_type, r.subject_id, r.actor, r.before, r.after, r.note, r.at)
        for r in rows
    ]
