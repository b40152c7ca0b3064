"""What the desk's listening pages and API share: named rows, sparklines, words, cards as data.

The rows come from `loa.services.listening`; this module only names their areas and draws them.

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

from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.services import listening as svc
from loa.services.directory import unit_names
from loa.services.listening import response as rsp
from loa.services.listening.response import CardView
from loa.services.publishing import channels_from_settings
from loa.settings import Settings
from loa.web.i18n import N_

__all__ = [
    "CARD_STATES",
    "KIND_NAMES",
    "TOPIC_NAMES",
    "VERDICT_NAMES",
    "NarrativeRow",
    "card_data",
    "commune_areas",
    "narrative_row",
    "narrative_rows",
    "parse_day",
    "publish_correction",
    "series",
    "sparkline_svg",
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
    v = svc.get_narrative(session, narrative_id)
    names = unit_names(session, sorted(v.areas))
    districts = sorted(
        ((c, names.get(c, c), int(n)) for c, n in v.areas.items()), key=lambda a: (-a[2], a[0])
    )
    return NarrativeRow(
        v.id, v.representative, v.topic, v.size, v.first_seen, v.last_seen,
        districts, v.volume, series(v.volume, _latest_day([v.volume])),
    )  # fmt: skip


def commune_areas(session: Session, narrative_id: int) -> list[tuple[str, str, int]]:
    """Return the communes a narrative's posts came from: code, name, posts, most first."""
    posts = svc.narrative_communes(session, narrative_id)
    names = unit_names(session, list(posts))
    return sorted(((c, names.get(c, c), n) for c, n in posts.items()), key=lambda a: (-a[2], a[0]))


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
