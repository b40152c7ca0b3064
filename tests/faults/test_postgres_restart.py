"""PostgreSQL restarted during ingest: clients reconnect, and nothing is lost or doubled.

The shared server other sessions use is left alone: the test starts a private cluster in a
temporary folder (initdb refuses root, so as root it runs as the `postgres` user).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from loa.jobs.submit import submit
from loa.settings import Settings
from loa.store.db import make_engine

ITEMS = 300
CLIENT_SUBMISSIONS = 40


def _pg_bin() -> Path | None:
    for pattern in ("/usr/lib/postgresql/*/bin/pg_ctl", "/usr/local/bin/pg_ctl"):
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def private_cluster() -> Iterator[tuple[str, Any]]:
    """Yield (URL, restart) for a PostgreSQL cluster of the test's own."""
    bindir = _pg_bin()
    if bindir is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are needed for this test")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="loa-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o700)
    port = _free_port()
    subprocess.run(
        _as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]),
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w"]
    subprocess.run(_as_owner([*ctl, "start"]), check=True, capture_output=True)

    def restart() -> None:
        subprocess.run(_as_owner([*ctl, "-m", "fast", "restart"]), check=True, capture_output=True)

    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", restart
    finally:
        subprocess.run(_as_owner([*ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_a_restart_of_postgresql_during_ingest_loses_and_doubles_nothing(
    private_cluster: tuple[str, Any], tmp_path: Path, kit: Any
) -> None:
    url, restart = private_cluster
    engine = make_engine(url)
    kit.prepare_store(engine)
    settings = Settings(database_url=url, db_reconnect_seconds=60)
    batch = submit(
        engine,
        settings,
        kind="batch",
        args={"handler": "fault_effect"},
        items=[{"n": n} for n in range(ITEMS)],
        actor="test",
    )
    log = tmp_path / "worker.log"
    worker = kit.start_worker(kit.worker_env(url, LOA_FAULT_ITEM_DELAY="0.02"), log)
    submitted: list[int] = []
    errors: list[BaseException] = []

    def client() -> None:
        # Another client keeps submitting while the server goes down and comes back.
        try:
            for n in range(CLIENT_SUBMISSIONS):
                submitted.append(
                    submit(
                        engine,
                        settings,
                        kind="batch",
                        args={"handler": "fault_effect"},
                        items=[{"client": n}],
                        actor="client",
                    )
                )
                threading.Event().wait(0.1)
        except BaseException as exc:
            errors.append(exc)

    try:
        kit.wait_until(engine, batch, lambda v: v.done >= 60, timeout=60, log=log)
        thread = threading.Thread(target=client)
        thread.start()
        threading.Event().wait(0.5)
        restart()
        thread.join(timeout=120)
        view = kit.wait_until(
            engine, batch, lambda v: v.status == "succeeded", timeout=120, log=log
        )
        for run_id in submitted:
            kit.wait_until(engine, run_id, lambda v: v.status == "succeeded", timeout=60, log=log)
        assert worker.poll() is None, "the worker must survive the restart"
    finally:
        kit.stop(worker)
    assert errors == [] and len(submitted) == CLIENT_SUBMISSIONS
    with engine.connect() as conn:
        rows, distinct = conn.execute(
            text("SELECT count(*), count(DISTINCT seq) FROM fault_effects WHERE run_id = :r"),
            {"r": batch},
        ).one()
        client_rows = conn.scalar(
            text("SELECT count(*) FROM fault_effects WHERE run_id <> :r"), {"r": batch}
        )
    engine.dispose()
    assert (rows, distinct, view.done) == (ITEMS, ITEMS, ITEMS)
    assert client_rows == CLIENT_SUBMISSIONS
