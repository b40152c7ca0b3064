"""Table definitions for listening: posts (redacted), fact-checks, narratives, counts, alerts,
response cards, tipline replies and feed validators.

No column holds an author: posts keep at most a salted hash; a tipline sender's reply address
is kept sealed and deleted once used. Raw text (`text`, `match_key`, `url`) is cleared by the
retention purge; the rows and the daily counts stay.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false as sql_false

from loa.errors import LoaError
from loa.store.tables import Base
from loa.text import fold

__all__ = [
    "CARD_IN_PROGRESS",
    "ListenAlertRow",
    "ListenCardRow",
    "ListenCountRow",
    "ListenFactCheckRow",
    "ListenFeedRow",
    "ListenItemRow",
    "ListenNarrativeRow",
    "ListenReplyRow",
]


class ListenFactCheckRow(Base):
    """A fact-check of the library: imported ClaimReview or a published correction."""

    __tablename__ = "listen_factchecks"
    # Trigram search of the folded claim on PostgreSQL (pg_trgm); a plain index elsewhere.
    __table_args__ = (
        Index(
            "ix_listen_factchecks_claim_key",
            "claim_key",
            postgresql_using="gin",
            postgresql_ops={"claim_key": "gin_trgm_ops"},
        ),
    )

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    claim: Mapped[str] = mapped_column(Text)
    #: The claim folded (no diacritics, lower case), kept in step with `claim` on every write.
    claim_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    verdict: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(500))
    origin: Mapped[str] = mapped_column(String(12))  # import | correction
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the ClaimReview object
    # The claim embedded (as written, then folded), float32; recomputed if the model changes.
    vectors: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedder: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ListenNarrativeRow(Base):
    """A cluster of similar claims that match no fact-check."""

    __tablename__ = "listen_narratives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    representative: Mapped[str] = mapped_column(Text)
    representative_cosine: Mapped[float] = mapped_column(Float)
    topic: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(Integer)
    topics: Mapped[dict[str, Any]] = mapped_column(JSON)
    areas: Mapped[dict[str, Any]] = mapped_column(JSON)
    centroid: Mapped[bytes] = mapped_column(LargeBinary)
    embedder: Mapped[str] = mapped_column(String(80))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ListenItemRow(Base):
    """One post, redacted at the door; raw text cleared after the retention period."""

    __tablename__ = "listen_items"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_listen_items_source_external"),
        Index("ix_listen_items_day", "day"),
        Index("ix_listen_items_narrative", "narrative_id"),
        Index("ix_listen_items_factcheck", "factcheck_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(12))  # export | feed | tipline | manual
    external_id: Mapped[str] = mapped_column(String(300))
    platform: Mapped[str] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    match_key: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date)
    engagement: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[str | None] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(String(10))
    author_hash: Mapped[str | None] = mapped_column(String(32))
    dup_group: Mapped[str] = mapped_column(String(300))
    #: claim | opinion | complaint | question | other (`loa.listening.kinds`), set at ingest.
    kind: Mapped[str] = mapped_column(String(12))
    #: A question wrapped around a claim ("X có đúng không?"): kind claim, asked True.
    asked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_false())
    topic: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(10))
    factcheck_id: Mapped[str | None] = mapped_column(String(300))
    score: Mapped[float | None] = mapped_column(Float)
    narrative_id: Mapped[int | None] = mapped_column(ForeignKey("listen_narratives.id"))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ListenCountRow(Base):
    """Posts per day by kind, topic, district and narrative or fact-check: kept for good."""

    __tablename__ = "listen_counts"
    __table_args__ = (Index("ix_listen_counts_day", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str] = mapped_column(String(20))
    district_code: Mapped[str | None] = mapped_column(String(10))
    narrative_id: Mapped[int | None] = mapped_column(Integer)
    factcheck_id: Mapped[str | None] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(Integer)


class ListenAlertRow(Base):
    """A narrative's volume rose above its prediction interval on a day (raised once)."""

    __tablename__ = "listen_alerts"
    __table_args__ = (UniqueConstraint("narrative_id", "day", name="uq_listen_alerts_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    narrative_id: Mapped[int] = mapped_column(ForeignKey("listen_narratives.id"))
    day: Mapped[date] = mapped_column(Date)
    observed: Mapped[int] = mapped_column(Integer)
    expected: Mapped[float] = mapped_column(Float)
    upper: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


#: A card in progress: neither published nor closed.
CARD_IN_PROGRESS = text("state NOT IN ('published', 'closed')")


class ListenCardRow(Base):
    """A response card; once published it is never updated (a new card supersedes it).

    A narrative has at most one card in progress: a partial unique index holds it, so two
    people opening a card on the same rumour at the same instant still get one card.
    """

    __tablename__ = "listen_cards"
    __table_args__ = (
        Index(
            "uq_listen_cards_one_in_progress",
            "narrative_id",
            unique=True,
            postgresql_where=CARD_IN_PROGRESS,
            sqlite_where=CARD_IN_PROGRESS,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    narrative_id: Mapped[int | None] = mapped_column(ForeignKey("listen_narratives.id"))
    claim: Mapped[str] = mapped_column(Text)
    #: The kind of the claim text (`loa.listening.kinds`): claim, or the feedback kind it was
    #: closed as. A re-label by an officer is in `history`, with its reason.
    kind: Mapped[str] = mapped_column(String(12), default="claim", server_default="claim")
    state: Mapped[str] = mapped_column(String(12))
    team: Mapped[str | None] = mapped_column(String(120))
    #: None until the team chooses one: no verdict is assumed.
    verdict: Mapped[str | None] = mapped_column(String(20))
    truth: Mapped[str | None] = mapped_column(Text)
    correction: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    history: Mapped[list[Any]] = mapped_column(JSON)
    drafted_by: Mapped[str | None] = mapped_column(String(120))
    #: The person who drafted the correction (users.id), however they acted.
    drafted_by_user_id: Mapped[int | None] = mapped_column(Integer)
    approved_by: Mapped[str | None] = mapped_column(String(120))
    published_by: Mapped[str | None] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    drafted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supersedes: Mapped[int | None] = mapped_column(Integer)
    factcheck_id: Mapped[str | None] = mapped_column(String(300))
    deliveries: Mapped[list[Any]] = mapped_column(JSON)


class ListenReplyRow(Base):
    """A tipline sender waiting for (or sent) a correction; the address is sealed."""

    __tablename__ = "listen_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("listen_items.id"), index=True)
    sealed: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))  # waiting | sent | failed | expired
    card_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ListenFeedRow(Base):
    """An RSS or Atom feed's validators from its last poll."""

    __tablename__ = "listen_feeds"

    url: Mapped[str] = mapped_column(String(500), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    polled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@event.listens_for(ListenCardRow, "before_update")
def _published_card_is_final(mapper: Any, connection: Any, target: ListenCardRow) -> None:
    """Refuse any change to a published card (a later correction is a new card)."""
    history = inspect(target).attrs.state.history
    was = history.deleted[0] if history.deleted else target.state
    if was == "published":
        raise LoaError(
            f"Đính chính {target.id} đã phát hành, không sửa được; hãy tạo thẻ mới thay thế.",
            f"Correction {target.id} is published and cannot change; open a new card instead.",
        )


@event.listens_for(ListenFactCheckRow, "before_insert")
@event.listens_for(ListenFactCheckRow, "before_update")
def _fold_claim(_mapper: Any, _connection: Any, row: ListenFactCheckRow) -> None:
    row.claim_key = fold(row.claim)
