"""Imports situation files (raw kept, versioned figures) and reads series back for analysis."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from loa.errors import InputError, LoaError, Where
from loa.events import DomainEvent, utcnow
from loa.services.directory import population_as_of, units_as_of
from loa.services.events import record
from loa.services.situation_versions import store_daily_columns, store_records
from loa.services.units_resolver import DirectoryResolver
from loa.situation.columnar import ColumnarReport, header_kind, validate_daily
from loa.situation.daily_columns import MISSING, DailyColumns
from loa.situation.reading import Table, table_from_bytes
from loa.situation.records import DailyRecord, RowProblem, UnitResolver
from loa.situation.templates import Kind, detect_kind
from loa.situation.validation import ValidationReport, validate
from loa.store.situation_tables import (
    CapacityRow,
    DailyReportRow,
    SituationImportRow,
    VaccinationRow,
)

__all__ = ["ImportOutcome", "import_situation_file", "resolver_for"]

_LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


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
    source: str | None = None,
) -> ImportOutcome:
    """Validate and store a situation file; the raw bytes are kept whatever the outcome.

    The same bytes imported again change nothing; if a later import has corrected some of
    their figures since, they are refused with the import in force named. A figure that
    differs from the current one for the same unit and date becomes a new version; the old
    version stays. `source` names where the figures come from (see situation/reconcile.py);
    None: by each unit's level.
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
        newer = _superseding_import(session, previous.id)
        if newer is not None:
            raise _superseded_error(previous, newer, filename)
        return ImportOutcome(
            previous.id, "unchanged", previous.kind, rows_accepted=previous.rows_accepted
        )
    row = SituationImportRow(
        filename=filename,
        sha256=digest,
        raw=raw,
        kind=None,
        source=source.strip() if source else None,
        status="rejected",
        report={},
        imported_at=utcnow(),
    )
    session.add(row)
    session.flush()
    try:
        kind, table = _file_kind(raw, filename)
        row.kind = kind.value
        population = population_as_of(session, today)
        report = _validate(
            raw,
            filename,
            kind,
            table,
            resolve_unit=resolver_for(session, province_code),
            today=today,
            population=lambda code: population[code].value if code in population else None,
            province_code=province_code,
            partial=partial,
        )
    except LoaError as exc:
        row.report = {"error": {"vi": exc.message("vi"), "en": exc.message("en")}}
        _record(session, row, actor)
        raise
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
        # Kept so the desk can offer the rejected rows, with their errors, as a file.
        "rejected_csv": outcome.rejected_csv,
        "days": _day_span(report),
    }
    if report.ok:
        new, corrected, unchanged = _store(
            session, row.id, report, complete=complete, province_code=province_code
        )
        outcome.status = row.status = "partial" if report.errors else "imported"
        outcome.rows_accepted = row.rows_accepted = len(report.accepted)
        outcome.rows_new, outcome.rows_corrected, outcome.rows_unchanged = new, corrected, unchanged
        row.rows_new, row.rows_corrected = new, corrected
    _record(session, row, actor)
    return outcome


def _superseding_import(session: Session, import_id: int) -> SituationImportRow | None:
    """Return the newest import that corrected a figure of import `import_id`, if any."""
    newest: int | None = None
    tables: tuple[type[DailyReportRow | VaccinationRow | CapacityRow], ...] = (
        DailyReportRow,
        VaccinationRow,
        CapacityRow,
    )
    for table in tables:
        old, new = aliased(table), aliased(table)
        found = session.scalar(
            select(func.max(new.import_id))
            .select_from(old)
            .join(
                new,
                and_(
                    new.unit_code == old.unit_code,
                    new.date == old.date,
                    new.version > old.version,
                ),
            )
            .where(old.import_id == import_id)
        )
        if found is not None and (newest is None or found > newest):
            newest = found
    return session.get(SituationImportRow, newest) if newest is not None else None


def _superseded_error(
    previous: SituationImportRow, newer: SituationImportRow, filename: str
) -> InputError:
    """Return the refusal of a file whose figures a later import corrected.

    Refused rather than imported again as a new version: files are often sent twice or
    replayed in any order (a folder imported again after a failure), and re-imports must
    never silently undo a correction. Old figures that are right after all are sent as a
    new file, which becomes a new version like any correction.
    """
    stamp = newer.imported_at
    # SQLite gives back the UTC time it was given, without its zone.
    stamp = stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)
    when = stamp.astimezone(_LOCAL).strftime("%d/%m/%Y %H:%M")
    return InputError(
        f"Tệp này đã được nhập ở lần nhập {previous.id} ({previous.filename}), nhưng số liệu "
        f"của nó đã được sửa bởi lần nhập {newer.id} ({newer.filename}, {when}); số liệu của lần "
        f"nhập {newer.id} đang có hiệu lực. Không thay đổi gì. Nếu số liệu cũ mới đúng, hãy gửi "
        "chúng trong một tệp sửa mới (sẽ thành phiên bản mới).",
        f"This file was imported as import {previous.id} ({previous.filename}), but its figures "
        f"were corrected by import {newer.id} ({newer.filename}, {when}); the figures of import "
        f"{newer.id} are in force. Nothing changed. If the old figures are the right ones, send "
        "them in a new correction file (it becomes a new version).",
        where=Where(file=filename),
    )


def _day_span(report: ColumnarReport | ValidationReport) -> list[str]:
    """Return the first and last day of the accepted daily figures (ISO), or []."""
    if isinstance(report, ColumnarReport):
        ordinals = report.accepted.day
        if len(ordinals) == 0:
            return []
        first, last = int(ordinals.min()), int(ordinals.max())
        return [date.fromordinal(first).isoformat(), date.fromordinal(last).isoformat()]
    days = [r.date for r in report.daily]
    return [min(days).isoformat(), max(days).isoformat()] if days else []


def _file_kind(raw: bytes, filename: str) -> tuple[Kind, Table | None]:
    """Return the kind of file, and its Table where finding the kind needed one."""
    kind = header_kind(raw, filename)
    if kind is not None:
        return kind, None
    table = table_from_bytes(raw, filename)
    return detect_kind(list(table.headers), file=filename), table


def _validate(
    raw: bytes,
    filename: str,
    kind: Kind,
    table: Table | None,
    *,
    resolve_unit: UnitResolver,
    today: date,
    population: Callable[[str], int | None],
    province_code: str,
    partial: bool,
) -> ColumnarReport | ValidationReport:
    """Return the report on the file: by columns for daily files, row by row for the others."""
    settings: dict[str, Any] = {
        "resolve_unit": resolve_unit,
        "today": today,
        "population": population,
        "province_code": province_code,
        "partial": partial,
    }
    if kind is Kind.DAILY:
        return validate_daily(raw, filename, table=table, **settings)
    return validate(table or table_from_bytes(raw, filename), kind, **settings)


def _store(
    session: Session,
    import_id: int,
    report: ColumnarReport | ValidationReport,
    *,
    complete: bool,
    province_code: str,
) -> tuple[int, int, int]:
    """Store the report's accepted records; return (new, corrected, unchanged) counts."""
    if isinstance(report, ValidationReport) and not report.daily:
        return store_records(session, import_id, report.accepted)
    if isinstance(report, ColumnarReport):
        daily = report.accepted
    else:
        daily = DailyColumns.from_records(report.daily)
    if complete:
        implied = _implied_zeros(session, daily, province_code)
        daily = DailyColumns.merge(
            daily.units, daily.unit, daily.day, daily.line, daily.counts, implied
        )
    return store_daily_columns(session, import_id, daily)


def _implied_zeros(session: Session, daily: DailyColumns, province_code: str) -> list[DailyRecord]:
    """Return zero reports for the units and days a complete file leaves out (line 0)."""
    if not len(daily):
        return []
    first = date.fromordinal(int(daily.day.min()))
    last = date.fromordinal(int(daily.day.max()))
    units = {u.code: u.level for u in units_as_of(session, first, within=province_code)}
    reported = [daily.units[i] for i in np.unique(daily.unit).tolist()]
    levels = {units[code] for code in reported if code in units}
    seen = {
        (daily.units[u], d) for u, d in zip(daily.unit.tolist(), daily.day.tolist(), strict=True)
    }
    with_split = bool((daily.counts[:, 0] != MISSING).any())
    zero = 0 if with_split else None
    implied = []
    for code, level in units.items():
        if level not in levels:
            continue
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if (code, day.toordinal()) not in seen:
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
                "source": row.source,
            },
        ),
    )
