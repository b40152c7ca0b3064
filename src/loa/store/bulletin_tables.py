"""Table definitions for bulletins: every version with its content and provenance, deliveries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column

from loa.errors import LoaError
from loa.store.tables import Base

__all__ = ["BulletinDeliveryRow", "BulletinRow"]


class BulletinRow(Base):
    """One version of a bulletin; a published row is never updated (a correction is a new row)."""

    __tablename__ = "bulletins"
    __table_args__ = (
        UniqueConstraint("series", "version", name="uq_bulletins_series_version"),
        Index("ix_bulletins_day_kind", "day", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[int | None] = mapped_column(Integer)  # id of version 1
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(10))  # press | portal | radio
    day: Mapped[date] = mapped_column(Date)
    province_code: Mapped[str] = mapped_column(String(10))
    unit_code: Mapped[str | None] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(5))
    # A preset name or the path of a province's rules file (LOA_LEVEL_RULES).
    rules: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(12))  # draft | approved | published
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(120))
    #: The person who drafted it (users.id), however they acted: session or their token.
    author_user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(String(120))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str | None] = mapped_column(String(120))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    change_what: Mapped[str | None] = mapped_column(Text)
    change_why: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # figures with provenance
    texts: Mapped[dict[str, Any]] = mapped_column(JSON)  # rendered wording per form and unit
    # Checks run on the drafted text and again before approval (bulletins/checks.py).
    problems: Mapped[list[Any] | None] = mapped_column(JSON)
    # The approver's written acknowledgement of the warnings, kept with the version.
    acknowledgement: Mapped[str | None] = mapped_column(Text)


class BulletinDeliveryRow(Base):
    """What one channel did with one published version."""

    __tablename__ = "bulletin_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id"), index=True)
    channel: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)
    locations: Mapped[list[Any]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@event.listens_for(BulletinRow, "before_update")
def _published_is_final(mapper: Any, connection: Any, target: BulletinRow) -> None:
    """Refuse any change to a version that was already published (a correction is a new row)."""
    state = inspect(target).attrs.state.history
    was = state.deleted[0] if state.deleted else target.state
    if was == "published":
        raise LoaError(
            f"Bản tin {target.id} đã phát hành nên không được sửa; hãy đính chính "
            "(`loa bulletin correct`).",
            f"Bulletin {target.id} is published and cannot be changed; correct it instead "
            "(`loa bulletin correct`).",
        )
