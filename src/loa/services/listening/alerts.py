"""Spikes of a narrative's daily claims: raise the day's alerts, list the ones raised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.events import DomainEvent, utcnow
from loa.listening.alerts import AlertRule, detect_spike
from loa.listening.kinds import Kind
from loa.services.events import record
from loa.services.listening.common import Clock
from loa.settings import Settings
from loa.store.listening_tables import (
    ListenAlertRow,
    ListenCountRow,
    ListenNarrativeRow,
)


@dataclass(frozen=True)
class AlertView:
    """An alert: the narrative, the day, and the evidence (count, baseline, limit)."""

    id: int
    narrative_id: int
    representative: str
    day: date
    observed: int
    expected: float
    upper: float
    evidence: dict[str, object]
    new: bool


def detect_alerts(
    session: Session, *, day: date, settings: Settings, actor: str, clock: Clock = utcnow
) -> list[AlertView]:
    """Return the alerts standing on `day`, raising new ones for narratives that spiked."""
    rule = AlertRule(min_count=settings.listen_alert_min_count)
    start = day - timedelta(days=rule.baseline_days + rule.quiet_days + 1)
    counts: dict[int, dict[date, int]] = {}
    for narrative, d, n in session.execute(
        select(ListenCountRow.narrative_id, ListenCountRow.day, func.sum(ListenCountRow.count))
        .where(
            ListenCountRow.narrative_id.is_not(None),
            ListenCountRow.day.between(start, day),
            # Only claims spike: opinions and feedback never raise an alert.
            ListenCountRow.kind == Kind.CLAIM.value,
        )
        .group_by(ListenCountRow.narrative_id, ListenCountRow.day)
    ):
        counts.setdefault(int(narrative or 0), {})[d] = int(n)
    past: dict[int, list[date]] = {}
    for alert in session.scalars(select(ListenAlertRow).where(ListenAlertRow.day >= start)):
        past.setdefault(alert.narrative_id, []).append(alert.day)
    new_ids: set[int] = set()
    for narrative_id, series in counts.items():
        spike = detect_spike(series, day, rule=rule, past_alerts=past.get(narrative_id, []))
        if spike is None:
            continue
        row = ListenAlertRow(
            narrative_id=narrative_id, day=day, observed=spike.observed,
            expected=spike.expected, upper=spike.upper, evidence=spike.as_dict(),
            created_at=clock(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        new_ids.add(row.id)
        record(
            session,
            DomainEvent(
                "narrative.alert", "narrative", str(narrative_id), actor, after=spike.as_dict()
            ),
        )
    rows = session.execute(
        select(ListenAlertRow, ListenNarrativeRow.representative)
        .join(ListenNarrativeRow, ListenNarrativeRow.id == ListenAlertRow.narrative_id)
        .where(ListenAlertRow.day == day)
        .order_by(ListenAlertRow.id)
    )
    return [
        AlertView(
            a.id,
            a.narrative_id,
            rep,
            a.day,
            a.observed,
            a.expected,
            a.upper,
            dict(a.evidence),
            a.id in new_ids,
        )
        for a, rep in rows
    ]


@dataclass(frozen=True)
class StoredAlert:
    """A stored alert with its evidence: the day's count against the baseline's interval."""

    id: int
    narrative_id: int
    representative: str
    day: date
    observed: int
    expected: float
    upper: float
    baseline: list[int]
    weights: list[float]


def stored_alerts(
    session: Session, *, day: date | None = None, narrative_id: int | None = None, limit: int = 100
) -> list[StoredAlert]:
    """Return the alerts raised so far, newest day first (one day or one narrative if asked)."""
    query = (
        select(ListenAlertRow, ListenNarrativeRow.representative)
        .join(ListenNarrativeRow, ListenNarrativeRow.id == ListenAlertRow.narrative_id)
        .order_by(ListenAlertRow.day.desc(), ListenAlertRow.id.desc())
        .limit(limit)
    )
    if day is not None:
        query = query.where(ListenAlertRow.day == day)
    if narrative_id is not None:
        query = query.where(ListenAlertRow.narrative_id == narrative_id)
    return [
        StoredAlert(
            a.id, a.narrative_id, rep, a.day, a.observed, a.expected, a.upper,
            [int(x) for x in a.evidence.get("baseline", [])],
            [float(x) for x in a.evidence.get("weights", [])],
        )
        for a, rep in session.execute(query)
    ]  # fmt: skip
