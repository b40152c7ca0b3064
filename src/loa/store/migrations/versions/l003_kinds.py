"""Kinds: an item's kind may be opinion or other, `asked` for a question about a claim; cards
keep the kind of their text and have no verdict until one is chosen

Revision ID: l003_kinds
Revises: l013a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "l003_kinds"
down_revision = "l013a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("listen_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("asked", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("listen_cards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), server_default="claim", nullable=False)
        )
        batch_op.alter_column("verdict", existing_type=sa.String(length=20), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE listen_cards SET verdict = 'chua_kiem_chung' WHERE verdict IS NULL")
    with op.batch_alter_table("listen_cards", schema=None) as batch_op:
        batch_op.alter_column("verdict", existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_column("kind")
    with op.batch_alter_table("listen_items", schema=None) as batch_op:
        batch_op.drop_column("asked")
