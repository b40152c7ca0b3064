"""Helpers for the fault tests: worker subprocesses, schemas of their own, waiting on a run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from tests.conftest import pg_schema
from tests.support.distributions import write_distribution

from loa.services import jobs as runs
from loa.store.db import make_engine, session_scope
from loa.store.migrate import upgrade

HERE = Path(__file__).resolve().parent


def prepare_store(engine: Engine) -> None:
    """Migrate the store, add the queue's tables and the effects table the handler writes."""
    from loa.jobs.queue import ensure_queue_schema

    upgrade(engine)
    ensure_queue_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE fault_effects (run_id integer, seq integer)"))


@pytest.fixture
def pg_fault_url() -> Iterator[str]:
    """The URL of a PostgreSQL schema of the test's own, prepared for a batch; dropped after."""
    with pg_schema("loa_fault") as url:
        engine = make_engine(url)
        prepare_store(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def fault_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where `fault_jobs` is installed as a plugin (an entry point of `loa.jobs`)."""
    site = tmp_path_factory.mktemp("fault-plugin")
    source = (HERE / "fault_jobs.py").read_text(encoding="utf-8")
    return write_distribution(
        site, "loa-fault-jobs", {"loa.jobs": {"fault": "fault_jobs"}}, {"fault_jobs": source}
    )


def worker_env(url: str, plugin: Path, **extra: str) -> dict[str, str]:
    """Return the environment of a `loa worker` subprocess on `url`, the fault handler installed."""
    env = dict(os.environ)
    env.update(
        {
            "LOA_DATABASE_URL": url,
            "PYTHONPATH": os.pathsep.join([str(plugin), env.get("PYTHONPATH", "")]),
            "LOA_WORKER_HEARTBEAT_SECONDS": "0.5",
            "LOA_WORKER_STALLED_SECONDS": "2",
            "LOA_JOB_RETRY_BASE_SECONDS": "0",
            "LOA_DB_RECONNECT_SECONDS": "60",
        }
    )
    env.update(extra)
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Return a running `loa worker --concurrency 1` subprocess logging to `log`."""
    code = "import sys; from loa.cli import main; sys.argv[0] = 'loa'; main()"
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", code, "worker", "--concurrency", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a worker politely, then firmly."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until(
    engine: Engine,
    run_id: int,
    done: Callable[[runs.JobView], bool],
    *,
    timeout: float,
    log: Path | None = None,
) -> runs.JobView:
    """Return the run as soon as `done(view)` holds; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with session_scope(engine) as s:
                view = runs.get_run(s, run_id)
            if done(view):
                return view
        except Exception:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            pytest.fail(f"run {run_id} did not get there in {timeout}s: {view}\n{tail}")
        time.sleep(0.1)


class Kit:
    """The helpers above, handed to tests as a fixture (test modules cannot import conftest)."""

    prepare_store = staticmethod(prepare_store)
    start_worker = staticmethod(start_worker)
    stop = staticmethod(stop)
    wait_until = staticmethod(wait_until)

    def __init__(self, plugin: Path) -> None:
        self.plugin = plugin

    def worker_env(self, url: str, **extra: str) -> dict[str, str]:
        """Return the environment of a worker on `url` that runs the fault handler."""
        return worker_env(url, self.plugin, **extra)


@pytest.fixture
def kit(fault_plugin: Path) -> Kit:
    """Helpers for starting, stopping and watching workers."""
    return Kit(fault_plugin)
