"""response cards: the person who drafted the correction (users.id)

Revision ID: l013a
Revises: l002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "l013a"
down_revision = "l002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("listen_cards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drafted_by_user_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listen_cards", schema=None) as batch_op:
        batch_op.drop_column("drafted_by_user_id")
