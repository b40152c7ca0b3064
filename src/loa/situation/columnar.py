"""Check a large `daily` case file column by column; same outcome as `validate`, as arrays.

`validate` walks a Table row by row in Python: right for a province's week, far too slow for a
country's year (10,599 communes x 365 days, 3.9 million rows). `validate_daily` gives the same
accepted records and the same problems (line, column, value, messages, severity) and set-asides,
but works on whole columns of the file's bytes (read by `csv_arrays`) with numpy:

- cells in the common forms (digits, an empty cell, a date written yyyy-mm-dd or dd/mm/yyyy)
  are parsed as arrays; a row with any other cell, or with a problem, goes through
  `RowChecker.read_row`, so every message is written by the same code as `validate`'s;
- the unit resolver is called once per distinct (code, name) at the first and the last date
  it appears on, and once per date only where those two answers differ (the directory
  changed inside the file's period);
- repeats and cumulative cases above the population are found on arrays; only the rows
  concerned go through RowChecker's own checks, for their messages.

A file it cannot read this way (XLSX, quoted cells, lone carriage returns, control characters)
goes through `table_from_bytes` and `validate`, and comes back in the same form. Records are
`DailyColumns`: arrays in file order, -1 standing for an empty cell.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from loa.errors import DocumentError, Where
from loa.situation.csv_arrays import (
    MISSING,
    CellArrays,
    CsvLayout,
    IntArray,
    plain_bytes,
    read_cells,
)
from loa.situation.daily_columns import COUNT_FIELDS, DailyColumns
from loa.situation.reading import (
    CellError,
    Row,
    Table,
    check_named_format,
    parse_date,
    table_from_bytes,
)
from loa.situation.records import DailyRecord, Record, RowProblem, UnitMatch, UnitResolver
from loa.situation.row_checks import RowChecker, normal_code
from loa.situation.templates import Kind, detect_kind
from loa.situation.validation import rejected_rows_csv, validate

__all__ = [
    "COUNT_FIELDS",
    "MISSING",
    "ColumnarReport",
    "DailyColumns",
    "header_kind",
    "validate_daily",
]

# Template columns read into COUNT_FIELDS, in the same order.
_COUNT_COLUMNS = ("new_cases_community", "new_cases_quarantined", "new_cases", *COUNT_FIELDS[3:])
_DENSE = 4  # (unit, day) grids up to this many cells per record are cheaper than sorting

RowsAt = Callable[[Collection[int]], Iterable[Row]]


def _no_rows(lines: Collection[int]) -> list[Row]:
    return []


@dataclass
class ColumnarReport:
    """What `validate_daily` found: accepted records as columns, problems, rows set aside.

    `rows_at(lines)` gives the file's rows at those lines, in file order, as reading.py would
    give them; `rejected_rows_csv` writes them out.
    """

    file_name: str
    partial: bool
    accepted: DailyColumns
    problems: list[RowProblem]
    set_aside: list[RowProblem]
    rows_read: int
    headers: tuple[str, ...] = ()
    rows_at: RowsAt = field(default=_no_rows, repr=False, compare=False)

    @property
    def errors(self) -> list[RowProblem]:
        """Return the problems that reject a row."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[RowProblem]:
        """Return the problems that do not reject anything."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Return True when the accepted records may be stored."""
        return self.partial or not self.errors

    def rejected_rows_csv(self, *, include_set_aside: bool = False) -> str:
        """Return the rejected rows as CSV, same columns plus `error`, for correction."""
        problems = self.errors + (self.set_aside if include_set_aside else [])
        rows = self.rows_at({p.line for p in problems})
        return rejected_rows_csv(self.headers, rows, problems)


def header_kind(raw: bytes, file_name: str) -> Kind | None:
    """Return the kind of file the header of `raw` names, or None where it takes a Table.

    None means the array reader cannot read this file: read it with `table_from_bytes`.
    Raises what `detect_kind` raises for a header that names no kind.
    """
    check_named_format(raw, file_name)
    data = plain_bytes(raw)
    layout = None if data is None else CsvLayout.of(data)
    return None if layout is None else detect_kind(list(layout.headers), file=file_name)


def validate_daily(
    raw: bytes,
    file_name: str,
    *,
    resolve_unit: UnitResolver,
    today: date,
    population: Callable[[str], int | None],
    province_code: str,
    partial: bool = False,
    table: Table | None = None,
) -> ColumnarReport:
    """Return what `validate` would say of the daily case file `raw`, records as columns.

    `table` is `raw` already read by `table_from_bytes`, where the caller has it: it saves
    reading a file twice that the array reader cannot read. Raises what `table_from_bytes`
    and `detect_kind` raise for an unreadable file, DocumentError for a file that is not a
    daily case file, and InputError for a count too large to store.
    """
    check_named_format(raw, file_name)
    data = plain_bytes(raw)
    layout = None if data is None else CsvLayout.of(data)
    fast = None
    if layout is not None:
        _require_daily(list(layout.headers), file_name)
        stub = Table(file_name, layout.headers, layout.header_line, (), b"", "", "csv")
        run = _Run(layout, resolve_unit, today, population, province_code, stub)
        cells = run.read()
        if cells is not None and cells.line.size:
            fast = layout, run, cells, run.accepted(cells)
    if fast is None:
        table = table if table is not None else table_from_bytes(raw, file_name)
        _require_daily(list(table.headers), file_name)
        report = validate(
            table,
            Kind.DAILY,
            resolve_unit=resolve_unit,
            today=today,
            population=population,
            province_code=province_code,
            partial=partial,
        )
        accepted = DailyColumns.from_records(report.daily)
        rows = report.table.rows
        return ColumnarReport(
            file_name,
            partial,
            accepted,
            report.problems,
            report.set_aside,
            report.rows_read,
            report.table.headers,
            lambda lines: [row for row in rows if row.line in lines],
        )
    layout, run, cells, accepted = fast
    problems = sorted(run.check.problems, key=lambda p: (p.line, p.severity))
    ok = partial or not any(p.severity == "error" for p in problems)
    return ColumnarReport(
        file_name,
        partial,
        accepted if ok else DailyColumns.empty(),
        problems,
        run.check.set_aside,
        int(cells.line.size),
        layout.headers,
        functools.partial(layout.rows_at, cells.line, cells.offset),
    )


def _require_daily(headers: list[str], file_name: str) -> None:
    kind = detect_kind(headers, file=file_name)
    if kind is not Kind.DAILY:
        raise DocumentError(
            f"Tệp này là loại '{kind.value}', không phải báo cáo ca bệnh hằng ngày (daily). "
            "Hãy nhập nó theo cách thường.",
            f"This file is a '{kind.value}' file, not a daily case file. Import it the usual way.",
            where=Where(file=file_name, line=1),
        )


class _CachedResolver:
    """Asks the real resolver once per (code, name) and date span; answers validation from it."""

    def __init__(self, resolve: UnitResolver) -> None:
        self.resolve = resolve
        self.steady: dict[tuple[str | None, str | None], UnitMatch] = {}
        self.by_day: dict[tuple[str | None, str | None, int], UnitMatch] = {}

    def learn(self, code: str | None, name: str | None, first: int, last: int) -> bool:
        """Ask about a unit on its first and last day; return True if the answers agree."""
        early = self.resolve(code, name, date.fromordinal(first))
        if first == last or self.resolve(code, name, date.fromordinal(last)) == early:
            self.steady[(code, name)] = early
            return True
        return False

    def learn_day(self, code: str | None, name: str | None, day: int) -> None:
        """Ask about a unit on one day."""
        self.by_day[(code, name, day)] = self.resolve(code, name, date.fromordinal(day))

    def __call__(self, code: str | None, name: str | None, on: date) -> UnitMatch:
        found = self.steady.get((code, name)) or self.by_day.get((code, name, on.toordinal()))
        return found if found is not None else self.resolve(code, name, on)


class _Run:
    """One validation of a daily file read by the array reader."""

    def __init__(
        self,
        layout: CsvLayout,
        resolve_unit: UnitResolver,
        today: date,
        population: Callable[[str], int | None],
        province_code: str,
        stub: Table,
    ) -> None:
        self.layout = layout
        self.resolver = _CachedResolver(resolve_unit)
        self.population = population
        self.today = today
        self.check = RowChecker(stub, Kind.DAILY, self.resolver, today, province_code)

    def read(self) -> CellArrays | None:
        """Return the cells of every data row, or None where a byte needs the csv module."""
        index = self.check.index
        return read_cells(
            self.layout,
            date_column=index.get("date"),
            count_columns=[index.get(name) for name in _COUNT_COLUMNS],
            key_columns={n: index[n] for n in ("unit_code", "unit_name") if n in index},
        )

    def cell(self, cells: CellArrays, i: int, name: str) -> str:
        """Return the text of one cell of row i, as reading.py would give it."""
        row = self.layout.row(int(cells.offset[i]), int(cells.line[i]))
        return row.get(self.check.index[name]) if name in self.check.index else ""

    def accepted(self, cells: CellArrays) -> DailyColumns:
        """Return the records that pass every check; problems land in self.check."""
        day, plain, counts = cells.day, cells.plain, cells.counts
        self._dates_by_row(cells)
        c, q, t = counts[:, 0], counts[:, 1], counts[:, 2]
        split = (c != MISSING) & (q != MISSING)
        plain &= ~(split & (t != MISSING) & (t != c + q))
        counts[:, 2] = np.where(split, c + q, t)
        codes, unit = self._units(cells)
        plain &= unit >= 0
        line = cells.line
        slow = np.flatnonzero(~plain)
        slow_records: list[DailyRecord] = []
        for i in slow.tolist():
            row = self.layout.row(int(cells.offset[i]), int(line[i]))
            record = self.check.read_row(row)
            if isinstance(record, DailyRecord):
                slow_records.append(record)
        if slow.size:
            fast = np.flatnonzero(plain)
            unit, day, line, counts = unit[fast], day[fast], line[fast], counts[fast]
        columns = DailyColumns.merge(codes, unit, day, line, counts, slow_records)
        columns = self._without_repeats(columns)
        return self._within_population(columns)

    def _dates_by_row(self, cells: CellArrays) -> None:
        """Set the day of rows whose date is not plain or is in the future (MISSING if unusable)."""
        today = self.today.toordinal()
        cells.plain &= cells.day <= today
        known: dict[str, int] = {}
        for i in np.flatnonzero(~cells.plain).tolist():
            text = self.cell(cells, i, "date")
            if text not in known:
                try:
                    parsed = parse_date(text).toordinal() if text else MISSING
                except CellError:
                    parsed = MISSING
                known[text] = parsed if parsed <= today else MISSING
            cells.day[i] = known[text]

    def _distinct(self, cells: CellArrays, name: str) -> tuple[IntArray, list[str]]:
        """Return (id per row, stripped text per id) of a column's cells."""
        if name not in cells.keys:
            return np.zeros(cells.line.size, dtype=np.int64), [""]
        key, short = cells.keys[name], cells.short[name]
        packed, packed_ids = np.unique(key[short], return_inverse=True)
        texts = [int(k).to_bytes(8, "big").rstrip(b"\0").decode().strip() for k in packed.tolist()]
        ids = np.zeros(key.size, dtype=np.int64)
        ids[short] = packed_ids.reshape(-1)
        seen: dict[str, int] = {}
        for i in np.flatnonzero(~short).tolist():
            ids[i] = seen.setdefault(self.cell(cells, i, name), len(texts) + len(seen))
        texts.extend(seen)
        return ids, texts

    def _units(self, cells: CellArrays) -> tuple[tuple[str, ...], IntArray]:
        """Return the unit codes found and each row's index into them (-1: not found)."""
        day = cells.day
        code_ids, code_texts = self._distinct(cells, "unit_code")
        name_ids, name_texts = self._distinct(cells, "unit_name")
        pair = code_ids * len(name_texts) + name_ids
        dated = day != MISSING
        pairs = np.arange(len(code_texts) * len(name_texts))
        if pairs.size > 4 * pair.size:
            pairs, inverse = np.unique(pair, return_inverse=True)
            pair = inverse.reshape(-1)
        first = np.full(pairs.size, np.iinfo(np.int64).max, dtype=np.int64)
        last = np.full(pairs.size, MISSING, dtype=np.int64)
        np.minimum.at(first, pair[dated], day[dated])
        np.maximum.at(last, pair[dated], day[dated])
        found: dict[str, int] = {}
        pair_unit = np.full(pairs.size, -1, dtype=np.int64)
        changing = np.zeros(pairs.size, dtype=bool)
        asked: dict[int, tuple[str | None, str | None]] = {}
        for p in np.flatnonzero(last != MISSING).tolist():
            key = int(pairs[p])
            code = normal_code(code_texts[key // len(name_texts)]) or None
            name = name_texts[key % len(name_texts)] or None
            if code is None and name is None:
                continue
            asked[p] = (code, name)
            if not self.resolver.learn(code, name, int(first[p]), int(last[p])):
                changing[p] = True
                continue
            match = self.resolver.steady[(code, name)]
            if match.status == "found" and match.code is not None:
                pair_unit[p] = found.setdefault(match.code, len(found))
        # A unit whose answer changes within the file is asked day by day; its rows then take
        # the row-by-row path.
        moving = np.flatnonzero(dated & changing[pair])
        for p, d in set(zip(pair[moving].tolist(), day[moving].tolist(), strict=True)):
            self.resolver.learn_day(*asked[p], d)
        unit = np.where(dated, pair_unit[pair], -1)
        return tuple(found), unit

    def _cell_keys(self, columns: DailyColumns) -> tuple[IntArray, int, int]:
        """Return a key per record for its (unit, day), the number of keys and of days."""
        low = int(columns.day.min())
        days = int(columns.day.max()) - low + 1
        return columns.unit * days + (columns.day - low), len(columns.units) * days, days

    def _without_repeats(self, columns: DailyColumns) -> DailyColumns:
        """Return the columns less repeats and clashes, as RowChecker.drop_duplicates decides."""
        if len(columns) < 2:
            return columns
        key, size, _ = self._cell_keys(columns)
        if size <= _DENSE * len(columns):
            tally = np.bincount(key, minlength=size)
            repeated = np.flatnonzero(tally[key] > 1)
        else:
            _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
            repeated = np.flatnonzero(counts[inverse.reshape(-1)] > 1)
        if repeated.size == 0:
            return columns
        involved: list[Record] = list(columns.take(repeated).records())
        kept = {r.line for r in self.check.drop_duplicates(involved)}
        dropped = [r.line for r in involved if r.line not in kept]
        return columns.take(np.flatnonzero(~np.isin(columns.line, dropped)))

    def _within_population(self, columns: DailyColumns) -> DailyColumns:
        """Return the columns less each unit's first row whose cumulative cases pass its people."""
        if not len(columns):
            return columns
        present = np.flatnonzero(np.bincount(columns.unit, minlength=len(columns.units)))
        people = {columns.units[u]: self.population(columns.units[u]) for u in present.tolist()}
        size = np.array(
            [-1 if (p := people.get(code)) is None else p for code in columns.units],
            dtype=np.int64,
        )
        unknown = [u for u in present.tolist() if people[columns.units[u]] is None]
        c, q, t = (columns.counts[:, j] for j in range(3))
        added = np.maximum(c, 0) + np.maximum(q, 0)
        added += np.where((c == MISSING) & (q == MISSING), np.maximum(t, 0), 0)
        key, cells, days = self._cell_keys(columns)
        if cells <= _DENSE * len(columns):
            # Repeats are gone, so each (unit, day) holds one record: run the sums on a grid.
            grid = np.zeros(cells, dtype=np.int64)
            grid[key] = added
            running = np.cumsum(grid.reshape(-1, days), axis=1).reshape(-1)[key]
            unit = columns.unit
        else:
            order = np.lexsort((columns.line, columns.day, columns.unit))
            unit = columns.unit[order]
            running = np.cumsum(added[order])
            group_start = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
            offset = np.r_[0, running][group_start]
            running -= np.repeat(offset, np.diff(np.r_[group_start, unit.size]))
        over = (size[unit] >= 0) & (running > size[unit])
        crossing = np.unique(unit[over]).tolist()
        if not crossing and not unknown:
            return columns
        # Each unit without population needs only its first row for the warning.
        firsts = np.unique(columns.unit, return_index=True)[1]
        wanted = np.isin(columns.unit, crossing)
        wanted[firsts[np.isin(columns.unit[firsts], unknown)]] = True
        involved: list[Record] = list(columns.take(np.flatnonzero(wanted)).records())
        dropped = self.check.check_population(involved, people.__getitem__)
        return columns.take(np.flatnonzero(~np.isin(columns.line, list(dropped))))
