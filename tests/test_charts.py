"""Charts: gaps for missing days, the R_t band between its bounds, Vietnamese numbers."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from loa.charts import interval_chart_svg, line_chart_svg, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}
DAYS = [date(2021, 5, 1) + timedelta(days=i) for i in range(10)]


def _numbers(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


def test_a_missing_day_breaks_the_line_instead_of_dropping_to_zero() -> None:
    values: list[float | None] = [5, 6, 7, None, 9, 10, 11, 12, 13, 14]
    root = ET.fromstring(line_chart_svg(DAYS, {"ca": values}, title="t", y_label="ca"))
    segments = root.findall(".//s:g[@class='series']/s:path", NS)
    assert [len(_numbers(s.get("d") or "")) for s in segments] == [3, 6]
    # The lowest point drawn is the smallest value (5), not a zero at the baseline.
    baseline = max(y for s in segments for _, y in _numbers(s.get("d") or ""))
    five = _numbers(segments[0].get("d") or "")[0][1]
    assert baseline == five


def test_missing_day_gets_no_bar_but_a_no_data_mark() -> None:
    values: list[float | None] = [1, 2, None, 4, 5, 6, 7, 8, 9, 10]
    root = ET.fromstring(line_chart_svg(DAYS, {"ca": values}, title="t", y_label="ca", bars="ca"))
    bars = root.findall(".//s:g[@class='bars']/s:rect", NS)
    real = [b for b in bars if b.get("class") != "missing"]
    missing = [b for b in bars if b.get("class") == "missing"]
    assert len(real) == 9
    assert len(missing) == 1
    assert "không có số liệu" in (missing[0].findtext("s:title", namespaces=NS) or "")
    assert "ngày 03 tháng 5 năm 2021" in (missing[0].findtext("s:title", namespaces=NS) or "")


def test_isolated_value_is_shown_as_a_dot() -> None:
    values: list[float | None] = [None, None, 4, None, None, None, None, None, None, None]
    root = ET.fromstring(line_chart_svg(DAYS, {"ca": values}, title="t", y_label="ca"))
    assert len(root.findall(".//s:g[@class='series']/s:circle", NS)) == 1


def test_axis_numbers_and_description_are_vietnamese() -> None:
    values: list[float | None] = [1200.0, 2500.5, 3100, 900, 0, 0, 0, 0, 0, 0]
    svg = line_chart_svg(DAYS, {"Ca mới": values}, title="t", y_label="Số ca")
    root = ET.fromstring(svg)
    ticks = [t.text for t in root.iterfind(".//s:text[@class='y-tick']", NS)]
    assert "1.000" in ticks and "3.000" in ticks
    desc = root.findtext("s:desc", namespaces=NS) or ""
    assert "cao nhất 3.100,0 (ngày 03 tháng 5 năm 2021)" in desc
    assert "Từ ngày 01 tháng 5 năm 2021 đến ngày 10 tháng 5 năm 2021" in desc
    assert next(t.text for t in root.iterfind(".//s:text[@class='x-tick']", NS)) == "01/05"


def test_series_differ_by_dash_not_only_colour() -> None:
    series: dict[str, list[float | None]] = {"a": [1.0] * 10, "b": [2.0] * 10}
    root = ET.fromstring(line_chart_svg(DAYS, series, title="t", y_label="y"))
    paths = root.findall(".//s:g[@class='series']/s:path", NS)
    assert paths[0].get("stroke-dasharray") != paths[1].get("stroke-dasharray")
    names = [t.text for t in root.iterfind(".//s:g[@class='legend-item']/s:text", NS)]
    assert names == ["a", "b"]


def test_series_of_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="3 values for 10 dates"):
        line_chart_svg(DAYS, {"a": [1.0, 2.0, 3.0]}, title="t", y_label="y")


def _band_and_scale(svg: str) -> tuple[list[tuple[float, float]], dict[str, float]]:
    root = ET.fromstring(svg)
    band = root.find(".//s:path[@class='band']", NS)
    assert band is not None
    ticks = {
        t.text or "": float(t.get("y") or 0) - 4
        for t in root.iterfind(".//s:text[@class='y-tick']", NS)
    }
    return _numbers(band.get("d") or ""), ticks


def test_band_covers_lower_to_upper_and_mean_lies_inside() -> None:
    mean = [1.0] * 10
    lower = [0.5] * 10
    upper = [2.0] * 10
    svg = interval_chart_svg(DAYS, mean, lower, upper, title="R_t")  # type: ignore[arg-type]
    band, ticks = _band_and_scale(svg)
    ys = sorted({round(y, 1) for _, y in band})
    # y of 2.0 and of 0.5 (half-way between the 0 and 1 ticks) bound the band.
    assert ys[0] == pytest.approx(ticks["2,0"], abs=0.2)
    zero, one = ticks["0,0"], ticks["1,0"]
    assert ys[-1] == pytest.approx((zero + one) / 2, abs=0.2)
    root = ET.fromstring(svg)
    ref = root.find(".//s:line[@class='reference']", NS)
    assert ref is not None and float(ref.get("y1") or 0) == pytest.approx(one, abs=0.2)


def test_band_has_gaps_where_a_bound_is_missing() -> None:
    mean: list[float | None] = [1.2] * 10
    lower: list[float | None] = [0.9, 0.9, 0.9, None, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    upper: list[float | None] = [1.5] * 10
    root = ET.fromstring(interval_chart_svg(DAYS, mean, lower, upper, title="R_t"))
    assert len(root.findall(".//s:path[@class='band']", NS)) == 2


def test_reference_line_is_in_range_even_when_r_stays_low() -> None:
    mean: list[float | None] = [0.3] * 10
    svg = interval_chart_svg(DAYS, mean, [0.2] * 10, [0.4] * 10, title="R_t")  # type: ignore[arg-type]
    root = ET.fromstring(svg)
    ticks = [
        float((t.text or "0").replace(",", "."))
        for t in root.iterfind(".//s:text[@class='y-tick']", NS)
    ]
    assert max(ticks) >= 1.0
    assert "R = 1" in svg


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    ticks = nice_ticks(0, 3100)
    assert ticks[0] <= 0 and ticks[-1] >= 3100
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() in {500, 1000}
