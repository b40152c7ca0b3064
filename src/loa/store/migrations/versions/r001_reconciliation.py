"""reconciled figures: import sources, resolutions of conflicts, bulletin checks

Revision ID: r001
Revises: b013a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r001"
down_revision = "b013a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("situation_imports") as batch:
        batch.add_column(sa.Column("source", sa.String(length=40), nullable=True))
    with op.batch_alter_table("bulletins") as batch:
        batch.add_column(sa.Column("problems", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("acknowledgement", sa.Text(), nullable=True))
    op.create_table(
        "figure_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=10), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_resolutions")),
    )
    op.create_index("ix_figure_resolutions_unit_date", "figure_resolutions", ["unit_code", "date"])


def downgrade() -> None:
    op.drop_index("ix_figure_resolutions_unit_date", table_name="figure_resolutions")
    op.drop_table("figure_resolutions")
    with op.batch_alter_table("bulletins") as batch:
        batch.drop_column("acknowledgement")
        batch.drop_column("problems")
    with op.batch_alter_table("situation_imports") as batch:
        batch.drop_column("source")
