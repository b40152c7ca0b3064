"""publishing: deliveries per channel, counted by the rate limit every process shares;
bulletins.rules long enough for the path of a province's rules file (LOA_LEVEL_RULES)

Revision ID: w016b
Revises: w013a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "w016b"
down_revision = "w013a"
branch_labels = None
depends_on = ("b001",)  # alters the bulletins table


def upgrade() -> None:
    op.create_table(
        "channel_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_channel_sends_channel_at", "channel_sends", ["channel", "at"])
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.alter_column(
            "rules", existing_type=sa.String(length=60), type_=sa.String(length=500)
        )


def downgrade() -> None:
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.alter_column(
            "rules", existing_type=sa.String(length=500), type_=sa.String(length=60)
        )
    op.drop_index("ix_channel_sends_channel_at", table_name="channel_sends")
    op.drop_table("channel_sends")
