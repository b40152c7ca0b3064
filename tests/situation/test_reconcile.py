"""One figure per unit, day and measure from several sources, and the conflicts between them."""

from __future__ import annotations

from datetime import date

import numpy as np

from loa.situation.reconcile import MEASURES, Resolution, reconcile

START = date(2021, 12, 13)
NAN = np.nan


def _source(total: list[float]) -> dict[str, np.ndarray]:
    """One unit's figures over len(total) days: totals only, other measures unknown."""
    days = len(total)
    found = {m: np.full((1, days), NAN) for m in MEASURES}
    found["total"] = np.array([total], dtype=np.float64)
    return found


def test_first_source_in_precedence_wins_and_a_disagreement_is_a_conflict() -> None:
    own = {"national_portal": _source([17, 11]), "province_series": _source([17, 12])}
    result = reconcile(["24"], START, 2, own)
    assert result.values["total"].tolist() == [[17.0, 12.0]]
    assert result.source_of("total", 0, 1) == "province_series"
    [conflict] = result.conflicts
    assert (conflict.unit_code, conflict.day, conflict.measure) == (
        "24",
        date(2021, 12, 14),
        "total",
    )
    assert conflict.values == {"national_portal": 11.0, "province_series": 12.0}
    assert conflict.kind == "sources_differ" and not conflict.resolved


def test_a_declared_precedence_changes_which_source_is_used() -> None:
    own = {"national_portal": _source([11]), "province_series": _source([12])}
    result = reconcile(["24"], START, 1, own, precedence=("national_portal", "province_series"))
    assert result.values["total"].tolist() == [[11.0]]


def test_a_full_sum_of_communes_comes_before_the_portal() -> None:
    summed = _source([30, 44])
    result = reconcile(
        ["24"],
        START,
        2,
        {"national_portal": _source([30, 11])},
        children_sum=summed,
        children_full=np.array([[True, True]]),
    )
    assert result.values["total"].tolist() == [[30.0, 44.0]]
    [conflict] = result.conflicts
    assert conflict.values == {"commune_reports": 44.0, "national_portal": 11.0}
    assert conflict.chosen == "commune_reports"


def test_a_figure_below_a_partial_sum_of_its_communes_is_a_conflict() -> None:
    result = reconcile(
        ["24"],
        START,
        2,
        {"national_portal": _source([50, 11])},
        children_sum=_source([30, 44]),
        children_full=np.array([[False, False]]),
        children_reporting=(np.array([[1, 1]]), np.array([209])),
    )
    # The partial sum is not the province's figure while another source has one.
    assert result.values["total"].tolist() == [[50.0, 11.0]]
    [conflict] = result.conflicts
    assert conflict.kind == "below_children" and conflict.day == date(2021, 12, 14)
    assert conflict.children_reporting == "1/209"
    assert "thấp hơn tổng" in conflict.message("vi") and "below the sum" in conflict.message("en")


def test_a_partial_sum_is_the_figure_only_where_no_source_has_one() -> None:
    result = reconcile(
        ["24"],
        START,
        2,
        {},
        children_sum=_source([3, NAN]),
        children_full=np.array([[False, False]]),
    )
    assert np.isnan(result.values["total"][0, 1]) and result.values["total"][0, 0] == 3.0
    assert result.conflicts == []


def test_a_resolution_picks_its_source_while_the_values_stand_and_new_data_reopens_it() -> None:
    own = {"national_portal": _source([11]), "province_series": _source([12])}
    chosen = Resolution(
        "24",
        START,
        "total",
        "national_portal",
        {"national_portal": 11.0, "province_series": 12.0},
        "data",
        "Cổng quốc gia đã đối chiếu",
    )
    found = {("24", START, "total"): chosen}
    result = reconcile(["24"], START, 1, own, resolutions=found)
    assert result.values["total"].tolist() == [[11.0]]
    assert result.conflicts[0].resolved and result.conflicts[0].chosen == "national_portal"
    changed = {"national_portal": _source([11]), "province_series": _source([13])}
    reopened = reconcile(["24"], START, 1, changed, resolutions=found)
    assert reopened.values["total"].tolist() == [[13.0]]
    assert not reopened.conflicts[0].resolved


def test_sources_that_agree_make_no_conflict_and_unknown_is_not_zero() -> None:
    own = {"national_portal": _source([11, NAN]), "province_series": _source([11, NAN])}
    result = reconcile(["24"], START, 2, own)
    assert result.conflicts == []
    assert result.values["total"][0, 0] == 11.0 and np.isnan(result.values["total"][0, 1])
    assert result.source_of("total", 0, 1) is None
