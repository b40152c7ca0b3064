"""Imports situation files (raw kept, versioned figures) and reads series back for analysis."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from loa.errors import LoaError
from loa.events import DomainEvent, utcnow
from loa.services.directory import population_as_of, units_as_of
from loa.services.events import record
from loa.services.situation_series import current_rows
from loa.services.units_resolver import DirectoryResolver
from loa.situation.reading import table_from_bytes
from loa.situation.templates import detect_kind
from loa.situation.validation import (
    CapacityRecord,
    DailyRecord,
    RowProblem,
    VaccinationRecord,
    validate,
)
from loa.store.situation_tables import (
    CapacityRow,
    DailyReportRow,
    SituationImportRow,
    VaccinationRow,
)

__all__ = ["ImportOutcome", "import_situation_file", "resolver_for"]

Record = DailyRecord | VaccinationRecord | CapacityRecord

_FIELDS: dict[type[Any], tuple[type[Any], tuple[str, ...]]] = {
    DailyRecord: (
        DailyReportRow,
        (
            "new_cases_community",
            "new_cases_quarantined",
            "new_cases_total",
            "deaths",
            "severe",
            "tests",
        ),
    ),
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


@dataclass
class ImportOutcome:
    """What an import did: its id, status, counts and every problem found."""

    import_id: int
    status: str  # imported | partial | rejected | unchanged
    kind: str | None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_new: int = 0
    rows_corrected: int = 0
    rows_unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    set_aside: list[RowProblem] = field(default_factory=list)
    rejected_csv: str = ""

    @property
    def errors(self) -> list[RowProblem]:
        """Return the problems that rejected a row."""
        return [p for p in self.problems if p.severity == "error"]


def resolver_for(session: Session, province_code: str) -> DirectoryResolver:
    """Return a unit resolver over every stored unit, for files about `province_code`."""
    from loa.directory.units import AdminUnit
    from loa.store.tables import AdminUnitRow

    units = [
        AdminUnit(
            r.code,
            r.name,
            r.name_with_type,
            r.unit_type,
            r.level,
            r.parent_code,
            r.valid_from,
            r.valid_to,
        )
        for r in session.scalars(select(AdminUnitRow))
    ]
    return DirectoryResolver(units, province_code)


def _problem_json(p: RowProblem) -> dict[str, Any]:
    return {
        "line": p.line,
        "column": p.column,
        "value": p.value,
        "vi": p.vi,
        "en": p.en,
        "severity": p.severity,
    }


def import_situation_file(
    session: Session,
    raw: bytes,
    filename: str,
    *,
    province_code: str,
    today: date,
    partial: bool = False,
    complete: bool = False,
    actor: str,
) -> ImportOutcome:
    """Validate and store a situation file; the raw bytes are kept whatever the outcome.

    The same bytes imported again change nothing. A figure that differs from the current one
    for the same unit and date becomes a new version; the old version stays.
    """
    digest = hashlib.sha256(raw).hexdigest()
    previous = session.scalar(
        select(SituationImportRow)
        .where(
            SituationImportRow.sha256 == digest,
            SituationImportRow.status.in_(("imported", "partial")),
        )
        .order_by(SituationImportRow.id.desc())
    )
    if previous is not None:
        return ImportOutcome(
            previous.id, "unchanged", previous.kind, rows_accepted=previous.rows_accepted
        )
    row = SituationImportRow(
        filename=filename,
        sha256=digest,
        raw=raw,
        kind=None,
        status="rejected",
        report={},
        imported_at=utcnow(),
    )
    session.add(row)
    session.flush()
    try:
        table = table_from_bytes(raw, filename)
        kind = detect_kind(list(table.headers), file=filename)
    except LoaError as exc:
        row.report = {"error": {"vi": exc.message("vi"), "en": exc.message("en")}}
        _record(session, row, actor)
        raise
    row.kind = kind.value
    population = population_as_of(session, today)
    report = validate(
        table,
        kind,
        resolve_unit=resolver_for(session, province_code),
        today=today,
        population=lambda code: population[code].value if code in population else None,
        province_code=province_code,
        partial=partial,
    )
    outcome = ImportOutcome(
        row.id,
        "rejected",
        kind.value,
        rows_read=report.rows_read,
        problems=list(report.problems),
        set_aside=list(report.set_aside),
        rejected_csv=report.rejected_rows_csv() if report.errors else "",
    )
    row.report = {
        "problems": [_problem_json(p) for p in report.problems],
        "set_aside": [_problem_json(p) for p in report.set_aside],
    }
    if report.ok:
        accepted: list[Record] = list(report.accepted)
        if complete:
            accepted += _implied_zeros(session, report.daily, province_code)
        new, corrected, unchanged = _store_records(session, row.id, accepted)
        outcome.status = row.status = "partial" if report.errors else "imported"
        outcome.rows_accepted = row.rows_accepted = len(report.accepted)
        outcome.rows_new, outcome.rows_corrected, outcome.rows_unchanged = new, corrected, unchanged
        row.rows_new, row.rows_corrected = new, corrected
    _record(session, row, actor)
    return outcome


def _implied_zeros(
    session: Session, daily: Sequence[DailyRecord], province_code: str
) -> list[DailyRecord]:
    """Return zero reports for the units and days a complete file leaves out (line 0)."""
    if not daily:
        return []
    first, last = min(r.date for r in daily), max(r.date for r in daily)
    units = {u.code: u.level for u in units_as_of(session, first, within=province_code)}
    levels = {units[r.unit_code] for r in daily if r.unit_code in units}
    seen = {(r.unit_code, r.date) for r in daily}
    with_split = any(r.new_cases_community is not None for r in daily)
    zero = 0 if with_split else None
    implied = []
    for code, level in units.items():
        if level not in levels:
            continue
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if (code, day) not in seen:
                implied.append(DailyRecord(day, code, zero, zero, 0, None, None, None, 0))
    return implied


def _record(session: Session, row: SituationImportRow, actor: str) -> None:
    record(
        session,
        DomainEvent(
            "situation.imported",
            "situation_import",
            str(row.id),
            actor,
            after={
                "filename": row.filename,
                "status": row.status,
                "kind": row.kind,
                "rows": row.rows_accepted,
            },
        ),
    )


def _store_records(
    session: Session, import_id: int, records: Sequence[Record]
) -> tuple[int, int, int]:
    """Insert new figures and new versions of changed ones; return (new, corrected, unchanged)."""
    new = corrected = unchanged = 0
    by_type: dict[type[Any], list[Record]] = {}
    for rec in records:
        by_type.setdefault(type(rec), []).append(rec)
    for rec_type, recs in by_type.items():
        table, fields = _FIELDS[rec_type]
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
        for start in range(0, len(inserts), 5000):
            session.execute(insert(table), inserts[start : start + 5000])
    return new, corrected, unchanged


def _current_versions(
    session: Session, table: Any, fields: tuple[str, ...], first: date, last: date, units: set[str]
) -> dict[tuple[str, date], tuple[int, tuple[Any, ...]]]:
    return {
        (row.unit_code, row.date): (row.version, tuple(getattr(row, f) for f in fields))
        for row in current_rows(session, table, first, last)
        if row.unit_code in units
    }
