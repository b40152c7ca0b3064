"""The data of a level assessment: the figures that go in and every step's arrays that come out.

Kept apart from `levels` (which computes and explains) so that `level_reasons` reads the steps
without importing the module that calls it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from loa.errors import InputError
from loa.situation.indicators import DailySeries, FloatArray, IntArray, window_sums
from loa.situation.rules import CAPACITY_GRADES, COVERAGE_INDICATORS, LevelRules

BoolArray = npt.NDArray[np.bool_]

BASIS_OWN = "own figures"
BASIS_AGGREGATE = "own aggregate figures"
BASIS_CHILDREN = "communes' levels"


@dataclass(frozen=True)
class CoverageSnapshot:
    """Vaccination shares (0..1) of one unit reported on one date; None where not reported."""

    unit_code: str
    as_of: date
    dose1_18plus_share: float | None = None
    full_18plus_share: float | None = None
    full_50plus_share: float | None = None
    full_65plus_share: float | None = None


@dataclass(frozen=True)
class CapacitySnapshot:
    """Treatment capacity of one unit on one date.

    `met`: criterion 3 of Decision 4800 passed; `grade`: Decision 218's response capacity,
    "high", "medium" or "low". None where not reported.
    """

    unit_code: str
    as_of: date
    met: bool | None = None
    grade: str | None = None


@dataclass(frozen=True, eq=False)
class Figures:
    """What an assessment reads, as arrays shaped [units, dates] (population: [units]).

    `cases` are community cases in the window, or total cases where `cases_are_totals`
    (the split was unknown on some reported day); NaN where no day of the window was
    reported. Coverage shares and `capacity_met` (1 met, 0 failed) are NaN when unknown;
    `capacity_grade` indexes CAPACITY_GRADES, -1 when unknown.
    """

    units: tuple[str, ...]
    dates: tuple[date, ...]
    window_days: int
    cases: FloatArray
    cases_are_totals: BoolArray
    missing_days: IntArray
    oxygen: FloatArray
    deaths: FloatArray
    population: FloatArray
    population_estimated: BoolArray
    coverage: Mapping[str, FloatArray]
    capacity_met: FloatArray
    capacity_grade: IntArray


def assessment_dates(
    series: DailySeries, window_days: int, first: date | None = None
) -> list[date]:
    """Return weekly assessment dates from `first` (default: the first full window's end)."""
    start = first or series.start + timedelta(days=window_days - 1)
    count = (series.end - start).days // window_days + 1
    return [start + timedelta(days=window_days * i) for i in range(max(count, 0))]


def _carry_forward(
    units: Sequence[str], dates: Sequence[date], items: Sequence[tuple[str, date, float]]
) -> FloatArray:
    """Return [units, dates] holding, for each date, the latest value dated on or before it."""
    out = np.full((len(units), len(dates)), np.nan)
    position = {code: i for i, code in enumerate(units)}
    known = [(position[u], d.toordinal(), v) for u, d, v in items if u in position]
    if not known or not dates:
        return out
    rows = np.array([k[0] for k in known], dtype=np.int64)
    taken = np.array([k[1] for k in known], dtype=np.int64)
    values = np.array([k[2] for k in known], dtype=np.float64)
    cols = np.searchsorted(np.array([d.toordinal() for d in dates]), taken, side="left")
    keep = cols < len(dates)
    rows, taken, values, cols = rows[keep], taken[keep], values[keep], cols[keep]
    # Several snapshots can fall before the same assessment date: the latest one wins.
    order = np.lexsort((taken, cols, rows))
    rows, values, cols = rows[order], values[order], cols[order]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    out[rows[last], cols[last]] = values[last]
    index = np.where(~np.isnan(out), np.arange(len(dates)), -1)
    index = np.maximum.accumulate(index, axis=1)
    filled = np.take_along_axis(out, np.maximum(index, 0), axis=1)
    return np.where(index >= 0, filled, np.nan)


def figures_from_series(
    series: DailySeries,
    dates: Sequence[date],
    window_days: int,
    population: Mapping[str, int | None],
    *,
    population_estimated: Collection[str] = (),
    coverage: Sequence[CoverageSnapshot] = (),
    capacity: Sequence[CapacitySnapshot] = (),
) -> Figures:
    """Return the Figures of every unit of `series` at each assessment date in `dates`."""
    cols = np.array([series.day_index(d) for d in dates], dtype=np.int64)
    # Per day: community cases where known, else the total (the split is unknown that day).
    daily = np.where(np.isnan(series.community), series.total, series.community)
    cases, _ = window_sums(daily, window_days, cols)
    _, missing = window_sums(np.where(series.reported, 0.0, np.nan), window_days, cols)
    stand_in = (np.isnan(series.community) & ~np.isnan(series.total)).astype(np.float64)
    totals_used, _ = window_sums(stand_in, window_days, cols)
    as_totals = totals_used > 0
    oxygen, _ = window_sums(series.severe, window_days, cols)
    deaths, _ = window_sums(series.deaths, window_days, cols)
    units = series.units
    shares = {
        name: _carry_forward(
            units,
            dates,
            [(s.unit_code, s.as_of, v) for s in coverage if (v := getattr(s, name)) is not None],
        )
        for name in COVERAGE_INDICATORS
    }
    bad = [s.grade for s in capacity if s.grade is not None and s.grade not in CAPACITY_GRADES]
    if bad:
        raise InputError(
            f"Mức năng lực '{bad[0]}' không hợp lệ; dùng high, medium hoặc low.",
            f"Capacity grade '{bad[0]}' is not valid; use high, medium or low.",
        )
    met = _carry_forward(
        units, dates, [(s.unit_code, s.as_of, float(s.met)) for s in capacity if s.met is not None]
    )
    grade = _carry_forward(
        units,
        dates,
        [
            (s.unit_code, s.as_of, float(CAPACITY_GRADES.index(s.grade)))
            for s in capacity
            if s.grade is not None
        ],
    )
    people = np.array(
        [np.nan if population.get(u) is None else population[u] for u in units], dtype=np.float64
    )
    estimated = set(population_estimated)
    return Figures(
        units=units,
        dates=tuple(dates),
        window_days=window_days,
        cases=cases,
        cases_are_totals=as_totals,
        missing_days=missing,
        oxygen=oxygen,
        deaths=deaths,
        population=people,
        population_estimated=np.array([u in estimated for u in units], dtype=bool),
        coverage=shares,
        capacity_met=met,
        capacity_grade=np.where(np.isnan(grade), -1, np.nan_to_num(grade)).astype(np.int64),
    )


@dataclass(frozen=True, eq=False)
class AssessmentSteps:
    """Levels of all units at all dates with every intermediate step (explained in `levels`).

    Level arrays use 0 for "no level". `previous_index[d]` is the column of the assessment
    on dates[d] minus window_days, or -1 when there is none.
    """

    figures: Figures
    rules: LevelRules
    basis: str
    previous_index: IntArray
    incidence: FloatArray
    band: IntArray
    oxygen_rate: FloatArray
    oxygen_band: IntArray
    transmission_band: IntArray
    coverage_value: FloatArray
    coverage_below: BoolArray
    after_matrix: IntArray
    target_value: FloatArray
    target_missed: BoolArray
    after_target: IntArray
    deaths_rate: FloatArray
    after_deaths: IntArray
    capacity_grade: IntArray
    after_capacity: IntArray
    capacity_failed: BoolArray
    previous_level: IntArray
    after_no_lowering: IntArray
    level: IntArray
