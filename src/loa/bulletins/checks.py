"""Checks a bulletin version before anyone may approve it: figures, their age, levels, wording.

Run when a version is drafted and again before approval, on the text that would be published
(a loudspeaker script as it will be read aloud, numbers in words included). Each problem is
`{code, severity, message, unit_code, figures}`; approval is refused while any error remains,
and warnings need a written acknowledgement kept with the version.

    figures_conflict       error    figures contradict each other, or an unresolved conflict
                                    between sources touches them
    stale_data             warning  the newest data is older than the bulletin date by more
                           / error  than LOA_STALE_WARNING_DAYS / LOA_STALE_ERROR_DAYS
    provisional_level      warning  a level rests on an assumed input
    text_figures_mismatch  error    a figure the text claims to show is not in the text
    missing_data           warning  a figure is unknown, or its week has days without reports
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from loa.bulletins.content import FIGURE_LABELS, Bulletin, Figure, UnitStatus
from loa.bulletins.read_back import numbers_in
from loa.formatting import format_date
from loa.situation.levels import assumption_text

__all__ = [
    "PROBLEM_LABELS",
    "SEVERITY_LABELS",
    "Problem",
    "check_bulletin",
    "errors_of",
    "warnings_of",
]

PROBLEM_LABELS: dict[str, tuple[str, str]] = {
    "figures_conflict": ("Số liệu mâu thuẫn", "Figures contradict each other"),
    "stale_data": ("Số liệu đã cũ", "Data is out of date"),
    "provisional_level": ("Cấp độ tạm tính", "Provisional level"),
    "text_figures_mismatch": (
        "Số trong bài khác số liệu",
        "A number in the text differs from the data",
    ),
    "missing_data": ("Thiếu số liệu", "Missing data"),
}
SEVERITY_LABELS = {"error": ("Lỗi", "Error"), "warning": ("Cảnh báo", "Warning")}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bulletin version, in both languages."""

    code: str
    severity: str  # "error" | "warning"
    vi: str
    en: str
    unit_code: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the problem as it is stored with the version and printed by the CLI."""
        label_vi, label_en = PROBLEM_LABELS.get(self.code, (self.code, self.code))
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.vi,
            "message_en": self.en,
            "label": label_vi,
            "label_en": label_en,
            "unit_code": self.unit_code,
            "figures": self.figures,
        }


def errors_of(problems: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Return the stored problems that block approval."""
    return [p for p in problems if p.get("severity") == "error"]


def warnings_of(problems: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Return the stored problems that need an acknowledgement."""
    return [p for p in problems if p.get("severity") == "warning"]


def _int(value: float | None, decimals: int = 0) -> float | None:
    return None if value is None else round(value, decimals)


def check_bulletin(
    bulletin: Bulletin,
    *,
    kind: str,
    texts: Mapping[str, Any],
    lang: str = "vi",
    stale_warning_days: int = 2,
    stale_error_days: int = 7,
) -> list[Problem]:
    """Return every problem of one rendered version (press, portal or radio)."""
    scripts: Mapping[str, str] = texts.get("scripts") or {}
    if kind == "radio":
        shown = [bulletin.commune(code) for code in scripts]
    else:
        shown = list(bulletin.hotspots)
    problems = _conflicts(bulletin, shown, province_week=kind != "radio")
    problems += _contradictions(bulletin, shown)
    problems += _stale(bulletin, stale_warning_days, stale_error_days)
    problems += _provisional(shown, lang)
    problems += _missing(bulletin, shown)
    if kind == "radio":
        for code, script in scripts.items():
            unit = bulletin.commune(code)
            expected = [
                (code, unit.figure("new_cases")),
                (code, unit.figure("week_cases")),
                (bulletin.province_code, bulletin.figure("new_cases")),
            ]
            problems += _mismatch(script, expected, lang, where=code)
    else:
        text = "\n".join(texts.get("paragraphs") or [])
        expected = [(bulletin.province_code, bulletin.figure(k)) for k in _PRESS_FIGURES]
        expected += [(h.code, h.figure("week_cases")) for h in shown]
        problems += _mismatch(text, expected, lang, where=None)
    return problems


_PRESS_FIGURES = ("new_cases", "week_cases", "per_100k_week", "cumulative_cases")


def _conflicts(
    bulletin: Bulletin, shown: Sequence[UnitStatus], *, province_week: bool
) -> list[Problem]:
    """Return an error per unresolved conflict on a unit and day the bulletin's figures use."""
    day = bulletin.day
    week = day - timedelta(days=6)
    communes = {u.code for u in shown}
    found = []
    for c in bulletin.conflicts:
        if c.resolved:
            continue
        is_commune = c.unit_code in communes
        upper = c.unit_code not in {u.code for u in bulletin.communes}
        first = week if (is_commune or province_week) else day
        if (is_commune or upper) and first <= c.day <= day:
            found.append(
                Problem(
                    "figures_conflict",
                    "error",
                    c.message("vi")
                    + " Hãy chọn nguồn trên trang Tình hình hoặc nhập số liệu đã sửa.",
                    c.message("en")
                    + " Choose a source on the Situation page or import corrected data.",
                    c.unit_code,
                    {"date": c.day.isoformat(), "measure": c.measure, "values": c.values},
                )
            )
    return found


def _contradictions(bulletin: Bulletin, shown: Sequence[UnitStatus]) -> list[Problem]:
    """Return an error where a commune has more cases than the whole province."""
    found = []
    for unit in shown:
        for key in ("new_cases", "week_cases"):
            mine, province = unit.figure(key).value, bulletin.figure(key).value
            if mine is not None and province is not None and mine > province:
                label_vi, label_en = unit.figure(key).label("vi"), unit.figure(key).label("en")
                found.append(
                    Problem(
                        "figures_conflict",
                        "error",
                        f"{unit.name}: {label_vi.lower()} là {mine:g}, nhiều hơn cả tỉnh "
                        f"({province:g}). Số của tỉnh phải gồm số của xã.",
                        f"{unit.name}: {label_en.lower()} is {mine:g}, more than the whole "
                        f"province ({province:g}). The province's figure must include the commune's.",
                        unit.code,
                        {"figure": key, "unit": mine, "province": province},
                    )
                )
    return found


def _stale(bulletin: Bulletin, warning_days: int, error_days: int) -> list[Problem]:
    newest = bulletin.newest_report
    if newest is None:
        return []
    age = (bulletin.day - newest).days
    if age <= warning_days:
        return []
    severity = "error" if age > error_days else "warning"
    return [
        Problem(
            "stale_data",
            severity,
            f"Số liệu mới nhất là ngày {newest:%d/%m/%Y}, cũ hơn ngày bản tin {age} ngày "
            f"(cảnh báo sau {warning_days} ngày, chặn duyệt sau {error_days} ngày). "
            "Hãy nhập số liệu mới.",
            f"The newest data is from {format_date(newest, 'en')}, {age} days before the bulletin "
            f"(warning after {warning_days} days, approval refused after {error_days}). "
            "Import newer data.",
            bulletin.province_code,
            {"newest": newest.isoformat(), "age_days": age},
        )
    ]


def _provisional(shown: Sequence[UnitStatus], lang: str) -> list[Problem]:
    found = []
    for unit in shown:
        if unit.level and unit.provisional:
            found.append(
                Problem(
                    "provisional_level",
                    "warning",
                    f"{unit.name}: cấp độ {unit.level} là {assumption_text(unit.assumptions, 'vi')}.",
                    f"{unit.name}: level {unit.level} is {assumption_text(unit.assumptions, 'en')}.",
                    unit.code,
                    {"level": unit.level, "assumptions": list(unit.assumptions)},
                )
            )
    return found


def _missing(bulletin: Bulletin, shown: Sequence[UnitStatus]) -> list[Problem]:
    found = []
    units: list[tuple[str, str, Sequence[Figure], int]] = [
        (bulletin.province_code, bulletin.province_name, bulletin.figures, bulletin.missing_days)
    ]
    units += [(u.code, u.name, u.figures, u.missing_days) for u in shown]
    for code, name, figures, missing in units:
        unknown = [f.key for f in figures if f.value is None and f.key != "per_100k_week"]
        if unknown or missing:
            found.append(
                Problem(
                    "missing_data",
                    "warning",
                    f"{name}: "
                    + (
                        f"chưa có số liệu {', '.join(_label(k, 'vi') for k in unknown)}; "
                        if unknown
                        else ""
                    )
                    + (f"{missing} ngày trong 7 ngày không có báo cáo." if missing else ""),
                    f"{name}: "
                    + (
                        f"no figure for {', '.join(_label(k, 'en') for k in unknown)}; "
                        if unknown
                        else ""
                    )
                    + (f"{missing} of the 7 days have no report." if missing else ""),
                    code,
                    {"unknown": unknown, "missing_days": missing},
                )
            )
    return found


def _label(key: str, lang: str) -> str:
    vi, en = FIGURE_LABELS.get(key, (key, key))
    return (vi if lang == "vi" else en).lower()


def _mismatch(
    text: str, expected: Sequence[tuple[str, Figure]], lang: str, *, where: str | None
) -> list[Problem]:
    """Return an error for each figure whose value cannot be read back from the text."""
    read = numbers_in(text, lang)
    found = []
    for code, figure in expected:
        value = _int(figure.value, figure.decimals)
        if value is None:
            continue
        if not any(abs(n - value) < 0.5 * 10**-figure.decimals for n in read):
            found.append(
                Problem(
                    "text_figures_mismatch",
                    "error",
                    f"Số liệu '{figure.label('vi')}' của {code} là {value:g} nhưng bài "
                    f"{'của xã ' + where if where else ''} không có số này. Hãy làm lại bản tin.",
                    f"The figure '{figure.label('en')}' of {code} is {value:g} but the text "
                    f"{'for ' + where if where else ''} does not contain it. Make the bulletin again.",
                    code,
                    {"figure": figure.key, "value": value, "read_from_text": read[:40]},
                )
            )
    return found
