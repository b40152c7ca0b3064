"""Returns the database to the newest schema by running Alembic's migrations in-process."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

__all__ = ["alembic_config", "current_revision", "head_revision", "upgrade"]


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config whose migrations run on `engine`."""
    cfg = _config()
    cfg.attributes["engine"] = engine
    return cfg


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("loa.store") / "migrations"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema of `engine`'s database to `revision`."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision the database is at, or None for an empty database."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return None if row is None else str(row[0])


def head_revision() -> str | None:
    """Return the newest revision Loa's migrations know."""
    return ScriptDirectory.from_config(_config()).get_current_head()
