"""Vietnamese (and English) presentation of dates and numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TextIO

__all__ = ["csv_cell", "format_date", "format_number", "format_percent", "write_csv_rows"]


def format_date(day: date, lang: str = "vi") -> str:
    """Return a date as official documents write it: 'ngày 04 tháng 11 năm 2021'.

    Days 1-9 and months 1-2 are zero-padded, as Decree 30 requires; English gives '4 November 2021'.
    """
    if lang != "vi":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_number(value: float | int, decimals: int = 0, lang: str = "vi") -> str:
    """Return a number with thousands separators: '1.803.950' and '12,5' in Vietnamese."""
    text = f"{value:,.{decimals}f}"
    if lang != "vi":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(share: float, decimals: int = 1, lang: str = "vi") -> str:
    """Return a share (0.125) as a percentage ('12,5%')."""
    return format_number(share * 100, decimals, lang) + "%"


# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and CR, may
# drop them and read what follows as one): "=cmd|' /C calc'!A0", "@SUM(...)", "+1".
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Return `value` safe for a CSV cell: text that starts like a formula gets a leading "'".

    Numbers Loa computes stay numbers; only text (which may come from a file someone sent)
    is changed. The apostrophe is how spreadsheets themselves mark "text, not a formula".
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv_rows(out: TextIO, rows: Iterable[Sequence[object]]) -> None:
    """Write rows as CSV to `out`, every cell through `csv_cell`; every CSV Loa writes uses it."""
    # RFC 4180 line ends: with CR LF as terminator the writer quotes a cell holding either.
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
