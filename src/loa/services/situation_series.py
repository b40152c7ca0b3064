"""Reads stored situation figures back as arrays: series, population, vaccination, capacity."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.directory.units import AdminUnit
from loa.errors import InputError
from loa.services.directory import population_as_of, units_as_of
from loa.settings import get_settings
from loa.situation.indicators import DailySeries, aggregate
from loa.situation.levels import CapacitySnapshot, CoverageSnapshot
from loa.situation.reconcile import (
    CHILDREN_SUM,
    MEASURES,
    SOURCE_PRECEDENCE,
    Conflict,
    Reconciled,
    Resolution,
    reconcile,
)
from loa.store.situation_tables import (
    CapacityRow,
    DailyReportRow,
    FigureResolutionRow,
    SituationImportRow,
    VaccinationRow,
)

__all__ = [
    "AreaSeries",
    "ProvinceReads",
    "area_from",
    "load_area",
    "load_capacity",
    "load_coverage",
    "load_resolutions",
    "population_of",
    "precedence_setting",
    "read_province",
    "reported_span",
]

LEVEL_ORDER = ("commune", "district", "province")


@dataclass(frozen=True, eq=False)
class AreaSeries:
    """A province's series at one level, with each unit's basis (own reports or children's sum)."""

    series: DailySeries
    level: str
    units: dict[str, AdminUnit]
    basis: dict[str, str]  # "own reports" | "sum of communes" | "sum of districts"
    parent_of: dict[str, str]
    conflicts: list[Conflict] = dataclass_field(default_factory=list)
    # Where each unit's daily total came from: an index into `source_names` per [unit, day]
    # (-1: no figure), after precedence and the officers' resolutions.
    total_source: np.ndarray | None = None
    source_names: tuple[str, ...] = ()

    def source_of(self, unit_code: str, day: date) -> str | None:
        """Return the source of a unit's total on a day (None: no figure, or not known)."""
        if self.total_source is None or unit_code not in self.series.units:
            return None
        at = (day - self.series.start).days
        if not 0 <= at < self.total_source.shape[1]:
            return None
        index = int(self.total_source[self.series.units.index(unit_code), at])
        return None if index < 0 else self.source_names[index]


def current_rows(
    session: Session, table: Any, first: date, last: date, codes: Collection[str] | None = None
) -> list[Any]:
    """Return the current (latest) version of every figure of `table` between two dates.

    With `codes`, only those units' figures: a province's page must not read the whole country.
    """
    where = [table.date >= first, table.date <= last]
    if codes is not None:
        where.append(table.unit_code.in_(sorted(codes)))
    # Every version in one index range scan, the latest kept here: on SQLite this took half
    # the time of a join to a max(version) subquery. Plain rows, not ORM objects: a province's
    # quarter is tens of thousands of figures, and building an object for each was slow.
    columns = list(table.__table__.columns)
    # Through the connection: the ORM's result handling added a fifth to the read.
    rows = list(session.connection().execute(select(*columns).where(*where)).all())
    unit_at = next(i for i, c in enumerate(columns) if c.name == "unit_code")
    date_at = next(i for i, c in enumerate(columns) if c.name == "date")
    version_at = next(i for i, c in enumerate(columns) if c.name == "version")
    latest: dict[tuple[str, date], Any] = {}
    for row in rows:
        key = (row[unit_at], row[date_at])
        kept = latest.get(key)
        if kept is None or row[version_at] > kept[version_at]:
            latest[key] = row
    return rows if len(latest) == len(rows) else list(latest.values())


def reported_span(session: Session, codes: Sequence[str] | None = None) -> tuple[date, date] | None:
    """Return the first and last date with a daily report (for `codes`, if given)."""
    query = select(func.min(DailyReportRow.date), func.max(DailyReportRow.date))
    if codes is not None:
        query = query.where(DailyReportRow.unit_code.in_(list(codes)))
    first, last = session.execute(query).one()
    return None if first is None else (first, last)


@dataclass(frozen=True, eq=False)
class ProvinceReads:
    """A province's units and current daily reports over [first, last], as columns.

    Read once, it gives every level's series over any period inside it (`area_from`), so a
    page that shows levels and a chart reads the store once. A unit and day may have one
    report per source (`sources`); `area_from` reconciles them.
    """

    first: date
    last: date
    units: dict[str, AdminUnit]
    unit_codes: np.ndarray  # one code per report
    day: np.ndarray  # days since `first`, one per report
    values: dict[str, np.ndarray]  # series field -> figure per report (NaN: none)
    sources: np.ndarray | None = None  # source per report; None: all the unit's own
    resolutions: dict[tuple[str, date, str], Resolution] = dataclass_field(default_factory=dict)
    precedence: tuple[str, ...] = SOURCE_PRECEDENCE


_FIELDS = (
    ("community", "new_cases_community"),
    ("quarantined", "new_cases_quarantined"),
    ("total", "new_cases_total"),
    ("deaths", "deaths"),
    ("severe", "severe"),
)


def precedence_setting() -> tuple[str, ...]:
    """Return the declared order of sources (LOA_SOURCE_PRECEDENCE)."""
    raw = get_settings().source_precedence
    return tuple(s.strip() for s in raw.split(",") if s.strip()) or SOURCE_PRECEDENCE


def _latest_by_source(
    session: Session, first: date, last: date, units: dict[str, AdminUnit]
) -> tuple[list[Any], list[str]]:
    """Return the latest version of each unit's report per day and source, and each source."""
    columns = list(DailyReportRow.__table__.columns)
    query = (
        select(*columns, SituationImportRow.source)
        .join(SituationImportRow, SituationImportRow.id == DailyReportRow.import_id)
        .where(
            DailyReportRow.date >= first,
            DailyReportRow.date <= last,
            DailyReportRow.unit_code.in_(sorted(units)),
        )
    )
    rows = list(session.connection().execute(query).all())
    at = {c.name: i for i, c in enumerate(columns)}
    unit_at, date_at, version_at = at["unit_code"], at["date"], at["version"]
    source_at = len(columns)
    # List comprehensions, not one loop of dict updates: this read is on every situation page.
    by_level = {
        c: CHILDREN_SUM if u.level == "commune" else "province_series" for c, u in units.items()
    }
    codes = [row[unit_at] for row in rows]
    sources = [row[source_at] or by_level[c] for row, c in zip(rows, codes, strict=True)]
    keys = list(zip(codes, [row[date_at] for row in rows], sources, strict=True))
    if len(set(keys)) == len(keys):  # one version per unit, day and source: the usual case
        return rows, sources
    latest: dict[tuple[str, date, str], tuple[Any, str]] = {}
    for row, key in zip(rows, keys, strict=True):
        kept = latest.get(key)
        if kept is None or row[version_at] > kept[0][version_at]:
            latest[key] = (row, key[2])
    return [r for r, _ in latest.values()], [s for _, s in latest.values()]


def load_resolutions(
    session: Session, codes: Collection[str], first: date, last: date
) -> dict[tuple[str, date, str], Resolution]:
    """Return the newest resolution of each unit, day and measure in [first, last]."""
    found: dict[tuple[str, date, str], Resolution] = {}
    query = (
        select(FigureResolutionRow)
        .where(FigureResolutionRow.date >= first, FigureResolutionRow.date <= last)
        .order_by(FigureResolutionRow.id)
    )
    for r in session.scalars(query):
        if r.unit_code in codes:
            found[(r.unit_code, r.date, r.measure)] = Resolution(
                r.unit_code,
                r.date,
                r.measure,
                r.source,
                {k: float(v) for k, v in r.values.items()},
                r.actor,
                r.reason,
                r.resolved_at,
            )
    return found


def read_province(session: Session, province_code: str, first: date, last: date) -> ProvinceReads:
    """Return the province's units (as of `last`) and its current reports over [first, last]."""
    if last < first:
        raise InputError(
            "Ngày kết thúc trước ngày bắt đầu.", "The end date is before the start date."
        )
    all_units = {u.code: u for u in units_as_of(session, last, within=province_code)}
    rows, sources = _latest_by_source(session, first, last, all_units)
    at = {c.name: i for i, c in enumerate(DailyReportRow.__table__.columns)}

    def column(name: str) -> list[Any]:
        i = at[name]
        return [row[i] for row in rows]

    start = first.toordinal()
    return ProvinceReads(
        first,
        last,
        all_units,
        np.array(column("unit_code"), dtype=object),
        np.array([d.toordinal() - start for d in column("date")], dtype=np.int64),
        # Columns rather than rows: numpy builds the series in one step, not a loop per row.
        {name: np.array(column(field), dtype=np.float64) for name, field in _FIELDS},
        np.array(sources, dtype=object),
        load_resolutions(session, all_units, first, last),
        precedence_setting(),
    )


def _arrays(
    codes: Sequence[str],
    first: date,
    last: date,
    reads: ProvinceReads,
    source: str | None = None,
) -> dict[str, np.ndarray]:
    """Return each measure as [units, days] from the reports read (of one source, if given)."""
    index = {code: i for i, code in enumerate(codes)}
    days = (last - first).days + 1
    offset = (first - reads.first).days
    unit = np.array([index.get(c, -1) for c in reads.unit_codes], dtype=np.int64)
    day = reads.day - offset
    keep = (unit >= 0) & (day >= 0) & (day < days)
    if source is not None and reads.sources is not None:
        keep &= reads.sources == source
    unit, day = unit[keep], day[keep]
    arrays = {}
    for name, _ in _FIELDS:
        array = np.full((len(codes), days), np.nan)
        array[unit, day] = reads.values[name][keep]  # None was read as NaN: the cell stays empty
        arrays[name] = array
    split = np.isnan(arrays["total"]) & ~np.isnan(arrays["community"])
    split &= ~np.isnan(arrays["quarantined"])
    arrays["total"][split] = arrays["community"][split] + arrays["quarantined"][split]
    return arrays


def _series(codes: Sequence[str], first: date, last: date, reads: ProvinceReads) -> DailySeries:
    return DailySeries.from_arrays(list(codes), first, **_arrays(codes, first, last, reads))


def load_area(
    session: Session, province_code: str, level: str, first: date, last: date
) -> AreaSeries:
    """Return every unit of `level` in the province as a series over [first, last].

    A unit with reports of its own in the period is shown on them; one without is the sum of
    its children (communes into districts, districts into the province), and says so.
    """
    _check_level(level)
    if last < first:
        raise InputError(
            "Ngày kết thúc trước ngày bắt đầu.", "The end date is before the start date."
        )
    return area_from(read_province(session, province_code, first, last), level, first, last)


def _check_level(level: str) -> None:
    if level not in LEVEL_ORDER:
        raise InputError(
            f"Cấp '{level}' không hợp lệ; chọn commune, district hoặc province.",
            f"Level '{level}' is not valid; choose commune, district or province.",
        )


def area_from(reads: ProvinceReads, level: str, first: date, last: date) -> AreaSeries:
    """Return what `load_area` returns for [first, last], taken from reports already read.

    The period must lie inside the one read and end on the same day (units are as of it).
    Each unit's figure is reconciled from its sources (`situation/reconcile.py`), level by
    level from the communes up; the conflicts found on the way come with the series.
    """
    _check_level(level)
    if first < reads.first or last != reads.last:
        raise ValueError(f"{first}..{last} is not within the {reads.first}..{reads.last} read")
    all_units = reads.units
    in_period = reads.day >= (first - reads.first).days
    own_codes = set(reads.unit_codes[in_period].tolist())
    codes = {lv: sorted(c for c, u in all_units.items() if u.level == lv) for lv in LEVEL_ORDER}
    series, conflicts, chosen = _reconciled(codes["commune"], first, last, reads, None)
    for upper in ("district", "province"):
        if LEVEL_ORDER.index(level) < LEVEL_ORDER.index(upper):
            break
        children_to_parent = {c: all_units[c].parent_code or "" for c in series.units}
        summed = aggregate(series, children_to_parent)
        series, found, chosen = _reconciled(codes[upper], first, last, reads, summed)
        conflicts.extend(found)
    word = {"commune": "own reports", "district": "sum of communes", "province": "sum of districts"}
    basis = {c: ("own reports" if c in own_codes else word[level]) for c in series.units}
    parent_of = {c: all_units[c].parent_code or "" for c in series.units}
    return AreaSeries(
        series,
        level,
        {c: all_units[c] for c in series.units},
        basis,
        parent_of,
        conflicts,
        chosen.chosen["total"],
        chosen.sources,
    )


def _reconciled(
    codes: Sequence[str],
    first: date,
    last: date,
    reads: ProvinceReads,
    summed: DailySeries | None,
) -> tuple[DailySeries, list[Conflict], Reconciled]:
    """Return one level's series reconciled from its sources, with the conflicts and choices."""
    sources = (
        sorted(set(reads.sources.tolist()))
        if reads.sources is not None and len(reads.sources)
        else []
    )
    own = {src: _arrays(codes, first, last, reads, src) for src in sources}
    own = {src: a for src, a in own.items() if _any(a)}
    days = (last - first).days + 1
    children_sum = children_full = reporting = None
    if summed is not None:
        position = {code: i for i, code in enumerate(summed.units)}
        rows = np.array([position.get(c, -1) for c in codes], dtype=np.int64)

        def take(values: np.ndarray, fill: float) -> np.ndarray:
            out = np.full((len(codes), days), fill)
            out[rows >= 0] = values[rows[rows >= 0]]
            return out

        children_sum = {m: take(getattr(summed, m), np.nan) for m in MEASURES}
        got = take(summed.reporting, 0).astype(np.int64) if summed.reporting is not None else None
        of = np.zeros(len(codes), dtype=np.int64)
        if summed.children is not None:
            of[rows >= 0] = summed.children[rows[rows >= 0]]
        children_full = (got == of[:, None]) & (of[:, None] > 0) if got is not None else None
        if got is not None:
            reporting = (got, of)
    if children_full is None:
        children_sum = None
    result = reconcile(
        codes,
        first,
        days,
        own,
        children_sum=children_sum,
        children_full=children_full,
        children_reporting=reporting,
        precedence=reads.precedence,
        resolutions=reads.resolutions,
        names={c: reads.units[c].name_with_type for c in codes},
    )
    v = result.values
    series = DailySeries(
        tuple(codes),
        first,
        v["community"],
        v["quarantined"],
        v["total"],
        v["deaths"],
        v["severe"],
    )
    return series, result.conflicts, result


def _any(arrays: dict[str, np.ndarray]) -> bool:
    return any(bool((~np.isnan(a)).any()) for a in arrays.values())


def population_of(
    session: Session, area: AreaSeries, day: date
) -> tuple[dict[str, int | None], set[str]]:
    """Return each unit's population and the set of units whose figure is an estimate."""
    found = population_as_of(session, day, list(area.series.units))
    return (
        {c: (found[c].value if c in found else None) for c in area.series.units},
        {c for c, p in found.items() if p.estimated},
    )


def load_coverage(session: Session, codes: Sequence[str], last: date) -> list[CoverageSnapshot]:
    """Return every vaccination snapshot up to `last` as shares (current versions)."""
    wanted = set(codes)
    rows = current_rows(session, VaccinationRow, date(2000, 1, 1), last, wanted)

    def share(done: int | None, people: int | None) -> float | None:
        return None if done is None or not people else done / people

    return [
        CoverageSnapshot(
            unit_code=r.unit_code,
            as_of=r.date,
            dose1_18plus_share=share(r.dose1_18plus, r.pop_18plus),
            full_50plus_share=share(r.full_50plus, r.pop_50plus),
            full_65plus_share=share(r.full_65plus, r.pop_65plus),
        )
        for r in rows
        if r.unit_code in wanted
    ]


def load_capacity(session: Session, codes: Sequence[str], last: date) -> list[CapacitySnapshot]:
    """Return every capacity snapshot up to `last` (current versions)."""
    wanted = set(codes)
    rows = current_rows(session, CapacityRow, date(2000, 1, 1), last, wanted)
    return [
        CapacitySnapshot(unit_code=r.unit_code, as_of=r.date, met=r.capacity_ok)
        for r in rows
        if r.unit_code in wanted
    ]


def days_between(first: date, last: date) -> list[date]:
    """Return every date from `first` to `last`, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
