"""publishing: deliveries per channel, counted by the rate limit every process shares

Revision ID: w016b
Revises: w013a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "w016b"
down_revision = "w013a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_channel_sends_channel_at", "channel_sends", ["channel", "at"])


def downgrade() -> None:
    op.drop_index("ix_channel_sends_channel_at", table_name="channel_sends")
    op.drop_table("channel_sends")
