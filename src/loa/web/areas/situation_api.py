"""The situation under /api/v1/situation: levels, R_t, conflicts and the snapshot they come from.

Levels and R_t are read from the day's snapshot and carry its validators: `ETag` (send it
back as `If-None-Match` to get an empty 304 while the data has not changed) and
`Last-Modified` (when the snapshot was built).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from loa.services.situation_conflicts import conflicts_on
from loa.services.situation_snapshot import snapshot_imports
from loa.web.caching import answer_304, api_etag, cache_headers, not_modified
from loa.web.deps import Db, Viewer
from loa.web.desk import Desk
from loa.web.schemas import LevelOut, RtOut
from loa.web.situation_data import SituationView, latest_day, situation_view

__all__ = ["register"]

router = APIRouter(prefix="/api/v1/situation", tags=["situation"])


def _province(request: Request) -> str:
    code: str = request.app.state.settings.province_code
    return code


def _view(request: Request, db: Db, day: date | None) -> SituationView | None:
    rules: str = request.app.state.settings.level_rules
    return situation_view(db, _province(request), day, rules_setting=rules)


@router.get("/levels", response_model=list[LevelOut])
def levels(
    request: Request,
    response: Response,
    db: Db,
    _p: Viewer,
    day: date | None = None,
    level: str = "commune",
    lang: str = "vi",
) -> Any:
    """Return every unit's level on a day (the last reported day by default)."""
    view = _view(request, db, day)
    if view is None or view.snapshot is None:
        return []
    etag = api_etag(request, view.snapshot)
    if not_modified(request, etag):
        return answer_304(etag, view.snapshot)
    cache_headers(response, etag, view.snapshot)
    return [
        LevelOut(
            unit_code=c.code,
            unit_name=c.name,
            level=c.level,
            incidence_per_100k=c.incidence_per_100k,
            cases=c.cases,
            reasons=list(c.reasons),
            provisional=c.provisional,
            assumptions=list(c.assumptions),
        )
        for c in view.cells(level, lang)
    ]


@router.get("/rt", response_model=list[RtOut])
def rt(
    request: Request,
    response: Response,
    db: Db,
    _p: Viewer,
    unit: str | None = None,
    day: date | None = None,
) -> Any:
    """Return R_t with its 95% interval over the 90 days up to a day, for a unit (the province by default)."""
    view = _view(request, db, day)
    if view is None or view.snapshot is None:
        return []
    etag = api_etag(request, view.snapshot)
    if not_modified(request, etag):
        return answer_304(etag, view.snapshot)
    cache_headers(response, etag, view.snapshot)
    points, _ = view.rt(unit)
    # A day the estimate leaves blank (a missing report in its window) is not returned.
    return [
        RtOut(date=p.day, mean=p.mean, low=p.low, high=p.high)
        for p in points
        if not math.isnan(p.mean)
    ]


@router.get("/snapshot")
def snapshot(
    request: Request, response: Response, db: Db, _p: Viewer, day: date | None = None
) -> Any:
    """Return the snapshot the situation of a day is read from: its day, when it was built, from which imports."""
    view = _view(request, db, day)
    if view is None or view.snapshot is None:
        return None
    found = view.snapshot
    etag = api_etag(request, found)
    if not_modified(request, etag):
        return answer_304(etag, found)
    cache_headers(response, etag, found)
    return {
        "day": found.day.isoformat(),
        "built_at": found.built_at.isoformat(),
        "build_ms": round(found.build_ms, 1),
        "version": found.stamp,
        "etag": found.etag,
        "resolutions": found.resolutions,
        "imports": [
            {**i, "imported_at": i["imported_at"].isoformat()} for i in snapshot_imports(db, found)
        ],
    }


@router.get("/conflicts")
def conflicts(
    request: Request, db: Db, _p: Viewer, day: date | None = None, days: int = 7
) -> list[dict[str, Any]]:
    """Return where the sources of daily figures disagree in the `days` up to a day."""
    province = _province(request)
    shown = day or latest_day(db, province)
    if shown is None:
        return []
    return [c.to_json() for c in conflicts_on(db, province, shown, days=max(1, min(days, 366)))]


def register(desk: Desk) -> None:
    """Add the /api/v1/situation routes (the import stays with the other imports)."""
    desk.add_router(router)
