"""Epidemic levels (Resolution 128/NQ-CP) for every unit and weekly assessment date.

The level on date D uses the window ending on D, the latest vaccination and capacity
snapshots on or before D, and, for "no lowering", the assessment on D minus window_days.
`assess` works on whole arrays ([units, dates]) so a national run stays well under a
second; the sentences that explain a level are built only when asked (`Assessment.explain`).
How figures become a level is data: see `loa.situation.rules` and docs/levels.md.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

from loa.errors import InputError
from loa.situation.indicators import DailySeries, FloatArray, IntArray, window_sums
from loa.situation.level_reasons import explain_unit
from loa.situation.rules import CAPACITY_GRADES, COVERAGE_INDICATORS, LevelRules

__all__ = [
    "BASIS_AGGREGATE",
    "BASIS_CHILDREN",
    "BASIS_OWN",
    "Assessment",
    "CapacitySnapshot",
    "CoverageSnapshot",
    "Figures",
    "LevelChange",
    "LevelDistribution",
    "UnitLevel",
    "assess",
    "assess_series",
    "assessment_dates",
    "figures_from_series",
    "level_changes",
    "level_distribution",
]

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


@dataclass(frozen=True)
class UnitLevel:
    """The level of one unit at one assessment date, with the figures and the reasons."""

    unit_code: str
    window_start: date
    window_end: date
    cases: float | None
    cases_are_totals: bool
    missing_days: int
    population: int | None
    population_estimated: bool
    incidence_per_100k: float | None
    dose1_18plus_share: float | None
    full_18plus_share: float | None
    full_50plus_share: float | None
    full_65plus_share: float | None
    band: int | None
    level: int | None
    basis: str
    reasons: tuple[str, ...]
    provisional: bool = False
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Assessment:
    """Levels of all units at all dates, with every intermediate step kept for `explain`.

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

    @property
    def units(self) -> tuple[str, ...]:
        """Return the unit codes, in row order."""
        return self.figures.units

    @property
    def dates(self) -> tuple[date, ...]:
        """Return the assessment dates, in column order."""
        return self.figures.dates

    def _position(self, unit: int | str, when: int | date) -> tuple[int, int]:
        try:
            u = unit if isinstance(unit, int) else self.units.index(unit)
            d = when if isinstance(when, int) else self.dates.index(when)
        except ValueError as exc:
            raise InputError(
                f"Không có đánh giá cho đơn vị {unit} vào ngày {when}.",
                f"No assessment for unit {unit} on {when}.",
            ) from exc
        return u, d

    def explain(self, unit: int | str, when: int | date, lang: str = "vi") -> list[str]:
        """Return the sentences that lead from the figures to the level of one unit and date."""
        u, d = self._position(unit, when)
        return explain_unit(self, u, d, lang)

    def unit_level(
        self, unit: int | str, when: int | date, lang: str = "vi", *, reasons: bool = True
    ) -> UnitLevel:
        """Return the level record of one unit and date (reasons built only if asked)."""
        u, d = self._position(unit, when)
        f = self.figures
        end = f.dates[d]

        def share(name: str) -> float | None:
            value = f.coverage[name][u, d]
            return None if math.isnan(value) else float(value)

        people = f.population[u]
        return UnitLevel(
            unit_code=f.units[u],
            window_start=end - timedelta(days=f.window_days - 1),
            window_end=end,
            cases=None if math.isnan(f.cases[u, d]) else float(f.cases[u, d]),
            cases_are_totals=bool(f.cases_are_totals[u, d]),
            missing_days=int(f.missing_days[u, d]),
            population=None if math.isnan(people) else int(people),
            population_estimated=bool(f.population_estimated[u]),
            incidence_per_100k=(
                None if math.isnan(self.incidence[u, d]) else float(self.incidence[u, d])
            ),
            dose1_18plus_share=share("dose1_18plus_share"),
            full_18plus_share=share("full_18plus_share"),
            full_50plus_share=share("full_50plus_share"),
            full_65plus_share=share("full_65plus_share"),
            band=int(self.band[u, d]) or None,
            level=int(self.level[u, d]) or None,
            basis=self.basis,
            reasons=tuple(explain_unit(self, u, d, lang)) if reasons else (),
        )

    def at(self, when: int | date, lang: str = "vi", *, reasons: bool = True) -> list[UnitLevel]:
        """Return every unit's level record on one assessment date."""
        _, d = self._position(0, when)
        return [self.unit_level(u, d, lang, reasons=reasons) for u in range(len(self.units))]


def _bands(values: FloatArray, edges: Sequence[float], edge: str) -> IntArray:
    side: Literal["left", "right"] = "right" if edge == "higher" else "left"
    found = np.searchsorted(np.asarray(edges), np.nan_to_num(values), side=side) + 1
    return np.where(np.isnan(values), 0, found).astype(np.int64)


def _per_100k(counts: FloatArray, population: FloatArray) -> FloatArray:
    # Rounded so that 4 cases in 20,000 people land on the edge 20, not just above it.
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.round(counts * 100_000 / population[:, None], 9)
    return np.where(population[:, None] > 0, rate, np.nan)


def _previous_index(dates: Sequence[date], window_days: int) -> IntArray:
    column = {d: i for i, d in enumerate(dates)}
    step = timedelta(days=window_days)
    return np.array([column.get(d - step, -1) for d in dates], dtype=np.int64)


def assess(
    figures: Figures,
    rules: LevelRules,
    *,
    basis: str = BASIS_OWN,
    previous: Mapping[str, int] | None = None,
) -> Assessment:
    """Return the levels of every unit at every date of `figures` under `rules`.

    `previous` gives levels assessed before the first date (for "no lowering").
    """
    if figures.window_days != rules.window_days:
        raise InputError(
            f"Số liệu tính theo cửa sổ {figures.window_days} ngày nhưng quy tắc "
            f"'{rules.name}' cần {rules.window_days} ngày.",
            f"The figures use a {figures.window_days}-day window but rules "
            f"'{rules.name}' need {rules.window_days} days.",
        )
    top = rules.max_level
    incidence = _per_100k(figures.cases, figures.population)
    band = _bands(incidence, rules.incidence_bands, rules.band_edge)
    oxygen_rate = _per_100k(figures.oxygen, figures.population)
    oxygen_band = (
        _bands(oxygen_rate, rules.oxygen_bands, rules.band_edge)
        if rules.oxygen_bands
        else np.zeros_like(band)
    )
    transmission = np.where(band > 0, np.maximum(band, oxygen_band), 0)

    cover = figures.coverage[rules.coverage.indicator]
    below = np.where(
        np.isnan(cover), rules.when_coverage_unknown == "below", cover < rules.coverage.cutoff
    )
    table = np.array([(0, 0)] + [rules.matrix[b] for b in range(1, rules.bands + 1)])
    after_matrix = table[transmission, below.astype(np.int64)]

    target = rules.high_risk_target
    target_value = np.full_like(incidence, np.nan)
    missed = np.zeros_like(below)
    raise_by = np.zeros_like(after_matrix)
    if target is not None:
        target_value = figures.coverage[target.indicator]
        missed = np.where(
            np.isnan(target_value), target.when_unknown == "missed", target_value < target.minimum
        )
        skipped = target.skip_when_no_cases & (figures.cases == 0)
        raise_by = np.where(missed & ~skipped, target.raise_by, 0)
    after_target = np.where(after_matrix > 0, np.minimum(after_matrix + raise_by, top), 0)

    deaths_rate = _per_100k(figures.deaths, figures.population)
    after_deaths = after_target
    if rules.deaths_raise is not None:
        over = deaths_rate > rules.deaths_raise.above
        lifted = np.minimum(after_target + rules.deaths_raise.raise_by, top)
        after_deaths = np.where(over & (after_target > 0), lifted, after_target)

    grade = figures.capacity_grade
    after_capacity = after_deaths
    if rules.capacity_matrix is not None:
        fallback = CAPACITY_GRADES.index(rules.capacity_matrix.when_unknown)
        grade = np.where(grade < 0, fallback, grade)
        cells = np.zeros((top + 1, len(CAPACITY_GRADES)), dtype=np.int64)
        for row_level, row in rules.capacity_matrix.levels.items():
            cells[row_level] = [row[g] for g in CAPACITY_GRADES]
        after_capacity = cells[after_deaths, grade]

    met = figures.capacity_met
    failed = np.zeros_like(below)
    if rules.capacity_failed == "no_lowering":
        failed = np.where(np.isnan(met), rules.when_capacity_unknown == "failed", met == 0)

    level, previous_level, held = _apply_history(
        figures, rules, after_capacity, failed, incidence, previous
    )
    return Assessment(
        figures=figures,
        rules=rules,
        basis=basis,
        previous_index=_previous_index(figures.dates, rules.window_days),
        incidence=incidence,
        band=band,
        oxygen_rate=oxygen_rate,
        oxygen_band=oxygen_band,
        transmission_band=transmission,
        coverage_value=cover,
        coverage_below=below,
        after_matrix=after_matrix,
        target_value=target_value,
        target_missed=missed,
        after_target=after_target,
        deaths_rate=deaths_rate,
        after_deaths=after_deaths,
        capacity_grade=grade,
        after_capacity=after_capacity,
        capacity_failed=failed,
        previous_level=previous_level,
        after_no_lowering=held,
        level=level,
    )


def _apply_history(
    figures: Figures,
    rules: LevelRules,
    proposed: IntArray,
    failed: BoolArray,
    incidence: FloatArray,
    previous: Mapping[str, int] | None,
) -> tuple[IntArray, IntArray, IntArray]:
    """Return (level, previous level, level after no-lowering), date by date.

    This is the one sequential step: "no lowering" compares with the previous assessment's
    final level, so dates are walked in order, each over all units at once.
    """
    level = proposed.copy()
    held = proposed.copy()
    before = np.zeros_like(proposed)
    given = np.array([(previous or {}).get(u, 0) for u in figures.units], dtype=np.int64)
    earlier = _previous_index(figures.dates, rules.window_days)
    needed = rules.top_level_needs_incidence_above
    for d in range(len(figures.dates)):
        prior = level[:, earlier[d]] if earlier[d] >= 0 else (given if d == 0 else 0 * given)
        before[:, d] = prior
        keep = failed[:, d] & (prior > level[:, d]) & (level[:, d] > 0)
        level[keep, d] = prior[keep]
        held[:, d] = level[:, d]
        if needed is not None:
            capped = (level[:, d] == rules.max_level) & ~(incidence[:, d] > needed)
            level[capped, d] = rules.max_level - 1
    return level, before, held


def assess_series(
    series: DailySeries,
    rules: LevelRules,
    population: Mapping[str, int | None],
    *,
    dates: Sequence[date] | None = None,
    population_estimated: Collection[str] = (),
    coverage: Sequence[CoverageSnapshot] = (),
    capacity: Sequence[CapacitySnapshot] = (),
    basis: str = BASIS_OWN,
    previous: Mapping[str, int] | None = None,
) -> Assessment:
    """Return the level history of `series`: every unit at every weekly assessment date."""
    when = list(dates) if dates is not None else assessment_dates(series, rules.window_days)
    figures = figures_from_series(
        series,
        when,
        rules.window_days,
        population,
        population_estimated=population_estimated,
        coverage=coverage,
        capacity=capacity,
    )
    return assess(figures, rules, basis=basis, previous=previous)


@dataclass(frozen=True)
class LevelChange:
    """A unit's level changed at an assessment; it applies from `effective_from`."""

    unit_code: str
    assessed_on: date
    effective_from: date
    previous_level: int
    level: int


def level_changes(history: Assessment, announce_lag_hours: int | None = None) -> list[LevelChange]:
    """Return every change of level, by date then unit, with the date it takes effect.

    Resolution 128 announces a change 48 hours before it applies, so by default a change
    assessed on D applies from D + 2 days (rules key `effective_after_hours`). A unit that
    gains or loses a level (population or reports appearing or vanishing) is not a change.
    """
    hours = (
        history.rules.effective_after_hours if announce_lag_hours is None else announce_lag_hours
    )
    lag = timedelta(days=math.ceil(hours / 24))
    changes = []
    for d, when in enumerate(history.dates):
        now = history.level[:, d]
        before = history.previous_level[:, d]
        for u in np.flatnonzero((now != before) & (now > 0) & (before > 0)):
            changes.append(
                LevelChange(
                    unit_code=history.units[u],
                    assessed_on=when,
                    effective_from=when + lag,
                    previous_level=int(before[u]),
                    level=int(now[u]),
                )
            )
    return changes


@dataclass(frozen=True)
class LevelDistribution:
    """How many of a parent unit's children are at each level (0: no level)."""

    unit_code: str
    assessed_on: date
    counts: dict[int, int]
    children: int
    highest: int | None
    basis: str = BASIS_CHILDREN


def level_distribution(
    history: Assessment, parent_of: Mapping[str, str], when: int | date
) -> list[LevelDistribution]:
    """Return, for each parent unit, the distribution of its children's levels on `when`."""
    _, d = history._position(0, when)
    rows = [u for u, code in enumerate(history.units) if code in parent_of]
    parents = sorted({parent_of[history.units[u]] for u in rows})
    position = {p: i for i, p in enumerate(parents)}
    parent_index = np.array([position[parent_of[history.units[u]]] for u in rows], dtype=np.int64)
    levels = history.level[rows, d] if rows else np.zeros(0, dtype=np.int64)
    width = history.rules.max_level + 1
    counts = np.bincount(parent_index * width + levels, minlength=len(parents) * width)
    counts = counts.reshape(len(parents), width)
    result = []
    for p, code in enumerate(parents):
        row = {lv: int(n) for lv, n in enumerate(counts[p]) if n}
        known = [lv for lv in row if lv > 0]
        result.append(
            LevelDistribution(
                unit_code=code,
                assessed_on=history.dates[d],
                counts=row,
                children=int(counts[p].sum()),
                highest=max(known) if known else None,
            )
        )
    return result
