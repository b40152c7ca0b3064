"""Fact-check search: a folded claim column, trigram-indexed on PostgreSQL (pg_trgm)

Revision ID: l002
Revises: l001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from loa.text import fold

revision = "l002"
down_revision = "l001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    if postgresql:
        # In `public`, which every Loa role has on its search path; needs a role allowed to
        # create extensions (the database owner on PostgreSQL 13+: pg_trgm is trusted).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    with op.batch_alter_table("listen_factchecks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_key", sa.Text(), server_default="", nullable=False))
    rows = bind.execute(sa.text("SELECT id, claim FROM listen_factchecks")).fetchall()
    for row_id, claim in rows:
        bind.execute(
            sa.text("UPDATE listen_factchecks SET claim_key = :key WHERE id = :id"),
            {"key": fold(claim or ""), "id": row_id},
        )
    if postgresql:
        op.create_index(
            "ix_listen_factchecks_claim_key",
            "listen_factchecks",
            ["claim_key"],
            postgresql_using="gin",
            postgresql_ops={"claim_key": "gin_trgm_ops"},
        )
    else:
        op.create_index("ix_listen_factchecks_claim_key", "listen_factchecks", ["claim_key"])


def downgrade() -> None:
    op.drop_index("ix_listen_factchecks_claim_key", table_name="listen_factchecks")
    with op.batch_alter_table("listen_factchecks", schema=None) as batch_op:
        batch_op.drop_column("claim_key")
