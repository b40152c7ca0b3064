"""`kill -9` of a worker in the middle of a batch: no item lost, none processed twice."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from loa.jobs.submit import submit
from loa.settings import Settings
from loa.store.db import make_engine

ITEMS = 500


@pytest.mark.slow
def test_a_worker_killed_mid_batch_leaves_every_item_processed_exactly_once(
    pg_fault_url: str, tmp_path: Path, kit: Any
) -> None:
    engine = make_engine(pg_fault_url)
    env = kit.worker_env(pg_fault_url, LOA_FAULT_ITEM_DELAY="0.01")
    run_id = submit(
        engine,
        Settings(database_url=pg_fault_url),
        kind="batch",
        args={"handler": "fault_effect"},
        items=[{"n": n} for n in range(ITEMS)],
        actor="test",
    )
    log = tmp_path / "worker.log"
    first = kit.start_worker(env, log)
    try:
        kit.wait_until(engine, run_id, lambda v: v.done >= 100, timeout=60, log=log)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        kit.stop(first)
    with engine.connect() as conn:
        at_kill = conn.scalar(text("SELECT count(*) FROM fault_effects"))
    assert 100 <= at_kill < ITEMS, "the kill must land in the middle of the batch"

    second = kit.start_worker(env, log)
    try:
        view = kit.wait_until(
            engine, run_id, lambda v: v.status == "succeeded", timeout=90, log=log
        )
    finally:
        kit.stop(second)
    with engine.connect() as conn:
        rows, distinct = conn.execute(
            text("SELECT count(*), count(DISTINCT seq) FROM fault_effects WHERE run_id = :r"),
            {"r": run_id},
        ).one()
        unmarked = conn.scalar(
            text("SELECT count(*) FROM batch_items WHERE run_id = :r AND processed_at IS NULL"),
            {"r": run_id},
        )
    engine.dispose()
    assert (rows, distinct, unmarked) == (ITEMS, ITEMS, 0)
    assert (view.done, view.total) == (ITEMS, ITEMS)
