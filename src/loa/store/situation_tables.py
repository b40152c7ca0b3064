"""Table definitions for situation data: imports (raw file kept) and versioned figures."""

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
)
from sqlalchemy.orm import Mapped, mapped_column

from loa.store.tables import Base

__all__ = [
    "CapacityRow",
    "DailyReportRow",
    "FigureResolutionRow",
    "SituationImportRow",
    "SnapshotPartRow",
    "SnapshotRow",
    "VaccinationRow",
]


class SituationImportRow(Base):
    """One file given to `loa situation import`, accepted or not, with its raw bytes."""

    __tablename__ = "situation_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str | None] = mapped_column(String(20))
    # Where the figures come from (commune_reports, province_series, national_portal, ...);
    # None: by the unit's level (a commune's report is a commune report, others the province's).
    source: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))  # imported | partial | rejected
    rows_accepted: Mapped[int] = mapped_column(Integer, default=0)
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_corrected: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _Versioned:
    """Columns shared by every versioned figure: the unit, the date and where it came from."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(10))
    date: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    import_id: Mapped[int] = mapped_column(ForeignKey("situation_imports.id"))
    line: Mapped[int] = mapped_column(Integer)


class DailyReportRow(_Versioned, Base):
    """A unit's daily case report; a correction is a new version, the old one stays."""

    __tablename__ = "daily_reports"
    __table_args__ = (
        UniqueConstraint("unit_code", "date", "version", name="uq_daily_reports_version"),
        Index("ix_daily_reports_date", "date"),
    )

    new_cases_community: Mapped[int | None] = mapped_column(Integer)
    new_cases_quarantined: Mapped[int | None] = mapped_column(Integer)
    new_cases_total: Mapped[int | None] = mapped_column(Integer)
    deaths: Mapped[int | None] = mapped_column(Integer)
    severe: Mapped[int | None] = mapped_column(Integer)
    tests: Mapped[int | None] = mapped_column(Integer)


class VaccinationRow(_Versioned, Base):
    """A unit's vaccination snapshot on a date."""

    __tablename__ = "vaccination_snapshots"
    __table_args__ = (
        UniqueConstraint("unit_code", "date", "version", name="uq_vaccination_version"),
    )

    pop_18plus: Mapped[int | None] = mapped_column(Integer)
    dose1_18plus: Mapped[int | None] = mapped_column(Integer)
    pop_50plus: Mapped[int | None] = mapped_column(Integer)
    full_50plus: Mapped[int | None] = mapped_column(Integer)
    pop_65plus: Mapped[int | None] = mapped_column(Integer)
    full_65plus: Mapped[int | None] = mapped_column(Integer)


class CapacityRow(_Versioned, Base):
    """A unit's treatment-capacity snapshot on a date."""

    __tablename__ = "capacity_snapshots"
    __table_args__ = (UniqueConstraint("unit_code", "date", "version", name="uq_capacity_version"),)

    capacity_ok: Mapped[bool | None] = mapped_column(Boolean)
    oxygen_at_station: Mapped[bool | None] = mapped_column(Boolean)
    mobile_station_plan: Mapped[bool | None] = mapped_column(Boolean)
    community_care_plan: Mapped[bool | None] = mapped_column(Boolean)
    icu_beds: Mapped[float | None] = mapped_column(Float)


class FigureResolutionRow(Base):
    """An officer's choice of source for one unit, day and measure where sources disagreed.

    Never updated: a later choice for the same cell is a new row, and the newest one counts.
    """

    __tablename__ = "figure_resolutions"
    __table_args__ = (Index("ix_figure_resolutions_unit_date", "unit_code", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(10))
    date: Mapped[date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(40))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)  # each source's figure when chosen
    actor: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SnapshotRow(Base):
    """The situation of a province on a day, computed once for the data as it stood (`stamp`).

    Never updated but for `latest`: new data gives a new stamp, so a new snapshot. `imports`
    names the imports whose figures it was built from, `resolutions` the officers' choices.
    """

    __tablename__ = "situation_snapshots"
    __table_args__ = (
        UniqueConstraint("province_code", "day", "stamp", name="uq_situation_snapshots_stamp"),
        Index("ix_situation_snapshots_latest", "province_code", "stamp", "latest"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    stamp: Mapped[str] = mapped_column(String(120))
    latest: Mapped[bool] = mapped_column(Boolean, default=False)
    imports: Mapped[list[int]] = mapped_column(JSON)
    resolutions: Mapped[int] = mapped_column(Integer, default=0)
    etag: Mapped[str] = mapped_column(String(64))
    build_ms: Mapped[float] = mapped_column(Float)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SnapshotPartRow(Base):
    """One part of a snapshot (the board of communes in Vietnamese, the R_t series, ...)."""

    __tablename__ = "situation_snapshot_parts"
    __table_args__ = (
        UniqueConstraint("snapshot_id", "name", name="uq_situation_snapshot_parts_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("situation_snapshots.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(60))
    data: Mapped[Any] = mapped_column(JSON)
