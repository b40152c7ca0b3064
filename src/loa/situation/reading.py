"""Read a situation file (CSV or XLSX) into a Table of text cells, and parse those cells.

A Table keeps the raw bytes and their sha256 so the store can keep the file as it came. Cells
stay text here; `parse_date`, `parse_count` and `parse_flag` turn them into values and raise
ValueError with a bilingual reason that validation turns into a row problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from loa import formatting
from loa.errors import DocumentError, EncodingError, InputError, Where
from loa.text import fold, nfc

__all__ = [
    "CellError",
    "Row",
    "Table",
    "parse_count",
    "parse_date",
    "parse_flag",
    "read_table",
    "table_from_bytes",
]


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based line in the file and its cells as trimmed text."""

    line: int
    cells: tuple[str, ...]

    def get(self, index: int) -> str:
        """Return the cell at `index`, or '' where the row is shorter."""
        return self.cells[index] if index < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """A file read as text: headers (line 1 of the data), rows, and the raw bytes kept as is."""

    file_name: str
    headers: tuple[str, ...]
    header_line: int
    rows: tuple[Row, ...]
    raw: bytes
    sha256: str
    format: str  # "csv" or "xlsx"
    encoding: str | None = None


class CellError(ValueError):
    """A cell value could not be parsed; carries the reason in Vietnamese and English."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi = vi
        self.en = en
        super().__init__(en)


def read_table(path: Path) -> Table:
    """Return the file at `path` as a Table; raise DocumentError/EncodingError if unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            f"Không đọc được tệp: {exc.strerror}. Hãy kiểm tra đường dẫn và quyền đọc.",
            f"Cannot read the file: {exc.strerror}. Check the path and read permission.",
            where=Where(file=path.name),
        ) from exc
    return table_from_bytes(raw, path.name)


def table_from_bytes(raw: bytes, file_name: str) -> Table:
    """Return the bytes of a CSV or XLSX file as a Table (XLSX is recognised by its zip magic)."""
    where = Where(file=file_name)
    if not raw.strip():
        raise DocumentError(
            "Tệp trống. Hãy xuất lại tệp với dòng tiêu đề và số liệu.",
            "The file is empty. Export it again with a header row and data.",
            where=where,
        )
    if raw[:4] == b"PK\x03\x04":
        lines = _xlsx_lines(raw, where)
        fmt, encoding = "xlsx", None
    else:
        text, encoding = _decode(raw, where)
        lines = _csv_lines(text)
        fmt = "csv"
    return _table(lines, raw, file_name, fmt, encoding)


def _table(
    lines: list[tuple[int, list[str]]], raw: bytes, file_name: str, fmt: str, enc: str | None
) -> Table:
    filled = [
        (n, [nfc(c).strip() for c in cells]) for n, cells in lines if any(c.strip() for c in cells)
    ]
    if not filled:
        raise DocumentError(
            "Tệp không có dòng nào có nội dung. Hãy kiểm tra lại tệp.",
            "The file has no row with content. Check the file.",
            where=Where(file=file_name),
        )
    header_line, headers = filled[0]
    while headers and not headers[-1]:
        headers.pop()
    rows = tuple(Row(n, tuple(cells)) for n, cells in filled[1:])
    digest = hashlib.sha256(raw).hexdigest()
    return Table(file_name, tuple(headers), header_line, rows, raw, digest, fmt, enc)


def _decode(raw: bytes, where: Where) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Vietnamese offices still export from old Excel set to the Windows Vietnamese code page.
    try:
        return raw.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise EncodingError(
            "Không giải mã được tệp (không phải UTF-8 hay Windows-1258). "
            "Hãy lưu lại tệp dạng 'CSV UTF-8' rồi nhập lại.",
            "Cannot decode the file (neither UTF-8 nor Windows-1258). "
            "Save it again as 'CSV UTF-8' and import it again.",
            where=where,
        ) from exc


def _csv_lines(text: str) -> list[tuple[int, list[str]]]:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    # Excel in a Vietnamese locale writes ';' because ',' is the decimal separator there.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
    return out


def _xlsx_lines(raw: bytes, where: Where) -> list[tuple[int, list[str]]]:
    import openpyxl  # imported here: only XLSX imports need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(
            "Không mở được tệp Excel (hỏng hoặc không phải .xlsx). "
            "Hãy lưu lại dạng .xlsx hoặc CSV.",
            "Cannot open the Excel file (damaged or not .xlsx). Save it again as .xlsx or CSV.",
            where=where,
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [
            (n, [_cell_text(v) for v in values])
            for n, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_date(text: str) -> date:
    """Return the date written as yyyy-mm-dd, dd/mm/yyyy or d/m/yyyy ('.' or '-' also work)."""
    value = text.strip()
    iso = _ISO.fullmatch(value)
    dmy = _DMY.fullmatch(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        raise CellError(
            f"Ngày '{value}' không có thật. Hãy sửa ngày hoặc tháng.",
            f"Date '{value}' does not exist. Correct the day or month.",
        ) from None
    raise CellError(
        f"Không hiểu ngày '{value}'. Hãy viết ngày dạng dd/mm/yyyy (ví dụ 18/05/2021) "
        "hoặc yyyy-mm-dd.",
        f"Cannot read date '{value}'. Write it as dd/mm/yyyy (e.g. 18/05/2021) or yyyy-mm-dd.",
    )


def parse_count(text: str) -> int | None:
    """Return the whole number in `text`, or None for an empty cell (unknown, not zero).

    A file does not say whose way it writes numbers, so a cell is read with `lang=None`: digits,
    space-grouped digits (`1 250`) and a spreadsheet's `18.0` are read; `1.000`, which is a
    thousand in Vietnamese and one in English, is refused with both readings.
    """
    if not text.strip(" \u00a0\u202f\t"):
        return None
    try:
        return formatting.parse_count(text, lang=None, largest=None)
    except InputError as exc:
        raise CellError(exc.vi, exc.en) from None


_YES = {"1", "yes", "y", "true", "x", "co", "dat", "ok"}
_NO = {"0", "no", "n", "false", "khong", "khong dat", "chua", "chua dat"}


def parse_flag(text: str) -> bool | None:
    """Return True/False for có/không, đạt/không đạt, yes/no, 1/0; None for an empty cell."""
    key = fold(text)
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(
        f"'{text}' không phải có/không. Hãy ghi 'có' hoặc 'không' (hoặc 1/0); "
        "để trống nếu chưa biết.",
        f"'{text}' is not yes/no. Write 'yes' or 'no' (or 1/0); leave empty if unknown.",
    )
