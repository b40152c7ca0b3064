"""The bulletin of a day: figures with their changes and provenance, levels, hotspots, advice.

`build_bulletin` is pure: the service gathers a `SituationSnapshot` from the store (indicators
on the day, the day before and a week before; levels; which import each report row came from)
and this module turns it into a `Bulletin` that every form (press, portal, radio) renders.
Every figure carries a `Provenance`: the imports its rows came from and the computation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from loa.bulletins.figures import FIGURE_LABELS, Figure, ImportIndex, Provenance
from loa.bulletins.messages import KeyMessage, select_messages
from loa.bulletins.risk_groups import RiskGroups
from loa.formatting import format_number
from loa.situation.indicators import UnitIndicators
from loa.situation.level_reasons import rules_title
from loa.situation.levels import assumption_text
from loa.situation.reconcile import Conflict, source_label

__all__ = [
    "FIGURE_LABELS",
    "Bulletin",
    "Figure",
    "ImportIndex",
    "LevelChangeNote",
    "Provenance",
    "SituationSnapshot",
    "UnitSnapshot",
    "UnitStatus",
    "build_bulletin",
]

_BASIS = {
    "own reports": "báo cáo của chính đơn vị",
    "sum of communes": "tổng các xã",
    "sum of districts": "tổng các huyện",
}


@dataclass(frozen=True)
class UnitSnapshot:
    """A unit's indicators on the day, the day before and a week before, and its level."""

    code: str
    name: str
    parent_name: str | None
    basis: str
    feeding_codes: tuple[str, ...]
    today: UnitIndicators
    yesterday: UnitIndicators | None = None
    last_week: UnitIndicators | None = None
    level: int | None = None
    previous_level: int | None = None
    parent_code: str | None = None
    provisional: bool = False
    assumptions: tuple[str, ...] = ()
    source: str | None = None  # the source the day's figure was taken from (reconcile.py)


@dataclass(frozen=True)
class SituationSnapshot:
    """Everything a bulletin reads, gathered from the store by the service."""

    province_code: str
    province_name: str
    day: date
    province: UnitSnapshot
    communes: tuple[UnitSnapshot, ...]
    imports: ImportIndex
    first_report: date
    rules_name: str
    effective_after_days: int = 2
    window: int = 7
    conflicts: tuple[Conflict, ...] = ()  # between sources, on the days the figures use
    newest_report: date | None = None  # the newest daily report on or before the day


@dataclass(frozen=True)
class UnitStatus:
    """A commune as a bulletin shows it: level, figures, audiences and messages."""

    code: str
    name: str
    district_name: str | None
    level: int | None
    previous_level: int | None
    figures: tuple[Figure, ...]
    audiences: tuple[str, ...]
    messages: tuple[KeyMessage, ...]
    district_code: str | None = None
    provisional: bool = False
    assumptions: tuple[str, ...] = ()
    missing_days: int = 0

    @property
    def provisional_text(self) -> str:
        """Return "tạm tính, chưa có số liệu tiêm chủng" for a provisional level, else ""."""
        return assumption_text(self.assumptions, "vi") if self.provisional else ""

    @property
    def provisional_text_en(self) -> str:
        """Return the English of `provisional_text`."""
        return assumption_text(self.assumptions, "en") if self.provisional else ""

    def figure(self, key: str) -> Figure:
        """Return the figure named `key`."""
        return next(f for f in self.figures if f.key == key)


@dataclass(frozen=True)
class LevelChangeNote:
    """A commune whose level changed at the assessment on the bulletin's day."""

    code: str
    name: str
    district_name: str | None
    previous_level: int
    level: int
    effective_from: date


@dataclass(frozen=True)
class Bulletin:
    """The situation of a province on a day, ready for every form and channel."""

    province_code: str
    province_name: str
    day: date
    figures: tuple[Figure, ...]
    level_counts: dict[int, int]
    previous_level_counts: dict[int, int]
    level_provenance: Provenance
    level_changes: tuple[LevelChangeNote, ...]
    hotspots: tuple[UnitStatus, ...]
    communes: tuple[UnitStatus, ...]
    actions: tuple[KeyMessage, ...]
    help: tuple[KeyMessage, ...]
    rules_name: str
    conflicts: tuple[Conflict, ...] = ()
    newest_report: date | None = None
    missing_days: int = 0

    @property
    def provisional_count(self) -> int:
        """Return how many communes have a level that rests on an assumed input."""
        return sum(1 for u in self.communes if u.level and u.provisional)

    def figure(self, key: str) -> Figure:
        """Return the province figure named `key`."""
        return next(f for f in self.figures if f.key == key)

    def commune(self, code: str) -> UnitStatus:
        """Return one commune's status; KeyError if the bulletin has no such commune."""
        for unit in self.communes:
            if unit.code == code:
                return unit
        raise KeyError(code)

    @property
    def raised(self) -> tuple[LevelChangeNote, ...]:
        """Return the communes whose level went up, highest new level first."""
        up = [c for c in self.level_changes if c.level > c.previous_level]
        return tuple(sorted(up, key=lambda c: (-c.level, c.code)))

    @property
    def lowered(self) -> tuple[LevelChangeNote, ...]:
        """Return the communes whose level went down, lowest new level first."""
        down = [c for c in self.level_changes if c.level < c.previous_level]
        return tuple(sorted(down, key=lambda c: (c.level, c.code)))

    @property
    def highest_level(self) -> int | None:
        """Return the highest level of any commune (None when no commune has one)."""
        known = [lv for lv in self.level_counts if lv > 0]
        return max(known) if known else None

    def provenance(self, lang: str = "vi") -> list[dict[str, Any]]:
        """Return every province figure with its value and provenance, for 'show on request'."""
        rows: list[dict[str, Any]] = [
            {
                "figure": f.label(lang),
                "value": None if f.value is None else round(f.value, f.decimals),
                "imports": list(f.provenance.imports),
                "computation": f.provenance.describe(lang),
            }
            for f in self.figures
        ]
        rows.append(
            {
                "figure": "Cấp độ dịch các xã" if lang == "vi" else "Commune levels",
                "value": dict(sorted(self.level_counts.items())),
                "imports": list(self.level_provenance.imports),
                "computation": self.level_provenance.describe(lang),
            }
        )
        return rows

    def to_json(self) -> dict[str, Any]:
        """Return the bulletin's content (not its rendering) as JSON-ready data."""
        return {
            "province_code": self.province_code,
            "province_name": self.province_name,
            "date": self.day.isoformat(),
            "rules": self.rules_name,
            "figures": [f.to_json() for f in self.figures],
            "level_counts": {str(k): v for k, v in sorted(self.level_counts.items())},
            "previous_level_counts": {
                str(k): v for k, v in sorted(self.previous_level_counts.items())
            },
            "level_provenance": self.level_provenance.to_json(),
            "level_changes": [
                {
                    "unit_code": c.code,
                    "name": c.name,
                    "previous_level": c.previous_level,
                    "level": c.level,
                    "effective_from": c.effective_from.isoformat(),
                }
                for c in self.level_changes
            ],
            "hotspots": [h.code for h in self.hotspots],
            "actions": [m.id for m in self.actions],
            "help": [m.id for m in self.help],
        }


def _day(day: date, lang: str) -> str:
    """Return a day as a provenance line writes it: '25/05/2021', in English '25 May 2021'."""
    return f"{day:%d/%m/%Y}" if lang == "vi" else f"{day.day} {day:%B} {day.year}"


def _span(first: date, last: date, lang: str) -> str:
    if first == last:
        return _day(first, lang)
    return f"{_day(first, lang)} – {_day(last, lang)}"


def _figures(unit: UnitSnapshot, snap: SituationSnapshot) -> tuple[Figure, ...]:
    """Return the four figures of a unit with the imports and computation behind each."""
    day, window, codes = snap.day, snap.window, unit.feeding_codes
    basis_en = unit.basis
    basis_vi = _BASIS.get(unit.basis, unit.basis)
    if unit.source is not None:
        basis_vi += f", nguồn: {source_label(unit.source, 'vi')}"
        basis_en += f", source: {source_label(unit.source, 'en')}"
    yesterday, week_ago = day - timedelta(days=1), day - timedelta(days=7)
    compare_vi = "; so sánh với hôm qua và cùng ngày tuần trước"
    compare_en = "; compared with the day before and the same day a week before"

    def values(name: str) -> tuple[float | None, float | None, float | None]:
        def of(ind: UnitIndicators | None) -> float | None:
            value = getattr(ind, name) if ind is not None else None
            return None if value is None else float(value)

        return of(unit.today), of(unit.yesterday), of(unit.last_week)

    def window_text(end: date) -> tuple[date, date]:
        return end - timedelta(days=window - 1), end

    first_now, _ = window_text(day)
    first_week_ago, _ = window_text(week_ago)
    week_imports = snap.imports.ids(codes, first_week_ago, day)
    day_imports = snap.imports.ids(codes, yesterday, day) + snap.imports.ids(
        codes, week_ago, week_ago
    )
    people = unit.today.population
    estimated = " (ước tính)" if unit.today.population_estimated else ""
    estimated_en = " (estimated)" if unit.today.population_estimated else ""
    missing = len(unit.today.missing_days)
    gaps_vi = f"; {missing} ngày không có báo cáo" if missing else ""
    gaps_en = f"; {missing} days without a report" if missing else ""
    people_text = format_number(people) if people is not None else "?"
    return (
        Figure(
            "new_cases",
            *values("new_cases"),
            Provenance(
                tuple(sorted(set(day_imports))),
                f"Số ca ngày {_day(day, 'vi')} theo báo cáo hằng ngày ({basis_vi}){compare_vi}",
                f"Cases on {_day(day, 'en')} from daily reports ({basis_en}){compare_en}",
            ),
        ),
        Figure(
            "week_cases",
            *values("window_cases"),
            Provenance(
                week_imports,
                f"Tổng {window} ngày của báo cáo hằng ngày {_span(first_now, day, 'vi')} "
                f"({basis_vi}){gaps_vi}{compare_vi}",
                f"{window}-day sum of daily reports {_span(first_now, day, 'en')} "
                f"({basis_en}){gaps_en}{compare_en}",
            ),
        ),
        Figure(
            "per_100k_week",
            *values("per_100k_week"),
            Provenance(
                week_imports,
                f"Tổng {window} ngày {_span(first_now, day, 'vi')} x 100.000 / dân số "
                f"{people_text}{estimated}{compare_vi}",
                f"{window}-day sum {_span(first_now, day, 'en')} x 100,000 / population "
                f"{format_number(people, lang='en') if people is not None else '?'}"
                f"{estimated_en}{compare_en}",
            ),
            decimals=1,
        ),
        Figure(
            "cumulative_cases",
            *values("cumulative_cases"),
            Provenance(
                snap.imports.ids(codes, snap.first_report, day),
                f"Tổng báo cáo hằng ngày {_span(snap.first_report, day, 'vi')} ({basis_vi})",
                f"Sum of daily reports {_span(snap.first_report, day, 'en')} ({basis_en})",
            ),
        ),
    )


def _status(
    unit: UnitSnapshot,
    snap: SituationSnapshot,
    library: Sequence[KeyMessage],
    risk: RiskGroups,
) -> UnitStatus:
    audiences = risk.audiences_of(unit.code)
    return UnitStatus(
        code=unit.code,
        name=unit.name,
        district_name=unit.parent_name,
        level=unit.level,
        previous_level=unit.previous_level,
        figures=_figures(unit, snap),
        audiences=audiences,
        messages=tuple(
            m for m in select_messages(library, unit.level, audiences) if m.topic != "help"
        ),
        district_code=unit.parent_code,
        provisional=unit.provisional,
        assumptions=unit.assumptions,
        missing_days=len(unit.today.missing_days),
    )


def _hotspot_key(unit: UnitStatus) -> tuple[float, float, float]:
    rate = unit.figure("per_100k_week").value
    week = unit.figure("week_cases").value
    return (-(unit.level or 0), -(rate or 0.0), -(week or 0.0))


def build_bulletin(
    snap: SituationSnapshot,
    library: Sequence[KeyMessage],
    risk: RiskGroups,
    *,
    hotspot_count: int = 5,
) -> Bulletin:
    """Return the bulletin of `snap.day`: province figures, levels, hotspots, advice and help.

    Hotspots are the communes with cases in the last week, highest level first, then by
    cases per 100,000 and by cases; at most `hotspot_count` of them.
    """
    communes = tuple(_status(u, snap, library, risk) for u in snap.communes)
    counts = Counter(u.level or 0 for u in communes)
    previous = Counter(u.previous_level or 0 for u in communes)
    changes = tuple(
        LevelChangeNote(
            u.code,
            u.name,
            u.district_name,
            u.previous_level,
            u.level,
            snap.day + timedelta(days=snap.effective_after_days),
        )
        for u in communes
        if u.level and u.previous_level and u.level != u.previous_level
    )
    with_cases = [u for u in communes if (u.figure("week_cases").value or 0) > 0]
    hotspots = tuple(sorted(with_cases, key=_hotspot_key)[:hotspot_count])
    all_codes = tuple(code for u in snap.communes for code in u.feeding_codes)
    first = snap.day - timedelta(days=2 * snap.window - 1)
    assessed = snap.day - timedelta(days=snap.window - 1)
    before = snap.day - timedelta(days=snap.window)
    level_provenance = Provenance(
        snap.imports.ids(all_codes, first, snap.day),
        f"Cấp độ theo Nghị quyết 128/NQ-CP, {rules_title(snap.rules_name, 'vi')}, đánh giá "
        f"ngày {_day(snap.day, 'vi')} trên {snap.window} ngày {_span(assessed, snap.day, 'vi')}, "
        f"so với lần đánh giá ngày {_day(before, 'vi')}",
        f"Resolution 128/NQ-CP levels, {rules_title(snap.rules_name, 'en')}, assessed on "
        f"{_day(snap.day, 'en')} over the {snap.window} days "
        f"{_span(assessed, snap.day, 'en')}, compared with the assessment of "
        f"{_day(before, 'en')}",
    )
    highest = max((u.level or 0 for u in communes), default=0) or None
    general = select_messages(library, highest, ())
    return Bulletin(
        province_code=snap.province_code,
        province_name=snap.province_name,
        day=snap.day,
        figures=_figures(snap.province, snap),
        level_counts=dict(counts),
        previous_level_counts=dict(previous),
        level_provenance=level_provenance,
        level_changes=changes,
        hotspots=hotspots,
        communes=communes,
        actions=tuple(m for m in general if m.topic != "help"),
        help=tuple(m for m in general if m.topic == "help"),
        rules_name=snap.rules_name,
        conflicts=snap.conflicts,
        newest_report=snap.newest_report,
        missing_days=len(snap.province.today.missing_days),
    )
