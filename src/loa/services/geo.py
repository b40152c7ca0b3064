"""Imports unit boundaries (GeoJSON) into the store and gives them back for the level map."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from loa.directory.boundaries import Boundary, Ring
from loa.errors import RowError, Where
from loa.events import DomainEvent, utcnow
from loa.services.events import record
from loa.store.geo_tables import GeometryImportRow, UnitGeometryRow
from loa.store.tables import AdminUnitRow

__all__ = ["GeometryImport", "UnknownCode", "boundaries_for", "import_boundaries"]


@dataclass(frozen=True)
class UnknownCode:
    """A feature whose code names no unit in the directory."""

    feature_index: int
    code: str


@dataclass(frozen=True)
class GeometryImport:
    """What one GeoJSON import did: how many boundaries it stored, which codes it skipped."""

    import_id: int
    features: int
    stored: int
    unknown: list[UnknownCode] = field(default_factory=list)


def _resolve(code: str, known: set[str]) -> str | None:
    # GeoJSON made in spreadsheets often loses leading zeros ("7204" for commune 07204).
    if code in known:
        return code
    if code.isdigit():
        for width in (5, 3, 2):
            padded = code.zfill(width)
            if padded in known:
                return padded
    return None


def import_boundaries(
    session: Session,
    boundaries: Sequence[Boundary],
    *,
    raw: bytes,
    filename: str,
    actor: str,
    strict: bool = False,
) -> GeometryImport:
    """Store the boundaries whose code is a known unit; return what was stored and skipped.

    A unit's previous boundary is replaced. With `strict`, one unknown code rejects the file
    (RowError) and nothing is written. Everything happens in the caller's transaction.
    """
    known = set(session.scalars(select(AdminUnitRow.code)))
    resolved: dict[str, Boundary] = {}
    unknown: list[UnknownCode] = []
    for b in boundaries:
        code = _resolve(b.code, known)
        if code is None:
            unknown.append(UnknownCode(b.feature_index, b.code))
        elif code in resolved:
            # Two features for one unit (e.g. an island drawn apart): keep all their rings.
            first = resolved[code]
            resolved[code] = Boundary(code, [*first.rings, *b.rings], first.feature_index)
        else:
            resolved[code] = Boundary(code, b.rings, b.feature_index)
    if unknown and strict:
        listed = ", ".join(f"features[{u.feature_index}] {u.code}" for u in unknown[:20])
        raise RowError(
            f"{len(unknown)} đối tượng có mã không có trong danh mục hành chính: {listed}. "
            "Không nhập gì; kiểm tra thuộc tính mã (--code-property) hoặc bỏ --strict.",
            f"{len(unknown)} features have codes not in the administrative directory: {listed}. "
            "Nothing was imported; check the code property (--code-property) or drop --strict.",
            where=Where(file=filename, column=f"features[{unknown[0].feature_index}]"),
        )
    row = GeometryImportRow(
        filename=filename,
        sha256=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        features=len(boundaries),
        stored=len(resolved),
        unknown_codes=[[u.feature_index, u.code] for u in unknown],
        imported_at=utcnow(),
    )
    session.add(row)
    session.flush()
    if resolved:
        session.execute(delete(UnitGeometryRow).where(UnitGeometryRow.unit_code.in_(resolved)))
        session.execute(
            insert(UnitGeometryRow),
            [
                {
                    "unit_code": code,
                    "rings": [[[lon, lat] for lon, lat in ring] for ring in b.rings],
                    "import_id": row.id,
                }
                for code, b in sorted(resolved.items())
            ],
        )
    record(
        session,
        DomainEvent(
            kind="geometry.imported",
            subject_type="import",
            subject_id=f"geometry-{row.id}",
            actor=actor,
            after={"filename": filename, "stored": len(resolved), "unknown": len(unknown)},
        ),
    )
    return GeometryImport(row.id, len(boundaries), len(resolved), unknown)


def boundaries_for(session: Session, codes: Iterable[str]) -> dict[str, list[Ring]]:
    """Return {unit code: rings of (lon, lat)} for the given units that have a boundary."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = session.scalars(select(UnitGeometryRow).where(UnitGeometryRow.unit_code.in_(wanted)))
    return {
        r.unit_code: [[(float(p[0]), float(p[1])) for p in ring] for ring in r.rings] for r in rows
    }
