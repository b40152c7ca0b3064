"""Fixtures for the job tests: a store of the test's own on SQLite, and one on PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.conftest import pg_schema

from loa.services.directory import load_national_directory
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.migrate import upgrade


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A migrated SQLite store with the national directory, for in-process jobs."""
    path = tmp_path / "loa.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_queue_engine() -> Iterator[Engine]:
    """A migrated PostgreSQL schema of the test's own, with the queue's tables; dropped after."""
    from loa.jobs.queue import ensure_queue_schema

    with pg_schema("loa_jobs") as url:
        engine = make_engine(url)
        upgrade(engine)
        ensure_queue_schema(engine)
        with session_scope(engine) as session:
            load_national_directory(session)
        yield engine
        engine.dispose()


@pytest.fixture
def settings() -> Settings:
    """Settings with retries quick enough for a test (no wait between attempts)."""
    return Settings(job_retry_base_seconds=0, job_max_attempts=3, db_reconnect_seconds=5)
