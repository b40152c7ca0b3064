"""Check a situation Table row by row and return typed records plus every problem found.

Units are looked up through a resolver the caller gives (see `loa.situation.records`).
Rows whose unit lies in another province are set aside (listed, not imported, not an error).
A file with any error is rejected whole unless `partial=True`; then rows with errors are left out.
The checks themselves are `loa.situation.row_checks.RowChecker`'s.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from loa.formatting import write_csv_rows
from loa.situation.reading import Row, Table
from loa.situation.records import (
    CapacityRecord,
    DailyRecord,
    Record,
    RowProblem,
    UnitMatch,
    UnitResolver,
    VaccinationRecord,
    split_unit_path,
    unit_path,
)
from loa.situation.row_checks import RowChecker
from loa.situation.templates import Kind

__all__ = [
    "CapacityRecord",
    "DailyRecord",
    "Record",
    "RowProblem",
    "UnitMatch",
    "UnitResolver",
    "VaccinationRecord",
    "ValidationReport",
    "rejected_rows_csv",
    "split_unit_path",
    "unit_path",
    "validate",
]

_CASE_KINDS = (Kind.DAILY, Kind.ANNOUNCED, Kind.PORTAL_SERIES)


@dataclass
class ValidationReport:
    """Records to store (empty when the file is rejected), problems, and rows set aside."""

    file_name: str
    kind: Kind
    partial: bool
    accepted: list[Record]
    problems: list[RowProblem]
    set_aside: list[RowProblem]
    rows_read: int
    table: Table = field(repr=False)

    @property
    def daily(self) -> list[DailyRecord]:
        """Return the accepted daily records (daily, announced and portal-series files)."""
        return [r for r in self.accepted if isinstance(r, DailyRecord)]

    @property
    def vaccination(self) -> list[VaccinationRecord]:
        """Return the accepted vaccination records."""
        return [r for r in self.accepted if isinstance(r, VaccinationRecord)]

    @property
    def capacity(self) -> list[CapacityRecord]:
        """Return the accepted capacity records."""
        return [r for r in self.accepted if isinstance(r, CapacityRecord)]

    @property
    def errors(self) -> list[RowProblem]:
        """Return the problems that reject a row."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[RowProblem]:
        """Return the problems that do not reject anything."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def rejected_lines(self) -> list[int]:
        """Return the lines with at least one error, in file order."""
        return sorted({p.line for p in self.errors})

    @property
    def ok(self) -> bool:
        """Return True when the accepted records may be stored."""
        return self.partial or not self.errors

    def rejected_rows_csv(self, *, include_set_aside: bool = False) -> str:
        """Return the rejected rows as CSV, same columns plus `error`, for correction."""
        problems = self.errors + (self.set_aside if include_set_aside else [])
        return rejected_rows_csv(self.table.headers, self.table.rows, problems)


def rejected_rows_csv(
    headers: Sequence[str], rows: Iterable[Row], problems: Iterable[RowProblem]
) -> str:
    """Return the rows that have problems as CSV, same columns plus `error`, for correction.

    Rows are written in the order given; the `error` cell joins each problem of the row in
    Vietnamese and English.
    """
    by_line: dict[int, list[RowProblem]] = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(p)
    out = io.StringIO()
    width = len(headers)
    lines: list[list[str]] = [[*headers, "error"]]
    for row in rows:
        if row.line in by_line:
            cells = [row.get(i) for i in range(width)]
            text = " | ".join(f"{p.message('vi')} / {p.message('en')}" for p in by_line[row.line])
            lines.append([*cells, text])
    # Cells come from the file as sent: one starting "=cmd|..." must not run in a spreadsheet.
    write_csv_rows(out, lines)
    return out.getvalue()


def validate(
    table: Table,
    kind: Kind,
    *,
    resolve_unit: UnitResolver,
    today: date,
    population: Callable[[str], int | None],
    province_code: str,
    partial: bool = False,
) -> ValidationReport:
    """Return the report of checking every row of `table` as a file of `kind`."""
    check = RowChecker(table, kind, resolve_unit, today, province_code)
    records: list[Record] = []
    for row in table.rows:
        record = check.read_row(row)
        if record is not None:
            records.append(record)
    if not table.rows:
        check.add(
            table.header_line,
            None,
            "",
            "Tệp chỉ có dòng tiêu đề, không có số liệu.",
            "The file has a header row but no data.",
        )
    records = check.drop_duplicates(records)
    if kind in _CASE_KINDS:
        dropped = check.check_population(records, population)
        records = [r for r in records if r.line not in dropped]
    problems = sorted(check.problems, key=lambda p: (p.line, p.severity))
    report_ok = partial or not any(p.severity == "error" for p in problems)
    return ValidationReport(
        file_name=table.file_name,
        kind=kind,
        partial=partial,
        accepted=records if report_ok else [],
        problems=problems,
        set_aside=check.set_aside,
        rows_read=len(table.rows),
        table=table,
    )
