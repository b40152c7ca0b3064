"""What the situation pages show: read from the current snapshot, computed here when none is.

Store-free: the reads and computations live in `loa.services.situation_views` (what a part
is), `loa.services.situation_parts` (parts as JSON) and `loa.services.situation_snapshot`
(snapshots, their stamp and provenance). This module picks the snapshot or the live parts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from loa.services.situation_board import BoardRow
from loa.services.situation_parts import (
    LEVELS,
    SERIES_DAYS,
    LiveParts,
    board_from,
    cases_from,
    cells_from,
    conflicts_of,
    rt_from,
    unit_cases_from,
)
from loa.services.situation_snapshot import (
    SnapshotInfo,
    current_snapshot,
    ensure_snapshot,
    read_part,
)
from loa.services.situation_views import (
    RtPoint,
    UnitCell,
    conflicts_from,
    daily_cases,
    latest_day,
    level_counts,
    page_reads,
    rt_points,
    rules,
    unit_levels,
    unit_names,
)
from loa.situation.reconcile import Conflict

__all__ = [
    "RtPoint",
    "SituationView",
    "UnitCell",
    "conflicts_from",
    "daily_cases",
    "latest_day",
    "level_counts",
    "page_reads",
    "rt_points",
    "rules",
    "shown_once",
    "situation_view",
    "unit_levels",
    "unit_names",
]


class SituationView:
    """The province's situation on one day, from its snapshot (or computed, without one)."""

    def __init__(
        self,
        db: Session,
        province: str,
        day: date,
        snapshot: SnapshotInfo | None,
        *,
        rules_setting: str | None = None,
    ) -> None:
        self.db = db
        self.rules_setting = rules_setting
        self.province = province
        self.day = day
        self.snapshot = snapshot
        self._live = (
            LiveParts(db, province, day, rules_setting=rules_setting) if snapshot is None else None
        )

    def _part(self, name: str) -> Any:
        if self.snapshot is not None:
            return read_part(self.db, self.snapshot, name)
        assert self._live is not None
        return self._live.part(name)

    def cells(self, level: str = "commune", lang: str = "vi") -> list[UnitCell]:
        """Return every unit's level (communes by default), by name."""
        if level not in LEVELS:
            return unit_levels(
                self.db, self.province, self.day, level=level, lang=lang,
                level_rules=rules(self.rules_setting),
            )  # fmt: skip
        return cells_from(self._part(f"levels:{level}:{_lang(lang)}"))

    def board(self, level: str = "commune", lang: str = "vi") -> list[BoardRow]:
        """Return the situation board's lines at `level`, by district then name."""
        return board_from(self._part(f"board:{level}:{_lang(lang)}"))

    def cases(self, unit: str | None = None) -> list[tuple[date, float | None]]:
        """Return the daily new cases of the 90 days up to the day (the province by default)."""
        if unit is None or unit == self.province:
            return cases_from(self._part("cases"))
        if self.snapshot is not None:
            found = unit_cases_from(self._part("unit_cases"), unit, self.day)
            if found is not None:
                return found
        reads = self._live.reads if self._live is not None else None
        return daily_cases(self.db, self.province, unit, self.day, days=SERIES_DAYS, reads=reads)

    def rt(self, unit: str | None = None) -> tuple[list[RtPoint], list[str]]:
        """Return R_t with its 95% interval over the 90 days (the province by default)."""
        if unit is None or unit == self.province:
            return rt_from(self._part("rt"))
        return rt_points(self.cases(unit))

    def conflicts(self) -> list[Conflict]:
        """Return the conflicts between sources of the week up to the day, unresolved first."""
        return conflicts_of(self._part("conflicts"))

    def names(self) -> dict[str, str]:
        """Return each unit's name with its type, by code."""
        names: dict[str, str] = self._part("names")
        return names


T = TypeVar("T")
_BUILDING = threading.Lock()
_SHOWN: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_SHOWN_SIZE = 64


def shown_once(view: SituationView, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """Return what `make` gives for the snapshot and `key`, made once and then kept.

    For what is drawn from a snapshot alone (the level map's SVG for a level and language):
    a snapshot never changes, so neither does the drawing. Without a snapshot, made each time.
    """
    if view.snapshot is None:
        return make()
    full = (view.snapshot.id, view.snapshot.built_at, view.snapshot.stamp, *key)
    if full in _SHOWN:
        _SHOWN.move_to_end(full)
        found: T = _SHOWN[full]
        return found
    made = make()
    _SHOWN[full] = made
    while len(_SHOWN) > _SHOWN_SIZE:
        _SHOWN.popitem(last=False)
    return made


def _lang(lang: str) -> str:
    return lang if lang in ("vi", "en") else "vi"


def situation_view(
    db: Session, province: str, day: date | None, *, rules_setting: str | None = None
) -> SituationView | None:
    """Return the situation of `day` (None: the last reported day); None without any report.

    Read from the current snapshot. Without one (the data changed since), it is built now,
    once, and kept: the next reads of any process are served from it. (Another process
    building the same one at the same moment: the store keeps the first, see
    `ensure_snapshot`.)
    """
    snapshot = current_snapshot(db, province, day, rules_setting=rules_setting)
    if snapshot is None:
        # One build at a time in this process: the requests that arrive meanwhile wait for
        # it and read it, rather than all computing the same situation at once.
        with _BUILDING:
            db.commit()  # end the read, so a snapshot built meanwhile is seen
            snapshot = ensure_snapshot(db, province, day, rules_setting=rules_setting)
            db.commit()
    if snapshot is None:
        return None
    return SituationView(db, province, snapshot.day, snapshot, rules_setting=rules_setting)
