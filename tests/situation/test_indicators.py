"""Indicators on [units, days] arrays: missing days stay missing, rates say why they are absent."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from loa.errors import InputError
from loa.situation.indicators import (
    REASON_POPULATION_UNKNOWN,
    REASON_POPULATION_ZERO,
    REASON_TOTAL_UNKNOWN,
    DailySeries,
    aggregate,
    indicators_as_of,
    window_sums,
)

NAN = float("nan")
START = date(2021, 6, 1)


def series(**rows: list[float]) -> DailySeries:
    return DailySeries.from_arrays(list(rows), START, total=np.array(list(rows.values())))


def test_window_sums_skip_missing_days_and_count_them() -> None:
    array = np.array([[1.0, NAN, 2.0, 3.0, NAN]])
    sums, missing = window_sums(array, 3)
    assert sums[0, 2] == 3.0 and missing[0, 2] == 1
    assert sums[0, 4] == 5.0 and missing[0, 4] == 1
    # Days before the series start are missing too.
    assert missing[0, 0] == 2


def test_window_sum_is_missing_when_every_day_is_missing() -> None:
    sums, missing = window_sums(np.array([[NAN, NAN, NAN, 4.0]]), 2)
    assert math.isnan(sums[0, 1]) and missing[0, 1] == 2
    assert sums[0, 3] == 4.0


def test_window_sums_at_chosen_days_match_the_full_run() -> None:
    rng = np.random.default_rng(3)
    array = rng.poisson(2.0, (5, 40)).astype(float)
    array[rng.random(array.shape) < 0.2] = NAN
    full_sums, full_missing = window_sums(array, 7)
    days = [0, 3, 6, 7, 20, 39]
    sums, missing = window_sums(array, 7, days)
    np.testing.assert_array_equal(sums, full_sums[:, days])
    np.testing.assert_array_equal(missing, full_missing[:, days])


def test_missing_days_are_named_and_not_counted_as_zero() -> None:
    s = series(a=[1, 1, 1, 1, 1, 1, 1, 2, NAN, 2, NAN, 2, 2, 2])
    (result,) = indicators_as_of(s, START + timedelta(days=13), {"a": 10_000})
    assert result.window_cases == 10
    assert result.missing_days == [START + timedelta(days=8), START + timedelta(days=10)]
    assert result.previous_missing_days == []


def test_rate_per_100k_per_week_and_week_on_week_change() -> None:
    s = series(a=[2] * 7 + [4] * 7)
    (result,) = indicators_as_of(s, START + timedelta(days=13), {"a": 20_000})
    assert result.per_100k_week == pytest.approx(28 * 100_000 / 20_000)
    assert result.week_on_week_change == 14
    assert result.week_on_week_ratio == 2
    assert result.doubling_days == pytest.approx(7)
    assert result.halving_days is None


def test_halving_time_when_cases_fall() -> None:
    s = series(a=[4] * 7 + [1] * 7)
    (result,) = indicators_as_of(s, START + timedelta(days=13), {"a": 1000})
    assert result.halving_days == pytest.approx(3.5)
    assert result.doubling_days is None


def test_doubling_time_undefined_from_zero() -> None:
    s = series(a=[0] * 7 + [5] * 7)
    (result,) = indicators_as_of(s, START + timedelta(days=13), {"a": 1000})
    assert result.doubling_days is None and result.halving_days is None
    assert result.week_on_week_ratio is None
    assert result.week_on_week_change == 35


def test_rate_is_absent_with_a_reason_when_population_unknown_or_zero() -> None:
    s = series(a=[1] * 7, b=[1] * 7)
    a, b = indicators_as_of(s, START + timedelta(days=6), {"a": None, "b": 0})
    assert a.per_100k_week is None and a.per_100k_missing_reason == REASON_POPULATION_UNKNOWN
    assert b.per_100k_week is None and b.per_100k_missing_reason == REASON_POPULATION_ZERO


def test_estimated_population_flag_is_passed_through() -> None:
    s = series(a=[1] * 7, b=[1] * 7)
    a, b = indicators_as_of(
        s, START + timedelta(days=6), {"a": 5, "b": 5}, population_estimated={"b"}
    )
    assert not a.population_estimated and b.population_estimated


def test_cumulative_totals_run_from_the_series_start() -> None:
    s = DailySeries.from_arrays(
        ["a"],
        START,
        community=[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
        quarantined=[[0, 1, 0, 1, 0, 1, 0, 1, 0, 1]],
        deaths=[[NAN, NAN, 1, NAN, NAN, NAN, NAN, NAN, NAN, 1]],
    )
    (result,) = indicators_as_of(s, START + timedelta(days=8), {"a": 100})
    assert result.cumulative_cases == sum(range(1, 10)) + 4
    assert result.cumulative_community_cases == sum(range(1, 10))
    assert result.cumulative_deaths == 1
    assert result.new_cases == 9 and result.new_community_cases == 9


def test_community_sum_is_unknown_when_a_day_has_only_a_total() -> None:
    s = DailySeries.from_arrays(
        ["a"], START, total=[[3, 3, 3, 3, 3, 3, 3]], community=[[1, 1, 1, NAN, 1, 1, 1]]
    )
    (result,) = indicators_as_of(s, START + timedelta(days=6), {"a": 100})
    assert result.window_cases == 21
    assert result.window_community_cases is None


def test_date_outside_the_series_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        indicators_as_of(series(a=[1, 2]), START + timedelta(days=5), {"a": 1})
    assert "outside" in caught.value.en and "ngoài" in caught.value.vi


def test_parent_day_is_missing_only_when_no_child_reported() -> None:
    s = series(c1=[1, NAN, NAN], c2=[2, 5, NAN], c3=[NAN, NAN, NAN])
    parents = aggregate(s, {"c1": "d", "c2": "d", "c3": "d"})
    assert parents.units == ("d",)
    assert parents.total[0, 0] == 3 and parents.total[0, 1] == 5
    assert math.isnan(parents.total[0, 2])
    assert parents.reporting is not None and parents.children is not None
    assert list(parents.reporting[0]) == [2, 1, 0]
    assert parents.children[0] == 3


def test_parent_community_count_is_unknown_when_a_reporting_child_gave_only_a_total() -> None:
    s = DailySeries.from_arrays(
        ["c1", "c2"],
        START,
        total=[[4, 4], [6, 6]],
        community=[[1, 1], [NAN, 2]],
    )
    parents = aggregate(s, {"c1": "d", "c2": "d"})
    assert math.isnan(parents.community[0, 0])
    assert parents.community[0, 1] == 3
    assert list(parents.total[0]) == [10, 10]


def test_aggregation_groups_children_by_parent_whatever_their_order() -> None:
    s = series(x=[1], y=[10], z=[100])
    parents = aggregate(s, {"x": "B", "y": "A", "z": "B"})
    assert parents.units == ("A", "B")
    assert list(parents.total[:, 0]) == [10, 101]


def test_unit_without_a_parent_is_reported() -> None:
    with pytest.raises(InputError) as caught:
        aggregate(series(x=[1], y=[2]), {"x": "d"})
    assert "y" in caught.value.en and "y" in caught.value.vi


def test_a_day_with_only_community_cases_is_reported_but_leaves_the_total_unknown() -> None:
    s = DailySeries.from_arrays(
        ["a"], START, community=[[1, 1, 1, 1, 1, 1, 1]], quarantined=[[0, 0, 0, NAN, 0, 0, 0]]
    )
    (result,) = indicators_as_of(s, START + timedelta(days=6), {"a": 100})
    assert result.missing_days == []
    assert result.window_community_cases == 7
    assert result.window_cases is None and result.per_100k_missing_reason == REASON_TOTAL_UNKNOWN
    assert result.cumulative_cases is None


def test_parent_total_is_unknown_when_a_reporting_child_gave_no_total() -> None:
    s = DailySeries.from_arrays(["c1", "c2"], START, community=[[2], [3]], quarantined=[[1], [NAN]])
    parents = aggregate(s, {"c1": "d", "c2": "d"})
    assert parents.community[0, 0] == 5
    assert math.isnan(parents.total[0, 0])
    assert parents.reporting is not None and parents.reporting[0, 0] == 2
