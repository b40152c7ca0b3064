"""Stores situation figures as versions: a new figure, a corrected one, or one left unchanged.

Each (unit, date) keeps every version it was given. A figure equal to the current (latest)
version changes nothing; a different one becomes version n + 1, the old one stays; a figure
for a (unit, date) never seen is version 1.

Daily case files run to hundreds of thousands of rows, so their figures are compared as
arrays and written in bulk without ORM objects: PostgreSQL (psycopg) takes them through COPY,
SQLite through one prepared INSERT run over all rows. Vaccination and capacity files are small
and go row by row through a Core INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

import numpy as np
from sqlalchemy import Connection, Select, Table, and_, func, insert, select
from sqlalchemy.orm import Session

from loa.situation.csv_arrays import IntArray
from loa.situation.daily_columns import COUNT_FIELDS, MISSING, DailyColumns
from loa.situation.records import CapacityRecord, DailyRecord, Record, VaccinationRecord
from loa.store.situation_tables import CapacityRow, DailyReportRow, VaccinationRow

__all__ = ["store_daily_columns", "store_records"]

_FIELDS: dict[type[Any], tuple[type[Any], tuple[str, ...]]] = {
    DailyRecord: (DailyReportRow, COUNT_FIELDS),
    VaccinationRecord: (
        VaccinationRow,
        ("pop_18plus", "dose1_18plus", "pop_50plus", "full_50plus", "pop_65plus", "full_65plus"),
    ),
    CapacityRecord: (
        CapacityRow,
        (
            "capacity_ok",
            "oxygen_at_station",
            "mobile_station_plan",
            "community_care_plan",
            "icu_beds",
        ),
    ),
}
_KEY_COLUMNS = ("unit_code", "date", "version", "import_id", "line")
_DAILY_COLUMNS = (*_KEY_COLUMNS, *COUNT_FIELDS)
_BATCH = 5000
_COPY_ROWS = 50_000
_COPY_NULL = "\\N"
_DAILY = cast(Table, DailyReportRow.__table__)


def store_daily_columns(
    session: Session, import_id: int, columns: DailyColumns
) -> tuple[int, int, int]:
    """Insert new daily figures and new versions of changed ones; return (new, corrected, same).

    A (unit, date) given twice in `columns` is stored record by record, each compared with
    the one before it, as `store_records` does.
    """
    if not len(columns):
        return 0, 0, 0
    low, high = int(columns.day.min()), int(columns.day.max())
    span = high - low + 1
    key = columns.unit * span + (columns.day - low)
    if np.unique(key).size != key.size:
        return store_records(session, import_id, columns.records())
    found = same = np.zeros(key.size, dtype=bool)
    version = np.ones(key.size, dtype=np.int64)
    old_key, old_version, old_counts = _current_daily(session, columns, low, span)
    if old_key.size:
        order = np.argsort(old_key)
        at = np.minimum(np.searchsorted(old_key[order], key), old_key.size - 1)
        match = order[at]
        found = old_key[match] == key
        same = found & (old_counts[match] == columns.counts).all(axis=1)
        version = np.where(found, old_version[match] + 1, 1)
    new, unchanged = int((~found).sum()), int(same.sum())
    _insert_daily(session, import_id, columns, np.flatnonzero(~same), version)
    return new, len(columns) - new - unchanged, unchanged


def _current_daily(
    session: Session, columns: DailyColumns, low: int, span: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Return (key, version, counts) of the current versions stored for the columns' units.

    A key is unit index * span + days since `low`, as store_daily_columns builds them;
    NULL counts read as MISSING.
    """
    first, last = date.fromordinal(low), date.fromordinal(low + span - 1)
    found = session.execute(_latest(_DAILY, COUNT_FIELDS, first, last)).all()
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros((0, len(COUNT_FIELDS)), dtype=np.int64)
    unit_codes, days, versions, *values = zip(*found, strict=True)
    position = {code: i for i, code in enumerate(columns.units)}
    unit = np.array([position.get(code, -1) for code in unit_codes], dtype=np.int64)
    day = np.array([d.toordinal() for d in days], dtype=np.int64)
    # Stored counts are 32-bit integers, exact as floats; None becomes NaN, then MISSING.
    as_float = np.array(values, dtype=np.float64).T
    counts = np.where(np.isnan(as_float), MISSING, as_float).astype(np.int64)
    ours = unit >= 0
    key = unit[ours] * span + (day[ours] - low)
    return key, np.array(versions, dtype=np.int64)[ours], counts[ours]


def _insert_daily(
    session: Session, import_id: int, columns: DailyColumns, rows: IntArray, version: IntArray
) -> None:
    """Insert the records at positions `rows` with their versions, in bulk."""
    if not rows.size:
        return
    connection = session.connection()
    dialect = connection.dialect
    ordinals, day_index = np.unique(columns.day[rows], return_inverse=True)
    days = [date.fromordinal(d) for d in ordinals.tolist()]
    units = np.array(columns.units, dtype=object)[columns.unit[rows]]
    at_day = day_index.reshape(-1)
    counts = columns.counts[rows]
    # COPY's text format needs no escaping for codes of letters and digits.
    plain_codes = all(code.isalnum() for code in columns.units)
    if dialect.name == "postgresql" and dialect.driver == "psycopg" and plain_codes:
        cells = [
            units.tolist(),
            np.array([d.isoformat() for d in days])[at_day].tolist(),
            version[rows].astype(str).tolist(),
            [str(import_id)] * rows.size,
            columns.line[rows].astype(str).tolist(),
            *(np.where(c == MISSING, _COPY_NULL, c.astype(str)).tolist() for c in counts.T),
        ]
        _copy(connection, list(zip(*cells, strict=True)))
        return
    values = counts.astype(object)
    values[counts == MISSING] = None
    # SQLAlchemy keeps SQLite dates as ISO text; the driver-level insert writes them the same.
    day_values = [d.isoformat() for d in days] if dialect.name == "sqlite" else days
    records = list(
        zip(
            units.tolist(),
            np.array(day_values, dtype=object)[at_day].tolist(),
            version[rows].tolist(),
            [import_id] * rows.size,
            columns.line[rows].tolist(),
            *values.T.tolist(),
            strict=True,
        )
    )
    if dialect.name == "sqlite":
        marks = ", ".join("?" for _ in _DAILY_COLUMNS)
        sql = f"INSERT INTO {_DAILY.name} ({', '.join(_DAILY_COLUMNS)}) VALUES ({marks})"
        connection.exec_driver_sql(sql, records)
        return
    for start in range(0, len(records), _BATCH):
        batch = records[start : start + _BATCH]
        session.execute(
            insert(_DAILY), [dict(zip(_DAILY_COLUMNS, row, strict=True)) for row in batch]
        )


def _copy(connection: Connection, rows: Sequence[tuple[str, ...]]) -> None:
    """Send rows of text cells, in _DAILY_COLUMNS order, through PostgreSQL's COPY."""
    driver = connection.connection.driver_connection
    sql = f"COPY {_DAILY.name} ({', '.join(_DAILY_COLUMNS)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
        for start in range(0, len(rows), _COPY_ROWS):
            copy.write("\n".join(map("\t".join, rows[start : start + _COPY_ROWS])) + "\n")


def store_records(
    session: Session, import_id: int, records: Iterable[Record]
) -> tuple[int, int, int]:
    """Insert new figures and new versions of changed ones; return (new, corrected, same)."""
    new = corrected = unchanged = 0
    by_type: dict[type[Any], list[Record]] = {}
    for rec in records:
        by_type.setdefault(type(rec), []).append(rec)
    for rec_type, recs in by_type.items():
        row_type, fields = _FIELDS[rec_type]
        table = cast(Table, row_type.__table__)
        days = [r.date for r in recs]
        current = _current_versions(
            session, table, fields, min(days), max(days), {r.unit_code for r in recs}
        )
        inserts: list[dict[str, Any]] = []
        for rec in recs:
            values = tuple(getattr(rec, f) for f in fields)
            existing = current.get((rec.unit_code, rec.date))
            if existing is None:
                version = 1
                new += 1
            elif existing[1] == values:
                unchanged += 1
                continue
            else:
                version = existing[0] + 1
                corrected += 1
            current[(rec.unit_code, rec.date)] = (version, values)
            inserts.append(
                {
                    "unit_code": rec.unit_code,
                    "date": rec.date,
                    "version": version,
                    "import_id": import_id,
                    "line": rec.line,
                    **dict(zip(fields, values, strict=True)),
                }
            )
        for start in range(0, len(inserts), _BATCH):
            session.execute(insert(table), inserts[start : start + _BATCH])
    return new, corrected, unchanged


def _current_versions(
    session: Session,
    table: Table,
    fields: tuple[str, ...],
    first: date,
    last: date,
    units: set[str],
) -> dict[tuple[str, date], tuple[int, tuple[Any, ...]]]:
    """Return {(unit, date): (version, values)} of the latest versions stored for `units`."""
    return {
        (unit_code, day): (version, tuple(values))
        for unit_code, day, version, *values in session.execute(_latest(table, fields, first, last))
        if unit_code in units
    }


def _latest(table: Table, fields: Sequence[str], first: date, last: date) -> Select[Any]:
    """Return the query for (unit_code, date, version, *fields) of each latest version."""
    c = table.c
    latest = (
        select(c.unit_code, c.date, func.max(c.version).label("version"))
        .where(c.date >= first, c.date <= last)
        .group_by(c.unit_code, c.date)
        .subquery()
    )
    return select(c.unit_code, c.date, c.version, *(c[f] for f in fields)).join(
        latest,
        and_(
            c.unit_code == latest.c.unit_code,
            c.date == latest.c.date,
            c.version == latest.c.version,
        ),
    )
