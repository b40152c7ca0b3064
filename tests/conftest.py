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


def _cli_on(var: Path) -> LoaCli:
    """The `loa` command on the SQLite store and data folder in `var`."""
    return LoaCli(
        {
            "LOA_DATABASE_URL": f"sqlite:///{var / 'loa.db'}",
            "LOA_DATA_DIR": str(var),
            "LOA_LANG": "vi",
        }
    )


@pytest.fixture
def loa(tmp_path: Path, sqlite_template: Path) -> LoaCli:
    """The `loa` command on a fresh SQLite store (migrated, national directory loaded)."""
    var = tmp_path / "var"
    var.mkdir()
    shutil.copy(sqlite_template, var / "loa.db")
    return _cli_on(var)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A data folder as `loa demo` leaves it (seed imported, case data, listening), made once."""
    var = tmp_path_factory.mktemp("demo") / "var"
    var.mkdir()
    shutil.copy(sqlite_template, var / "loa.db")
    _cli_on(var)("demo")
    return var


@pytest.fixture
def demo_loa(tmp_path: Path, demo_template: Path) -> LoaCli:
    """The `loa` command on a copy of the demo's store: what the test changes stays its own."""
    var = tmp_path / "var"
    shutil.copytree(demo_template, var)
    return _cli_on(var)


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` (and what is in it) read-only for this process, then writable again.

    Not root: file modes. Root ignores modes, so there the folder becomes a read-only tmpfs
    holding a copy of what was in it; without the right to mount, the test is skipped.
    """
    if os.geteuid() != 0:
        paths = [folder, *folder.rglob("*")]
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    import subprocess

    keep = folder.parent / f".{folder.name}.kept"
    shutil.copytree(folder, keep)
    mount = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True)
    if mount.returncode != 0:
        shutil.rmtree(keep)
        pytest.skip("root without the right to mount: cannot make a read-only folder")
    try:
        shutil.copytree(keep, folder, dirs_exist_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
        shutil.rmtree(keep)
