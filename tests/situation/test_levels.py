"""Levels from figures and rules: bands, matrix, target, capacity, history and reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from loa.errors import ConfigError
from loa.situation.indicators import DailySeries, aggregate
from loa.situation.levels import (
    BASIS_AGGREGATE,
    BASIS_CHILDREN,
    CapacitySnapshot,
    CoverageSnapshot,
    assess,
    assess_series,
    assumption_text,
    figures_from_series,
    level_changes,
    level_distribution,
)
from loa.situation.rules import RULE_KEYS, LevelRules, list_presets, load_rules

START = date(2021, 6, 1)
WEEK1 = START + timedelta(days=6)
WEEK2 = WEEK1 + timedelta(days=7)
QD4800 = load_rules("qd4800-2021")
# The bare 4800 rules: bands and matrix only, so a test sees one step at a time.
BARE = replace(QD4800, high_risk_target=None, capacity_failed="ignore")


def weekly(cases: dict[str, list[float]]) -> DailySeries:
    """Return a series with the given community cases per week, all on each week's first day."""
    weeks = max(len(v) for v in cases.values())
    rows = np.zeros((len(cases), weeks * 7))
    for u, per_week in enumerate(cases.values()):
        rows[u, ::7][: len(per_week)] = per_week
    return DailySeries.from_arrays(
        list(cases), START, community=rows, quarantined=np.zeros_like(rows)
    )


def covered(units: list[str], share: float = 0.9, **shares: float) -> list[CoverageSnapshot]:
    values = {"dose1_18plus_share": share, "full_18plus_share": share, "full_50plus_share": share}
    values.update(shares)
    return [CoverageSnapshot(u, START, **values) for u in units]  # type: ignore[arg-type]


def test_band_edges_follow_the_thresholds_20_50_150() -> None:
    # 100,000 people: cases equal the incidence per 100,000.
    incidences = {"a": 19.99, "b": 20, "c": 49.99, "d": 50, "e": 149.99, "f": 150}
    s = DailySeries.from_arrays(
        list(incidences),
        START,
        community=[[v] + [0] * 6 for v in incidences.values()],
        quarantined=np.zeros((6, 7)),
    )
    result = assess_series(
        s, BARE, dict.fromkeys(incidences, 100_000), coverage=covered(list(incidences))
    )
    assert list(result.band[:, 0]) == [1, 2, 2, 3, 3, 4]
    assert list(result.level[:, 0]) == [1, 2, 2, 3, 3, 4]


def test_a_rate_exactly_on_an_edge_is_not_lost_to_rounding() -> None:
    result = assess_series(weekly({"a": [4]}), BARE, {"a": 20_000}, coverage=covered(["a"]))
    assert result.band[0, 0] == 2


def test_edge_can_belong_to_the_lower_band() -> None:
    rules = replace(BARE, band_edge="lower")
    result = assess_series(
        weekly({"a": [20], "b": [21]}),
        rules,
        {"a": 100_000, "b": 100_000},
        coverage=covered(["a", "b"]),
    )
    assert list(result.band[:, 0]) == [1, 2]


def test_coverage_below_the_cutoff_takes_the_second_matrix_column() -> None:
    rules = replace(BARE, matrix={1: (1, 2), 2: (2, 4), 3: (3, 4), 4: (4, 4)})
    s = weekly({"low": [30], "high": [30]})
    snaps = [
        CoverageSnapshot("low", START, dose1_18plus_share=0.69),
        CoverageSnapshot("high", START, dose1_18plus_share=0.70),
    ]
    result = assess_series(s, rules, {"low": 100_000, "high": 100_000}, coverage=snaps)
    assert list(result.level[:, 0]) == [4, 2]


def test_missing_the_high_risk_target_raises_by_one_but_not_above_four_nor_without_cases() -> None:
    rules = replace(QD4800, capacity_failed="ignore")
    s = weekly({"mid": [30], "top": [200], "none": [0], "met": [30]})
    snaps = covered(["mid", "top", "none"], full_50plus_share=0.5) + covered(
        ["met"], full_50plus_share=0.8
    )
    result = assess_series(
        s, rules, dict.fromkeys(["mid", "top", "none", "met"], 100_000), coverage=snaps
    )
    assert list(result.level[:, 0]) == [3, 4, 1, 2]
    reasons = result.explain("top", 0, lang="en")
    assert any("not above the top level 4" in r for r in reasons)
    assert any("no new cases" in r for r in result.explain("none", 0, lang="en"))


def test_failed_capacity_blocks_lowering_below_the_previous_assessment() -> None:
    s = weekly({"failed": [200, 0], "met": [200, 0]})
    capacity = [
        CapacitySnapshot("failed", START, met=False),
        CapacitySnapshot("met", START, met=True),
    ]
    rules = replace(QD4800, high_risk_target=None)
    result = assess_series(
        s,
        rules,
        {"failed": 100_000, "met": 100_000},
        coverage=covered(["failed", "met"]),
        capacity=capacity,
    )
    assert list(result.level[:, 1]) == [4, 1]
    held = " ".join(result.explain("failed", WEEK2, lang="en"))
    assert "stays at 4 instead of 1" in held


def test_no_lowering_compares_with_the_assessment_one_window_earlier() -> None:
    s = weekly({"a": [0, 0]})
    rules = replace(BARE, capacity_failed="no_lowering")
    capacity = [CapacitySnapshot("a", START, met=False)]
    result = assess_series(
        s, rules, {"a": 100_000}, coverage=covered(["a"]), capacity=capacity, previous={"a": 3}
    )
    assert list(result.level[0]) == [3, 3]


def test_missing_population_gives_no_level_and_says_why() -> None:
    result = assess_series(weekly({"a": [10]}), QD4800, {"a": None})
    record = result.unit_level("a", WEEK1)
    assert record.level is None and record.incidence_per_100k is None and record.band is None
    assert any("số dân" in r for r in record.reasons)
    assert any("population" in r for r in result.explain("a", WEEK1, lang="en"))


def test_unknown_coverage_uses_the_rules_file_assumption_and_says_so() -> None:
    s = weekly({"a": [1]})
    below = assess_series(s, BARE, {"a": 100_000})
    above = assess_series(s, replace(BARE, when_coverage_unknown="above"), {"a": 100_000})
    assert below.level[0, 0] == 2 and above.level[0, 0] == 1
    text = " ".join(below.explain("a", 0))
    assert "giả định độ bao phủ dưới ngưỡng" in text and "Chưa có số liệu" in text
    assert "when_coverage_unknown" not in text


def test_only_snapshots_on_or_before_the_assessment_date_count() -> None:
    s = weekly({"a": [1, 1, 1]})
    snaps = [
        CoverageSnapshot("a", START, dose1_18plus_share=0.5),
        CoverageSnapshot("a", WEEK2, dose1_18plus_share=0.9),
        CoverageSnapshot("a", WEEK2 - timedelta(days=1), dose1_18plus_share=0.6),
    ]
    result = assess_series(s, BARE, {"a": 100_000}, coverage=snaps)
    assert list(result.coverage_value[0]) == [0.5, 0.9, 0.9]
    assert list(result.level[0]) == [2, 1, 1]


def test_a_change_takes_effect_48_hours_after_the_assessment() -> None:
    result = assess_series(
        weekly({"a": [200, 0], "b": [0, 0]}),
        BARE,
        {"a": 100_000, "b": 100_000},
        coverage=covered(["a", "b"]),
    )
    (change,) = level_changes(result)
    assert (change.unit_code, change.previous_level, change.level) == ("a", 4, 1)
    assert change.assessed_on == WEEK2
    assert change.effective_from == WEEK2 + timedelta(days=2)
    (later,) = level_changes(result, announce_lag_hours=72)
    assert later.effective_from == WEEK2 + timedelta(days=3)


def test_reasons_give_the_figures_with_vietnamese_number_format() -> None:
    result = assess_series(weekly({"a": [1234]}), BARE, {"a": 123_456}, coverage=covered(["a"]))
    vi = " ".join(result.explain("a", 0))
    en = " ".join(result.explain("a", 0, lang="en"))
    assert "1.234 ca" in vi and "123.456" in vi and "999,5" in vi and "90%" in vi
    assert "1,234" in en and "123,456" in en and "999.5" in en
    assert "cấp 4" in vi and "màu đỏ" in vi


def test_totals_stand_in_when_the_split_is_unknown_and_the_reasons_say_so() -> None:
    s = DailySeries.from_arrays(["a"], START, total=[[30, 0, 0, 0, 0, 0, 0]])
    result = assess_series(s, BARE, {"a": 100_000}, coverage=covered(["a"]))
    assert result.band[0, 0] == 2 and bool(result.figures.cases_are_totals[0, 0])
    assert any("total stands in" in r for r in result.explain("a", 0, lang="en"))


def test_community_counts_are_used_where_known_and_totals_elsewhere() -> None:
    nan = float("nan")
    s = DailySeries.from_arrays(
        ["a"],
        START,
        total=[[nan, 10, nan, nan, nan, nan, nan]],
        community=[[5, nan, 1, nan, nan, nan, nan]],
    )
    result = assess_series(s, BARE, {"a": 100_000}, coverage=covered(["a"]))
    assert result.figures.cases[0, 0] == 16 and bool(result.figures.cases_are_totals[0, 0])
    assert result.figures.missing_days[0, 0] == 4


def test_a_window_without_any_report_gets_no_level() -> None:
    s = DailySeries.from_arrays(["a"], START, total=[[float("nan")] * 7])
    result = assess_series(s, BARE, {"a": 100_000})
    assert result.level[0, 0] == 0
    assert any("No report" in r for r in result.explain("a", 0, lang="en"))


def test_qd218_deaths_raise_and_level_four_needs_more_than_600() -> None:
    rules = load_rules("qd218-2022")
    s = DailySeries.from_arrays(
        ["dead", "high", "over"],
        START,
        community=[[10] + [0] * 6, [600] + [0] * 6, [601] + [0] * 6],
        quarantined=np.zeros((3, 7)),
        deaths=[[7] + [0] * 6, [0] * 7, [0] * 7],
    )
    result = assess_series(
        s,
        rules,
        dict.fromkeys(["dead", "high", "over"], 100_000),
        coverage=covered(["dead", "high", "over"]),
    )
    assert list(result.level[:, 0]) == [2, 3, 4]
    assert any("Level 4 needs more than 600" in r for r in result.explain("high", 0, lang="en"))


def test_qd218_capacity_matrix_known_cells() -> None:
    rules = load_rules("qd218-2022")
    s = weekly({"two": [30], "three": [60]})
    capacity = [
        CapacitySnapshot("two", START, grade="medium"),
        CapacitySnapshot("three", START, grade="high"),
    ]
    result = assess_series(
        s,
        rules,
        {"two": 100_000, "three": 100_000},
        coverage=covered(["two", "three"]),
        capacity=capacity,
    )
    assert list(result.after_deaths[:, 0]) == [2, 3]
    assert list(result.level[:, 0]) == [2, 2]


def test_district_gets_its_communes_distribution_and_its_own_aggregate_level() -> None:
    s = weekly({"c1": [200], "c2": [0], "c3": [0]})
    parents = {"c1": "d", "c2": "d", "c3": "d"}
    communes = assess_series(
        s, BARE, dict.fromkeys(parents, 100_000), coverage=covered(list(parents))
    )
    (spread,) = level_distribution(communes, parents, 0)
    assert spread.counts == {1: 2, 4: 1} and spread.highest == 4 and spread.basis == BASIS_CHILDREN
    district = assess_series(
        aggregate(s, parents), BARE, {"d": 300_000}, coverage=covered(["d"]), basis=BASIS_AGGREGATE
    )
    record = district.unit_level("d", 0)
    assert record.basis == BASIS_AGGREGATE and record.level == 3
    assert record.incidence_per_100k == pytest.approx(200 / 3)


def test_both_presets_load_with_source_and_unconfirmed_cells() -> None:
    assert {"qd4800-2021", "qd218-2022"} <= set(list_presets())
    assert "4800/QĐ-BYT" in QD4800.source and QD4800.unconfirmed
    qd218 = load_rules("qd218-2022")
    assert "218/QĐ-BYT" in qd218.source and qd218.unconfirmed
    assert qd218.capacity_matrix is not None
    assert (
        qd218.capacity_matrix.levels[2]["medium"] == 2
        and qd218.capacity_matrix.levels[3]["high"] == 2
    )


GOOD = """\
name: example
window_days: 7
incidence_bands: [20, 50, 150]      # new community cases per 100k per window -> band 1..4
coverage: {indicator: dose1_18plus_share, cutoff: 0.70}
matrix: {1: [1, 2], 2: [2, 3], 3: [3, 4], 4: [4, 4]}
high_risk_target: {indicator: full_50plus_share, min: 0.80, raise_by: 1, skip_when_no_cases: true}
capacity_failed: no_lowering        # the level may not fall below the previous assessment's
max_level: 4
"""


def test_the_issue_schema_is_accepted_as_written(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(GOOD, encoding="utf-8")
    rules = load_rules(path)
    assert isinstance(rules, LevelRules)
    assert rules.matrix[2] == (2, 3) and rules.capacity_failed == "no_lowering"
    assert rules.high_risk_target is not None and rules.high_risk_target.minimum == 0.8


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("[20, 50, 150]", "[20, 150, 50]", "incidence_bands", "increase"),
        ("4: [4, 4]}", "}", "matrix", "one row per band"),
        ("3: [3, 4]", "3: [3, 5]", "matrix.3[1]", "1..4"),
        ("cutoff: 0.70", "cutoff: 70", "coverage.cutoff", "0.70"),
        ("max_level: 4", "max_level: 4\nwindow_dayz: 7", "(top level)", "window_dayz"),
        (
            "indicator: dose1_18plus_share",
            "indicator: dose1",
            "coverage.indicator",
            "dose1_18plus_share",
        ),
    ],
)
def test_bad_rules_name_the_file_the_key_and_what_is_expected(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    error = caught.value
    assert error.where.file == str(path) and error.where.column == key
    assert key in error.en and key in error.vi and words in error.en


def test_bad_key_error_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("max_level: 4", "max_level: four"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert caught.value.where.line == 8


def test_broken_yaml_syntax_is_a_config_error_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(GOOD.replace("matrix: {1:", "matrix: {1: [1,"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert caught.value.where.line is not None and "YAML" in caught.value.en


def test_unknown_rules_name_lists_the_presets() -> None:
    with pytest.raises(ConfigError) as caught:
        load_rules("qd9999")
    assert "qd4800-2021" in caught.value.en and "qd4800-2021" in caught.value.vi


def test_national_scale_assessment_gives_every_commune_a_level_every_week() -> None:
    # Speed is measured in bench/situation.py, not here.
    rng = np.random.default_rng(7)
    units = [f"x{i}" for i in range(10_599)]
    days = 52 * 7
    cases = rng.poisson(0.5, (len(units), days)).astype(float)
    s = DailySeries.from_arrays(units, START, community=cases, quarantined=np.zeros_like(cases))
    dates = [START + timedelta(days=6 + 7 * w) for w in range(52)]
    figures = figures_from_series(s, dates, 7, {u: 10_000 for u in units})
    result = assess(figures, QD4800)
    assert result.level.shape == (10_599, 52) and (result.level > 0).all()
    # Poisson(0.5) a day in 10,000 people is 35 per 100k a week: band 2 on average.
    assert set(np.unique(result.level)) <= {1, 2, 3, 4} and (result.level >= 2).mean() > 0.5


DOCS = Path(__file__).resolve().parents[2] / "docs" / "levels.md"


def test_every_rules_key_and_preset_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [k for k in sorted(RULE_KEYS) if f"`{k}`" not in text]
    missing += [p for p in list_presets() if f"`{p}`" not in text]
    assert missing == []


def test_worked_example_in_the_docs_matches_the_code() -> None:
    nan = float("nan")
    start = date(2021, 10, 18)
    community = [[3, 5, nan, 4, 6, 2, 5, 1, 0, 0, 1, 0, 0, 0]]
    s = DailySeries.from_arrays(["10030"], start, community=community, quarantined=[[1] * 14])
    result = assess_series(
        s,
        QD4800,
        {"10030": 12_345},
        coverage=[
            CoverageSnapshot(
                "10030", date(2021, 10, 20), dose1_18plus_share=0.652, full_50plus_share=0.75
            )
        ],
        capacity=[CapacitySnapshot("10030", date(2021, 10, 1), met=False)],
    )
    text = DOCS.read_text(encoding="utf-8")
    for lang in ("vi", "en"):
        for line in result.explain("10030", date(2021, 10, 31), lang):
            assert line in text


def test_a_level_on_assumed_coverage_is_provisional_and_says_which_input() -> None:
    s = weekly({"guessed": [1], "known": [1]})
    result = assess_series(
        s,
        BARE,
        {"guessed": 100_000, "known": 100_000},
        coverage=covered(["known"]),
        population_estimated={"known"},
    )
    guessed, known = result.at(WEEK1)
    assert (guessed.level, guessed.provisional, guessed.assumptions) == (
        2,
        True,
        ("coverage_unknown",),
    )
    assert (known.provisional, known.assumptions) == (True, ("population_estimated",))
    assert assumption_text(guessed.assumptions) == "tạm tính, chưa có số liệu tiêm chủng"
    assert assumption_text(guessed.assumptions, "en") == "provisional, no vaccination data yet"


def test_a_level_on_known_inputs_is_not_provisional() -> None:
    result = assess_series(weekly({"a": [30]}), BARE, {"a": 100_000}, coverage=covered(["a"]))
    record = result.unit_level("a", WEEK1)
    assert record.level == 2 and not record.provisional and record.assumptions == ()
    assert not result.provisional.any()


def test_no_level_is_never_provisional() -> None:
    result = assess_series(weekly({"a": [10]}), BARE, {"a": None})
    assert not result.unit_level("a", WEEK1).provisional
