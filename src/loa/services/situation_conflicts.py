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

__all__ = ["conflicts_between", "conflicts_on", "resolve_conflict"]


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
    if not reason.strip():
        raise InputError(
            "Cần ghi lý do chọn nguồn (--reason).",
            "Say why this source was chosen (--reason).",
        )
    found = [
        c
        for c in conflicts_on(session, province_code, day)
        if c.unit_code == unit_code and c.measure == measure
    ]
    if not found:
        raise InputError(
            f"Không có xung đột số liệu cho đơn vị {unit_code}, ngày {day:%d/%m/%Y}, "
            f"chỉ số '{measure}'. Xem `loa situation conflicts --date {day.isoformat()}`.",
            f"There is no conflict for unit {unit_code} on {day.isoformat()}, measure "
            f"'{measure}'. See `loa situation conflicts --date {day.isoformat()}`.",
        )
    conflict = found[0]
    if source not in conflict.values:
        offered = ", ".join(sorted(conflict.values))
        raise InputError(
            f"Nguồn '{source}' không có số liệu cho ô này; chọn một trong: {offered}.",
            f"Source '{source}' gives no figure here; choose one of: {offered}.",
        )
    session.add(
        FigureResolutionRow(
            unit_code=unit_code,
            date=day,
            measure=measure,
            source=source,
            values=conflict.values,
            actor=actor,
            reason=reason.strip(),
            resolved_at=utcnow(),
        )
    )
    record(
        session,
        DomainEvent(
            "situation.conflict_resolved",
            "figure",
            f"{unit_code}/{day.isoformat()}/{measure}",
            actor,
            before={"values": conflict.values, "chosen": conflict.chosen},
            after={"source": source, "label": source_label(source)},
            note=reason.strip(),
        ),
    )
    session.flush()
    return next(
        c
        for c in conflicts_on(session, province_code, day)
        if c.unit_code == unit_code and c.measure == measure
    )
