"""Common fixtures: a migrated store on SQLite and on PostgreSQL, the seed and the demo data.

Every test that takes `session` runs once per backend. SQLite tests get their own copy of a
migrated database file; PostgreSQL tests run inside a transaction that is rolled back.
Without a reachable PostgreSQL the PostgreSQL runs are skipped, except under CI=true, where
they fail: CI must exercise both.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from loa.demo import DATA_DIR, SEED_FILE
from loa.services.directory import load_national_directory
from loa.store.db import make_engine, session_scope
from loa.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("LOA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def demo_data() -> Path:
    """The demonstration set shipped inside the package (seed dispatch, real case data)."""
    return DATA_DIR


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The founding dispatch 427-CV/BTGTU."""
    return DATA_DIR / SEED_FILE


def _pg_available() -> bool:
    try:
        engine = make_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file holding the national directory, copied for each test."""
    path = tmp_path_factory.mktemp("store") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_national_directory(session)
    engine.dispose()
    return path


def pg_schema_url(schema: str) -> str:
    """Return the test PostgreSQL URL with its search path set to `schema`."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}%2Cpublic"


@contextmanager
def pg_schema(prefix: str) -> Iterator[str]:
    """Yield the URL of a new, empty PostgreSQL schema, dropped afterwards.

    Without a reachable PostgreSQL the test is skipped, except under CI=true, where it fails:
    CI must run on both stores.
    """
    if not _pg_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}; CI must run on both stores")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """A migrated PostgreSQL schema of its own, dropped at the end of the run."""
    with pg_schema("loa_test") as url:
        engine = make_engine(url)
        upgrade(engine)
        with session_scope(engine) as session:
            load_national_directory(session)
        yield engine
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def session(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Session]:
    """A session on a migrated store with the national directory; what a test writes is discarded."""
    if request.param == "sqlite":
        path = tmp_path / "loa.db"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        with Session(engine, expire_on_commit=False) as s:
            yield s
        engine.dispose()
        return
    pg: Engine = request.getfixturevalue("pg_engine")
    conn = pg.connect()
    outer = conn.begin()
    s = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield s
    finally:
        s.close()
        outer.rollback()
        conn.close()


class LoaCli:
    """Runs `loa` commands in-process against a store of the test's own."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.runner = CliRunner()

    def __call__(self, *args: str, ok: bool = True) -> Result:
        from loa.cli import cli

        result = (
            self.runner.invoke(cli, list(args), env=self.env, catch_exceptions=False)
            if ok
            else (self.runner.invoke(cli, list(args), env=self.env))
        )
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"loa {' '.join(args)} exited {result.exit_code}:\n{result.output}"
            )
        return result


@pytest.fixture
def loa(tmp_path: Path, sqlite_template: Path) -> LoaCli:
    """The `loa` command on a fresh SQLite store (migrated, national directory loaded)."""
    path = tmp_path / "var" / "loa.db"
    path.parent.mkdir(parents=True)
    shutil.copy(sqlite_template, path)
    return LoaCli(
        {
            "LOA_DATABASE_URL": f"sqlite:///{path}",
            "LOA_DATA_DIR": str(tmp_path / "var"),
            "LOA_LANG": "vi",
        }
    )
