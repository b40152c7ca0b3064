"""The fact-check library search ignores diacritics everywhere and forgives typos on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from loa.services.listening import search_library as library
from loa.store.listening_tables import ListenFactCheckRow

CLAIMS = {
    "vx-vo-sinh": "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ",
    "toi-chua-covid": "Ăn tỏi sống chữa khỏi COVID-19",
    "5g": "Sóng 5G làm lây lan virus corona",
}


def _library(session: Session) -> None:
    for n, (key, claim) in enumerate(CLAIMS.items()):
        session.add(
            ListenFactCheckRow(
                id=key, claim=claim, verdict="tin_gia", url=f"https://example.vn/{key}",
                origin="import", data={}, created_at=datetime(2021, 7, 1 + n, tzinfo=UTC),
            )
        )  # fmt: skip
    session.flush()


def test_search_without_diacritics_finds_the_claim(session: Session) -> None:
    _library(session)
    assert [r.id for r in library(session, query="vac xin gay vo sinh")] == ["vx-vo-sinh"]
    assert [r.id for r in library(session, query="TỎI SỐNG")] == ["toi-chua-covid"]
    assert len(library(session)) == 3
    assert library(session, query="khẩu trang") == []


def test_the_folded_claim_follows_edits(session: Session) -> None:
    _library(session)
    row = session.get(ListenFactCheckRow, "5g")
    assert row is not None and row.claim_key == "song 5g lam lay lan virus corona"
    row.claim = "Cột phát sóng 5G phát tán virus"
    session.flush()
    assert [r.id for r in library(session, query="cot phat song")] == ["5g"]


def test_postgresql_forgives_a_typo(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("trigram similarity is PostgreSQL's (pg_trgm); SQLite matches whole words")
    _library(session)
    found = [r.id for r in library(session, query="vac xim gay vo sin")]
    assert found == ["vx-vo-sinh"]
