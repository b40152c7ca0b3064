"""The audit log: every recorded event, newest first, filtered by subject and actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.store.tables import EventRow


@dataclass(frozen=True)
class AuditEntry:
    """One event of the audit log: when, who, what, on which subject, before and after."""

    id: int
    at: datetime
    actor: str
    kind: str
    subject_type: str
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


def audit_log(
    session: Session,
    *,
    subject_type: str | None = None,
    subject_id: str | None = None,
    actor: str | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """Return the newest events first, filtered by subject and actor."""
    query = select(EventRow).order_by(EventRow.id.desc()).limit(limit)
    if subject_type:
        query = query.where(EventRow.subject_type == subject_type)
    if subject_id:
        query = query.where(EventRow.subject_id == subject_id)
    if actor:
        query = query.where(EventRow.actor == actor)
    return [
        AuditEntry(
            r.id, r.at, r.actor, r.kind, r.subject_type, r.subject_id, r.before, r.after, r.note
        )
        for r in session.scalars(query)
    ]
