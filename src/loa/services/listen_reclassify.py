"""Re-run the kind classifier on stored posts: `loa listen reclassify [--dry-run]`.

Posts stored before kinds existed (or before the classifier changed) keep the kind they got
at ingest. This reads every stored post whose text is still kept, classifies it again with
`loa.listening.kinds.classify` and, unless it is a dry run, writes the new kind, moves the
post's daily count from the old kind's cell to the new one and records one
`listen.item.reclassified` event per changed post (before and after, in the audit log). A
post whose raw text was purged (retention) cannot be read again and keeps its kind.
Narratives are left as they are: a post that stops being a claim stays in the narrative it
joined (its count moves to its new kind, so concerns and alerts read the new kind).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.events import DomainEvent
from loa.listening.kinds import classify
from loa.listening.matching import Decision
from loa.services.events import record
from loa.store.listening_tables import ListenCountRow, ListenItemRow

__all__ = ["KindChange", "ReclassifyReport", "reclassify_items"]

EVENT = "listen.item.reclassified"


@dataclass(frozen=True)
class KindChange:
    """One stored post whose kind (or "asked") changes."""

    item_id: int
    before: str
    after: str
    asked_before: bool
    asked_after: bool


@dataclass
class ReclassifyReport:
    """What a reclassification found (and, unless `dry_run`, changed)."""

    checked: int = 0
    purged: int = 0
    dry_run: bool = False
    changes: list[KindChange] = field(default_factory=list)

    def moves(self) -> list[tuple[str, str, int]]:
        """Return (old kind, new kind, posts), most posts first."""
        counted = Counter((c.before, c.after) for c in self.changes)
        return [(a, b, n) for (a, b), n in counted.most_common()]


def _rows(session: Session, batch: int) -> Iterator[ListenItemRow]:
    last = 0
    while True:
        rows = list(
            session.scalars(
                select(ListenItemRow)
                .where(ListenItemRow.id > last)
                .order_by(ListenItemRow.id)
                .limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def _move_count(session: Session, row: ListenItemRow, before: str) -> None:
    """Move one post from its old kind's daily count cell to its new kind's."""
    check = row.factcheck_id if row.decision == Decision.MATCH.value else None
    key = (
        ListenCountRow.day == row.day,
        ListenCountRow.topic == row.topic,
        ListenCountRow.district_code.is_(None)
        if row.district_code is None
        else ListenCountRow.district_code == row.district_code,
        ListenCountRow.narrative_id.is_(None)
        if row.narrative_id is None
        else ListenCountRow.narrative_id == row.narrative_id,
        ListenCountRow.factcheck_id.is_(None)
        if check is None
        else ListenCountRow.factcheck_id == check,
    )
    old = session.scalars(select(ListenCountRow).where(ListenCountRow.kind == before, *key)).first()
    if old is not None and old.count > 0:
        old.count -= 1
    new = session.scalars(
        select(ListenCountRow).where(ListenCountRow.kind == row.kind, *key)
    ).first()
    if new is None:
        session.add(
            ListenCountRow(
                day=row.day, kind=row.kind, topic=row.topic, district_code=row.district_code,
                narrative_id=row.narrative_id, factcheck_id=check, count=1,
            )
        )  # fmt: skip
        session.flush()
    else:
        new.count += 1


def reclassify_items(
    session: Session, *, dry_run: bool = False, actor: str = "system", batch: int = 500
) -> ReclassifyReport:
    """Classify every stored post again; write and record the changes unless `dry_run`."""
    report = ReclassifyReport(dry_run=dry_run)
    for row in _rows(session, batch):
        if row.text is None:
            report.purged += 1
            continue
        report.checked += 1
        found = classify(row.text)
        kind, asked = found.kind.value, found.asked
        if kind == row.kind and asked == bool(row.asked):
            continue
        change = KindChange(row.id, row.kind, kind, bool(row.asked), asked)
        report.changes.append(change)
        if dry_run:
            continue
        row.kind, row.asked = kind, asked
        _move_count(session, row, change.before)
        record(
            session,
            DomainEvent(
                EVENT, "listen_item", str(row.id), actor,
                before={"kind": change.before, "asked": change.asked_before},
                after={"kind": kind, "asked": asked},
                note="loa listen reclassify",
            ),
        )  # fmt: skip
    if not dry_run:
        session.flush()
    return report
