"""Returns the database to the newest schema by running Alembic's migrations in-process.

Each area of Loa may add its own migration branch from the initial revision; `upgrade`
applies every head, and the store is current when it stands at all of them.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

__all__ = ["alembic_config", "current_revisions", "head_revisions", "is_current", "upgrade"]


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("loa.store") / "migrations"))
    return cfg


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config whose migrations run on `engine`."""
    cfg = _config()
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Create or upgrade the schema of `engine`'s database to `revision` (every head by default)."""
    command.upgrade(alembic_config(engine), revision)


def current_revisions(engine: Engine) -> set[str]:
    """Return the revisions the database stands at; empty for a database never initialised."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return set()
    with engine.connect() as conn:
        return {
            str(row[0]) for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")
        }


def head_revisions() -> set[str]:
    """Return the newest revisions Loa's migrations know (one per branch)."""
    return set(ScriptDirectory.from_config(_config()).get_heads())


def is_current(engine: Engine) -> bool:
    """Return True when the database stands at every head revision."""
    return current_revisions(engine) == head_revisions()
