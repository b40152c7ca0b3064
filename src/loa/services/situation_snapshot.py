"""Situation snapshots: a province's situation on a day, computed once per version of the data.

The version of the data is its stamp: the newest import, the newest officer's choice between
sources, the newest population figure, the newest change of the directory or of population
figures (their events: a figure corrected in place keeps its row) and the level rules in
force. An import, a resolution, a population or directory change or a rule change gives a
new stamp, so the snapshots built before it are no longer current
and the next read (or the `situation_snapshot` job an import submits) builds a new one. A
snapshot is never edited: it keeps the stamp it was built for, the imports whose figures it
was built from (provenance) and one row per part (the board of communes in Vietnamese, the
R_t series, ...), so a page reads only the parts it shows.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loa.services.situation_parts import PART_NAMES, LiveParts
from loa.services.situation_views import latest_day
from loa.settings import get_settings
from loa.situation.rules import list_presets
from loa.store.situation_tables import (
    CapacityRow,
    DailyReportRow,
    FigureResolutionRow,
    SituationImportRow,
    SnapshotPartRow,
    SnapshotRow,
    VaccinationRow,
)
from loa.store.tables import EventRow, PopulationRow

__all__ = [
    "SNAPSHOT_FORMAT",
    "ImportRow",
    "SnapshotInfo",
    "current_snapshot",
    "data_stamp",
    "ensure_snapshot",
    "import_row",
    "read_part",
    "snapshot_imports",
]

# Bump when what a snapshot holds (or how a part is computed) changes: old ones stop counting.
SNAPSHOT_FORMAT = 2
# Snapshots of older versions of the data are deleted once this old (none is read any more).
KEEP_STALE = timedelta(days=2)
_CACHE_SIZE = 256
ImportRow = SituationImportRow  # what the import report pages read
_parts: OrderedDict[tuple[int, str, str, str], Any] = OrderedDict()


class SnapshotInfo:
    """What a reader needs to know of a snapshot: its id, day, validator and provenance."""

    def __init__(self, row: SnapshotRow) -> None:
        self.id = row.id
        self.province_code = row.province_code
        self.day = row.day
        self.stamp = row.stamp
        self.etag = row.etag
        built = row.built_at
        self.built_at = (built if built.tzinfo else built.replace(tzinfo=UTC)).astimezone(UTC)
        self.imports = list(row.imports)
        self.resolutions = row.resolutions
        self.build_ms = row.build_ms


def _rules_key(setting: str | None) -> str:
    """Return the rules LOA_LEVEL_RULES names and a digest of their text (an edit is new data)."""
    value = (get_settings().level_rules if setting is None else setting).strip()
    if value in list_presets():
        text = (resources.files("loa.situation.rules") / f"{value}.yaml").read_bytes()
    else:
        path = Path(value)
        text = path.read_bytes() if path.is_file() else value.encode()
    return f"{Path(value).stem}-{hashlib.sha256(text).hexdigest()[:12]}"


def data_stamp(session: Session, rules_setting: str | None = None) -> str:
    """Return the version of the data the situation is computed from (four index reads).

    Population figures corrected in place, directory reloads and new boundaries keep or
    reuse row ids, so the newest event recorded for any of them (events are never deleted)
    stands for them.
    """
    imports = session.scalar(select(func.max(SituationImportRow.id))) or 0
    resolutions = session.scalar(select(func.max(FigureResolutionRow.id))) or 0
    population = session.scalar(select(func.max(PopulationRow.id))) or 0
    units = (
        session.scalar(
            select(func.max(EventRow.id)).where(
                EventRow.subject_type.in_(("population", "directory", "geometry"))
            )
        )
        or 0
    )
    return (
        f"v{SNAPSHOT_FORMAT}-i{imports}-r{resolutions}-p{population}-u{units}"
        f"-{_rules_key(rules_setting)}"
    )


def _find(session: Session, province: str, day: date | None, stamp: str) -> SnapshotRow | None:
    query = select(SnapshotRow).where(
        SnapshotRow.province_code == province, SnapshotRow.stamp == stamp
    )
    query = query.where(SnapshotRow.day == day) if day else query.where(SnapshotRow.latest)
    return session.scalars(query.order_by(SnapshotRow.id.desc()).limit(1)).first()


def current_snapshot(
    session: Session, province: str, day: date | None, *, rules_setting: str | None = None
) -> SnapshotInfo | None:
    """Return the snapshot of `day` (None: the last reported day) for the data as it is now."""
    row = _find(session, province, day, data_stamp(session, rules_setting))
    return SnapshotInfo(row) if row else None


def ensure_snapshot(
    session: Session, province: str, day: date | None, *, rules_setting: str | None = None
) -> SnapshotInfo | None:
    """Return the current snapshot of `day`, building it first when there is none.

    `rules_setting` is a LOA_LEVEL_RULES value (None: the environment's). None when the
    province has no report at all. Two processes building the same snapshot at
    once: the second one's insert fails on the unique stamp and it reads the first one's.
    """
    stamp = data_stamp(session, rules_setting)
    row = _find(session, province, day, stamp)
    if row is not None:
        return SnapshotInfo(row)
    shown = day or latest_day(session, province)
    if shown is None:
        return None
    return SnapshotInfo(
        _build(session, province, shown, stamp, latest=day is None, rules_setting=rules_setting)
    )


def _build(
    session: Session,
    province: str,
    day: date,
    stamp: str,
    *,
    latest: bool,
    rules_setting: str | None,
) -> SnapshotRow:
    existing = _find(session, province, day, stamp)
    if existing is not None:
        if latest and not existing.latest:
            existing.latest = True
            session.flush()
        return existing
    started = time.perf_counter()
    live = LiveParts(session, province, day, rules_setting=rules_setting)
    data = {name: live.part(name) for name in PART_NAMES}
    reads = live.reads
    codes = sorted(reads.units)
    imports = _imports_of(session, codes, reads.first, day)
    resolutions = session.scalar(
        select(func.count(FigureResolutionRow.id)).where(
            FigureResolutionRow.unit_code.in_(codes),
            FigureResolutionRow.date >= reads.first,
            FigureResolutionRow.date <= day,
        )
    )
    etag = hashlib.sha256(f"{province}|{day.isoformat()}|{stamp}".encode()).hexdigest()[:32]
    row = SnapshotRow(
        province_code=province,
        day=day,
        stamp=stamp,
        latest=latest,
        imports=imports,
        resolutions=int(resolutions or 0),
        etag=etag,
        build_ms=(time.perf_counter() - started) * 1000,
        built_at=datetime.now(UTC),
    )
    _prune(session, province, stamp)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
            session.add_all(
                SnapshotPartRow(snapshot_id=row.id, name=name, data=value)
                for name, value in data.items()
            )
            session.flush()
    except IntegrityError:
        found = _find(session, province, day, stamp)
        if found is None:
            raise
        return found
    return row


def _prune(session: Session, province: str, stamp: str) -> None:
    """Delete the province's snapshots of older data built more than KEEP_STALE ago."""
    old = select(SnapshotRow.id).where(
        SnapshotRow.province_code == province,
        SnapshotRow.stamp != stamp,
        SnapshotRow.built_at < datetime.now(UTC) - KEEP_STALE,
    )
    ids = list(session.scalars(old))
    if ids:
        session.execute(delete(SnapshotPartRow).where(SnapshotPartRow.snapshot_id.in_(ids)))
        session.execute(delete(SnapshotRow).where(SnapshotRow.id.in_(ids)))


def _imports_of(session: Session, codes: list[str], first: date, last: date) -> list[int]:
    """Return the ids of the imports holding figures of `codes` between two dates."""
    queries = [
        select(table.import_id).where(
            table.unit_code.in_(codes), table.date >= first, table.date <= last
        )
        for table in (DailyReportRow, VaccinationRow, CapacityRow)
    ]
    return sorted(int(i) for i in session.scalars(select(union(*queries).subquery().c[0])))


def read_part(session: Session, snapshot: SnapshotInfo, name: str) -> Any:
    """Return one part of a snapshot as stored (JSON data), kept in memory once read.

    A snapshot never changes, so a part read once is served from memory afterwards (keyed
    by the snapshot's id and build time: ids alone repeat across stores, as tests have).
    """
    key = (snapshot.id, snapshot.built_at.isoformat(), snapshot.stamp, name)
    if key in _parts:
        _parts.move_to_end(key)
        return _parts[key]
    data = session.scalar(
        select(SnapshotPartRow.data).where(
            SnapshotPartRow.snapshot_id == snapshot.id, SnapshotPartRow.name == name
        )
    )
    _parts[key] = data
    while len(_parts) > _CACHE_SIZE:
        _parts.popitem(last=False)
    return data


def snapshot_imports(session: Session, snapshot: SnapshotInfo) -> list[dict[str, Any]]:
    """Return the imports a snapshot was built from: id, file name, status and when."""
    rows = session.execute(
        select(
            SituationImportRow.id,
            SituationImportRow.filename,
            SituationImportRow.status,
            SituationImportRow.imported_at,
        )
        .where(SituationImportRow.id.in_(snapshot.imports))
        .order_by(SituationImportRow.id)
    ).all()
    return [
        {"id": r.id, "filename": r.filename, "status": r.status, "imported_at": r.imported_at}
        for r in rows
    ]


def import_row(session: Session, import_id: int) -> SituationImportRow | None:
    """Return one situation import (its report, raw file and rejected rows), or None."""
    return session.scalar(select(SituationImportRow).where(SituationImportRow.id == import_id))
