"""Finding 15: a tipline message dated in the future is clamped to the time it was received."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.services.listening import handle_tipline, list_narratives, make_embedder
from loa.settings import Settings
from loa.store.listening_tables import ListenItemRow

RECEIVED = datetime(2021, 5, 18, 3, 0, tzinfo=UTC)


def _send(session: Session, tmp_path: Path, sent_at: object, msg_id: str = "m1"):  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path, listen_salt="s", listen_embedder="hashing")
    body = {
        "id": msg_id,
        "text": "Uống nước tỏi chữa khỏi covid, ai cũng nên uống",
        "sent_at": sent_at,
    }
    return handle_tipline(
        session, body, settings=settings, embedder=make_embedder(settings), clock=lambda: RECEIVED
    )


@pytest.mark.parametrize(
    "sent_at", ["2099-01-01T08:00:00+07:00", "2099-01-01 08:00", 4070908800000]
)
def test_a_message_dated_in_the_future_counts_on_the_day_it_was_received(
    session: Session, tmp_path: Path, sent_at: object
) -> None:
    receipt = _send(session, tmp_path, sent_at)
    assert receipt.status == "accepted"
    row = session.scalars(select(ListenItemRow)).one()
    assert row.created_at is not None
    assert row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC) == RECEIVED
    assert row.day == date(2021, 5, 18)
    assert "2099" in receipt.message and "tương lai" in receipt.message
    assert "future" in receipt.message
    for narrative in list_narratives(session):
        assert all(not day.startswith("2099") for day in narrative.volume)


def test_a_message_dated_in_the_past_keeps_its_date(session: Session, tmp_path: Path) -> None:
    receipt = _send(session, tmp_path, "2021-05-17T20:00:00+07:00")
    row = session.scalars(select(ListenItemRow)).one()
    assert row.created_at is not None and row.created_at.year == 2021
    assert row.day == date(2021, 5, 17)
    assert "future" not in receipt.message
