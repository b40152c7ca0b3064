"""Table definitions for imported unit boundaries (GeoJSON), with the file each came from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from loa.store.tables import Base

__all__ = ["GeometryImportRow", "UnitGeometryRow"]


class GeometryImportRow(Base):
    """One GeoJSON file given to `loa units geometry`, kept as it came."""

    __tablename__ = "geometry_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    features: Mapped[int] = mapped_column(Integer)
    stored: Mapped[int] = mapped_column(Integer)
    unknown_codes: Mapped[list[Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UnitGeometryRow(Base):
    """The current boundary of a unit: rings of [lon, lat]; a new import replaces it."""

    __tablename__ = "unit_geometries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(10), unique=True)
    rings: Mapped[list[Any]] = mapped_column(JSON)
    import_id: Mapped[int] = mapped_column(ForeignKey("geometry_imports.id"), index=True)
