"""Loads the demo's example posts and tipline messages, so every listening page has content.

`src/loa/demo/data/listening/posts.jsonl` holds a few hundred posts written for Loa (no real
person, no real account; each record says `"example": true`), dated relative to the day the
demo is loaded: four weeks of claims that form narratives, one of which bursts on the last
day (a spike alert), claims the fact-check library already answers, and questions,
complaints and opinions — criticism and praise of how the epidemic is handled — that count as
public concerns. Only checkable claims form narratives, so criticism never looks like a
narrative to correct. The loader then
opens, drafts, approves (a second officer) and publishes one correction for the bursting
narrative through the portal feed, so the response board shows a published card.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.demo import DATA_DIR
from loa.events import utcnow
from loa.listening.claimreview import Verdict
from loa.listening.feeds import items_from_records
from loa.services import listening as svc
from loa.services.listening import response as rsp
from loa.services.publishing import channels_from_settings
from loa.settings import Settings
from loa.store.listening_tables import ListenCardRow, ListenItemRow, ListenNarrativeRow

__all__ = ["DEMO_SOURCE", "ListeningDemo", "load_demo_listening"]

DEMO_SOURCE = "demo"
POSTS_FILE = "listening/posts.jsonl"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CORRECTION = (
    "Chưa có thực phẩm nào, kể cả chuối, tạo được miễn dịch với virus SARS-CoV-2. "
    "Cách phòng bệnh là tiêm đủ mũi vắc xin và thực hiện 5K. (Ví dụ trình diễn của Loa.)"
)


@dataclass
class ListeningDemo:
    """What the listening part of the demo loaded."""

    posts: int = 0
    narratives: int = 0
    alerts: int = 0
    published_card: int | None = None


def _records(path: Path, today: datetime) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        post = json.loads(line)
        day = today.date() + timedelta(days=int(post["day_offset"]))
        moment = datetime.combine(day, time(int(post["hour"]), 0), tzinfo=LOCAL)
        out.append(
            {
                "id": post["id"],
                "text": post["text"],
                "platform": post["platform"],
                "district": post["district"],
                "commune": post["commune"],
                "created_at": moment.isoformat(),
            }
        )
    return out


def load_demo_listening(
    session: Session, settings: Settings, *, actor: str = "demo", folder: Path = DATA_DIR
) -> ListeningDemo:
    """Load the example posts, raise the spike alert and publish one correction; once only.

    The posts are `folder/listening/posts.jsonl`; a demonstration folder without it loads none.
    """
    done = ListeningDemo()
    path = folder / POSTS_FILE
    if not path.is_file():
        return done
    already = session.scalar(
        select(func.count()).select_from(ListenItemRow).where(ListenItemRow.source == DEMO_SOURCE)
    )
    if already:
        return done
    now = utcnow()
    result = items_from_records(
        _records(path, now), salt=svc.listen_salt(settings), file="posts.jsonl"
    )
    embedder = svc.make_embedder(settings)
    report = svc.ingest_items(
        session,
        result.items,
        source=DEMO_SOURCE,
        settings=settings,
        embedder=embedder,
        actor=actor,
        problems=result.problems,
    )
    done.posts = report.stored
    done.narratives = report.narratives_new
    # Counts are kept per UTC day (ListenCountRow.day), so the spike is looked for on that day.
    today = now.date()
    done.alerts = len(svc.detect_alerts(session, day=today, settings=settings, actor=actor))
    biggest = session.scalars(
        select(ListenNarrativeRow).order_by(ListenNarrativeRow.size.desc())
    ).first()
    if biggest is not None and not session.scalar(
        select(ListenCardRow.id).where(ListenCardRow.narrative_id == biggest.id)
    ):
        done.published_card = _publish_correction(session, settings, biggest.id, now)
    return done


def _publish_correction(
    session: Session, settings: Settings, narrative_id: int, now: datetime
) -> int:
    """Return the id of a correction opened by the rapid team and published by comms."""
    card_id = rsp.open_card(session, actor="rapid", narrative_id=narrative_id).card.id
    rsp.assign_card(session, card_id, team="Tổ phản ứng nhanh", actor="comms")
    rsp.add_evidence(
        session,
        card_id,
        source="https://moh.example.vn/vi-du/phong-covid-19",
        note="Hướng dẫn phòng bệnh của Bộ Y tế (địa chỉ ví dụ của bản trình diễn)",
        actor="rapid",
    )
    rsp.draft_card(session, card_id, truth=CORRECTION, actor="rapid", verdict=Verdict.FALSE)
    rsp.approve_card(session, card_id, actor="comms")
    registry, channels = channels_from_settings(session, settings, ["portal-feed"])
    rsp.publish_card(
        session,
        card_id,
        actor="comms",
        settings=settings,
        registry=registry,
        channels=channels,
        replier=None,
        office_dir=settings.bulletin_dir,
        clock=lambda: max(now, datetime.now(UTC)),
    )
    return card_id
