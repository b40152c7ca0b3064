"""Answers the data officer's questions: indicators, R_t and levels of a province, as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.services.situation_series import (
    AreaSeries,
    ProvinceReads,
    area_from,
    load_area,
    load_capacity,
    load_coverage,
    population_of,
    reported_span,
)
from loa.situation.indicators import UnitIndicators, indicators_as_of
from loa.situation.levels import (
    BASIS_AGGREGATE,
    BASIS_OWN,
    Assessment,
    LevelDistribution,
    assess_series,
    level_distribution,
)
from loa.situation.rt import RtResult, estimate_rt
from loa.situation.rules import LevelRules

__all__ = [
    "LevelsView",
    "indicators_on",
    "level_history",
    "levels_dates",
    "levels_first_day",
    "levels_on",
    "rt_for_unit",
]


def _span_or_fail(session: Session) -> tuple[date, date]:
    span = reported_span(session)
    if span is None:
        raise InputError(
            "Chưa có số liệu ca bệnh. Hãy nhập bằng `loa situation import FILE`.",
            "There are no case reports yet. Import some with `loa situation import FILE`.",
        )
    return span


def indicators_on(
    session: Session, province_code: str, level: str, day: date, *, window: int = 7
) -> tuple[AreaSeries, list[UnitIndicators]]:
    """Return the indicators of every unit of `level` as of `day`, with the series behind them."""
    first, _ = _span_or_fail(session)
    start = min(first, day - timedelta(days=2 * window - 1))
    area = load_area(session, province_code, level, start, day)
    population, estimated = population_of(session, area, day)
    return area, indicators_as_of(
        area.series, day, population, window, population_estimated=estimated
    )


@dataclass(frozen=True, eq=False)
class LevelsView:
    """Levels of one level's units at weekly dates ending on `day`, with distributions below."""

    area: AreaSeries
    assessment: Assessment
    day: date
    distribution: list[LevelDistribution]


def _assess(
    session: Session,
    province_code: str,
    level: str,
    dates: list[date],
    rules: LevelRules,
    reads: ProvinceReads | None = None,
) -> tuple[AreaSeries, Assessment]:
    first = dates[0] - timedelta(days=rules.window_days - 1)
    area = (
        load_area(session, province_code, level, first, dates[-1])
        if reads is None
        else area_from(reads, level, first, dates[-1])
    )
    population, estimated = population_of(session, area, dates[-1])
    codes = list(area.series.units)
    assessment = assess_series(
        area.series,
        rules,
        population,
        dates=dates,
        population_estimated=estimated,
        coverage=load_coverage(session, codes, dates[-1]),
        capacity=load_capacity(session, codes, dates[-1]),
        basis=BASIS_OWN if level == "commune" else BASIS_AGGREGATE,
    )
    return area, assessment


def levels_dates(day: date, rules: LevelRules, *, weeks: int = 4) -> list[date]:
    """Return the weekly assessment dates `levels_on` uses, the last being `day`."""
    return [day - timedelta(days=rules.window_days * k) for k in range(weeks, -1, -1)]


def levels_first_day(day: date, rules: LevelRules, *, weeks: int = 4) -> date:
    """Return the first day of reports `levels_on` needs for `day`."""
    return levels_dates(day, rules, weeks=weeks)[0] - timedelta(days=rules.window_days - 1)


def levels_on(
    session: Session,
    province_code: str,
    level: str,
    day: date,
    rules: LevelRules,
    *,
    weeks: int = 4,
    reads: ProvinceReads | None = None,
) -> LevelsView:
    """Return every unit's level on `day`; earlier weekly assessments feed 'no lowering'.

    With `reads` (the province's reports, read up to `day` from `levels_first_day` or earlier),
    the store's daily reports are not read again.
    """
    dates = levels_dates(day, rules, weeks=weeks)
    area, assessment = _assess(session, province_code, level, dates, rules, reads)
    distribution: list[LevelDistribution] = []
    if level != "commune":
        communes, children = _assess(session, province_code, "commune", dates, rules, reads)
        parent_of = (
            communes.parent_of
            if level == "district"
            else dict.fromkeys(communes.units, province_code)
        )
        distribution = level_distribution(children, parent_of, day)
    return LevelsView(area, assessment, day, distribution)


def level_history(
    session: Session,
    province_code: str,
    level: str,
    rules: LevelRules,
    first: date | None,
    last: date | None,
) -> tuple[AreaSeries, Assessment]:
    """Return every unit's level at every weekly assessment between `first` and `last`."""
    span_first, span_last = _span_or_fail(session)
    start = first or span_first + timedelta(days=rules.window_days - 1)
    end = last or span_last
    if end < start:
        raise InputError("Khoảng ngày trống.", "The date range is empty.")
    dates = [
        start + timedelta(days=rules.window_days * k)
        for k in range((end - start).days // rules.window_days + 1)
    ]
    return _assess(session, province_code, level, dates, rules)


def rt_for_unit(
    session: Session,
    province_code: str,
    unit_code: str,
    si_distr: np.ndarray,
    *,
    window: int = 7,
    first: date | None = None,
    last: date | None = None,
    missing_as_zero: bool = False,
) -> tuple[RtResult, str]:
    """Return R_t of one unit's daily cases (all new cases count as local) and the series' basis."""
    span_first, span_last = _span_or_fail(session)
    start, end = first or span_first, last or span_last
    for level in ("commune", "district", "province"):
        area = load_area(session, province_code, level, start, end)
        if unit_code in area.series.units:
            break
    else:
        raise InputError(
            f"Đơn vị '{unit_code}' không thuộc tỉnh {province_code} hoặc không có trong danh mục.",
            f"Unit '{unit_code}' is not in province {province_code} or not in the directory.",
        )
    cases = area.series.total[area.series.units.index(unit_code)].copy()
    missing = np.flatnonzero(np.isnan(cases))
    if missing.size and not missing_as_zero:
        shown = ", ".join((start + timedelta(days=int(i))).isoformat() for i in missing[:5])
        more = f" (+{missing.size - 5})" if missing.size > 5 else ""
        raise InputError(
            f"Thiếu báo cáo {missing.size} ngày: {shown}{more}. R_t cần đủ mọi ngày: nhập bổ sung, "
            "chọn khoảng ngày khác (--from/--to) hoặc dùng --missing-as-zero nếu ngày thiếu thật sự không có ca.",
            f"{missing.size} days have no report: {shown}{more}. R_t needs every day: import them, "
            "choose other dates (--from/--to), or use --missing-as-zero if those days truly had no case.",
        )
    cases[np.isnan(cases)] = 0.0
    dates = [start + timedelta(days=i) for i in range(cases.shape[0])]
    result = estimate_rt(cases, si_distr=si_distr, window=window, dates=dates)
    if missing.size:
        result.warnings.append(
            f"{missing.size} ngày không có báo cáo được tính là 0 ca.\n"
            f"{missing.size} days without a report were counted as zero cases."
        )
    return result, area.basis[unit_code]
