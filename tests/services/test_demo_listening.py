"""The demo's example posts give every listening page something true to show."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.services.demo_listening import load_demo_listening
from loa.services.listening import public_concerns
from loa.services.listening.response import list_cards
from loa.settings import Settings
from loa.store.listening_tables import ListenAlertRow, ListenItemRow


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
