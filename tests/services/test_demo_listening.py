"""The demo's example posts give every listening page something true to show."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.services.demo_listening import load_demo_listening
from loa.services.listening import public_concerns
from loa.services.listening.response import list_cards
from loa.settings import Settings
from loa.store.listening_tables import ListenAlertRow, ListenItemRow, ListenNarrativeRow


def test_demo_posts_form_narratives_an_alert_concerns_and_one_published_correction(
    session: Session, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, listen_embedder="hashing")
    loaded = load_demo_listening(session, settings)
    assert loaded.posts >= 250 and loaded.narratives >= 2 and loaded.alerts >= 1
    assert session.scalar(select(func.count()).select_from(ListenAlertRow)) >= 1
    published = list_cards(session, state="published")
    assert [c.card.id for c in published] == [loaded.published_card]
    assert "chuối" in published[0].card.claim.lower()  # the narrative that burst
    last = session.scalar(select(func.max(ListenItemRow.day)))
    assert last is not None
    assert public_concerns(session, week=last)  # questions and complaints, per topic
    again = load_demo_listening(session, settings)
    assert again.posts == 0 and again.published_card is None  # loading twice changes nothing


def test_demo_opinions_count_as_public_feedback_never_as_narratives(
    session: Session, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, listen_embedder="hashing")
    load_demo_listening(session, settings)
    opinions = session.scalars(select(ListenItemRow).where(ListenItemRow.kind == "opinion")).all()
    assert len(opinions) >= 30  # criticism and praise of how the epidemic is handled
    assert all(item.narrative_id is None for item in opinions)
    in_narratives = set(
        session.scalars(
            select(ListenItemRow.kind).where(ListenItemRow.narrative_id.is_not(None)).distinct()
        )
    )
    assert in_narratives == {"claim"}
    assert session.scalar(select(func.count()).select_from(ListenNarrativeRow)) >= 2
    days = sorted({item.day for item in opinions})
    counted = [
        row
        for week in {d - timedelta(days=d.weekday()) for d in days}
        for row in public_concerns(session, week=week)
        if row.kind == "opinion"
    ]
    assert sum(row.count for row in counted) == len(opinions)
