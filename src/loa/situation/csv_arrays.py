"""Read a plain CSV file's cells into numpy arrays: dates, counts and short texts by column.

Python's csv module reads a country's year of daily reports (3.9 million rows) in tens of
seconds; this reader works on the file's bytes a few MiB at a time and gives, for each data row,
its line, its byte offset, and the columns asked for:

- a date cell written yyyy-mm-dd or dd/mm/yyyy ('.' and '-' too) as its `date.toordinal()`;
- a count cell of digits only as an int64, an empty cell as MISSING;
- a text cell of up to 8 bytes packed into one 64-bit word, so that distinct values can be
  found with `np.unique` (longer cells are flagged, to be read from the line itself).

`plain` marks the rows where every date and count cell had one of those plain forms; the
others are for the caller to read with `CsvLayout.row`, which splits a line exactly as
`loa.situation.reading` does. A file the arrays cannot stand for (XLSX, quoted cells, lone
carriage returns, control characters, odd line breaks) gives None, and the caller falls back
to `reading.table_from_bytes`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from loa.errors import EncodingError, Where
from loa.situation.reading import Row, decode_text, utf16_codec
from loa.text import nfc

__all__ = ["MISSING", "CellArrays", "CsvLayout", "plain_bytes", "read_cells"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Bytes = npt.NDArray[np.uint8]

#: What an empty count or an unusable date becomes.
MISSING = -1
_ORDINAL_1970 = date(1970, 1, 1).toordinal()
_LONGEST_COUNT = 18  # digits that always fit an int64
_PAD = 32  # zero bytes after the file, so that a cell can be read 18 bytes wide anywhere
_PIECE_BYTES = 1 << 22


def plain_bytes(raw: bytes) -> bytes | None:
    """Return the file as NFC UTF-8 with \\n line ends, or None where the array reader can't."""
    if raw[:4] == b"PK\x03\x04" or not raw.strip():
        return None
    if raw.isascii() and utf16_codec(raw) is None:
        return raw.replace(b"\r\n", b"\n")
    try:
        text, _ = decode_text(raw, Where())
    except EncodingError:
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
class CsvLayout:
    """The file's bytes, delimiter and header; data rows start at byte `body`."""

    data: bytes
    delimiter: int
    headers: tuple[str, ...]
    header_line: int
    body: int

    @classmethod
    def of(cls, data: bytes) -> CsvLayout | None:
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

    def rows_at(self, line: IntArray, offset: IntArray, wanted: Collection[int]) -> list[Row]:
        """Return the rows at the `wanted` lines, in file order; `line` and `offset` as read."""
        at = np.flatnonzero(np.isin(line, np.fromiter(wanted, dtype=np.int64)))
        return [self.row(int(offset[i]), int(line[i])) for i in at.tolist()]


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
class CellArrays:
    """What the reader got from every data row, one array entry per row, in file order.

    `day` holds date ordinals (MISSING where not plain), `counts` is [rows, count columns],
    `plain` is False where a date or count cell needs reading as text. `keys[name]` packs
    the cells of up to 8 bytes of a text column; `short[name]` is False for the longer ones.
    """

    line: IntArray
    offset: IntArray  # byte where the row's line begins in the file
    day: IntArray
    plain: BoolArray
    counts: IntArray
    keys: dict[str, npt.NDArray[np.uint64]]
    short: dict[str, BoolArray]

    def first(self, n: int) -> CellArrays:
        """Return the first n rows (views, no copy)."""
        return CellArrays(
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


def read_cells(
    layout: CsvLayout,
    *,
    date_column: int | None,
    count_columns: Sequence[int | None],
    key_columns: Mapping[str, int],
) -> CellArrays | None:
    """Return the cells of every data row, or None where a byte needs the csv module.

    `date_column` and each of `count_columns` is a column index (None where the file has no
    such column: its cells read as empty); `key_columns` names the text columns to pack.
    """
    data = layout.data
    most = data.count(b"\n", layout.body) + 1
    cells = CellArrays(
        np.empty(most, dtype=np.int64),
        np.empty(most, dtype=np.int64),
        np.empty(most, dtype=np.int64),
        np.empty(most, dtype=bool),
        np.empty((most, len(count_columns)), dtype=np.int64),
        {n: np.zeros(most, dtype=np.uint64) for n in key_columns},
        {n: np.ones(most, dtype=bool) for n in key_columns},
    )
    begin, line, filled = layout.body, layout.header_line, 0
    # Pieces of a few MiB of whole lines: their scratch arrays stay in the CPU's cache.
    while begin < len(data):
        stop = data.find(b"\n", begin + _PIECE_BYTES)
        stop = len(data) if stop < 0 else stop + 1
        piece = _Piece.cut(data[begin:stop], layout.delimiter)
        if piece is None:
            return None
        rows = slice(filled, filled + piece.lines.size)
        cells.line[rows] = piece.lines + line + 1
        cells.offset[rows] = piece.starts + begin
        cells.day[rows], cells.plain[rows] = _dates(piece, *piece.cell_span(date_column))
        for j, column in enumerate(count_columns):
            cells.counts[rows, j], plain = _counts(piece, *piece.cell_span(column))
            cells.plain[rows] &= plain
        for name, column in key_columns.items():
            cells.keys[name][rows], cells.short[name][rows] = _packed(
                piece, *piece.cell_span(column)
            )
        line += data.count(b"\n", begin, stop)
        filled, begin = rows.stop, stop
    return cells.first(filled) if filled else None
