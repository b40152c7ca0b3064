"""Epidemic indicators per unit and date, computed on arrays shaped [units, days].

A day on which a unit sent no report is NaN, never 0. Sums skip such days, and every result
says which days were missing, because a silent commune is not a commune without cases.
Nothing here loops over units in Python except to build the final per-unit records, so a
whole country (10,599 communes x 365 days) takes a fraction of a second.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from loa.errors import InputError

__all__ = [
    "REASON_NO_REPORT",
    "REASON_POPULATION_UNKNOWN",
    "REASON_POPULATION_ZERO",
    "REASON_TOTAL_UNKNOWN",
    "DailySeries",
    "UnitIndicators",
    "aggregate",
    "describe_reason",
    "indicators_as_of",
    "window_sums",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

REASON_POPULATION_UNKNOWN = "population_unknown"
REASON_POPULATION_ZERO = "population_zero"
REASON_NO_REPORT = "no_report"
REASON_TOTAL_UNKNOWN = "total_unknown"

_REASONS = {
    REASON_POPULATION_UNKNOWN: ("chưa có số dân", "population unknown"),
    REASON_POPULATION_ZERO: ("số dân bằng 0", "population is zero"),
    REASON_NO_REPORT: ("không có báo cáo nào trong cửa sổ", "no report in the window"),
    REASON_TOTAL_UNKNOWN: (
        "có ngày báo cáo thiếu tổng số ca",
        "a reported day lacks the total case count",
    ),
}


def describe_reason(code: str, lang: str = "vi") -> str:
    """Return a reason code (REASON_*) as a short phrase in `lang`."""
    vi, en = _REASONS.get(code, (code, code))
    return vi if lang == "vi" else en


@dataclass(frozen=True, eq=False)
class DailySeries:
    """Daily counts for several units, arrays shaped [units, days], NaN where no report came.

    A unit reported on a day when any of `total`, `community` or `quarantined` is known that
    day (`reported`). `community` NaN on a reported day means the split between community and
    quarantined cases is unknown that day; `total` NaN on a reported day, that the total is.
    `reporting` (children that reported, per unit and day) and `children` (per unit) are set
    on aggregates made by `aggregate` and are None on leaf units.
    """

    units: tuple[str, ...]
    start: date
    community: FloatArray
    quarantined: FloatArray
    total: FloatArray
    deaths: FloatArray
    severe: FloatArray
    reporting: IntArray | None = None
    children: IntArray | None = None

    def __post_init__(self) -> None:
        shape = (len(self.units), self.total.shape[-1] if self.total.ndim == 2 else -1)
        for name in ("community", "quarantined", "total", "deaths", "severe"):
            array = getattr(self, name)
            if array.shape != shape:
                raise InputError(
                    f"Mảng '{name}' có kích thước {array.shape}, cần {shape} (đơn vị x ngày).",
                    f"Array '{name}' has shape {array.shape}; expected {shape} (units x days).",
                )
        if len(set(self.units)) != len(self.units):
            raise InputError(
                "Danh sách đơn vị có mã bị lặp.", "The list of units repeats a unit code."
            )

    @classmethod
    def from_arrays(
        cls,
        units: Sequence[str],
        start: date,
        *,
        total: npt.ArrayLike | None = None,
        community: npt.ArrayLike | None = None,
        quarantined: npt.ArrayLike | None = None,
        deaths: npt.ArrayLike | None = None,
        severe: npt.ArrayLike | None = None,
    ) -> DailySeries:
        """Return a series from whichever arrays are known; absent ones are all NaN.

        Where `total` is NaN but community and quarantined are both known, the total is
        their sum; a day with only a total keeps its split unknown.
        """
        given = [a for a in (total, community, quarantined) if a is not None]
        if not given:
            raise InputError(
                "Cần ít nhất số ca tổng hoặc số ca cộng đồng.",
                "At least total or community case counts are needed.",
            )
        shape = np.asarray(given[0], dtype=np.float64).shape

        def as_array(values: npt.ArrayLike | None) -> FloatArray:
            if values is None:
                return np.full(shape, np.nan)
            return np.array(values, dtype=np.float64)

        comm, quar, tot = as_array(community), as_array(quarantined), as_array(total)
        derived = np.isnan(tot) & ~np.isnan(comm) & ~np.isnan(quar)
        tot[derived] = comm[derived] + quar[derived]
        return cls(tuple(units), start, comm, quar, tot, as_array(deaths), as_array(severe))

    @property
    def reported(self) -> npt.NDArray[np.bool_]:
        """Return [units, days]: True where the unit sent any case count that day."""
        return ~(np.isnan(self.total) & np.isnan(self.community) & np.isnan(self.quarantined))

    @property
    def days(self) -> int:
        """Return the number of days the arrays cover."""
        return int(self.total.shape[1])

    @property
    def end(self) -> date:
        """Return the last day covered."""
        return self.start + timedelta(days=self.days - 1)

    def day(self, index: int) -> date:
        """Return the date of day `index` (0 = `start`)."""
        return self.start + timedelta(days=index)

    def day_index(self, when: date) -> int:
        """Return the column of `when`; InputError if the series does not cover it."""
        index = (when - self.start).days
        if not 0 <= index < self.days:
            raise InputError(
                f"Ngày {when:%d/%m/%Y} nằm ngoài chuỗi số liệu "
                f"({self.start:%d/%m/%Y} - {self.end:%d/%m/%Y}).",
                f"{when.isoformat()} is outside the series "
                f"({self.start.isoformat()} to {self.end.isoformat()}).",
            )
        return index


def window_sums(
    array: FloatArray, window: int, at: Sequence[int] | IntArray | None = None
) -> tuple[FloatArray, IntArray]:
    """Return (sums, missing) of the trailing `window` days ending on each day of `array`.

    `array` is [units, days]; with `at`, only those day columns are returned ([units,
    len(at)]). `sums` skips NaN days and is NaN where every day of the window is missing;
    `missing` counts the missing days, days before the series start included.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    known = ~np.isnan(array)
    totals = np.cumsum(np.where(known, array, 0.0), axis=-1)
    counts = np.cumsum(known, axis=-1, dtype=np.int64)
    if at is None:
        # Slices, not gathers: a column gather over 10,000 x 365 costs ten times more.
        sums = totals.copy()
        sums[..., window:] -= totals[..., :-window]
        known_days = counts.copy()
        known_days[..., window:] -= counts[..., :-window]
    else:
        ends = np.asarray(at, dtype=np.int64)
        before = ends - window
        earlier = np.maximum(before, 0)
        sums = totals[..., ends] - np.where(before >= 0, totals[..., earlier], 0.0)
        known_days = counts[..., ends] - np.where(before >= 0, counts[..., earlier], 0)
    sums[known_days == 0] = np.nan
    return sums, window - known_days


def aggregate(series: DailySeries, parent_of: Mapping[str, str]) -> DailySeries:
    """Return the series summed to parent units (commune -> district -> province).

    A parent's day is missing only when none of its children reported; `reporting` then
    says how many did, so a reader can tell "3 of 12 communes reported" from a full count.
    A count (total, community, deaths, ...) is NaN for a day on which some child reported
    but did not give that count, so a partial sum is never passed off as complete.
    """
    orphans = [u for u in series.units if u not in parent_of]
    if orphans:
        shown = ", ".join(orphans[:5]) + (" ..." if len(orphans) > 5 else "")
        raise InputError(
            f"{len(orphans)} đơn vị chưa có đơn vị cấp trên: {shown}. Bổ sung vào danh mục.",
            f"{len(orphans)} units have no parent unit: {shown}. Add them to the directory.",
        )
    parents = sorted({parent_of[u] for u in series.units})
    position = {p: i for i, p in enumerate(parents)}
    parent_index = np.array([position[parent_of[u]] for u in series.units], dtype=np.int64)
    order = np.argsort(parent_index, kind="stable")
    starts = np.flatnonzero(np.diff(parent_index[order], prepend=-1))

    def group_sum(values: npt.NDArray[np.generic]) -> FloatArray:
        return np.asarray(np.add.reduceat(values[order], starts, axis=0), dtype=np.float64)

    reported = series.reported
    reporting = group_sum(reported.astype(np.int64)).astype(np.int64)

    def sub_count(values: FloatArray) -> FloatArray:
        known = ~np.isnan(values)
        summed = group_sum(np.nan_to_num(values))
        partial = group_sum((reported & ~known).astype(np.int64)) > 0
        summed[(group_sum(known.astype(np.int64)) == 0) | partial] = np.nan
        return summed

    return DailySeries(
        units=tuple(parents),
        start=series.start,
        community=sub_count(series.community),
        quarantined=sub_count(series.quarantined),
        total=sub_count(series.total),
        deaths=sub_count(series.deaths),
        severe=sub_count(series.severe),
        reporting=reporting,
        children=np.bincount(parent_index, minlength=len(parents)).astype(np.int64),
    )


@dataclass(frozen=True)
class UnitIndicators:
    """Indicators of one unit as of one date (None: cannot be computed, see the reason)."""

    unit_code: str
    as_of: date
    window_start: date
    window_end: date
    new_cases: float | None
    new_community_cases: float | None
    window_cases: float | None
    window_community_cases: float | None
    missing_days: list[date]
    previous_window_cases: float | None
    previous_missing_days: list[date]
    population: int | None
    population_estimated: bool
    per_100k_week: float | None
    per_100k_missing_reason: str | None
    week_on_week_change: float | None
    week_on_week_ratio: float | None
    doubling_days: float | None
    halving_days: float | None
    cumulative_cases: float | None
    cumulative_community_cases: float | None
    cumulative_deaths: float | None
    reporting_children: int | None
    children: int | None


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _doubling_or_halving(current: float, previous: float, window: int) -> tuple[float | None, ...]:
    """Return (doubling, halving) days from exponential growth between two windows."""
    if math.isnan(current) or math.isnan(previous) or current <= 0 or previous <= 0:
        return None, None
    if current == previous:
        return None, None
    days = window * math.log(2) / math.log(current / previous)
    return (days, None) if days > 0 else (None, -days)


def _window_columns(array: FloatArray, end: int, window: int) -> FloatArray:
    """Return the [units, window] slice ending at column `end`, NaN-padded before the start."""
    first = end - window + 1
    if end < 0:
        return np.full((array.shape[0], window), np.nan)
    if first >= 0:
        return array[:, first : end + 1]
    pad = np.full((array.shape[0], -first), np.nan)
    return np.concatenate([pad, array[:, : end + 1]], axis=1)


def _complete_sums(values: FloatArray, reported: FloatArray) -> FloatArray:
    """Return row sums over reported days; NaN if none reported or a reported day lacks a value."""
    gap = (~np.isnan(reported) & np.isnan(values)).any(axis=1)
    sums: FloatArray = np.asarray(np.nansum(values, axis=1), dtype=np.float64)
    sums[gap | np.isnan(reported).all(axis=1)] = np.nan
    return sums


def _sum_or_none(values: FloatArray) -> FloatArray:
    """Return row sums of the known values, NaN where none is known."""
    sums: FloatArray = np.asarray(np.nansum(values, axis=1), dtype=np.float64)
    sums[np.isnan(values).all(axis=1)] = np.nan
    return sums


def indicators_as_of(
    series: DailySeries,
    as_of: date,
    population: Mapping[str, int | None],
    window: int = 7,
    *,
    population_estimated: Collection[str] = (),
) -> list[UnitIndicators]:
    """Return one UnitIndicators per unit of `series`, as of `as_of`, in the series' order.

    Window sums cover the days that were reported; a sum is None when a reported day lacks
    the figure (a total, or the community/quarantined split), since it would be too low.
    `population_estimated` names the units whose population is an estimate; the flag is
    passed through so that whoever shows a rate can say so.
    """
    end = series.day_index(as_of)
    marks = np.where(series.reported, 1.0, np.nan)
    dates = [series.day(i) for i in range(end - window + 1, end + 1)]
    previous_dates = [d - timedelta(days=window) for d in dates]
    reported_now = _window_columns(marks, end, window)
    reported_before = _window_columns(marks, end - window, window)
    current_sum = _complete_sums(_window_columns(series.total, end, window), reported_now)
    previous_sum = _complete_sums(
        _window_columns(series.total, end - window, window), reported_before
    )
    community_sum = _complete_sums(_window_columns(series.community, end, window), reported_now)
    so_far = marks[:, : end + 1]
    cumulative = _complete_sums(series.total[:, : end + 1], so_far)
    cumulative_community = _complete_sums(series.community[:, : end + 1], so_far)
    cumulative_deaths = _sum_or_none(series.deaths[:, : end + 1])
    no_report = np.asarray(np.isnan(reported_now).all(axis=1), dtype=bool)
    estimated = set(population_estimated)

    results = []
    for u, code in enumerate(series.units):
        people = population.get(code)
        cases = _optional(current_sum[u])
        rate: float | None = None
        reason: str | None = None
        if people is None:
            reason = REASON_POPULATION_UNKNOWN
        elif people <= 0:
            reason = REASON_POPULATION_ZERO
        elif no_report[u]:
            reason = REASON_NO_REPORT
        elif cases is None:
            reason = REASON_TOTAL_UNKNOWN
        else:
            rate = cases * 100_000 / people * 7 / window
        before = _optional(previous_sum[u])
        change = None if cases is None or before is None else cases - before
        ratio = cases / before if cases is not None and before else None
        doubling, halving = _doubling_or_halving(current_sum[u], previous_sum[u], window)
        gaps_now = np.isnan(reported_now[u])
        gaps_before = np.isnan(reported_before[u])
        results.append(
            UnitIndicators(
                unit_code=code,
                as_of=as_of,
                window_start=dates[0],
                window_end=dates[-1],
                new_cases=_optional(series.total[u, end]),
                new_community_cases=_optional(series.community[u, end]),
                window_cases=cases,
                window_community_cases=_optional(community_sum[u]),
                missing_days=[d for d, gap in zip(dates, gaps_now, strict=True) if gap],
                previous_window_cases=before,
                previous_missing_days=[
                    d for d, gap in zip(previous_dates, gaps_before, strict=True) if gap
                ],
                population=people,
                population_estimated=code in estimated,
                per_100k_week=rate,
                per_100k_missing_reason=reason,
                week_on_week_change=change,
                week_on_week_ratio=ratio,
                doubling_days=doubling,
                halving_days=halving,
                cumulative_cases=_optional(cumulative[u]),
                cumulative_community_cases=_optional(cumulative_community[u]),
                cumulative_deaths=_optional(cumulative_deaths[u]),
                reporting_children=(
                    None if series.reporting is None else int(series.reporting[u, end])
                ),
                children=None if series.children is None else int(series.children[u]),
            )
        )
    return results
