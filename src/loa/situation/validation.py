"""Check a situation Table row by row and return typed records plus every problem found.

Units are looked up through a resolver the caller gives (the directory, as of each row's date):

    resolve_unit(code, name, on) -> UnitMatch

`name` is either a bare unit name as the user wrote it ("Quang Châu": any unit of that name)
or a two-slot path "commune, district" built by `unit_path` ("Quang Châu, Việt Yên"; with the
commune slot empty, ", Ba Đồn" names a district). A resolver reads it with `split_unit_path`.
Slots matter: "Lạng Sơn" the city and "Lãng Sơn" a Bắc Giang commune fold to the same key.
Rows whose unit lies in another province are set aside (listed, not imported, not an error).
A file with any error is rejected whole unless `partial=True`; then rows with errors are left out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal, TypeVar

from loa.errors import Where
from loa.situation.reading import CellError, Row, Table, parse_count, parse_date, parse_flag
from loa.situation.templates import COLUMNS, TEMPLATES, Kind, canonical_headers

__all__ = [
    "CapacityRecord",
    "DailyRecord",
    "Record",
    "RowProblem",
    "UnitMatch",
    "UnitResolver",
    "VaccinationRecord",
    "ValidationReport",
    "split_unit_path",
    "unit_path",
    "validate",
]

Severity = Literal["error", "warning"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class UnitMatch:
    """What the directory says of a unit: found (with its code), not found, or outside."""

    status: Literal["found", "not_found", "outside"]
    code: str | None = None
    suggestions: tuple[str, ...] = ()
    label: str | None = None

    @classmethod
    def found(cls, code: str) -> UnitMatch:
        """Return a match for the unit with this code."""
        return cls("found", code=code)

    @classmethod
    def not_found(cls, suggestions: Iterable[str] = ()) -> UnitMatch:
        """Return a miss, with near names ("did you mean") as the user should write them."""
        return cls("not_found", suggestions=tuple(suggestions))

    @classmethod
    def outside(cls, label: str | None = None) -> UnitMatch:
        """Return a unit outside the province; label as shown, e.g. 'Ba Đồn, Quảng Bình'."""
        return cls("outside", label=label)


UnitResolver = Callable[[str | None, str | None, date], UnitMatch]


def unit_path(commune: str | None, district: str | None) -> str:
    """Return the resolver's path for a commune in a district: 'Quang Châu, Việt Yên'.

    With no commune the path names the district alone: ', Ba Đồn'.
    """
    return f"{(commune or '').strip()}, {(district or '').strip()}"


def split_unit_path(name: str) -> tuple[str | None, str | None] | None:
    """Return (commune, district) of a path, empty slots as None; None for a bare unit name."""
    if "," not in name:
        return None
    commune, _, district = name.partition(",")
    return commune.strip() or None, district.strip() or None


@dataclass(frozen=True)
class DailyRecord:
    """A unit's case report for one day; None means unknown, never zero."""

    date: date
    unit_code: str
    new_cases_community: int | None
    new_cases_quarantined: int | None
    new_cases_total: int | None
    deaths: int | None
    severe: int | None
    tests: int | None
    line: int


@dataclass(frozen=True)
class VaccinationRecord:
    """A unit's vaccination snapshot on a date."""

    date: date
    unit_code: str
    pop_18plus: int | None
    dose1_18plus: int | None
    pop_50plus: int | None
    full_50plus: int | None
    pop_65plus: int | None
    full_65plus: int | None
    line: int


@dataclass(frozen=True)
class CapacityRecord:
    """A unit's treatment-capacity snapshot on a date."""

    date: date
    unit_code: str
    capacity_ok: bool | None
    oxygen_at_station: bool | None
    mobile_station_plan: bool | None
    community_care_plan: bool | None
    icu_beds: int | None
    line: int


Record = DailyRecord | VaccinationRecord | CapacityRecord


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong (error) or worth saying (warning) about a row, in both languages."""

    line: int
    column: str | None
    value: str
    vi: str
    en: str
    severity: Severity = "error"
    file: str | None = None
    unit_code: str | None = None

    @property
    def where(self) -> Where:
        """Return the location as the error tree writes it."""
        return Where(file=self.file, line=self.line, column=self.column)

    def message(self, lang: str = "vi") -> str:
        """Return the message in one language, prefixed with file, line and column."""
        text = self.vi if lang == "vi" else self.en
        return f"{self.where.describe(lang)}: {text}"


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
        by_line: dict[int, list[RowProblem]] = {}
        for p in self.errors + (self.set_aside if include_set_aside else []):
            by_line.setdefault(p.line, []).append(p)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*self.table.headers, "error"])
        width = len(self.table.headers)
        for row in self.table.rows:
            if row.line in by_line:
                cells = [row.get(i) for i in range(width)]
                text = " | ".join(
                    f"{p.message('vi')} / {p.message('en')}" for p in by_line[row.line]
                )
                writer.writerow([*cells, text])
        return out.getvalue()


_CASE_KINDS = (Kind.DAILY, Kind.ANNOUNCED, Kind.PORTAL_SERIES)


class _Check:
    """One validation run; holds the lookup of columns and collects problems."""

    def __init__(
        self,
        table: Table,
        kind: Kind,
        resolve_unit: UnitResolver,
        today: date,
        province_code: str,
    ) -> None:
        self.table = table
        self.kind = kind
        self.resolve_unit = resolve_unit
        self.today = today
        self.province_code = province_code
        self.problems: list[RowProblem] = []
        self.set_aside: list[RowProblem] = []
        self.index: dict[str, int] = {}
        wanted = set(TEMPLATES[kind].columns())
        for i, name in enumerate(canonical_headers(list(table.headers))):
            if name in wanted and name not in self.index:
                self.index[name] = i
            elif table.headers[i]:
                self.add(
                    table.header_line,
                    table.headers[i],
                    table.headers[i],
                    "Cột không thuộc mẫu nên bị bỏ qua.",
                    "Column not in the template; it is ignored.",
                    "warning",
                )

    def add(
        self,
        line: int,
        column: str | None,
        value: str,
        vi: str,
        en: str,
        severity: Severity = "error",
        unit_code: str | None = None,
    ) -> None:
        problem = RowProblem(line, column, value, vi, en, severity, self.table.file_name, unit_code)
        self.problems.append(problem)

    def header(self, name: str) -> str:
        """Return the column's header as the user wrote it (so they can find it)."""
        return self.table.headers[self.index[name]] if name in self.index else name

    def cell(self, row: Row, name: str) -> str:
        return row.get(self.index[name]) if name in self.index else ""

    def count(self, row: Row, name: str) -> int | None:
        return self._parse(row, name, parse_count)

    def flag(self, row: Row, name: str) -> bool | None:
        return self._parse(row, name, parse_flag)

    def _parse(self, row: Row, name: str, parser: Callable[[str], _T]) -> _T | None:
        text = self.cell(row, name)
        try:
            return parser(text)
        except CellError as exc:
            self.add(row.line, self.header(name), text, exc.vi, exc.en)
            return None

    def row_date(self, row: Row) -> date | None:
        text = self.cell(row, "date")
        if not text:
            self.add(
                row.line,
                self.header("date"),
                text,
                "Thiếu ngày. Hãy ghi ngày của số liệu (dd/mm/yyyy).",
                "Date missing. Write the date of the figures (dd/mm/yyyy).",
            )
            return None
        day = self._parse(row, "date", parse_date)
        if day is not None and day > self.today:
            self.add(
                row.line,
                self.header("date"),
                text,
                f"Ngày {day:%d/%m/%Y} ở tương lai (hôm nay {self.today:%d/%m/%Y}). Hãy sửa ngày.",
                f"Date {day:%d/%m/%Y} is in the future (today is {self.today:%d/%m/%Y}). "
                "Correct the date.",
            )
            return None
        return day

    def unit(self, row: Row, day: date) -> str | None:
        """Return the row's unit code; record an error or a set-aside where there is none."""
        if self.kind is Kind.PORTAL_SERIES:
            return self.province_code
        if self.kind is Kind.ANNOUNCED:
            district, commune = self.cell(row, "district"), self.cell(row, "commune")
            if not district and not commune:
                return self.province_code
            code: str | None = None
            name: str | None = unit_path(commune, district)
            column = self.header("commune" if commune else "district")
        else:
            code = _normal_code(self.cell(row, "unit_code")) or None
            name = self.cell(row, "unit_name") or None
            named = "unit_name" if name and not code else "unit_code"
            column = self.header(named if named in self.index else "unit_name")
            if code is None and name is None:
                self.add(
                    row.line,
                    column,
                    "",
                    "Thiếu đơn vị. Hãy ghi mã đơn vị (unit_code) hoặc tên đơn vị (unit_name).",
                    "Unit missing. Write the unit code (unit_code) or the unit name (unit_name).",
                )
                return None
        match = self.resolve_unit(code, name, day)
        shown = code or (name or "").strip(" ,")
        if match.status == "found":
            return match.code
        if match.status == "outside":
            label = f" ({match.label})" if match.label else ""
            self.set_aside.append(
                RowProblem(
                    row.line,
                    column,
                    shown,
                    f"Đơn vị '{shown}'{label} không thuộc tỉnh {self.province_code}: dòng được "
                    "để riêng, không nhập. Nếu đây là số liệu của tỉnh, hãy sửa tên đơn vị.",
                    f"Unit '{shown}'{label} is outside province {self.province_code}: the row is "
                    "set aside, not imported. If the figures are the province's, correct the unit.",
                    "warning",
                    self.table.file_name,
                )
            )
            return None
        hint_vi = hint_en = ""
        if match.suggestions:
            options = "; ".join(match.suggestions)
            hint_vi, hint_en = f" Có phải: {options}?", f" Did you mean: {options}?"
        self.add(
            row.line,
            column,
            shown,
            f"Không tìm thấy đơn vị '{shown}' trong danh mục ngày {day:%d/%m/%Y}.{hint_vi} "
            "Hãy sửa mã hoặc tên theo danh mục đơn vị hành chính.",
            f"Unit '{shown}' not found in the directory as of {day:%d/%m/%Y}.{hint_en} "
            "Correct the code or name to match the directory.",
        )
        return None


def _normal_code(code: str) -> str:
    # Excel drops leading zeros from codes typed as numbers; codes have 2, 3 or 5 digits,
    # so 4 digits can only be a commune code and 1 digit only a province code.
    if code.isdigit() and len(code) in (1, 4):
        return code.zfill(len(code) + 1)
    return code


def _read_row(check: _Check, row: Row) -> Record | None:
    """Return the row as a record, or None after recording why it cannot be one."""
    before = len(check.problems)
    day = check.row_date(row)
    unit = check.unit(row, day) if day is not None else None
    kind = check.kind
    record: Record | None = None
    if kind is Kind.VACCINATION:
        values = {
            n: check.count(row, n) for n in TEMPLATES[kind].columns() if COLUMNS[n].value == "count"
        }
        for pop, done in (
            ("pop_18plus", "dose1_18plus"),
            ("pop_50plus", "full_50plus"),
            ("pop_65plus", "full_65plus"),
        ):
            p, d = values[pop], values[done]
            if p is not None and d is not None and d > p:
                check.add(
                    row.line,
                    check.header(done),
                    str(d),
                    f"Số người đã tiêm ({d}) lớn hơn dân số ({p}, cột {check.header(pop)}). "
                    "Hãy kiểm tra lại hai cột này.",
                    f"More people vaccinated ({d}) than people ({p}, column {check.header(pop)}). "
                    "Check these two columns.",
                )
        if day and unit:
            record = VaccinationRecord(day, unit, **values, line=row.line)
    elif kind is Kind.CAPACITY:
        flags = {
            n: check.flag(row, n)
            for n in (
                "capacity_ok",
                "oxygen_at_station",
                "mobile_station_plan",
                "community_care_plan",
            )
        }
        icu = check.count(row, "icu_beds")
        if day and unit:
            record = CapacityRecord(day, unit, **flags, icu_beds=icu, line=row.line)
    else:
        record = _daily(check, row, day, unit)
    return record if len(check.problems) == before else None


def _daily(check: _Check, row: Row, day: date | None, unit: str | None) -> DailyRecord | None:
    if check.kind is Kind.DAILY:
        community = check.count(row, "new_cases_community")
        quarantined = check.count(row, "new_cases_quarantined")
        total = check.count(row, "new_cases")
        deaths, severe, tests = (check.count(row, n) for n in ("deaths", "severe", "tests"))
        if community is not None and quarantined is not None:
            if total is not None and total != community + quarantined:
                check.add(
                    row.line,
                    check.header("new_cases"),
                    str(total),
                    f"Tổng ca mới ({total}) khác cộng đồng + cách ly ({community} + {quarantined})."
                    " Hãy sửa một trong ba cột hoặc để trống cột tổng.",
                    f"Total new cases ({total}) differs from community + quarantined "
                    f"({community} + {quarantined}). Correct one of them or leave the total empty.",
                )
            total = community + quarantined
    else:
        community = quarantined = severe = tests = None
        cases_col = "new_cases" if check.kind is Kind.ANNOUNCED else "new_cases_raw"
        total = check.count(row, cases_col)
        deaths = check.count(row, "deaths_raw") if check.kind is Kind.PORTAL_SERIES else None
    if day is None or unit is None:
        return None
    return DailyRecord(day, unit, community, quarantined, total, deaths, severe, tests, row.line)


def _same_values(a: Record, b: Record) -> bool:
    return replace(a, line=0) == replace(b, line=0)


def _drop_duplicates(check: _Check, records: list[Record]) -> list[Record]:
    """Return the records with same-day, same-unit repeats resolved (see module docstring)."""
    first: dict[tuple[date, str], Record] = {}
    clashing: set[int] = set()
    repeated: set[int] = set()
    unit_col = _unit_column(check)
    for rec in records:
        key = (rec.date, rec.unit_code)
        if key not in first:
            first[key] = rec
            continue
        seen = first[key]
        if _same_values(seen, rec):
            repeated.add(rec.line)
            check.add(
                rec.line,
                unit_col,
                rec.unit_code,
                f"Trùng hoàn toàn với dòng {seen.line} (cùng ngày, cùng đơn vị): chỉ tính một lần.",
                f"Exact repeat of line {seen.line} (same date and unit): counted once.",
                "warning",
                rec.unit_code,
            )
            continue
        for a, b in ((seen, rec), (rec, seen)):
            clashing.add(a.line)
            check.add(
                a.line,
                unit_col,
                a.unit_code,
                f"Đơn vị {a.unit_code} ngày {a.date:%d/%m/%Y} có hai dòng với số liệu khác nhau "
                f"(dòng {a.line} và {b.line}). Hãy giữ lại một dòng đúng.",
                f"Unit {a.unit_code} on {a.date:%d/%m/%Y} has two rows with different figures "
                f"(lines {a.line} and {b.line}). Keep the one correct row.",
                unit_code=a.unit_code,
            )
    return [r for r in records if r.line not in clashing and r.line not in repeated]


def _unit_column(check: _Check) -> str:
    for name in ("unit_code", "unit_name", "commune", "district"):
        if name in check.index:
            return check.header(name)
    return check.header("date")


def _check_population(
    check: _Check, records: list[Record], population: Callable[[str], int | None]
) -> set[int]:
    """Record missing populations (warnings) and case totals above them; return lines to drop."""
    unit_col = _unit_column(check)
    cases_col = {
        Kind.DAILY: "new_cases_community",
        Kind.ANNOUNCED: "new_cases",
        Kind.PORTAL_SERIES: "new_cases_raw",
    }[check.kind]
    by_unit: dict[str, list[DailyRecord]] = {}
    for rec in records:
        if isinstance(rec, DailyRecord):
            by_unit.setdefault(rec.unit_code, []).append(rec)
    drop: set[int] = set()
    for unit, recs in by_unit.items():
        people = population(unit)
        if people is None:
            check.add(
                recs[0].line,
                unit_col,
                unit,
                f"Chưa có dân số của đơn vị {unit} trong danh mục: số liệu vẫn được nhập nhưng "
                "chưa tính được tỉ lệ trên 100.000 dân. Hãy nhập dân số cho đơn vị này.",
                f"No population for unit {unit} in the directory: the figures are imported but "
                "rates per 100,000 cannot be computed. Import the unit's population.",
                "warning",
                unit,
            )
            continue
        total = 0
        for rec in sorted(recs, key=lambda r: (r.date, r.line)):
            total += (rec.new_cases_community or 0) + (rec.new_cases_quarantined or 0)
            if rec.new_cases_community is None and rec.new_cases_quarantined is None:
                total += rec.new_cases_total or 0
            if total > people:
                drop.add(rec.line)
                check.add(
                    rec.line,
                    check.header(cases_col),
                    str(total),
                    f"Cộng dồn ca mới của đơn vị {unit} đến ngày {rec.date:%d/%m/%Y} là {total}, "
                    f"nhiều hơn dân số ({people}). Hãy kiểm tra đơn vị hoặc số ca.",
                    f"Cumulative new cases for unit {unit} up to {rec.date:%d/%m/%Y} are {total}, "
                    f"more than its population ({people}). Check the unit or the counts.",
                    unit_code=unit,
                )
                break
    return drop


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
    check = _Check(table, kind, resolve_unit, today, province_code)
    records: list[Record] = []
    for row in table.rows:
        record = _read_row(check, row)
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
    records = _drop_duplicates(check, records)
    if kind in _CASE_KINDS:
        dropped = _check_population(check, records, population)
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
