"""The migrations build exactly the tables the code declares, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session

from loa.store.migrate import current_revisions, head_revisions
from loa.store.registry import all_tables


def test_migrated_schema_matches_the_declared_tables(session: Session) -> None:
    connection = session.connection()
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    differences = compare_metadata(context, all_tables())
    assert differences == []


def test_store_stands_at_every_head(session: Session) -> None:
    assert current_revisions(session.get_bind().engine) == head_revisions() != set()  # type: ignore[union-attr]
