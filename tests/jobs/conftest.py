"""Fixtures for the job tests: a store of the test's own on SQLite, and one on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from loa.services.directory import load_national_directory
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.migrate import upgrade

PG_URL = os.environ.get("LOA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


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
    admin = make_engine(PG_URL)
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    schema = f"loa_jobs_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    engine = make_engine(f"{PG_URL}{sep}options=-csearch_path%3D{schema}%2Cpublic")
    upgrade(engine)
    from loa.jobs.queue import ensure_queue_schema

    ensure_queue_schema(engine)
    with session_scope(engine) as session:
        load_national_directory(session)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def settings() -> Settings:
    """Settings with retries quick enough for a test (no wait between attempts)."""
    return Settings(job_retry_base_seconds=0, job_max_attempts=3, db_reconnect_seconds=5)
