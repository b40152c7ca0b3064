"""Check one situation file's rows: cells, dates, units, repeats and cumulative cases.

`RowChecker` is the row validator's working state for one file: it knows where each template
column is and collects every problem found, with the line, column and value, in Vietnamese and
English. `validation.validate` walks a Table through it row by row; `columnar.validate_daily`
sends only the rows that need a message through it, so both write every message the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TypeVar

from loa.situation.reading import CellError, Row, Table, parse_count, parse_date, parse_flag
from loa.situation.records import (
    CapacityRecord,
    DailyRecord,
    Record,
    RowProblem,
    Severity,
    UnitResolver,
    VaccinationRecord,
    unit_path,
)
from loa.situation.templates import COLUMNS, TEMPLATES, Kind, canonical_headers

__all__ = ["RowChecker", "normal_code"]

_T = TypeVar("_T")


class RowChecker:
    """One file's check: where each template column is, and every problem found so far."""

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
        """Record a problem found on `line` (an error unless told otherwise)."""
        problem = RowProblem(line, column, value, vi, en, severity, self.table.file_name, unit_code)
        self.problems.append(problem)

    def header(self, name: str) -> str:
        """Return the column's header as the user wrote it (so they can find it)."""
        return self.table.headers[self.index[name]] if name in self.index else name

    def cell(self, row: Row, name: str) -> str:
        """Return the row's text in template column `name` ('' where the file has none)."""
        return row.get(self.index[name]) if name in self.index else ""

    def count(self, row: Row, name: str) -> int | None:
        """Return the cell as a count (None if empty or wrong, the latter recorded)."""
        return self._parse(row, name, parse_count)

    def flag(self, row: Row, name: str) -> bool | None:
        """Return the cell as yes/no (None if empty or wrong, the latter recorded)."""
        return self._parse(row, name, parse_flag)

    def _parse(self, row: Row, name: str, parser: Callable[[str], _T]) -> _T | None:
        text = self.cell(row, name)
        try:
            return parser(text)
        except CellError as exc:
            self.add(row.line, self.header(name), text, exc.vi, exc.en)
            return None

    def row_date(self, row: Row) -> date | None:
        """Return the row's date, or None after recording why it has none usable."""
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
            code = normal_code(self.cell(row, "unit_code")) or None
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

    def read_row(self, row: Row) -> Record | None:
        """Return the row as a record, or None after recording why it cannot be one."""
        before = len(self.problems)
        day = self.row_date(row)
        unit = self.unit(row, day) if day is not None else None
        kind = self.kind
        record: Record | None = None
        if kind is Kind.VACCINATION:
            values = {
                n: self.count(row, n)
                for n in TEMPLATES[kind].columns()
                if COLUMNS[n].value == "count"
            }
            for pop, done in (
                ("pop_18plus", "dose1_18plus"),
                ("pop_50plus", "full_50plus"),
                ("pop_65plus", "full_65plus"),
            ):
                p, d = values[pop], values[done]
                if p is not None and d is not None and d > p:
                    self.add(
                        row.line,
                        self.header(done),
                        str(d),
                        f"Số người đã tiêm ({d}) lớn hơn dân số ({p}, cột {self.header(pop)}). "
                        "Hãy kiểm tra lại hai cột này.",
                        f"More people vaccinated ({d}) than people ({p}, "
                        f"column {self.header(pop)}). "
                        "Check these two columns.",
                    )
            if day and unit:
                record = VaccinationRecord(day, unit, **values, line=row.line)
        elif kind is Kind.CAPACITY:
            flags = {
                n: self.flag(row, n)
                for n in (
                    "capacity_ok",
                    "oxygen_at_station",
                    "mobile_station_plan",
                    "community_care_plan",
                )
            }
            icu = self.count(row, "icu_beds")
            if day and unit:
                record = CapacityRecord(day, unit, **flags, icu_beds=icu, line=row.line)
        else:
            record = self._daily(row, day, unit)
        return record if len(self.problems) == before else None

    def _daily(self, row: Row, day: date | None, unit: str | None) -> DailyRecord | None:
        if self.kind is Kind.DAILY:
            community = self.count(row, "new_cases_community")
            quarantined = self.count(row, "new_cases_quarantined")
            total = self.count(row, "new_cases")
            deaths, severe, tests = (self.count(row, n) for n in ("deaths", "severe", "tests"))
            if community is not None and quarantined is not None:
                if total is not None and total != community + quarantined:
                    self.add(
                        row.line,
                        self.header("new_cases"),
                        str(total),
                        f"Tổng ca mới ({total}) khác cộng đồng + cách ly "
                        f"({community} + {quarantined})."
                        " Hãy sửa một trong ba cột hoặc để trống cột tổng.",
                        f"Total new cases ({total}) differs from community + quarantined "
                        f"({community} + {quarantined}). Correct one of them or leave the total "
                        "empty.",
                    )
                total = community + quarantined
        else:
            community = quarantined = severe = tests = None
            cases_col = "new_cases" if self.kind is Kind.ANNOUNCED else "new_cases_raw"
            total = self.count(row, cases_col)
            deaths = self.count(row, "deaths_raw") if self.kind is Kind.PORTAL_SERIES else None
        if day is None or unit is None:
            return None
        return DailyRecord(
            day, unit, community, quarantined, total, deaths, severe, tests, row.line
        )

    def drop_duplicates(self, records: list[Record]) -> list[Record]:
        """Return the records less same-day, same-unit repeats, recording why each went.

        An exact repeat is counted once (a warning); two rows with different figures are both
        rejected (an error on each), since neither can be trusted over the other.
        """
        first: dict[tuple[date, str], Record] = {}
        clashing: set[int] = set()
        repeated: set[int] = set()
        unit_col = self.unit_column()
        for rec in records:
            key = (rec.date, rec.unit_code)
            if key not in first:
                first[key] = rec
                continue
            seen = first[key]
            if _same_values(seen, rec):
                repeated.add(rec.line)
                self.add(
                    rec.line,
                    unit_col,
                    rec.unit_code,
                    f"Trùng hoàn toàn với dòng {seen.line} (cùng ngày, cùng đơn vị): "
                    "chỉ tính một lần.",
                    f"Exact repeat of line {seen.line} (same date and unit): counted once.",
                    "warning",
                    rec.unit_code,
                )
                continue
            for a, b in ((seen, rec), (rec, seen)):
                clashing.add(a.line)
                self.add(
                    a.line,
                    unit_col,
                    a.unit_code,
                    f"Đơn vị {a.unit_code} ngày {a.date:%d/%m/%Y} có hai dòng với số liệu "
                    "khác nhau "
                    f"(dòng {a.line} và {b.line}). Hãy giữ lại một dòng đúng.",
                    f"Unit {a.unit_code} on {a.date:%d/%m/%Y} has two rows with different figures "
                    f"(lines {a.line} and {b.line}). Keep the one correct row.",
                    unit_code=a.unit_code,
                )
        return [r for r in records if r.line not in clashing and r.line not in repeated]

    def unit_column(self) -> str:
        """Return the header, as written, of the column that names the unit (or the date's)."""
        for name in ("unit_code", "unit_name", "commune", "district"):
            if name in self.index:
                return self.header(name)
        return self.header("date")

    def check_population(
        self, records: list[Record], population: Callable[[str], int | None]
    ) -> set[int]:
        """Return the lines to drop: cumulative cases above the population (missing: a warning)."""
        unit_col = self.unit_column()
        cases_col = {
            Kind.DAILY: "new_cases_community",
            Kind.ANNOUNCED: "new_cases",
            Kind.PORTAL_SERIES: "new_cases_raw",
        }[self.kind]
        by_unit: dict[str, list[DailyRecord]] = {}
        for rec in records:
            if isinstance(rec, DailyRecord):
                by_unit.setdefault(rec.unit_code, []).append(rec)
        drop: set[int] = set()
        for unit, recs in by_unit.items():
            people = population(unit)
            if people is None:
                self.add(
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
                    self.add(
                        rec.line,
                        self.header(cases_col),
                        str(total),
                        f"Cộng dồn ca mới của đơn vị {unit} đến ngày {rec.date:%d/%m/%Y} "
                        f"là {total}, "
                        f"nhiều hơn dân số ({people}). Hãy kiểm tra đơn vị hoặc số ca.",
                        f"Cumulative new cases for unit {unit} up to {rec.date:%d/%m/%Y} "
                        f"are {total}, "
                        f"more than its population ({people}). Check the unit or the counts.",
                        unit_code=unit,
                    )
                    break
        return drop


def _same_values(a: Record, b: Record) -> bool:
    return replace(a, line=0) == replace(b, line=0)


def normal_code(code: str) -> str:
    """Return a unit code as the directory writes it, leading zeros Excel dropped put back."""
    # Excel drops leading zeros from codes typed as numbers; codes have 2, 3 or 5 digits,
    # so 4 digits can only be a commune code and 1 digit only a province code.
    if code.isdigit() and len(code) in (1, 4):
        return code.zfill(len(code) + 1)
    return code
