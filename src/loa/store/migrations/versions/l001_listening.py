"""listening: posts (redacted), fact-checks, narratives, daily counts, alerts, response cards,
tipline replies, feed validators

Revision ID: l001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "l001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listen_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("district_code", sa.String(length=10), nullable=True),
        sa.Column("narrative_id", sa.Integer(), nullable=True),
        sa.Column("factcheck_id", sa.String(length=300), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_counts")),
    )
    with op.batch_alter_table("listen_counts", schema=None) as batch_op:
        batch_op.create_index("ix_listen_counts_day", ["day"], unique=False)

    op.create_table(
        "listen_factchecks",
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=True),
        sa.Column("embedder", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_factchecks")),
    )
    op.create_table(
        "listen_feeds",
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("polled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_listen_feeds")),
    )
    op.create_table(
        "listen_narratives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representative", sa.Text(), nullable=False),
        sa.Column("representative_cosine", sa.Float(), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.Column("embedder", sa.String(length=80), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_narratives")),
    )
    op.create_table(
        "listen_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("narrative_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("upper", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["narrative_id"],
            ["listen_narratives.id"],
            name=op.f("fk_listen_alerts_narrative_id_listen_narratives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_alerts")),
        sa.UniqueConstraint("narrative_id", "day", name="uq_listen_alerts_day"),
    )
    op.create_table(
        "listen_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("narrative_id", sa.Integer(), nullable=True),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("team", sa.String(length=120), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("truth", sa.Text(), nullable=True),
        sa.Column("correction", sa.Text(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("drafted_by", sa.String(length=120), nullable=True),
        sa.Column("approved_by", sa.String(length=120), nullable=True),
        sa.Column("published_by", sa.String(length=120), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("supersedes", sa.Integer(), nullable=True),
        sa.Column("factcheck_id", sa.String(length=300), nullable=True),
        sa.Column("deliveries", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["narrative_id"],
            ["listen_narratives.id"],
            name=op.f("fk_listen_cards_narrative_id_listen_narratives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_cards")),
    )
    op.create_table(
        "listen_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("external_id", sa.String(length=300), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("match_key", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("engagement", sa.Integer(), nullable=False),
        sa.Column("district_code", sa.String(length=10), nullable=True),
        sa.Column("commune_code", sa.String(length=10), nullable=True),
        sa.Column("author_hash", sa.String(length=32), nullable=True),
        sa.Column("dup_group", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("factcheck_id", sa.String(length=300), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("narrative_id", sa.Integer(), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["narrative_id"],
            ["listen_narratives.id"],
            name=op.f("fk_listen_items_narrative_id_listen_narratives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_items")),
        sa.UniqueConstraint("source", "external_id", name="uq_listen_items_source_external"),
    )
    with op.batch_alter_table("listen_items", schema=None) as batch_op:
        batch_op.create_index("ix_listen_items_day", ["day"], unique=False)
        batch_op.create_index("ix_listen_items_factcheck", ["factcheck_id"], unique=False)
        batch_op.create_index("ix_listen_items_narrative", ["narrative_id"], unique=False)

    op.create_table(
        "listen_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["listen_items.id"], name=op.f("fk_listen_replies_item_id_listen_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listen_replies")),
    )
    with op.batch_alter_table("listen_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listen_replies_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("listen_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listen_replies_item_id"))

    op.drop_table("listen_replies")
    with op.batch_alter_table("listen_items", schema=None) as batch_op:
        batch_op.drop_index("ix_listen_items_narrative")
        batch_op.drop_index("ix_listen_items_factcheck")
        batch_op.drop_index("ix_listen_items_day")

    op.drop_table("listen_items")
    op.drop_table("listen_cards")
    op.drop_table("listen_alerts")
    op.drop_table("listen_narratives")
    op.drop_table("listen_feeds")
    op.drop_table("listen_factchecks")
    with op.batch_alter_table("listen_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_listen_counts_day")

    op.drop_table("listen_counts")
