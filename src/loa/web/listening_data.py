"""What the desk's listening pages and API share: rows to show, sparklines, scopes, cards as data.

Nothing here names a person who posted: pages show narratives, claims, topics and areas, never
an item's author (the store keeps at most a salted hash, and it is never read here). Questions
and complaints are public feedback, counted in the concerns table, never shown as false claims.
The staff who drafted or approved a correction are named, since a second person must approve.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from sqlalchemy import and_, func, select, text
from sqlalchemy.orm import Session

from loa.errors import InputError, NotFoundError
from loa.listening.kinds import FEEDBACK
from loa.services import listening as svc
from loa.services import listening_response as rsp
from loa.services.accounts import Principal, list_users
from loa.services.listening_response import CardView
from loa.services.publishing import channels_from_settings
from loa.settings import Settings
from loa.store.listening_tables import (
    ListenAlertRow,
    ListenCountRow,
    ListenFactCheckRow,
    ListenItemRow,
    ListenNarrativeRow,
)
from loa.store.tables import AdminUnitRow, OrganisationRow
from loa.text import fold
from loa.web.bulletin_data import unit_names
from loa.web.i18n import N_

__all__ = [
    "CARD_STATES",
    "KIND_NAMES",
    "TOPIC_NAMES",
    "VERDICT_NAMES",
    "AlertRow",
    "FactCheckRow",
    "NarrativeRow",
    "card_data",
    "commune_areas",
    "concern_week",
    "library",
    "narrative_row",
    "narrative_rows",
    "open_card_for",
    "parse_day",
    "publish_correction",
    "reporter_district",
    "series",
    "sparkline_svg",
    "stored_alerts",
    "team_members",
]

SPARK_DAYS = 14
# The board's columns, in the order a card moves.
CARD_STATES = {
    "open": N_("Mới mở"),
    "assigned": N_("Đã giao"),
    "drafted": N_("Đã soạn"),
    "approved": N_("Đã duyệt"),
    "published": N_("Đã phát hành"),
    "closed": N_("Không phải tin cần kiểm chứng"),
}
# The same words as loa.listening.topics, marked here so the English catalog has them.
TOPIC_NAMES = {
    "cause": N_("Nguồn gốc, nguyên nhân"),
    "illness": N_("Bệnh, triệu chứng, lây truyền"),
    "treatment": N_("Điều trị, thuốc"),
    "interventions": N_("Biện pháp phòng, chống dịch"),
    "information": N_("Thông tin, số liệu, tin đồn"),
    "vaccines": N_("Vắc xin, tiêm chủng"),
    "testing": N_("Xét nghiệm"),
    "quarantine": N_("Cách ly"),
    "lockdown": N_("Phong tỏa, giãn cách"),
    "support_payments": N_("Hỗ trợ, trợ cấp"),
    "food_prices": N_("Lương thực, giá cả"),
    "other": N_("Khác"),
}
VERDICT_NAMES = {
    "tin_gia": N_("Tin giả"),
    "sai_su_that": N_("Tin sai sự thật"),
    "gay_hieu_lam": N_("Gây hiểu lầm"),
    "chua_kiem_chung": N_("Chưa kiểm chứng"),
    "xac_thuc": N_("Tin xác thực"),
    "y_kien_phan_anh": N_("Không phải thông tin cần kiểm chứng — ý kiến, phản ánh"),
}
KIND_NAMES = {
    "claim": N_("Tin cần kiểm chứng"),
    "opinion": N_("Ý kiến, nhận xét"),
    "complaint": N_("Phản ánh"),
    "question": N_("Câu hỏi"),
    "other": N_("Khác"),
}


def parse_day(value: str, what: str = "ngày") -> date:
    """Return the date written YYYY-MM-DD, or an InputError saying how to write it."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{what.capitalize()} '{value}' không đúng dạng NNNN-TT-NN (ví dụ 2021-05-20).",
            f"Date '{value}' is not YYYY-MM-DD (e.g. 2021-05-20).",
        ) from None


def series(volume: dict[str, int], end: date, days: int = SPARK_DAYS) -> list[tuple[date, int]]:
    """Return the daily counts of the `days` days ending on `end` (a day without posts is 0)."""
    start = end - timedelta(days=days - 1)
    return [
        (start + timedelta(days=i), volume.get((start + timedelta(days=i)).isoformat(), 0))
        for i in range(days)
    ]


def sparkline_svg(points: list[tuple[date, int]], *, label: str) -> str:
    """Return a small SVG of daily counts as bars, named by `label` for screen readers."""
    width, height, gap = 112, 28, 1
    top = max([1, *(n for _, n in points)])
    bar = width / max(len(points), 1)
    rects = []
    for i, (day, n) in enumerate(points):
        h = round((height - 2) * n / top, 1)
        rects.append(
            f'<rect x="{i * bar:.1f}" y="{height - h:.1f}" width="{bar - gap:.1f}" '
            f'height="{h:.1f}" fill="#455a64"><title>{day.isoformat()}: {n}</title></rect>'
        )
    return (
        f'<svg class="sparkline" role="img" aria-label="{escape(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}" stroke="#999"/>'
        f"{''.join(rects)}</svg>"
    )


@dataclass(frozen=True)
class NarrativeRow:
    """A narrative as listed: its text, topic, size, first day, districts and recent volume."""

    id: int
    representative: str
    topic: str
    size: int
    first_seen: datetime
    last_seen: datetime
    districts: list[tuple[str, str, int]]  # code, name, posts
    volume: dict[str, int]
    recent: list[tuple[date, int]]


def _latest_day(volumes: list[dict[str, int]]) -> date:
    days = [d for v in volumes for d in v]
    return date.fromisoformat(max(days)) if days else date.today()


def narrative_rows(
    session: Session, *, since: date | None = None, limit: int = 50
) -> list[NarrativeRow]:
    """Return the narratives, largest first, each with its districts and last two weeks."""
    views = svc.list_narratives(session, since=since, limit=limit)
    end = _latest_day([v.volume for v in views])
    names = unit_names(session, sorted({c for v in views for c in v.areas}))
    return [
        NarrativeRow(
            v.id, v.representative, v.topic, v.size, v.first_seen, v.last_seen,
            sorted(
                ((c, names.get(c, c), int(n)) for c, n in v.areas.items()),
                key=lambda a: (-a[2], a[0]),
            ),
            v.volume, series(v.volume, end),
        )
        for v in views
    ]  # fmt: skip


def narrative_row(session: Session, narrative_id: int) -> NarrativeRow:
    """Return one narrative with its whole daily volume; NotFoundError if there is none."""
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
    names = unit_names(session, sorted(row.areas))
    districts = sorted(
        ((c, names.get(c, c), int(n)) for c, n in row.areas.items()), key=lambda a: (-a[2], a[0])
    )
    return NarrativeRow(
        row.id, row.representative, row.topic, row.size, row.first_seen, row.last_seen,
        districts, volume, series(volume, _latest_day([volume])),
    )  # fmt: skip


def commune_areas(session: Session, narrative_id: int) -> list[tuple[str, str, int]]:
    """Return the communes a narrative's posts came from: code, name, posts, most first."""
    rows = session.execute(
        select(ListenItemRow.commune_code, func.count(ListenItemRow.id))
        .where(ListenItemRow.narrative_id == narrative_id, ListenItemRow.commune_code.is_not(None))
        .group_by(ListenItemRow.commune_code)
    ).all()
    names = unit_names(session, [str(c) for c, _ in rows])
    found = [(str(c), names.get(str(c), str(c)), int(n)) for c, n in rows]
    return sorted(found, key=lambda a: (-a[2], a[0]))


@dataclass(frozen=True)
class AlertRow:
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
) -> list[AlertRow]:
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
        AlertRow(
            a.id, a.narrative_id, rep, a.day, a.observed, a.expected, a.upper,
            [int(x) for x in a.evidence.get("baseline", [])],
            [float(x) for x in a.evidence.get("weights", [])],
        )
        for a, rep in session.execute(query)
    ]  # fmt: skip


@dataclass(frozen=True)
class FactCheckRow:
    """A fact-check of the library as listed."""

    id: str
    claim: str
    verdict: str
    url: str
    origin: str
    created_at: datetime


# Word similarity (pg_trgm) from which a claim counts as found when no claim holds every word
# of the query: "vac xim gay vo sin" (two typos) reaches 0.57 against the vaccine claim.
TRIGRAM_THRESHOLD = 0.5


def library(session: Session, *, query: str = "", limit: int = 200) -> list[FactCheckRow]:
    """Return the library's fact-checks matching `query`, best first (newest first without one).

    A claim matches when it holds every word of the query, ignoring case and diacritics ("vac
    xin vo sinh" finds "Tiêm vắc xin … gây vô sinh"). On PostgreSQL, when no claim does, the
    search forgives typos: pg_trgm's word similarity over the folded claim, trigram-indexed.
    """
    key = fold(query)
    if not key:
        newest = select(ListenFactCheckRow).order_by(
            ListenFactCheckRow.created_at.desc(), ListenFactCheckRow.id
        )
        return _rows(session, newest.limit(limit))
    every_word = and_(
        *(ListenFactCheckRow.claim_key.contains(w, autoescape=True) for w in key.split())
    )
    by_id = ListenFactCheckRow.id.contains(query.strip(), autoescape=True)
    exact = select(ListenFactCheckRow).where(every_word | by_id)
    if session.get_bind().dialect.name != "postgresql":
        return _rows(
            session,
            exact.order_by(ListenFactCheckRow.created_at.desc(), ListenFactCheckRow.id).limit(
                limit
            ),
        )
    closeness = func.word_similarity(key, ListenFactCheckRow.claim_key)
    found = _rows(session, exact.order_by(closeness.desc(), ListenFactCheckRow.id).limit(limit))
    if found:
        return found
    session.execute(text(f"SET LOCAL pg_trgm.word_similarity_threshold = {TRIGRAM_THRESHOLD}"))
    fuzzy = select(ListenFactCheckRow).where(ListenFactCheckRow.claim_key.op("%>")(key))
    return _rows(session, fuzzy.order_by(closeness.desc(), ListenFactCheckRow.id).limit(limit))


def _rows(session: Session, statement: Any) -> list[FactCheckRow]:
    return [
        FactCheckRow(r.id, r.claim, r.verdict, r.url, r.origin, r.created_at)
        for r in session.scalars(statement)
    ]


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


def reporter_district(session: Session, principal: Principal) -> str | None:
    """Return the district a reporter's concerns are limited to; None means the whole province.

    Raises nothing: a reporter whose organisation has no district sees only concerns with no
    district either (the empty string never matches a code).
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


def team_members(session: Session) -> list[str]:
    """Return the logins who may work a card (rapid-response members and officers), sorted."""
    return sorted(
        u.login for u in list_users(session) if u.active and u.role in ("rapid", "comms", "admin")
    )


def card_data(view: CardView) -> dict[str, Any]:
    """Return a card as plain JSON-ready data, with its hours from first post to correction."""
    card = asdict(view.card)
    for key, value in list(card.items()):
        if isinstance(value, datetime):
            card[key] = value.isoformat()
    card["state"] = view.card.state.value
    card["verdict"] = view.card.verdict.value if view.card.verdict else None
    card["kind"] = view.card.kind.value
    card["evidence"] = [
        {"source": e.source, "note": e.note, "added_by": e.added_by,
         "added_at": e.added_at.isoformat()}
        for e in view.card.evidence
    ]  # fmt: skip
    card["history"] = list(view.card.history)
    card["deliveries"] = view.deliveries
    card["hours_to_correction"] = view.hours_to_correction
    return card


def open_card_for(
    session: Session, *, actor: str, narrative_id: int | None, claim: str | None,
    supersedes: int | None = None, relabel_reason: str = "",
) -> tuple[CardView, bool]:  # fmt: skip
    """Return the card to work on and whether it is new: a narrative keeps one card in progress."""
    if narrative_id is not None and supersedes is None:
        for view in rsp.list_cards(session):
            if view.card.narrative_id == narrative_id and view.card.state.value not in (
                "published", "closed",
            ):  # fmt: skip
                return view, False
    made = rsp.open_card(
        session, actor=actor, narrative_id=narrative_id, claim=claim, supersedes=supersedes,
        relabel_reason=relabel_reason,
    )  # fmt: skip
    return made, True


def publish_correction(
    session: Session, card_id: int, *, actor: str, settings: Settings, channels: list[str] | None
) -> rsp.PublishReport:
    """Return what publishing an approved card did, through the channel registry.

    Tipline senders get the correction through the messaging gateway (LOA_TIPLINE_REPLY_URL);
    without one their replies wait for `loa listen replies`.
    """
    registry, chosen = channels_from_settings(session, settings, channels)
    return rsp.publish_card(
        session, card_id, actor=actor, settings=settings, registry=registry, channels=chosen,
        replier=rsp.reply_sender(settings, settings.bulletin_dir),
        office_dir=settings.bulletin_dir,
    )  # fmt: skip
