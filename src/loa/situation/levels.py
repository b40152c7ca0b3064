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

from loa.errors import InputError
from loa.situation.indicators import DailySeries, FloatArray, IntArray
from loa.situation.level_data import (
    BASIS_AGGREGATE,
    BASIS_CHILDREN,
    BASIS_OWN,
    AssessmentSteps,
    BoolArray,
    CapacitySnapshot,
    CoverageSnapshot,
    Figures,
    assessment_dates,
    figures_from_series,
)
from loa.situation.level_reasons import explain_unit
from loa.situation.rules import CAPACITY_GRADES, LevelRules

__all__ = [
    "ASSUMPTION_LABELS",
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
    "assumption_text",
    "figures_from_series",
    "level_changes",
    "level_distribution",
]


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


#: What a provisional level assumed, as a person reads it (vi, en).
ASSUMPTION_LABELS: dict[str, tuple[str, str]] = {
    "coverage_unknown": ("chưa có số liệu tiêm chủng", "no vaccination data yet"),
    "high_risk_coverage_unknown": (
        "chưa có số liệu tiêm chủng nhóm nguy cơ cao",
        "no vaccination data for the high-risk group yet",
    ),
    "capacity_unknown": ("chưa có số liệu năng lực điều trị", "no treatment-capacity data yet"),
    "population_estimated": ("dân số là số ước tính", "the population is an estimate"),
}


def assumption_text(assumptions: Sequence[str], lang: str = "vi") -> str:
    """Return "tạm tính, chưa có số liệu tiêm chủng" (or in English) for a provisional level."""
    words = [ASSUMPTION_LABELS.get(a, (a, a))[0 if lang == "vi" else 1] for a in assumptions]
    lead = "tạm tính" if lang == "vi" else "provisional"
    return ", ".join([lead, *words])


@dataclass(frozen=True, eq=False)
class Assessment(AssessmentSteps):
    """Levels of all units at all dates, with every intermediate step kept for `explain`.

    Level arrays use 0 for "no level". `previous_index[d]` is the column of the assessment
    on dates[d] minus window_days, or -1 when there is none.
    """

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

    def assumed(self) -> dict[str, BoolArray]:
        """Return, per assumption, where a level ([units, dates]) rests on an assumed input.

        Only an input the rules filled in counts: unknown coverage read as "below the
        cut-off", an unknown high-risk share read as "missed", unknown capacity read as
        "failed" (or a fallback grade), and an estimated population.
        """
        f, rules, has_level = self.figures, self.rules, self.level > 0
        cover = f.coverage[rules.coverage.indicator]
        found = {
            "coverage_unknown": has_level
            & np.isnan(cover)
            & (rules.when_coverage_unknown == "below")
        }
        target = rules.high_risk_target
        if target is not None:
            found["high_risk_coverage_unknown"] = (
                has_level
                & np.isnan(f.coverage[target.indicator])
                & (target.when_unknown == "missed")
            )
        unknown_capacity = np.zeros_like(has_level)
        if rules.capacity_failed == "no_lowering" and rules.when_capacity_unknown == "failed":
            unknown_capacity |= np.isnan(f.capacity_met)
        if rules.capacity_matrix is not None:
            unknown_capacity |= f.capacity_grade < 0
        found["capacity_unknown"] = has_level & unknown_capacity
        found["population_estimated"] = has_level & f.population_estimated[:, None]
        return found

    @property
    def provisional(self) -> BoolArray:
        """Return where a level rests on at least one assumed input ([units, dates])."""
        assumed = list(self.assumed().values())
        return np.logical_or.reduce(assumed) if assumed else np.zeros_like(self.level > 0)

    def assumptions_of(self, unit: int, column: int) -> tuple[str, ...]:
        """Return the assumptions one unit's level rests on at one date."""
        return tuple(name for name, where in self.assumed().items() if where[unit, column])

    def unit_level(
        self, unit: int | str, when: int | date, lang: str = "vi", *, reasons: bool = True
    ) -> UnitLevel:
        """Return the level record of one unit and date (reasons built only if asked)."""
        u, d = self._position(unit, when)
        return self._unit_level(u, d, lang, reasons, self.assumptions_of(u, d))

    def _unit_level(
        self, u: int, d: int, lang: str, reasons: bool, assumptions: tuple[str, ...]
    ) -> UnitLevel:
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
            provisional=bool(assumptions),
            assumptions=assumptions,
        )

    def at(self, when: int | date, lang: str = "vi", *, reasons: bool = True) -> list[UnitLevel]:
        """Return every unit's level record on one assessment date."""
        _, d = self._position(0, when)
        assumed = {name: where[:, d] for name, where in self.assumed().items()}
        return [
            self._unit_level(u, d, lang, reasons, tuple(n for n, w in assumed.items() if w[u]))
            for u in range(len(self.units))
        ]


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
