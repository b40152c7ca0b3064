"""Response cards: a narrative has at most one card in progress (a partial unique index)

Stores that already hold two cards in progress on one narrative (opened at the same instant
before this index existed) keep one: the card furthest along (approved, then drafted, then
assigned, then open; the oldest among equals, the one the desk has been showing). The others
are closed, each with a line in its history naming the card kept, so nothing is deleted and
the officer can see why.

Revision ID: l016c
Revises: l003_kinds
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "l016c"
down_revision = "l003_kinds"
branch_labels = None
depends_on = None

INDEX = "uq_listen_cards_one_in_progress"
IN_PROGRESS = "state NOT IN ('published', 'closed')"
# How far along a card is; the furthest is kept.
PROGRESS = {"approved": 4, "drafted": 3, "assigned": 2, "open": 1}

cards = sa.table(
    "listen_cards",
    sa.column("id", sa.Integer()),
    sa.column("narrative_id", sa.Integer()),
    sa.column("state", sa.String()),
    sa.column("history", sa.JSON()),
)


def _close_duplicates() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(cards.c.id, cards.c.narrative_id, cards.c.state, cards.c.history)
        .where(cards.c.narrative_id.is_not(None), sa.text(IN_PROGRESS))
        .order_by(cards.c.id)
    ).all()
    by_narrative: dict[int, list[Any]] = {}
    for row in rows:
        by_narrative.setdefault(row.narrative_id, []).append(row)
    now = datetime.now(UTC).isoformat()
    for narrative_id, found in by_narrative.items():
        if len(found) < 2:
            continue
        kept = max(found, key=lambda r: (PROGRESS.get(r.state, 0), -r.id))
        for row in found:
            if row.id == kept.id:
                continue
            note = (
                f"{now} migration closed: trùng thẻ {kept.id} đang xử lý cho câu chuyện "
                f"{narrative_id} / duplicate of card {kept.id} in progress on narrative "
                f"{narrative_id}"
            )
            bind.execute(
                cards.update()
                .where(cards.c.id == row.id)
                .values(state="closed", history=[*(row.history or []), note])
            )


def upgrade() -> None:
    _close_duplicates()
    op.create_index(
        INDEX,
        "listen_cards",
        ["narrative_id"],
        unique=True,
        postgresql_where=sa.text(IN_PROGRESS),
        sqlite_where=sa.text(IN_PROGRESS),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="listen_cards")
