"""Sentences that explain a unit's epidemic level, step by step, in Vietnamese or English.

Built on request from an `Assessment`'s stored steps, so bulk runs never pay for them.
Vietnamese text writes numbers the Vietnamese way (1.234,5) and dates as 07/06/2021.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, timedelta

from loa.formatting import format_figure
from loa.situation.level_data import AssessmentSteps
from loa.situation.rules import CAPACITY_GRADES

__all__ = [
    "LEVEL_NAMES",
    "explain_unit",
    "format_date",
    "format_number",
    "format_share",
    "rules_title",
]

# Resolution 128/NQ-CP: risk and colour of each level.
LEVEL_NAMES = {
    1: (("nguy cơ thấp (bình thường mới)", "xanh"), ("low risk (new normal)", "green")),
    2: (("nguy cơ trung bình", "vàng"), ("medium risk", "yellow")),
    3: (("nguy cơ cao", "cam"), ("high risk", "orange")),
    4: (("nguy cơ rất cao", "đỏ"), ("very high risk", "red")),
}

_INDICATORS = {
    "dose1_18plus_share": (
        "tỷ lệ người từ 18 tuổi trở lên đã tiêm ít nhất 1 mũi",
        "share of people aged 18+ with at least one dose",
    ),
    "full_18plus_share": (
        "tỷ lệ người từ 18 tuổi trở lên đã tiêm đủ liều",
        "share of people aged 18+ fully vaccinated",
    ),
    "full_50plus_share": (
        "tỷ lệ người từ 50 tuổi trở lên đã tiêm đủ liều",
        "share of people aged 50+ fully vaccinated",
    ),
    "full_65plus_share": (
        "tỷ lệ người từ 65 tuổi trở lên đã tiêm đủ liều",
        "share of people aged 65+ fully vaccinated",
    ),
}
_GRADES = {"high": ("cao", "high"), "medium": ("trung bình", "medium"), "low": ("thấp", "low")}


def format_number(value: float, lang: str = "vi") -> str:
    """Return a figure for a sentence: whole numbers bare ('1.234'), others to 0.1 ('202,5')."""
    return format_figure(value, lang, max_decimals=1)


def format_share(value: float, lang: str = "vi") -> str:
    """Return a 0..1 share as a percentage, e.g. '65,2%' (whole percentages bare: '70%')."""
    return format_number(round(value * 100, 1), lang) + "%"


def format_date(value: date, lang: str = "vi") -> str:
    """Return a short date: '07/06/2021' in Vietnamese, '07 Jun 2021' in English.

    Reasons sit in tables and bulletins, where the long official form would crowd the text.
    """
    return f"{value:%d/%m/%Y}" if lang == "vi" else f"{value:%d %b %Y}"


def rules_title(name: str, lang: str = "vi") -> str:
    """Return a level-rule preset by its decision ('Quyết định 4800/QĐ-BYT'), else its name."""
    found = re.fullmatch(r"qd(\d+)-(\d{4})", name)
    if found is None:
        return _t(lang, f"bộ quy tắc {name}", f"the rules {name}")
    number, year = found.groups()
    return _t(lang, f"Quyết định {number}/QĐ-BYT", f"Decision {number}/QĐ-BYT") + f" ({year})"


def _t(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _range(band: int, edges: Sequence[float], edge: str, lang: str) -> str:
    """Return the span of a band in words, e.g. 'từ 20 đến dưới 50'."""
    low = format_number(edges[band - 2], lang) if band >= 2 else None
    high = format_number(edges[band - 1], lang) if band <= len(edges) else None
    if edge == "higher":
        if low is None:
            return _t(lang, f"dưới {high}", f"below {high}")
        if high is None:
            return _t(lang, f"từ {low} trở lên", f"{low} or more")
        return _t(lang, f"từ {low} đến dưới {high}", f"from {low} to below {high}")
    if low is None:
        return _t(lang, f"không quá {high}", f"{high} or less")
    if high is None:
        return _t(lang, f"trên {low}", f"above {low}")
    return _t(lang, f"trên {low} đến {high}", f"above {low} up to {high}")


def _level_words(level: int, lang: str) -> str:
    names = LEVEL_NAMES.get(level)
    if names is None:
        return _t(lang, f"cấp {level}", f"level {level}")
    risk, colour = names[0] if lang == "vi" else names[1]
    return _t(lang, f"cấp {level} ({risk}, màu {colour})", f"level {level} ({risk}, {colour})")


def explain_unit(a: AssessmentSteps, u: int, d: int, lang: str = "vi") -> list[str]:
    """Return the reasons of unit row `u` at date column `d`, one sentence per step."""
    f, rules = a.figures, a.rules

    def n(x: float) -> str:
        return format_number(x, lang)

    w = f.window_days
    end = f.dates[d]
    start = end - timedelta(days=w - 1)
    out = [
        _t(
            lang,
            f"Đánh giá ngày {format_date(end, lang)} theo {rules_title(rules.name, lang)}.",
            f"Assessed on {format_date(end, lang)} under {rules_title(rules.name, lang)}.",
        )
    ]
    if a.basis == "own aggregate figures":
        out.append(
            _t(
                lang,
                "Cấp độ này tính trên số liệu cộng gộp của cả đơn vị, không phải từ cấp độ "
                "của các xã.",
                "This level is computed on the unit's own aggregate figures, not from its "
                "communes' levels.",
            )
        )
    span = _t(
        lang,
        f"{w} ngày từ {format_date(start, lang)} đến {format_date(end, lang)}",
        f"the {w} days from {format_date(start, lang)} to {format_date(end, lang)}",
    )
    cases = f.cases[u, d]
    if math.isnan(cases):
        out.append(
            _t(
                lang,
                f"Không có báo cáo nào trong {span}: chưa xác định được cấp độ.",
                f"No report in {span}: no level can be set.",
            )
        )
        return out
    if f.cases_are_totals[u, d]:
        out.append(
            _t(
                lang,
                f"Trong {span}: {n(cases)} ca mắc mới. Có ngày số liệu không tách ca cộng đồng "
                "với ca đã cách ly; những ngày đó dùng tổng số ca thay cho ca cộng đồng.",
                f"In {span}: {n(cases)} new cases. On some days the data do not split "
                "community from quarantined cases; on those days the total stands in for "
                "community cases.",
            )
        )
    else:
        out.append(
            _t(
                lang,
                f"Trong {span}: {n(cases)} ca mắc mới trong cộng đồng.",
                f"In {span}: {n(cases)} new community cases.",
            )
        )
    gaps = int(f.missing_days[u, d])
    if gaps:
        out.append(
            _t(
                lang,
                f"{gaps}/{w} ngày không có báo cáo; các ngày đó không được tính là 0 ca, "
                "nên số ca có thể thấp hơn thực tế.",
                f"{gaps} of the {w} days had no report; they are not counted as zero, "
                "so the count may be too low.",
            )
        )
    people = f.population[u]
    if math.isnan(people) or people <= 0:
        out.append(
            _t(
                lang,
                "Chưa có số dân của đơn vị (hoặc bằng 0): không tính được số ca trên 100.000 "
                "dân, nên chưa xác định cấp độ. Nhập số dân để có cấp độ.",
                "The unit's population is unknown (or zero): cases per 100,000 cannot be "
                "computed, so no level is set. Enter the population to get a level.",
            )
        )
        return out
    guess = _t(lang, " (ước tính)", " (estimated)") if f.population_estimated[u] else ""
    rate = a.incidence[u, d]
    out.append(
        _t(
            lang,
            f"Số dân {n(people)}{guess}: {n(cases)} / {n(people)} × 100.000 = {n(rate)} ca "
            f"trên 100.000 dân trong {w} ngày.",
            f"Population {n(people)}{guess}: {n(cases)} / {n(people)} × 100,000 = {n(rate)} "
            f"cases per 100,000 in {w} days.",
        )
    )
    band = int(a.band[u, d])
    edges = ", ".join(n(e) for e in rules.incidence_bands)
    out.append(
        _t(
            lang,
            f"{n(rate)} là {_range(band, rules.incidence_bands, rules.band_edge, lang)}, "
            f"nên thuộc mức {band} (ngưỡng {edges}).",
            f"{n(rate)} is {_range(band, rules.incidence_bands, rules.band_edge, lang)}, "
            f"so band {band} (thresholds {edges}).",
        )
    )
    out += _oxygen(a, u, d, lang)
    out += _coverage(a, u, d, lang)
    out += _target(a, u, d, lang)
    out += _deaths(a, u, d, lang)
    out += _capacity(a, u, d, lang)
    out += _history(a, u, d, lang)
    out.append(_t(lang, "Kết luận: ", "Result: ") + _level_words(int(a.level[u, d]), lang) + ".")
    return out


def _oxygen(a: AssessmentSteps, u: int, d: int, lang: str) -> list[str]:
    if not a.rules.oxygen_bands:
        return []
    count = a.figures.oxygen[u, d]
    if math.isnan(count):
        return [
            _t(
                lang,
                "Chưa có số ca cần thở oxy: chỉ dùng ca cộng đồng.",
                "No figures for cases needing oxygen: community cases alone count.",
            )
        ]

    def n(x: float) -> str:
        return format_number(x, lang)

    rate, band, top = a.oxygen_rate[u, d], int(a.oxygen_band[u, d]), int(a.transmission_band[u, d])
    return [
        _t(
            lang,
            f"Ca cần thở oxy: {n(count)}, tức {n(rate)} trên 100.000 dân: mức {band}. "
            f"Cấp độ lây nhiễm lấy mức cao hơn: {top}.",
            f"Cases needing oxygen: {n(count)}, i.e. {n(rate)} per 100,000: band {band}. "
            f"The transmission band is the higher one: {top}.",
        )
    ]


def _coverage(a: AssessmentSteps, u: int, d: int, lang: str) -> list[str]:
    rules = a.rules
    label = _INDICATORS[rules.coverage.indicator][0 if lang == "vi" else 1]
    value = a.coverage_value[u, d]
    below = bool(a.coverage_below[u, d])
    cut = format_share(rules.coverage.cutoff, lang)
    band, level = int(a.transmission_band[u, d]), int(a.after_matrix[u, d])
    side = (
        _t(lang, "dưới ngưỡng", "below the cut-off")
        if below
        else _t(lang, "đạt ngưỡng", "at or above the cut-off")
    )
    if math.isnan(value):
        first = _t(
            lang,
            f"Chưa có số liệu {label}; tệp quy tắc giả định độ bao phủ "
            f"{'dưới' if below else 'đạt'} ngưỡng {cut}.",
            f"No figure for the {label}; the rules file assumes coverage is "
            f"{'below' if below else 'at or above'} the {cut} cut-off.",
        )
    else:
        first = _t(
            lang,
            f"{label[0].upper()}{label[1:]}: {format_share(value, lang)}, {side} {cut}.",
            f"{label[0].upper()}{label[1:]}: {format_share(value, lang)}, {side} of {cut}.",
        )
    return [
        first,
        _t(
            lang,
            f"Theo bảng của quy tắc, mức {band} với độ bao phủ {side} cho cấp {level}.",
            f"By the matrix, band {band} with coverage {side} gives level {level}.",
        ),
    ]


def _target(a: AssessmentSteps, u: int, d: int, lang: str) -> list[str]:
    target = a.rules.high_risk_target
    if target is None:
        return []
    label = _INDICATORS[target.indicator][0 if lang == "vi" else 1]
    goal = format_share(target.minimum, lang)
    value = a.target_value[u, d]
    before, after = int(a.after_matrix[u, d]), int(a.after_target[u, d])
    if math.isnan(value):
        head = _t(
            lang,
            f"Chưa có số liệu {label}; tệp quy tắc giả định "
            f"{'chưa đạt' if target.when_unknown == 'missed' else 'đạt'} mục tiêu {goal}.",
            f"No figure for the {label}; the rules file assumes the {goal} target is "
            f"{'missed' if target.when_unknown == 'missed' else 'met'}.",
        )
    else:
        share = format_share(value, lang)
        head = _t(
            lang,
            f"{label[0].upper()}{label[1:]}: {share}, "
            f"{'dưới' if a.target_missed[u, d] else 'đạt'} mục tiêu {goal}.",
            f"{label[0].upper()}{label[1:]}: {share}, "
            f"{'below' if a.target_missed[u, d] else 'meeting'} the {goal} target.",
        )
    if not a.target_missed[u, d]:
        tail = _t(lang, "Không nâng cấp.", "The level is not raised.")
    elif target.skip_when_no_cases and a.figures.cases[u, d] == 0:
        tail = _t(
            lang,
            "Nhưng không có ca mắc mới trong cửa sổ nên không nâng cấp.",
            "But there were no new cases in the window, so the level is not raised.",
        )
    elif after < before + target.raise_by:
        tail = _t(
            lang,
            f"Nâng {target.raise_by} cấp nhưng không vượt cấp tối đa {a.rules.max_level}: "
            f"cấp {after}.",
            f"Raised by {target.raise_by} but not above the top level "
            f"{a.rules.max_level}: level {after}.",
        )
    else:
        tail = _t(
            lang,
            f"Nâng {target.raise_by} cấp: từ cấp {before} lên cấp {after}.",
            f"Raised by {target.raise_by}: from level {before} to level {after}.",
        )
    return [f"{head} {tail}"]


def _deaths(a: AssessmentSteps, u: int, d: int, lang: str) -> list[str]:
    rule = a.rules.deaths_raise
    if rule is None:
        return []
    count = a.figures.deaths[u, d]
    if math.isnan(count):
        return [
            _t(
                lang,
                "Chưa có số liệu tử vong: không xét tiêu chí này.",
                "No death figures: this criterion is not applied.",
            )
        ]

    def n(x: float) -> str:
        return format_number(x, lang)

    rate, before, after = a.deaths_rate[u, d], int(a.after_target[u, d]), int(a.after_deaths[u, d])
    if rate > rule.above:
        return [
            _t(
                lang,
                f"Tử vong: {n(count)} ca, tức {n(rate)} trên 100.000 dân, trên ngưỡng "
                f"{n(rule.above)}: từ cấp {before} lên cấp {after}.",
                f"Deaths: {n(count)}, i.e. {n(rate)} per 100,000, above {n(rule.above)}: "
                f"from level {before} to level {after}.",
            )
        ]
    return [
        _t(
            lang,
            f"Tử vong: {n(count)} ca, tức {n(rate)} trên 100.000 dân, không vượt ngưỡng "
            f"{n(rule.above)}: không nâng cấp.",
            f"Deaths: {n(count)}, i.e. {n(rate)} per 100,000, not above {n(rule.above)}: "
            "the level is not raised.",
        )
    ]


def _capacity(a: AssessmentSteps, u: int, d: int, lang: str) -> list[str]:
    matrix = a.rules.capacity_matrix
    if matrix is None:
        return []
    grade = CAPACITY_GRADES[int(a.capacity_grade[u, d])]
    words = _GRADES[grade][0 if lang == "vi" else 1]
    assumed = a.figures.capacity_grade[u, d] < 0
    note = (
        _t(
            lang,
            " (chưa có số liệu; quy tắc giả định mức này)",
            " (no report; the rules assume this grade)",
        )
        if assumed
        else ""
    )
    before, after = int(a.after_deaths[u, d]), int(a.after_capacity[u, d])
    return [
        _t(
            lang,
            f"Năng lực đáp ứng: {words}{note}. Cấp độ lây nhiễm {before} với năng lực {words} "
            f"cho cấp {after}.",
            f"Response capacity: {words}{note}. Transmission level {before} with {words} "
            f"capacity gives level {after}.",
        )
    ]


def _history(a: AssessmentSteps, u: int, d: int, lang: str) -> list[str]:
    rules, out = a.rules, []
    if rules.capacity_failed == "no_lowering":
        assumed = math.isnan(a.figures.capacity_met[u, d])
        note = (
            _t(
                lang,
                " (chưa có số liệu; quy tắc giả định như vậy)",
                " (no report; the rules assume so)",
            )
            if assumed
            else ""
        )
        prior, now = int(a.previous_level[u, d]), int(a.after_no_lowering[u, d])
        proposed = int(a.after_capacity[u, d])
        if not a.capacity_failed[u, d]:
            out.append(
                _t(
                    lang,
                    f"Năng lực điều trị đạt{note}: không cản việc hạ cấp.",
                    f"Treatment capacity is adequate{note}: nothing blocks lowering the level.",
                )
            )
        elif prior == 0:
            out.append(
                _t(
                    lang,
                    f"Năng lực điều trị không đạt{note}, nhưng không có lần đánh giá trước "
                    "để so sánh.",
                    f"Treatment capacity is inadequate{note}, but there is no previous "
                    "assessment to compare with.",
                )
            )
        else:
            when = format_date(a.figures.dates[d] - timedelta(days=rules.window_days), lang)
            held = now > proposed
            out.append(
                _t(
                    lang,
                    f"Năng lực điều trị không đạt{note}: cấp độ không được thấp hơn lần đánh giá "
                    f"trước ({when}: cấp {prior})"
                    + (f", nên giữ cấp {now} thay vì cấp {proposed}." if held else "."),
                    f"Treatment capacity is inadequate{note}: the level may not fall below the "
                    f"previous assessment ({when}: level {prior})"
                    + (f", so it stays at {now} instead of {proposed}." if held else "."),
                )
            )
    needed = rules.top_level_needs_incidence_above
    if needed is not None and a.level[u, d] < a.after_no_lowering[u, d]:

        def n(x: float) -> str:
            return format_number(x, lang)

        top = rules.max_level
        out.append(
            _t(
                lang,
                f"Cấp {top} cần trên {n(needed)} ca cộng đồng trên 100.000 dân; ở đây là "
                f"{n(a.incidence[u, d])}, nên là cấp {top - 1}.",
                f"Level {top} needs more than {n(needed)} community cases per 100,000; here "
                f"there are {n(a.incidence[u, d])}, so level {top - 1}.",
            )
        )
    return out
