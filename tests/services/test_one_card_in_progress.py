"""A narrative has one response card in progress, held by the store itself (SQLite and PostgreSQL).

`open_card_for` looks before it writes; two sessions that both look before either writes would
each open a card, were it not for the partial unique index (migration l016c).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tests.conftest import pg_schema

from loa.listening.embedding import HashingEmbedder
from loa.services import listening as svc
from loa.services.listening import response as rsp
from loa.settings import Settings
from loa.store.db import make_engine
from loa.store.listening_tables import ListenCardRow, ListenNarrativeRow
from loa.store.migrate import upgrade

RUMOUR = "Uống nước chanh gừng chữa khỏi covid cho cả nhà"


def _narrative(session: Session, tmp_path: Path) -> int:
    """Store one rumour; return its narrative's id."""
    settings = Settings(data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing")
    svc.ingest_text(session, RUMOUR, settings=settings, embedder=HashingEmbedder(), actor="t")
    session.commit()
    (narrative,) = svc.list_narratives(session)
    return narrative.id


def _in_progress(session: Session, narrative: int) -> list[int]:
    return list(
        session.scalars(
            select(ListenCardRow.id).where(
                ListenCardRow.narrative_id == narrative,
                ListenCardRow.state.not_in(["published", "closed"]),
            )
        )
    )


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """An engine on a store that two sessions can use at once."""
    made = make_engine(store_url)
    yield made
    made.dispose()


def test_two_sessions_opening_one_narrative_at_once_get_one_card(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine, expire_on_commit=False) as setup:
        narrative = _narrative(setup, tmp_path)
    looked = rsp._in_progress
    opened_meanwhile: list[int] = []
    looks: list[Session] = []

    def look_then_let_the_other_open(session: Session, narrative_id: int) -> object:
        found = looked(session, narrative_id)
        looks.append(session)
        if len(looks) == 1:  # my first look found nothing: the other session opens and commits
            assert found is None
            with Session(engine, expire_on_commit=False) as other:
                view, new = rsp.open_card_for(other, actor="lan", narrative_id=narrative_id,
                                              claim=None)  # fmt: skip
                other.commit()
            assert new
            opened_meanwhile.append(view.card.id)
        return found

    monkeypatch.setattr(rsp, "_in_progress", look_then_let_the_other_open)
    with Session(engine, expire_on_commit=False) as mine:
        view, new = rsp.open_card_for(mine, actor="minh", narrative_id=narrative, claim=None)
        mine.commit()
        assert (view.card.id, new) == (opened_meanwhile[0], False)
        assert _in_progress(mine, narrative) == opened_meanwhile


def test_the_store_refuses_a_second_card_in_progress(session: Session, tmp_path: Path) -> None:
    narrative = _narrative(session, tmp_path)
    rsp.open_card(session, actor="lan", narrative_id=narrative)
    with pytest.raises(IntegrityError):
        rsp.open_card(session, actor="minh", narrative_id=narrative)


def test_a_closed_card_lets_the_narrative_open_a_new_one(session: Session, tmp_path: Path) -> None:
    narrative = _narrative(session, tmp_path)
    first, _ = rsp.open_card_for(session, actor="lan", narrative_id=narrative, claim=None)
    again, new = rsp.open_card_for(session, actor="minh", narrative_id=narrative, claim=None)
    assert (again.card.id, new) == (first.card.id, False)
    rsp.close_card_as_feedback(session, first.card.id, actor="lan", reason="ý kiến")
    second, new = rsp.open_card_for(session, actor="minh", narrative_id=narrative, claim=None)
    assert new and second.card.id != first.card.id
    assert _in_progress(session, narrative) == [second.card.id]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store, to be migrated by the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with pg_schema("loa_cards") as url:
        yield url


def test_the_migration_keeps_the_card_furthest_along_and_closes_the_others(
    empty_url: str,
) -> None:
    engine = make_engine(empty_url)
    upgrade(engine, "l003_kinds")  # a store from before the index
    now = datetime(2021, 5, 20, 8, tzinfo=UTC)
    with Session(engine) as old:
        narrative = ListenNarrativeRow(
            representative=RUMOUR, representative_cosine=1.0, topic="treatment", size=2,
            topics={}, areas={}, centroid=np.zeros(4, dtype=np.float32).tobytes(),
            embedder="hashing", first_seen=now, last_seen=now,
        )  # fmt: skip
        old.add(narrative)
        old.flush()
        states = ["open", "drafted", "assigned", "published"]
        for state in states:
            old.add(
                ListenCardRow(
                    narrative_id=narrative.id, claim=RUMOUR, kind="claim", state=state,
                    evidence=[], history=["earlier"], created_by="t", created_at=now,
                    deliveries=[],
                )
            )  # fmt: skip
        old.commit()
        narrative_id = narrative.id
    upgrade(engine)
    with Session(engine) as new:
        cards = new.scalars(select(ListenCardRow).order_by(ListenCardRow.id)).all()
        assert [c.state for c in cards] == ["closed", "drafted", "closed", "published"]
        kept = cards[1].id
        for closed in (cards[0], cards[2]):
            assert closed.history[0] == "earlier"
            assert (
                f"duplicate of card {kept} in progress on narrative {narrative_id}"
                in (closed.history[-1])
            )
        assert cards[1].history == ["earlier"]
        with pytest.raises(IntegrityError):
            rsp.open_card(new, actor="lan", narrative_id=narrative_id)
    engine.dispose()
