"""Narratives as the office sees them: list, one with its volume, the communes it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.errors import NotFoundError
from loa.listening.kinds import Kind
from loa.store.listening_tables import (
    ListenCountRow,
    ListenItemRow,
    ListenNarrativeRow,
)


@dataclass(frozen=True)
class NarrativeView:
    """A narrative as the office sees it: text, topic, size, areas, volume per day."""

    id: int
    representative: str
    topic: str
    size: int
    first_seen: datetime
    last_seen: datetime
    areas: dict[str, int]
    volume: dict[str, int]


def _volume(session: Session, narrative_id: int) -> dict[str, int]:
    # Claims only: alerts read this volume, and a spike never rises on opinion or feedback.
    rows = session.execute(
        select(ListenCountRow.day, func.sum(ListenCountRow.count))
        .where(
            ListenCountRow.narrative_id == narrative_id,
            ListenCountRow.kind == Kind.CLAIM.value,
        )
        .group_by(ListenCountRow.day)
        .order_by(ListenCountRow.day)
    )
    return {d.isoformat(): int(n) for d, n in rows}


def list_narratives(
    session: Session, *, since: date | None = None, limit: int = 50
) -> list[NarrativeView]:
    """Return the narratives seen since `since`, largest first."""
    query = select(ListenNarrativeRow).order_by(
        ListenNarrativeRow.size.desc(), ListenNarrativeRow.id
    )
    if since is not None:
        query = query.where(
            ListenNarrativeRow.last_seen >= datetime.combine(since, datetime.min.time())
        )
    return [
        NarrativeView(
            r.id,
            r.representative,
            r.topic,
            r.size,
            r.first_seen,
            r.last_seen,
            dict(r.areas),
            _volume(session, r.id),
        )
        for r in session.scalars(query.limit(limit))
    ]


def get_narrative(session: Session, narrative_id: int) -> NarrativeView:
    """Return one narrative with its daily volume of every kind; NotFoundError if there is none."""
    row = session.get(ListenNarrativeRow, narrative_id)
    if row is None:
        raise NotFoundError(
            f"Không có câu chuyện {narrative_id}.", f"There is no narrative {narrative_id}."
        )
    volume = {
        d.isoformat(): int(n)
        for d, n in session.execute(
            select(ListenCountRow.day, func.sum(ListenCountRow.count))
            .where(ListenCountRow.narrative_id == narrative_id)
            .group_by(ListenCountRow.day)
        )
    }
    return NarrativeView(
        row.id, row.representative, row.topic, row.size, row.first_seen, row.last_seen,
        dict(row.areas), volume,
    )  # fmt: skip


def narrative_communes(session: Session, narrative_id: int) -> dict[str, int]:
    """Return the posts of a narrative per commune they came from (posts with no commune left out)."""
    rows = session.execute(
        select(ListenItemRow.commune_code, func.count(ListenItemRow.id))
        .where(ListenItemRow.narrative_id == narrative_id, ListenItemRow.commune_code.is_not(None))
        .group_by(ListenItemRow.commune_code)
    )
    return {str(code): int(n) for code, n in rows}
