"""Public concerns: the week's questions, complaints and opinions, never misinformation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.listening.kinds import FEEDBACK
from loa.listening.topics import Topic
from loa.services.accounts import Principal
from loa.store.listening_tables import (
    ListenCountRow,
)
from loa.store.tables import AdminUnitRow, OrganisationRow


@dataclass(frozen=True)
class ConcernRow:
    """Opinions, complaints or questions of one topic in one district during one week."""

    week_start: date
    kind: str
    topic: str
    topic_label: str
    district_code: str | None
    count: int


def public_concerns(session: Session, *, week: date) -> list[ConcernRow]:
    """Return the week's (Monday to Sunday around `week`) public concerns, most first.

    Concerns are opinions, complaints and questions: public feedback, never misinformation.
    """
    monday = week - timedelta(days=week.weekday())
    rows = session.execute(
        select(
            ListenCountRow.kind,
            ListenCountRow.topic,
            ListenCountRow.district_code,
            func.sum(ListenCountRow.count),
        )
        .where(
            ListenCountRow.day.between(monday, monday + timedelta(days=6)),
            ListenCountRow.kind.in_([k.value for k in FEEDBACK]),
        )
        .group_by(ListenCountRow.kind, ListenCountRow.topic, ListenCountRow.district_code)
    )
    out = [
        ConcernRow(monday, kind, topic, Topic(topic).label_vi, district, int(n))
        for kind, topic, district, n in rows
    ]
    return sorted(out, key=lambda r: (-r.count, r.kind, r.topic, r.district_code or ""))


def concern_week(session: Session, asked: date | None) -> date:
    """Return the Monday of the asked week, or of the latest week with questions or complaints."""
    if asked is None:
        asked = (
            session.scalar(
                select(func.max(ListenCountRow.day)).where(
                    ListenCountRow.kind.in_([k.value for k in FEEDBACK])
                )
            )
            or date.today()
        )
    return asked - timedelta(days=asked.weekday())


def concern_district(session: Session, principal: Principal) -> str | None:
    """Return the district a person's view of concerns is limited to; None means the province.

    Only reporters are limited, to their organisation's district. Raises nothing: a reporter
    whose organisation has no district sees only concerns with no district either (the empty
    string never matches a code).
    """
    if principal.role != "reporter":
        return None
    org = session.get(OrganisationRow, principal.org_id) if principal.org_id else None
    code = org.unit_code if org else None
    if not code:
        return ""
    unit = session.scalars(
        select(AdminUnitRow).where(AdminUnitRow.code == code).order_by(AdminUnitRow.valid_from)
    ).first()
    if unit is None or unit.level == "province":
        return None if unit is not None else ""
    if unit.level == "commune":
        return unit.parent_code or ""
    return code
