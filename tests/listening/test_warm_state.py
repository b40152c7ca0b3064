"""What ingest keeps between calls (near-duplicate index, places, vectors) follows the store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from loa.listening.embedding import HashingEmbedder
from loa.listening.feeds import items_from_records
from loa.listening.items import Item
from loa.services import listening as svc
from loa.services import listening_warm as warm
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.listening_tables import ListenItemRow

NOW = datetime(2021, 5, 22, 12, tzinfo=UTC)
RUMOUR = "Nghe nói xã Hồng Thái sắp phong tỏa toàn bộ từ tối nay, ai cần gì thì mua ngay"
EMBEDDER = HashingEmbedder()


@pytest.fixture
def engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    path = tmp_path / "loa.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    warm.forget()
    yield engine
    engine.dispose()
    warm.forget()


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing")


def _items(*texts: str, start: int = 0) -> list[Item]:
    records = [
        {"id": f"p{start + n}", "text": t, "created_at": (NOW - timedelta(hours=1)).isoformat()}
        for n, t in enumerate(texts)
    ]
    return items_from_records(records, salt="s").items


def _ingest(engine: Engine, tmp_path: Path, items: list[Item]) -> svc.IngestReport:
    with session_scope(engine) as session:
        return svc.ingest_items(
            session, items, source="export", settings=_settings(tmp_path), embedder=EMBEDDER,
            actor="t", clock=lambda: NOW,
        )  # fmt: skip


def _groups(engine: Engine) -> dict[str, str]:
    with session_scope(engine) as session:
        rows = session.scalars(select(ListenItemRow))
        return {r.external_id: r.dup_group for r in rows}


def test_a_repost_in_a_later_batch_joins_the_group_of_the_first_post(
    engine: Engine, tmp_path: Path
) -> None:
    _ingest(engine, tmp_path, _items(RUMOUR))
    report = _ingest(engine, tmp_path, _items(RUMOUR + " !!!", start=1))
    assert report.duplicates == 1
    assert _groups(engine) == {"p0": "export:p0", "p1": "export:p0"}


def test_a_rolled_back_batch_leaves_no_group_behind(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        svc.ingest_items(
            session, _items(RUMOUR), source="export", settings=_settings(tmp_path),
            embedder=EMBEDDER, actor="t", clock=lambda: NOW,
        )  # fmt: skip
        session.rollback()
    report = _ingest(engine, tmp_path, _items(RUMOUR, start=1))
    assert report.duplicates == 0
    assert _groups(engine) == {"p1": "export:p1"}


def test_posts_another_process_stored_are_found_as_near_duplicates(
    engine: Engine, tmp_path: Path
) -> None:
    _ingest(engine, tmp_path, _items("Trời hôm nay mưa to quá ở Lục Nam"))
    # Another worker stores a post without going through this process's index.
    with session_scope(engine) as session:
        session.add(
            ListenItemRow(
                source="export", external_id="other", platform="", text=RUMOUR,
                match_key=_items(RUMOUR)[0].key, received_at=NOW, day=NOW.date(),
                engagement=0, dup_group="export:other", kind="claim", topic="lockdown",
                decision="none",
            )
        )  # fmt: skip
    report = _ingest(engine, tmp_path, _items(RUMOUR + " !!!", start=5))
    assert report.duplicates == 1
    assert _groups(engine)["p5"] == "export:other"


def test_the_process_cache_embeds_a_text_seen_in_an_earlier_batch_once(
    engine: Engine, tmp_path: Path
) -> None:
    from loa.listening.claimreview import FactCheck, Verdict, dump_claimreviews

    # A fact-check sharing the rumour's words, so matching (not only the lexical gate) runs.
    check = FactCheck(id="fc-ht", claim="Xã Hồng Thái phong tỏa toàn bộ từ tối nay",
                      verdict=Verdict.FALSE, url="https://fc.example.vn/ht")  # fmt: skip
    with session_scope(engine) as session:
        svc.import_factchecks(session, dump_claimreviews([check]), actor="t")
    _ingest(engine, tmp_path, _items(RUMOUR))
    cache = warm.cached_embedder(EMBEDDER)
    embedded = cache.embedded
    # Same text from another source: a new group there, but its vector is known.
    with session_scope(engine) as session:
        svc.ingest_items(
            session, _items(RUMOUR, start=9), source="feed", settings=_settings(tmp_path),
            embedder=EMBEDDER, actor="t", clock=lambda: NOW,
        )  # fmt: skip
    assert embedded >= 1 and cache.embedded == embedded


def test_a_claim_replaced_by_an_import_is_matched_at_once(engine: Engine) -> None:
    from dataclasses import replace

    from loa.listening.claimreview import FactCheck, Verdict, dump_claimreviews

    first = FactCheck(id="fc-1", claim="Uống nước muối diệt được virus corona",
                      verdict=Verdict.FALSE, url="https://fc.example.vn/1")  # fmt: skip
    with session_scope(engine) as session:
        svc.import_factchecks(session, dump_claimreviews([first]), actor="t")
        assert svc.match_text(session, first.claim, embedder=EMBEDDER)[0].decision.value == "match"
    changed = replace(first, claim="Xông lá bưởi chữa khỏi bệnh cho người mắc")
    with session_scope(engine) as session:
        svc.import_factchecks(session, dump_claimreviews([changed]), actor="t")
        [result] = svc.match_text(session, changed.claim, embedder=EMBEDDER, top=1)
    assert (result.claim, result.decision.value) == (changed.claim, "match")
