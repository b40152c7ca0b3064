"""Daily case records held as numpy arrays: what `columnar.validate_daily` gives back.

A country's year is 3.9 million records; as DailyRecord objects that is gigabytes, as arrays a
few hundred MiB. `DailyColumns` keeps one array per field, in file order, and turns into a
`DailySeries` for the indicators, or into DailyRecords for tests and small files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from loa.errors import InputError, Where
from loa.situation.csv_arrays import MISSING, IntArray
from loa.situation.indicators import DailySeries
from loa.situation.records import DailyRecord

__all__ = ["COUNT_FIELDS", "MISSING", "DailyColumns"]

#: The columns of `DailyColumns.counts`, named as DailyRecord names them.
COUNT_FIELDS = (
    "new_cases_community",
    "new_cases_quarantined",
    "new_cases_total",
    "deaths",
    "severe",
    "tests",
)
_LARGEST = 2**63 - 1


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

    def take(self, rows: IntArray) -> DailyColumns:
        """Return the records at positions `rows`, in that order."""
        return DailyColumns(
            self.units, self.unit[rows], self.day[rows], self.line[rows], self.counts[rows]
        )

    @classmethod
    def merge(
        cls,
        codes: tuple[str, ...],
        unit: IntArray,
        day: IntArray,
        line: IntArray,
        counts: IntArray,
        records: Sequence[DailyRecord],
    ) -> DailyColumns:
        """Return array rows (`unit` indexing `codes`) and records together, in line order.

        The units of the result are sorted.
        """
        extra = cls.from_records(records)
        names = sorted(set(codes) | set(extra.units))
        position = {code: i for i, code in enumerate(names)}
        remap = np.array([position[c] for c in codes], dtype=np.int64)
        if not records:
            return cls(tuple(names), remap[unit], day, line, counts)
        remap_extra = np.array([position[c] for c in extra.units], dtype=np.int64)
        merged_line = np.concatenate([line, extra.line])
        order = np.argsort(merged_line, kind="stable")
        return cls(
            tuple(names),
            np.concatenate([remap[unit], remap_extra[extra.unit]])[order],
            np.concatenate([day, extra.day])[order],
            merged_line[order],
            np.concatenate([counts, extra.counts])[order],
        )
