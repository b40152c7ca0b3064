"""A store other processes can open too: a SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import pg_schema

from loa.services.directory import load_national_directory
from loa.store.db import make_engine, session_scope
from loa.store.migrate import upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """The URL of a migrated store with the national directory that other processes can open."""
    if request.param == "sqlite":
        path = tmp_path / "var" / "loa.db"
        path.parent.mkdir(parents=True)
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    with pg_schema("loa_publish") as url:
        engine = make_engine(url)
        upgrade(engine)
        with session_scope(engine) as session:
            load_national_directory(session)
        engine.dispose()
        yield url
