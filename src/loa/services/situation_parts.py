"""The parts of the situation a page or the API shows, computed live or read from a snapshot.

A part is JSON data (NaN and infinity stored as null, dates as YYYY-MM-DD): what a snapshot
stores, and what `SituationView` turns back into the objects pages use. `LiveParts` computes a
part from the store, reading the province once for all of them.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from loa.services.situation_board import BoardRow, situation_board
from loa.services.situation_series import ProvinceReads, area_from
from loa.services.situation_views import (
    RtPoint,
    UnitCell,
    conflicts_from,
    daily_cases,
    page_reads,
    rt_points,
    rules,
    unit_levels,
    unit_names,
)
from loa.situation.reconcile import Conflict, Resolution

__all__ = [
    "LEVELS",
    "PART_NAMES",
    "SERIES_DAYS",
    "LiveParts",
    "board_from",
    "cases_from",
    "cells_from",
    "conflicts_of",
    "rt_from",
    "trend",
    "unit_cases_from",
]

SERIES_DAYS = 90
LEVELS = ("commune", "district")
LANGS = ("vi", "en")
PART_NAMES = (
    *(f"levels:{level}:{lang}" for level in LEVELS for lang in LANGS),
    *(f"board:{level}:{lang}" for level in LEVELS for lang in LANGS),
    "cases",
    "rt",
    "conflicts",
    "names",
    "unit_cases",
)


def _clean(value: Any) -> Any:
    """Return `value` as JSON a PostgreSQL json column takes: no NaN or infinity, no tuples."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


class LiveParts:
    """Computes the parts of one province's situation on one day; reads the store once."""

    def __init__(
        self, session: Session, province: str, day: date, *, rules_setting: str | None = None
    ) -> None:
        self.session = session
        self.rules = rules(rules_setting)
        self.province = province
        self.day = day
        self._reads: ProvinceReads | None = None

    @property
    def reads(self) -> ProvinceReads:
        """Return the province's reports the parts need (read on first use)."""
        if self._reads is None:
            self._reads = page_reads(
                self.session, self.province, self.day, days=SERIES_DAYS, level_rules=self.rules
            )
        return self._reads

    def part(self, name: str) -> Any:
        """Return the part `name` (one of PART_NAMES) as JSON data."""
        kind, _, rest = name.partition(":")
        if kind == "levels":
            level, lang = rest.split(":")
            cells = unit_levels(
                self.session,
                self.province,
                self.day,
                level=level,
                lang=lang,
                reads=self.reads,
                level_rules=self.rules,
            )
            return _clean([asdict(c) for c in cells])
        if kind == "board":
            level, lang = rest.split(":")
            rows = situation_board(
                self.session,
                self.reads,
                self.province,
                self.day,
                self.rules,
                level=level,
                lang=lang,
            )
            return _clean([asdict(r) for r in rows])
        if kind == "cases":
            return _clean(self._cases())
        if kind == "rt":
            points, warnings = rt_points(self._cases())
            return _clean({"points": [asdict(p) for p in points], "warnings": warnings})
        if kind == "conflicts":
            return [_conflict_json(c) for c in conflicts_from(self.reads, self.day)]
        if kind == "names":
            return unit_names(self.reads)
        if kind == "unit_cases":
            return _clean(self._unit_cases())
        raise KeyError(name)

    def _unit_cases(self) -> dict[str, list[float | None]]:
        """Return every commune's and district's daily cases over the series' days, by code.

        Each at its own level, as `daily_cases` gives one unit's (NaN: no report).
        """
        first = self.day - timedelta(days=SERIES_DAYS - 1)
        found: dict[str, list[float | None]] = {}
        for level in LEVELS:
            area = area_from(self.reads, level, first, self.day)
            for code, values in zip(area.series.units, area.series.total, strict=True):
                if self.reads.units.get(code) is not None and self.reads.units[code].level == level:
                    found[code] = [None if math.isnan(v) else v for v in values.tolist()]
        return found

    def _cases(self) -> list[tuple[date, float | None]]:
        return daily_cases(
            self.session,
            self.province,
            self.province,
            self.day,
            days=SERIES_DAYS,
            reads=self.reads,
        )


def _conflict_json(c: Conflict) -> dict[str, Any]:
    r = c.resolution
    found: dict[str, Any] = _clean(
        {
            "unit_code": c.unit_code,
            "day": c.day,
            "measure": c.measure,
            "kind": c.kind,
            "values": c.values,
            "chosen": c.chosen,
            "children_reporting": c.children_reporting,
            "unit_name": c.unit_name,
            "resolution": None
            if r is None
            else {
                "source": r.source,
                "values": r.values,
                "actor": r.actor,
                "reason": r.reason,
                "at": r.at,
            },
        }
    )
    return found


def conflicts_of(data: list[dict[str, Any]]) -> list[Conflict]:
    """Return the conflicts of a `conflicts` part."""
    found = []
    for c in data:
        day = date.fromisoformat(c["day"])
        r = c["resolution"]
        resolution = (
            None
            if r is None
            else Resolution(
                c["unit_code"],
                day,
                c["measure"],
                r["source"],
                dict(r["values"]),
                r["actor"],
                r["reason"],
                datetime.fromisoformat(r["at"]) if r["at"] else None,
            )
        )
        found.append(
            Conflict(
                c["unit_code"],
                day,
                c["measure"],
                c["kind"],
                dict(c["values"]),
                c["chosen"],
                c["children_reporting"],
                resolution,
                c["unit_name"],
            )
        )
    return found


def cells_from(data: list[dict[str, Any]]) -> list[UnitCell]:
    """Return the unit cells of a `levels:...` part."""
    return [
        UnitCell(
            c["code"],
            c["name"],
            c["level"],
            c["incidence_per_100k"],
            c["cases"],
            tuple(c["reasons"]),
            c["provisional"],
            tuple(c["assumptions"]),
        )
        for c in data
    ]


def board_from(data: list[dict[str, Any]]) -> list[BoardRow]:
    """Return the board lines of a `board:...` part."""
    return [
        BoardRow(**{**r, "daily": tuple(r["daily"]), "reasons": tuple(r["reasons"])}) for r in data
    ]


def unit_cases_from(
    data: dict[str, list[float | None]], unit: str, day: date
) -> list[tuple[date, float | None]] | None:
    """Return one unit's daily series from a `unit_cases` part (None: not a unit of it)."""
    values = data.get(unit)
    if values is None:
        return None
    first = day - timedelta(days=len(values) - 1)
    return [(first + timedelta(days=i), v) for i, v in enumerate(values)]


def cases_from(data: list[list[Any]]) -> list[tuple[date, float | None]]:
    """Return the daily series of a `cases` part."""
    return [(date.fromisoformat(d), v) for d, v in data]


def rt_from(data: dict[str, Any]) -> tuple[list[RtPoint], list[str]]:
    """Return the R_t points (NaN: a gap) and warnings of an `rt` part."""

    def number(value: float | None, missing: float) -> float:
        return missing if value is None else float(value)

    points = [
        RtPoint(
            date.fromisoformat(p["day"]),
            number(p["mean"], math.nan),
            number(p["low"], math.nan),
            number(p["high"], math.nan),
            number(p["std"], math.nan),
            number(p["cases_before"], math.inf),
        )
        for p in data["points"]
    ]
    return points, list(data["warnings"])


def trend(cases: list[tuple[date, float | None]], days: int) -> list[tuple[date, float | None]]:
    """Return the last `days` of a daily series."""
    if not cases:
        return []
    first = cases[-1][0] - timedelta(days=days - 1)
    return [(d, v) for d, v in cases if d >= first]
