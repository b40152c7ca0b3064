"""bulletins: the person who drafted (users.id)

Revision ID: b013a
Revises: b001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b013a"
down_revision = "b001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_user_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.drop_column("author_user_id")
