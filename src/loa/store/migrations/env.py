"""Alembic environment: migrations run on the engine handed over by loa.store.migrate."""

from __future__ import annotations

from alembic import context

from loa.store.registry import all_tables

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=all_tables(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
