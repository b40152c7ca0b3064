"""Check a large `daily` case file column by column; same outcome as `validate`, as arrays.

`validate` walks a Table row by row in Python: right for a province's week, far too slow for a
country's year (10,599 communes x 365 days, 3.9 million rows). `validate_daily` gives the same
accepted records and the same problems (line, column, value, messages, severity) and set-asides,
but works on whole columns of the file's bytes with numpy:

- cells in the common forms (digits, an empty cell, a date written yyyy-mm-dd or dd/mm/yyyy)
  are parsed as arrays; a row with any other cell, or with a problem, goes through
  validation's own row check, so every message is written by the same code;
- the unit resolver is called once per distinct (code, name) at the first and the last date
  it appears on, and once per date only where those two answers differ (the directory
  changed inside the file's period);
- repeats and cumulative cases above the population are found on arrays; only the rows
  concerned go through validation's own checks, for their messages.

A file it cannot read this way (XLSX, quoted cells, lone carriage returns, control characters)
goes through `table_from_bytes` and `validate`, and comes back in the same form. Records are
`DailyColumns`: arrays in file order, -1 standing for an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from loa.errors import DocumentError, InputError, Where
from loa.situation.indicators import DailySeries
from loa.situation.reading import CellError, Row, Table, parse_date, table_from_bytes
from loa.situation.templates import Kind, detect_kind
from loa.situation.validation import (
    DailyRecord,
    Record,
    RowProblem,
    UnitMatch,
    UnitResolver,
    _Check,
    _check_population,
    _drop_duplicates,
    _normal_code,
    _read_row,
    validate,
)
from loa.text import nfc

__all__ = ["COUNT_FIELDS", "MISSING", "ColumnarReport", "DailyColumns", "validate_daily"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Bytes = npt.NDArray[np.uint8]

MISSING = -1
#: The columns of `DailyColumns.counts`, named as DailyRecord names them.
COUNT_FIELDS = (
    "new_cases_community",
    "new_cases_quarantined",
    "new_cases_total",
    "deaths",
    "severe",
    "tests",
)
# Template columns read into COUNT_FIELDS, in the same order.
_COUNT_COLUMNS = ("new_cases_community", "new_cases_quarantined", "new_cases", *COUNT_FIELDS[3:])
_ORDINAL_1970 = date(1970, 1, 1).toordinal()
_LONGEST_COUNT = 18  # digits that always fit an int64
_LARGEST = 2**63 - 1
_PAD = 32  # zero bytes after the file, so that a cell can be read 18 bytes wide anywhere
_PIECE_BYTES = 1 << 22
_CHUNK_ROWS = 1 << 16
_DENSE = 4  # (unit, day) grids up to this many cells per record are cheaper than sorting


@dataclass(frozen=True, eq=False)
class DailyColumns:
    """Daily records as arrays in file order: unit index, date ordinal, line, six counts.

    `counts` is [records, 6] in COUNT_FIELDS order, MISSING (-1) where the cell was empty.
    `day` holds `date.toordinal()` values; `unit` indexes `units`.
    """

    units: tuple[str, ...]
    unit: IntArray
    day: IntArray
    line: IntArray
    counts: IntArray

    def __len__(self) -> int:
        return int(self.line.shape[0])

    @classmethod
    def empty(cls) -> DailyColumns:
        """Return columns holding no record."""
        none = np.zeros(0, dtype=np.int64)
        return cls((), none, none, none, np.zeros((0, len(COUNT_FIELDS)), dtype=np.int64))

    @classmethod
    def from_records(cls, records: Sequence[DailyRecord]) -> DailyColumns:
        """Return the records as columns, in the order given."""
        if not records:
            return cls.empty()
        units = tuple(sorted({r.unit_code for r in records}))
        position = {code: i for i, code in enumerate(units)}
        counts = [
            [MISSING if (v := getattr(r, name)) is None else v for name in COUNT_FIELDS]
            for r in records
        ]
        for r, values in zip(records, counts, strict=True):
            if max(values) > _LARGEST:
                raise InputError(
                    f"Dòng {r.line}: số {max(values)} quá lớn để lưu. Hãy sửa lại số liệu.",
                    f"Line {r.line}: the number {max(values)} is too large to store. "
                    "Correct the figures.",
                    where=Where(line=r.line),
                )
        return cls(
            units,
            np.array([position[r.unit_code] for r in records], dtype=np.int64),
            np.array([r.date.toordinal() for r in records], dtype=np.int64),
            np.array([r.line for r in records], dtype=np.int64),
            np.array(counts, dtype=np.int64),
        )

    def records(self) -> list[DailyRecord]:
        """Return the columns as DailyRecords (slow for millions: for tests and small files)."""
        out = []
        rows = zip(
            self.unit.tolist(),
            self.day.tolist(),
            self.line.tolist(),
            self.counts.tolist(),
            strict=True,
        )
        for u, d, line, values in rows:
            c, q, t, deaths, severe, tests = (None if v == MISSING else int(v) for v in values)
            out.append(
                DailyRecord(
                    date.fromordinal(d), self.units[u], c, q, t, deaths, severe, tests, line
                )
            )
        return out

    def to_series(
        self, units: Sequence[str] | None = None, start: date | None = None, end: date | None = None
    ) -> DailySeries:
        """Return the records as a DailySeries over `units` and [start, end].

        Defaults: every unit with a record, from the first to the last date. Records of other
        units or dates are left out; a day without a record is NaN, as in `load_area`.
        """
        codes = tuple(units) if units is not None else self.units
        if start is None or end is None:
            if not len(self):
                raise InputError(
                    "Không có bản ghi nào để dựng chuỗi số liệu; hãy cho ngày bắt đầu và kết thúc.",
                    "No record to build a series from; give the start and end dates.",
                )
            start = start or date.fromordinal(int(self.day.min()))
            end = end or date.fromordinal(int(self.day.max()))
        days = (end - start).days + 1
        if days < 1:
            raise InputError(
                "Ngày kết thúc trước ngày bắt đầu.", "The end date is before the start date."
            )
        wanted = {code: i for i, code in enumerate(codes)}
        row_of = np.array([wanted.get(code, -1) for code in self.units], dtype=np.int64)
        rows = row_of[self.unit] if len(self) else self.unit
        cols = self.day - start.toordinal()
        keep = (rows >= 0) & (cols >= 0) & (cols < days)
        rows, cols, counts = rows[keep], cols[keep], self.counts[keep]
        arrays = {}
        for name, field_index in (
            ("community", 0),
            ("quarantined", 1),
            ("total", 2),
            ("deaths", 3),
            ("severe", 4),
        ):
            grid = np.full((len(codes), days), np.nan)
            values = counts[:, field_index]
            known = values != MISSING
            grid[rows[known], cols[known]] = values[known]
            arrays[name] = grid
        return DailySeries.from_arrays(list(codes), start, **arrays)


@dataclass
class ColumnarReport:
    """What `validate_daily` found: accepted records as columns, problems, rows set aside."""

    file_name: str
    partial: bool
    accepted: DailyColumns
    problems: list[RowProblem]
    set_aside: list[RowProblem]
    rows_read: int

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


def validate_daily(
    raw: bytes,
    file_name: str,
    *,
    resolve_unit: UnitResolver,
    today: date,
    population: Callable[[str], int | None],
    province_code: str,
    partial: bool = False,
) -> ColumnarReport:
    """Return what `validate` would say of the daily case file `raw`, records as columns.

    Raises what `table_from_bytes` and `detect_kind` raise for an unreadable file, and
    DocumentError for a file that is not a daily case file.
    """
    data = _plain_bytes(raw)
    layout = None if data is None else _Layout.of(data)
    fast = None
    if layout is not None:
        _require_daily(list(layout.headers), file_name)
        stub = Table(file_name, layout.headers, layout.header_line, (), b"", "", "csv")
        run = _Run(layout, resolve_unit, today, population, province_code, stub)
        cells = run.read()
        if cells is not None and cells.line.size:
            fast = run, run.accepted(cells), int(cells.line.size)
    if fast is None:
        table = table_from_bytes(raw, file_name)
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
        return ColumnarReport(
            file_name, partial, accepted, report.problems, report.set_aside, report.rows_read
        )
    run, accepted, rows_read = fast
    problems = sorted(run.check.problems, key=lambda p: (p.line, p.severity))
    ok = partial or not any(p.severity == "error" for p in problems)
    return ColumnarReport(
        file_name,
        partial,
        accepted if ok else DailyColumns.empty(),
        problems,
        run.check.set_aside,
        rows_read,
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


def _plain_bytes(raw: bytes) -> bytes | None:
    """Return the file as NFC UTF-8 with \\n line ends, or None where the array reader can't."""
    if raw[:4] == b"PK\x03\x04" or not raw.strip():
        return None
    if raw.isascii():
        return raw.replace(b"\r\n", b"\n")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1258")
        except UnicodeDecodeError:
            return None
    # Line breaks that str.splitlines knows but the csv module does not.
    if any(mark in text for mark in "\x85\u2028\u2029"):
        return None
    # NFC of the whole text equals NFC cell by cell: delimiters and \n never compose.
    return nfc(text.replace("\r\n", "\n")).encode()


def _byte_classes(delimiter: int) -> Bytes:
    """Return, per byte value: 1 if it makes a line non-blank, 2 if non-ASCII, 4 if awkward."""
    classes = np.zeros(256, dtype=np.uint8)
    classes[:128] = 1
    classes[[9, 10, 32, delimiter]] = 0
    classes[128:] = 2
    # Quoting, \r, NUL and the control characters str.strip or str.splitlines treat specially.
    classes[[ord('"'), 0, 13, 11, 12, 28, 29, 30, 31]] = 4
    return classes


def _numbered_lines(data: bytes) -> Iterator[tuple[int, int, str]]:
    """Yield (line number, byte where it ends, text) for each line, lazily."""
    start = line = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line += 1
        yield line, end, data[start:end].decode()
        start = end + 1


def _header(data: bytes) -> tuple[int, int, str, list[str]] | None:
    """Return the header's line, the byte where it ends, the delimiter and the header cells.

    As reading._csv_lines: the delimiter comes from the first line with any text, where Excel
    in a Vietnamese locale writes ';'; the header is the first row with a non-blank cell.
    """
    sep = ""
    for line, end, text in _numbered_lines(data):
        if not sep:
            if not text.strip():
                continue
            sep = ";" if text.count(";") > text.count(",") else ","
        headers = [c.strip() for c in text.split(sep)]
        if any(headers):
            return line, end, sep, headers
    return None


@dataclass(frozen=True)
class _Layout:
    """The file's bytes, delimiter and header; data rows start at byte `body`."""

    data: bytes
    delimiter: int
    headers: tuple[str, ...]
    header_line: int
    body: int

    @classmethod
    def of(cls, data: bytes) -> _Layout | None:
        """Return the layout, or None where the lines before the data need the csv module."""
        found = _header(data)
        if found is None:
            return None
        line, end, sep, headers = found
        if _byte_classes(ord(sep))[np.frombuffer(data[:end], dtype=np.uint8)].max() >= 4:
            return None
        while headers and not headers[-1]:
            headers.pop()
        return cls(data, ord(sep), tuple(headers), line, end + 1)

    def row(self, start: int, line: int) -> Row:
        """Return the row whose line begins at byte `start`, as reading.py would give it."""
        end = self.data.find(b"\n", start)
        text = self.data[start : len(self.data) if end < 0 else end].decode()
        return Row(line, tuple(c.strip() for c in text.split(chr(self.delimiter))))


@dataclass(frozen=True, eq=False)
class _Piece:
    """A few MiB of whole lines: its non-blank rows and where their cells are."""

    buf: Bytes  # the bytes, then _PAD zero bytes so reads past a cell's end stay in bounds
    starts: IntArray  # offset in buf where each row begins
    ends: IntArray  # offset in buf where each row ends (its \n excluded)
    lines: IntArray  # 0-based physical line in the piece of each row
    first_delimiter: IntArray
    delimiters_in_row: IntArray
    delimiters: IntArray
    grid: IntArray | None  # [rows, delimiters] where every row has as many, none in between

    @classmethod
    def cut(cls, chunk: bytes, delimiter: int) -> _Piece | None:
        """Return the rows of `chunk` (whole lines), or None where it holds an awkward byte."""
        buf = np.frombuffer(chunk + bytes(_PAD), dtype=np.uint8)
        body = buf[: len(chunk)]
        classes = _byte_classes(delimiter)[body]
        if classes.max() >= 4:
            return None
        ends = np.flatnonzero(body == 10)
        if not chunk.endswith(b"\n"):
            ends = np.append(ends, len(chunk))
        starts = np.concatenate([[0], ends[:-1] + 1]).astype(np.int64)
        line_classes = np.bitwise_or.reduceat(classes, starts)
        filled = (line_classes & 1).astype(bool)
        sep = chr(delimiter)
        # Lines with only delimiters, spaces and non-ASCII bytes: blank if the latter are spaces.
        for i in np.flatnonzero(line_classes == 2).tolist():
            filled[i] = any(c.strip() for c in chunk[starts[i] : ends[i]].decode().split(sep))
        rows = np.flatnonzero(filled)
        delimiters = np.flatnonzero(body == delimiter)
        first = np.searchsorted(delimiters, starts[rows]).astype(np.int64)
        in_row = np.searchsorted(delimiters, ends[rows]).astype(np.int64) - first
        grid = None
        if rows.size and (in_row == in_row[0]).all():
            k = int(in_row[0])
            if rows.size == 1 or (np.diff(first) == k).all():
                at = int(first[0])
                grid = delimiters[at : at + rows.size * k].reshape(rows.size, k)
        return cls(buf, starts[rows], ends[rows], rows, first, in_row, delimiters, grid)

    def cell_span(self, column: int | None) -> tuple[IntArray, IntArray]:
        """Return the byte span [start, end) of cell `column` in each row (empty if none)."""
        if column is None:
            return self.ends, self.ends
        if self.grid is not None:
            k = self.grid.shape[1]
            if column == 0:
                start = self.starts
            else:
                start = self.grid[:, column - 1] + 1 if column <= k else self.ends
            return start, (self.grid[:, column] if column < k else self.ends)
        last = max(self.delimiters.size - 1, 0)
        there = self.delimiters if self.delimiters.size else np.zeros(1, dtype=np.int64)
        first, count = self.first_delimiter, self.delimiters_in_row
        if column == 0:
            start = self.starts
        else:
            before = there[np.minimum(first + column - 1, last)] + 1
            start = np.where(count >= column, before, self.ends)
        end = np.where(count > column, there[np.minimum(first + column, last)], self.ends)
        return start, end

    def window(self, start: IntArray, width: int) -> Bytes:
        """Return [cells, width]: the first `width` bytes from each start (padding past the end)."""
        windows = np.lib.stride_tricks.sliding_window_view(self.buf, width)
        return np.asarray(windows[start], dtype=np.uint8)


@dataclass(eq=False)
class _Cells:
    """What the array reader got from every data row, before any check across rows."""

    line: IntArray
    offset: IntArray  # byte where the row's line begins in the file
    day: IntArray
    plain: BoolArray
    counts: IntArray
    keys: dict[str, npt.NDArray[np.uint64]]  # per unit column, cells packed (see _packed)
    short: dict[str, BoolArray]

    def first(self, n: int) -> _Cells:
        """Return the first n rows (views, no copy)."""
        return _Cells(
            self.line[:n],
            self.offset[:n],
            self.day[:n],
            self.plain[:n],
            self.counts[:n],
            {k: v[:n] for k, v in self.keys.items()},
            {k: v[:n] for k, v in self.short.items()},
        )


def _counts(lines: _Piece, start: IntArray, end: IntArray) -> tuple[IntArray, BoolArray]:
    """Return (values, plain) for cells that are empty (MISSING) or digits only."""
    length = end - start
    values = np.zeros(start.size, dtype=np.int64)
    plain = length <= _LONGEST_COUNT
    width = int(min(length.max(initial=0), _LONGEST_COUNT))
    for offset in range(width):
        inside = offset < length
        digit = lines.buf[start + offset] - np.uint8(48)  # wraps: a non-digit is above 9
        plain &= ~inside | (digit <= 9)
        values = np.where(inside, values * 10 + digit, values)
    values[length == 0] = MISSING
    return values, plain


def _dates(lines: _Piece, start: IntArray, end: IntArray) -> tuple[IntArray, BoolArray]:
    """Return (ordinals, plain) for dates written yyyy-mm-dd or dd/mm/yyyy ('.' '-' too)."""
    cells = lines.window(start, 10)
    digits = cells - np.uint8(48)
    is_digit = digits <= 9
    ten = (end - start) == 10

    def number(*at: int) -> IntArray:
        value = np.zeros(start.size, dtype=np.int64)
        for i in at:
            value = value * 10 + digits[:, i]
        return value

    iso = ten & (cells[:, 4] == ord("-")) & (cells[:, 7] == ord("-"))
    iso &= is_digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1)
    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    if not iso.all():
        marks = np.isin(cells[:, [2, 5]], np.array([ord("/"), ord("."), ord("-")], np.uint8))
        dmy = ten & marks.all(axis=1) & is_digit[:, [0, 1, 3, 4, 6, 7, 8, 9]].all(axis=1)
        year = np.where(iso, year, number(6, 7, 8, 9))
        month = np.where(iso, month, number(3, 4))
        day = np.where(iso, day, number(0, 1))
        iso |= dmy
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    plain = iso & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
    return np.where(plain, _ordinal(year, month, day), MISSING), plain


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _ordinal(year: IntArray, month: IntArray, day: IntArray) -> IntArray:
    """Return date.toordinal() of each (year, month, day), by the civil-calendar formula."""
    shifted = year - (month <= 2)
    era = shifted // 400
    year_of_era = shifted - era * 400
    day_of_year = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    since_1970: IntArray = era * 146_097 + day_of_era - 719_468
    return since_1970 + _ORDINAL_1970


def _packed(
    lines: _Piece, start: IntArray, end: IntArray
) -> tuple[npt.NDArray[np.uint64], BoolArray]:
    """Return (key, short): cells of up to 8 bytes packed in a word (0 for the longer ones)."""
    length = end - start
    short = length <= 8
    if not length.any():
        return np.zeros(start.size, dtype=np.uint64), short
    cells = lines.window(start, 8)
    cells[(np.arange(8) >= length[:, None]) | ~short[:, None]] = 0
    return cells.view(">u8").reshape(-1).astype(np.uint64), short


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
        layout: _Layout,
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
        self.check = _Check(stub, Kind.DAILY, self.resolver, today, province_code)

    def read(self) -> _Cells | None:
        """Return the cells of every data row, or None where a byte needs the csv module."""
        data, index = self.layout.data, self.check.index
        most = data.count(b"\n", self.layout.body) + 1
        units = [n for n in ("unit_code", "unit_name") if n in index]
        cells = _Cells(
            np.empty(most, dtype=np.int64),
            np.empty(most, dtype=np.int64),
            np.empty(most, dtype=np.int64),
            np.empty(most, dtype=bool),
            np.empty((most, len(COUNT_FIELDS)), dtype=np.int64),
            {n: np.zeros(most, dtype=np.uint64) for n in units},
            {n: np.ones(most, dtype=bool) for n in units},
        )
        begin, line, filled = self.layout.body, self.layout.header_line, 0
        # Pieces of a few MiB of whole lines: their scratch arrays stay in the CPU's cache.
        while begin < len(data):
            stop = data.find(b"\n", begin + _PIECE_BYTES)
            stop = len(data) if stop < 0 else stop + 1
            piece = _Piece.cut(data[begin:stop], self.layout.delimiter)
            if piece is None:
                return None
            rows = slice(filled, filled + piece.lines.size)
            cells.line[rows] = piece.lines + line + 1
            cells.offset[rows] = piece.starts + begin
            cells.day[rows], cells.plain[rows] = _dates(piece, *piece.cell_span(index.get("date")))
            for j, name in enumerate(_COUNT_COLUMNS):
                cells.counts[rows, j], plain = _counts(piece, *piece.cell_span(index.get(name)))
                cells.plain[rows] &= plain
            for name in units:
                cells.keys[name][rows], cells.short[name][rows] = _packed(
                    piece, *piece.cell_span(index[name])
                )
            line += data.count(b"\n", begin, stop)
            filled, begin = rows.stop, stop
        return cells.first(filled) if filled else None

    def cell(self, cells: _Cells, i: int, name: str) -> str:
        """Return the text of one cell of row i, as reading.py would give it."""
        row = self.layout.row(int(cells.offset[i]), int(cells.line[i]))
        return row.get(self.check.index[name]) if name in self.check.index else ""

    def accepted(self, cells: _Cells) -> DailyColumns:
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
            record = _read_row(self.check, row)
            if isinstance(record, DailyRecord):
                slow_records.append(record)
        if slow.size:
            fast = np.flatnonzero(plain)
            unit, day, line, counts = unit[fast], day[fast], line[fast], counts[fast]
        columns = _merge(codes, unit, day, line, counts, slow_records)
        columns = self._without_repeats(columns)
        return self._within_population(columns)

    def _dates_by_row(self, cells: _Cells) -> None:
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

    def _distinct(self, cells: _Cells, name: str) -> tuple[IntArray, list[str]]:
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

    def _units(self, cells: _Cells) -> tuple[tuple[str, ...], IntArray]:
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
            code = _normal_code(code_texts[key // len(name_texts)]) or None
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
        """Return the columns less repeats and clashes, as _drop_duplicates decides them."""
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
        involved: list[Record] = list(_take(columns, repeated).records())
        kept = {r.line for r in _drop_duplicates(self.check, involved)}
        dropped = [r.line for r in involved if r.line not in kept]
        return _take(columns, np.flatnonzero(~np.isin(columns.line, dropped)))

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
        involved: list[Record] = list(_take(columns, np.flatnonzero(wanted)).records())
        dropped = _check_population(self.check, involved, people.__getitem__)
        return _take(columns, np.flatnonzero(~np.isin(columns.line, list(dropped))))


def _take(columns: DailyColumns, rows: IntArray) -> DailyColumns:
    return DailyColumns(
        columns.units,
        columns.unit[rows],
        columns.day[rows],
        columns.line[rows],
        columns.counts[rows],
    )


def _merge(
    codes: tuple[str, ...],
    unit: IntArray,
    day: IntArray,
    line: IntArray,
    counts: IntArray,
    slow: Sequence[DailyRecord],
) -> DailyColumns:
    """Return array rows and row-by-row records together, units sorted, in file order."""
    extra = DailyColumns.from_records(slow)
    names = sorted(set(codes) | set(extra.units))
    position = {code: i for i, code in enumerate(names)}
    remap = np.array([position[c] for c in codes], dtype=np.int64)
    if not slow:
        return DailyColumns(tuple(names), remap[unit], day, line, counts)
    remap_extra = np.array([position[c] for c in extra.units], dtype=np.int64)
    merged_line = np.concatenate([line, extra.line])
    order = np.argsort(merged_line, kind="stable")
    return DailyColumns(
        tuple(names),
        np.concatenate([remap[unit], remap_extra[extra.unit]])[order],
        np.concatenate([day, extra.day])[order],
        merged_line[order],
        np.concatenate([counts, extra.counts])[order],
    )
