"""The situation board: one line per unit with everything an officer reads at a glance.

Level (and the level a week before), cases in the last 7 days, cases per 100,000, the daily
series for a sparkline, R_t of the last window with its 95% interval (or why it is not
shown), missing days, and the reasons, for the page to open on demand. Built from the reads
the page already made, so the store is read once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy.orm import Session

from loa.services.situation_report import levels_on
from loa.services.situation_rt import serial_interval
from loa.services.situation_series import ProvinceReads, area_from
from loa.situation.rt import estimate_rt_many
from loa.situation.rules import LevelRules

__all__ = ["RT_MAX_CV", "BoardRow", "situation_board"]

SPARK_DAYS = 28
RT_DAYS = 42
# EpiEstim's target: an estimate whose posterior coefficient of variation is above this is
# too uncertain to print as a figure.
RT_MAX_CV = 0.3


@dataclass(frozen=True)
class BoardRow:
    """One unit's line on the situation board."""

    code: str
    name: str
    district: str
    level: int | None
    previous_level: int | None
    provisional: bool
    cases_week: float | None
    per_100k: float | None
    missing_days: int
    daily: tuple[float | None, ...]
    rt: float | None
    rt_low: float | None
    rt_high: float | None
    reasons: tuple[str, ...]

    @property
    def trend(self) -> int:
        """Return +1 when the level rose since the week before, -1 when it fell, else 0."""
        if self.level is None or self.previous_level is None:
            return 0
        return (self.level > self.previous_level) - (self.level < self.previous_level)


def _rt_last_window(
    reads: ProvinceReads, level: str, day: date
) -> dict[str, tuple[float, float, float] | None]:
    first = day - timedelta(days=RT_DAYS - 1)
    area = area_from(reads, level, first, day)
    counts = np.nan_to_num(area.series.total, nan=0.0)
    if counts.size == 0:
        return {}
    si = serial_interval(days=RT_DAYS)
    found = estimate_rt_many(counts, si_distr=si, window=7)
    out: dict[str, tuple[float, float, float] | None] = {}
    for i, code in enumerate(area.series.units):
        mean, std = float(found.mean[i, -1]), float(found.std[i, -1])
        reliable = (
            not found.no_cases[i] and mean > 0 and not math.isnan(mean) and std / mean <= RT_MAX_CV
        )
        out[code] = (
            (mean, float(found.quantiles["0.025"][i, -1]), float(found.quantiles["0.975"][i, -1]))
            if reliable
            else None
        )
    return out


def _daily(reads: ProvinceReads, level: str, day: date) -> dict[str, tuple[float | None, ...]]:
    first = day - timedelta(days=SPARK_DAYS - 1)
    area = area_from(reads, level, first, day)
    return {
        code: tuple(None if math.isnan(v) else float(v) for v in area.series.total[i].tolist())
        for i, code in enumerate(area.series.units)
    }


def situation_board(
    db: Session,
    reads: ProvinceReads,
    province: str,
    day: date,
    rules: LevelRules,
    *,
    level: str = "commune",
    lang: str = "vi",
) -> list[BoardRow]:
    """Return the board's lines for every unit at `level` on `day`, by district then name.

    `reads` must cover `day` and the weeks `levels_on` needs (`page_reads` does).
    """
    view = levels_on(db, province, level, day, rules, reads=reads)
    week_before = day - timedelta(days=rules.window_days)
    previous = (
        {r.unit_code: r.level for r in view.assessment.at(week_before, lang, reasons=False)}
        if week_before in view.assessment.dates
        else {}
    )
    rts = _rt_last_window(reads, level, day)
    daily = _daily(reads, level, day)
    units = view.area.units
    rows = []
    for r in view.assessment.at(day, lang):
        unit = units[r.unit_code]
        parent = reads.units.get(unit.parent_code or "")
        rt = rts.get(r.unit_code)
        rows.append(
            BoardRow(
                code=r.unit_code,
                name=unit.name,
                district=parent.name if parent and parent.level == "district" else "",
                level=r.level,
                previous_level=previous.get(r.unit_code),
                provisional=r.provisional,
                cases_week=r.cases,
                per_100k=r.incidence_per_100k,
                missing_days=r.missing_days,
                daily=daily.get(r.unit_code, ()),
                rt=rt[0] if rt else None,
                rt_low=rt[1] if rt else None,
                rt_high=rt[2] if rt else None,
                reasons=r.reasons,
            )
        )
    return sorted(rows, key=lambda row: (row.district, row.name))
