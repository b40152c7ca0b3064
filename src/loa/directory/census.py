"""Completes partial census figures: known communes kept, the rest estimated and flagged."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from loa.directory.units import AdminUnit, PopulationFigure
from loa.errors import InputError, RowError, Where
from loa.formatting import parse_count
from loa.text import fold

__all__ = ["CensusRow", "complete_population", "read_partial_census"]


@dataclass(frozen=True)
class CensusRow:
    """One row of a partial census table: a district total, a commune, or the province total."""

    district: str
    commune: str
    population: int
    line: int


def read_partial_census(data: bytes, filename: str) -> list[CensusRow]:
    """Return the rows of a `district,commune,commune_type,population_YYYY` census CSV."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    pop_column = next((c for c in reader.fieldnames or [] if c.startswith("population")), None)
    if pop_column is None:
        raise RowError(
            "Không thấy cột dân số (population_YYYY).",
            "No population column (population_YYYY) was found.",
            where=Where(file=filename, line=1),
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        typed = raw.get(pop_column) or ""
        try:
            population = parse_count(typed, lang=None)
        except InputError as exc:
            raise RowError(
                f"Dân số '{typed}' không dùng được. {exc.vi}",
                f"Population '{typed}' cannot be used. {exc.en}",
                where=Where(file=filename, line=line, column=pop_column),
            ) from None
        rows.append(
            CensusRow(
                (raw.get("district") or "").strip(),
                (raw.get("commune") or "").strip(),
                population,
                line,
            )
        )
    return rows


def complete_population(
    rows: Sequence[CensusRow], units: Sequence[AdminUnit], province_code: str, year: int
) -> tuple[list[PopulationFigure], list[str]]:
    """Return a figure for the province, every district and every commune, and what went unmatched.

    Known figures are kept. A district without a total gets an equal share of what the province
    total leaves after the known districts; a commune without a figure gets an equal share of
    what its district leaves after its known communes. Every such figure is marked estimated.
    """
    districts = [u for u in units if u.parent_code == province_code]
    communes = {d.code: [u for u in units if u.parent_code == d.code] for d in districts}
    by_name = {fold(d.name): d for d in districts}
    known: dict[str, int] = {}
    unmatched: list[str] = []
    province_total: int | None = None
    for row in rows:
        if not row.district and not row.commune:
            province_total = row.population
            continue
        district = by_name.get(fold(row.district))
        if district is None:
            unmatched.append(f"{row.district} (line {row.line})")
            continue
        if not row.commune:
            known[district.code] = row.population
            continue
        commune = next(
            (c for c in communes[district.code] if fold(c.name) == fold(row.commune)), None
        )
        if commune is None:
            unmatched.append(f"{row.commune}, {row.district} (line {row.line})")
        else:
            known[commune.code] = row.population
    if province_total is None:
        province_total = sum(known.get(d.code, 0) for d in districts)
    figures = [PopulationFigure(province_code, province_total, year, False, 0)]
    missing_districts = [d for d in districts if d.code not in known]
    left = province_total - sum(known.get(d.code, 0) for d in districts)
    for d in districts:
        estimated = d.code not in known
        total = known.get(d.code, max(left, 0) // max(len(missing_districts), 1))
        figures.append(PopulationFigure(d.code, total, year, estimated, 0))
        listed = [c for c in communes[d.code] if c.code in known]
        unlisted = [c for c in communes[d.code] if c.code not in known]
        remainder = total - sum(known[c.code] for c in listed)
        share = max(remainder, 0) // max(len(unlisted), 1)
        figures.extend(PopulationFigure(c.code, known[c.code], year, False, 0) for c in listed)
        figures.extend(PopulationFigure(c.code, share, year, True, 0) for c in unlisted)
    return figures, unmatched
