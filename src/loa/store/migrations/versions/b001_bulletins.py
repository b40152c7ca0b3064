"""bulletins: versions with content and provenance, channel deliveries

Revision ID: b001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulletins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("province_code", sa.String(length=10), nullable=False),
        sa.Column("unit_code", sa.String(length=10), nullable=True),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("rules", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=120), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("change_what", sa.Text(), nullable=True),
        sa.Column("change_why", sa.Text(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletins")),
        sa.UniqueConstraint("series", "version", name="uq_bulletins_series_version"),
    )
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.create_index("ix_bulletins_day_kind", ["day", "kind"], unique=False)

    op.create_table(
        "bulletin_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulletin_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulletin_id"],
            ["bulletins.id"],
            name=op.f("fk_bulletin_deliveries_bulletin_id_bulletins"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin_deliveries")),
    )
    with op.batch_alter_table("bulletin_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bulletin_deliveries_bulletin_id"), ["bulletin_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("bulletin_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bulletin_deliveries_bulletin_id"))
    op.drop_table("bulletin_deliveries")
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.drop_index("ix_bulletins_day_kind")
    op.drop_table("bulletins")
