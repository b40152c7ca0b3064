"""The listening pipeline as a job: posts stored with the run, each ingested exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select

from loa.jobs.listening import item_from_payload, payload_of, submit_posts
from loa.jobs.worker import run_worker
from loa.listening.feeds import items_from_records
from loa.listening.items import Item
from loa.services import jobs as runs
from loa.settings import Settings
from loa.store.db import session_scope
from loa.store.listening_tables import ListenItemRow

RUMOUR = "Nghe nói xã Hồng Thái sắp phong tỏa toàn bộ từ tối nay, ai cần gì thì mua ngay"


def _settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={
            "data_dir": tmp_path, "listen_salt": "pepper", "listen_embedder": "hashing",
        }
    )  # fmt: skip


def _items(count: int) -> list[Item]:
    now = datetime.now(UTC)
    texts = [RUMOUR if n % 3 == 0 else f"Tin số {n}: trời mưa to ở Lục Nam, đường ngập {n} phân"
             for n in range(count)]  # fmt: skip
    records = [
        {"id": f"p{n}", "text": t, "created_at": (now - timedelta(minutes=n)).isoformat(),
         "district": "Lục Nam", "author": "Nguyễn Văn A"}
        for n, t in enumerate(texts)
    ]  # fmt: skip
    return items_from_records(records, salt="pepper").items


def _stored(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        rows = session.execute(
            select(ListenItemRow.external_id, ListenItemRow.dup_group).order_by(ListenItemRow.id)
        )
        return [(a, b) for a, b in rows]


def test_a_post_survives_the_trip_through_the_run_unchanged() -> None:
    item = _items(1)[0]
    assert item.author_hash is not None  # the privacy door ran before it was stored
    assert item_from_payload(payload_of(item)) == item
    assert "author" not in payload_of(item)


def test_on_sqlite_a_submitted_stream_is_ingested_at_once(
    sqlite_engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    settings = _settings(settings, tmp_path)
    run_id = submit_posts(sqlite_engine, settings, items=_items(250), source="export", actor="t")
    with session_scope(sqlite_engine) as session:
        view = runs.get_run(session, run_id)
    assert (view.status, view.done, view.total) == ("succeeded", 250, 250)
    stored = _stored(sqlite_engine)
    assert len(stored) == 250
    # Every copy of the rumour joined the group of its first post, across chunks.
    assert {group for ext, group in stored if int(ext[1:]) % 3 == 0} == {"export:p0"}
    assert view.result is not None and view.result["duplicates"] == 83


def test_workers_ingest_each_post_once_even_when_the_stream_is_submitted_twice(
    pg_queue_engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    settings = _settings(settings, tmp_path)
    items = _items(120)
    first = submit_posts(pg_queue_engine, settings, items=items[:70], source="export", actor="t")
    second = submit_posts(pg_queue_engine, settings, items=items[40:], source="export", actor="t")
    run_worker(pg_queue_engine, settings, once=True, concurrency=2)
    with session_scope(pg_queue_engine) as session:
        views = [runs.get_run(session, r) for r in (first, second)]
        count = session.scalar(select(func.count()).select_from(ListenItemRow))
    assert [v.status for v in views] == ["succeeded", "succeeded"]
    assert count == 120
    assert sum(v.result["already_known"] for v in views if v.result) == 30
