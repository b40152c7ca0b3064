"""Lists where the sources of daily figures disagree, and records an officer's choice of source."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.events import DomainEvent, utcnow
from loa.services.events import record
from loa.services.situation_series import area_from, read_province
from loa.situation.reconcile import MEASURES, Conflict, source_label
from loa.store.situation_tables import FigureResolutionRow

__all__ = ["conflicts_between", "conflicts_on", "resolve_conflict", "resolve_conflicts"]


def conflicts_between(
    session: Session, province_code: str, first: date, last: date
) -> list[Conflict]:
    """Return every conflict of the province's units between two dates, resolved ones included."""
    reads = read_province(session, province_code, first, last)
    area = area_from(reads, "province", first, last)
    order = {"province": 0, "district": 1, "commune": 2}
    return sorted(
        area.conflicts,
        key=lambda c: (
            c.day,
            order.get(reads.units[c.unit_code].level, 3),
            c.unit_code,
            MEASURES.index(c.measure),
        ),
    )


def conflicts_on(
    session: Session, province_code: str, day: date, *, days: int = 1
) -> list[Conflict]:
    """Return the conflicts of `day` (and of the `days - 1` days before it)."""
    return conflicts_between(session, province_code, day - timedelta(days=days - 1), day)


def resolve_conflict(
    session: Session,
    *,
    province_code: str,
    unit_code: str,
    day: date,
    measure: str,
    source: str,
    actor: str,
    reason: str,
) -> Conflict:
    """Return the conflict after recording the officer's choice of `source` for it."""
    [done] = resolve_conflicts(
        session,
        province_code=province_code,
        unit_code=unit_code,
        first=day,
        last=day,
        measure=measure,
        source=source,
        actor=actor,
        reason=reason,
    )
    return done


def resolve_conflicts(
    session: Session,
    *,
    province_code: str,
    unit_code: str,
    first: date,
    last: date,
    measure: str,
    source: str,
    actor: str,
    reason: str,
) -> list[Conflict]:
    """Return the unit's conflicts between two dates after choosing `source` for each.

    Every unresolved conflict of the unit and measure in the period is resolved, each with
    its own record and event; a resolved one is chosen again only when asked for one day.
    """
    if not reason.strip():
        raise InputError(
            "Cần ghi lý do chọn nguồn (--reason).",
            "Say why this source was chosen (--reason).",
        )
    found = [
        c
        for c in conflicts_between(session, province_code, first, last)
        if c.unit_code == unit_code and c.measure == measure and (first == last or not c.resolved)
    ]
    span = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    if not found:
        raise InputError(
            f"Không có xung đột số liệu chưa xử lý cho đơn vị {unit_code}, ngày {span}, "
            f"chỉ số '{measure}'. Xem `loa situation conflicts --date {last.isoformat()}`.",
            f"There is no unresolved conflict for unit {unit_code} on {span}, measure "
            f"'{measure}'. See `loa situation conflicts --date {last.isoformat()}`.",
        )
    lacking = [c.day.isoformat() for c in found if source not in c.values]
    if lacking:
        offered = ", ".join(sorted({s for c in found for s in c.values}))
        raise InputError(
            f"Nguồn '{source}' không có số liệu ngày {', '.join(lacking)}; chọn một trong: "
            f"{offered}.",
            f"Source '{source}' gives no figure on {', '.join(lacking)}; choose one of: {offered}.",
        )
    for conflict in found:
        _record_choice(session, conflict, source, actor, reason.strip())
    session.flush()
    days = {c.day for c in found}
    return [
        c
        for c in conflicts_between(session, province_code, first, last)
        if c.unit_code == unit_code and c.measure == measure and c.day in days
    ]


def _record_choice(
    session: Session, conflict: Conflict, source: str, actor: str, reason: str
) -> None:
    session.add(
        FigureResolutionRow(
            unit_code=conflict.unit_code,
            date=conflict.day,
            measure=conflict.measure,
            source=source,
            values=conflict.values,
            actor=actor,
            reason=reason,
            resolved_at=utcnow(),
        )
    )
    record(
        session,
        DomainEvent(
            "situation.conflict_resolved",
            "figure",
            f"{conflict.unit_code}/{conflict.day.isoformat()}/{conflict.measure}",
            actor,
            before={"values": conflict.values, "chosen": conflict.chosen},
            after={"source": source, "label": source_label(source)},
            note=reason,
        ),
    )
