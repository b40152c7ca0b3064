"""situation snapshots: the situation of a day computed once per version of the data

Revision ID: s017
Revises: r001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s017"
down_revision = "r001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "situation_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stamp", sa.String(length=120), nullable=False),
        sa.Column("latest", sa.Boolean(), nullable=False),
        sa.Column("imports", sa.JSON(), nullable=False),
        sa.Column("resolutions", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("build_ms", sa.Float(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation_snapshots")),
        sa.UniqueConstraint("province_code", "day", "stamp", name="uq_situation_snapshots_stamp"),
    )
    op.create_index(
        "ix_situation_snapshots_latest",
        "situation_snapshots",
        ["province_code", "stamp", "latest"],
    )
    op.create_table(
        "situation_snapshot_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["situation_snapshots.id"],
            name=op.f("fk_situation_snapshot_parts_snapshot_id_situation_snapshots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation_snapshot_parts")),
        sa.UniqueConstraint("snapshot_id", "name", name="uq_situation_snapshot_parts_name"),
    )


def downgrade() -> None:
    op.drop_table("situation_snapshot_parts")
    op.drop_index("ix_situation_snapshots_latest", table_name="situation_snapshots")
    op.drop_table("situation_snapshots")
