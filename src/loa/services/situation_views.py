"""What the situation pages and API show, computed for one province only (never the country).

The snapshots (`loa.services.situation_snapshot`) store these once per version of the data;
the web layer reads them through `loa.web.situation_data`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.errors import LoaError
from loa.formatting import format_date
from loa.services.level_rules import rules_of_setting
from loa.services.situation_board import RT_MAX_CV
from loa.services.situation_report import levels_first_day, levels_on
from loa.services.situation_rt import SI_MEAN, SI_SD
from loa.services.situation_series import ProvinceReads, area_from, read_province, reported_span
from loa.settings import get_settings
from loa.situation.reconcile import Conflict
from loa.situation.rt import estimate_rt
from loa.situation.rules import LevelRules
from loa.situation.serial_interval import discretise_gamma_si
from loa.store.situation_tables import DailyReportRow
from loa.store.tables import AdminUnitRow

__all__ = [
    "SI_MEAN",
    "SI_SD",
    "RtPoint",
    "UnitCell",
    "conflicts_from",
    "daily_cases",
    "latest_day",
    "level_counts",
    "page_reads",
    "rt_points",
    "rules",
    "unit_levels",
    "unit_names",
]

# Cases before a window below which its R_t is left off the chart: with fewer, the infectivity
# the window divides by is near zero and the estimate says nothing (EpiEstim's "too early").
RT_MIN_EARLIER_CASES = 12


@dataclass(frozen=True)
class UnitCell:
    """One unit's level on a day, with the figures behind it."""

    code: str
    name: str
    level: int | None
    incidence_per_100k: float | None
    cases: float | None
    reasons: tuple[str, ...]
    provisional: bool = False
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RtPoint:
    """R_t at the end of one window, with its 95% credible interval."""

    day: date
    mean: float
    low: float
    high: float
    std: float = math.nan
    cases_before: float = math.inf

    @property
    def reliable(self) -> bool:
        """Return whether the estimate can be read: precise enough (posterior CV at most 0.3)
        and with enough earlier cases to infect from (early in an outbreak R_t runs to 100s)."""
        enough = self.cases_before >= RT_MIN_EARLIER_CASES
        return enough and self.mean > 0 and self.std / self.mean <= RT_MAX_CV


def conflicts_from(reads: ProvinceReads, day: date, *, days: int = 7) -> list[Conflict]:
    """Return the conflicts between sources in the `days` up to `day`, unresolved first."""
    first = max(reads.first, day - timedelta(days=days - 1))
    found = area_from(reads, "province", first, day).conflicts
    return sorted(found, key=lambda c: (c.resolved, -c.day.toordinal(), c.unit_code, c.measure))


def unit_names(reads: ProvinceReads) -> dict[str, str]:
    """Return each unit's name with its type (Xã Tam Dị), by code."""
    return {code: u.name_with_type for code, u in reads.units.items()}


def latest_day(db: Session, province: str) -> date | None:
    """Return the last day with a commune report in the province, else with any report."""
    districts = select(AdminUnitRow.code).where(AdminUnitRow.parent_code == province)
    communes = select(AdminUnitRow.code).where(AdminUnitRow.parent_code.in_(districts))
    last = db.scalar(
        select(func.max(DailyReportRow.date)).where(DailyReportRow.unit_code.in_(communes))
    )
    if last is not None:
        return last
    span = reported_span(db)
    return span[1] if span else None


def rules(setting: str | None = None) -> LevelRules:
    """Return the level rules a LOA_LEVEL_RULES value names (None: the environment's)."""
    return rules_of_setting(get_settings().level_rules if setting is None else setting)


def page_reads(
    db: Session, province: str, day: date, *, days: int = 90, level_rules: LevelRules | None = None
) -> ProvinceReads:
    """Return the province's reports a page needs: levels on `day` and `days` of cases up to it.

    Pass the result to `unit_levels` and `daily_cases` so the page reads the store once.
    """
    first = min(levels_first_day(day, level_rules or rules()), day - timedelta(days=days - 1))
    return read_province(db, province, first, day)


def unit_levels(
    db: Session,
    province: str,
    day: date,
    *,
    level: str = "commune",
    lang: str = "vi",
    reads: ProvinceReads | None = None,
    level_rules: LevelRules | None = None,
) -> list[UnitCell]:
    """Return every unit's level on `day` (communes by default), by name.

    `reads` (from `page_reads` for the same province and day) saves reading the store again.
    """
    view = levels_on(db, province, level, day, level_rules or rules(), reads=reads)
    cells = [
        UnitCell(
            r.unit_code,
            view.area.units[r.unit_code].name,
            r.level,
            r.incidence_per_100k,
            r.cases,
            tuple(r.reasons),
            r.provisional,
            r.assumptions,
        )
        for r in view.assessment.at(day, lang)
    ]
    return sorted(cells, key=lambda c: c.name)


def level_counts(cells: list[UnitCell]) -> dict[int | None, int]:
    """Return how many units stand at each level (None: not assessed)."""
    counts: dict[int | None, int] = {1: 0, 2: 0, 3: 0, 4: 0, None: 0}
    for cell in cells:
        counts[cell.level if cell.level in counts else None] += 1
    return counts


def daily_cases(
    db: Session,
    province: str,
    unit: str,
    day: date,
    *,
    days: int = 90,
    reads: ProvinceReads | None = None,
) -> list[tuple[date, float | None]]:
    """Return a unit's daily new cases over the `days` up to `day` (None: no report).

    `reads` (from `page_reads` with at least `days`, same province and day) saves a read.
    """
    first = day - timedelta(days=days - 1)
    if reads is None:
        reads = read_province(db, province, first, day)
    found = reads.units.get(unit)
    if found is None:  # not a unit of the province on that day
        return []
    # The series at the unit's own level only: it is the one the unit's figures are on.
    area = area_from(reads, found.level, first, day)
    values = area.series.total[area.series.units.index(unit)]
    return [
        (first + timedelta(days=i), None if math.isnan(v) else v)
        for i, v in enumerate(values.tolist())
    ]


def rt_points(cases: list[tuple[date, float | None]]) -> tuple[list[RtPoint], list[str]]:
    """Return R_t with its 95% interval from daily cases; a day without a report is missing.

    As in `loa situation rt` (docs/situation), a missing day is never counted as zero: R_t is
    estimated on each run of consecutive reported days, and the windows that would cross a
    missing day are gaps (NaN points, drawn as breaks). The first warning says how many days
    are missing. Takes the series the page already read, so the store is read once per page.
    """
    if len(cases) < 8:
        return [], []
    missing = [d for d, v in cases if v is None]
    warnings: list[str] = []
    if missing:
        warnings.append(
            f"{len(missing)} ngày không có báo cáo (từ {missing[0]:%d/%m/%Y} đến "
            f"{missing[-1]:%d/%m/%Y}): không tính là 0 ca; R_t bỏ trống qua những ngày đó.\n"
            f"{len(missing)} days have no report ({format_date(missing[0], 'en')} to "
            f"{format_date(missing[-1], 'en')}): not counted as zero; R_t is left blank across them."
        )
    found: dict[date, RtPoint] = {}
    # One serial interval long enough to sum to 1, whatever the length of a run.
    si = discretise_gamma_si(SI_MEAN, SI_SD, max_days=len(cases) - 1)
    for run in _reported_runs(cases):
        if len(run) < 8:
            continue
        counts = np.array([float(v or 0.0) for _, v in run])
        try:
            result = estimate_rt(counts, si_distr=si, window=7, dates=[d for d, _ in run])
        except LoaError as exc:
            warnings.append(f"{exc.message('vi')}\n{exc.message('en')}")
            continue
        warnings.extend(w for w in result.warnings if w not in warnings)
        for w in result.windows:
            if w.date_end is not None and not math.isnan(w.mean):
                found[w.date_end] = RtPoint(
                    w.date_end,
                    w.mean,
                    w.quantiles.get("0.025", w.mean),
                    w.quantiles.get("0.975", w.mean),
                    w.std,
                    float(counts[: max(w.t_start - 1, 0)].sum()),
                )
    if not found:
        return [], warnings
    first = min(found)
    gap = float("nan")
    points = [found.get(d, RtPoint(d, gap, gap, gap)) for d, _ in cases if d >= first]
    return points, warnings


def _reported_runs(
    cases: list[tuple[date, float | None]],
) -> list[list[tuple[date, float | None]]]:
    """Return the runs of consecutive days that have a report."""
    runs: list[list[tuple[date, float | None]]] = [[]]
    for day, value in cases:
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((day, value))
    return [r for r in runs if r]
