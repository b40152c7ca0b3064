"""Maps and charts for the pages: server-side SVG when the drawing modules are there, else tables.

`loa.situation.maps` and `loa.charts` are written separately; this adapter calls them when
they can be imported and accept what it passes, and otherwise renders the same data as an
accessible table, so a page never breaks on a missing or changed drawing module.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from loa.web.deps import PageContext
from loa.web.situation_data import RtPoint, UnitCell

__all__ = ["cases_chart", "level_map", "rt_chart", "sparkline"]


def _call(module_name: str, function: str, *args: Any, **kwargs: Any) -> Markup | None:
    try:
        module = importlib.import_module(module_name)
        svg = getattr(module, function)(*args, **kwargs)
    except Exception:  # a drawing failure must never take a page down; the table stands in
        return None
    return Markup(svg) if isinstance(svg, str) and "<svg" in svg else None


@functools.cache
def _coordinates() -> dict[str, tuple[float, float]]:
    try:
        module = importlib.import_module("loa.directory.coordinates")
        found: dict[str, tuple[float, float]] = module.commune_coordinates()
    except Exception:  # no coordinates: the map module draws what it can, the table stays
        return {}
    return found


def _map_units(cells: Sequence[UnitCell]) -> list[Any] | None:
    try:
        module = importlib.import_module("loa.situation.maps")
        map_unit = module.MapUnit
        names = {f.name for f in dataclasses.fields(map_unit)}
    except Exception:
        return None
    known = {"code", "unit_code", "name", "level", "lat", "lon", "provisional"}
    points = _coordinates()
    if not names & {"code", "unit_code"} or "level" not in names:
        return None
    units = []
    for cell in cells:
        values = {
            "code": cell.code,
            "unit_code": cell.code,
            "name": cell.name,
            "level": cell.level,
            "lat": points.get(cell.code, (None, None))[0],
            "lon": points.get(cell.code, (None, None))[1],
            "provisional": cell.provisional,
        }
        try:
            units.append(map_unit(**{k: v for k, v in values.items() if k in names & known}))
        except TypeError:
            return None
    return units


def level_map(ctx: PageContext, cells: Sequence[UnitCell], *, title: str) -> Markup:
    """Return the level map of `cells`, or the same levels as a table."""
    units = _map_units(cells)
    if units is not None:
        # Wider than tall, as the board's column is: the province fills it, not white space.
        svg = _call(
            "loa.situation.maps", "level_map_svg", units, lang=ctx.lang, title=title, height=440
        )
        if svg is not None:
            return ctx.render("fragments/map.html", svg=svg, title=title, cells=cells)
    return ctx.render("fragments/level_table.html", cells=cells, title=title)


def cases_chart(
    ctx: PageContext, points: Sequence[tuple[date, float | None]], *, title: str
) -> Markup:
    """Return a chart of daily cases, or a table of them."""
    if points:
        label = ctx._("Ca mới")
        svg = _call(
            "loa.charts",
            "line_chart_svg",
            [d for d, _ in points],
            {label: [v for _, v in points]},
            lang=ctx.lang,
            title=title,
            y_label=label,
            bars=label,
        )
        if svg is not None:
            return ctx.render("fragments/chart.html", svg=svg, title=title)
    rows = [(d, v) for d, v in points if v]
    return ctx.render("fragments/cases_table.html", rows=rows, title=title)


def rt_chart(ctx: PageContext, points: Sequence[RtPoint], *, title: str) -> Markup:
    """Return a chart of R_t with its interval, or a table of it."""
    if points:
        svg = _call(
            "loa.charts",
            "interval_chart_svg",
            [p.day for p in points],
            [p.mean for p in points],
            [p.low for p in points],
            [p.high for p in points],
            lang=ctx.lang,
            title=title,
        )
        if svg is not None:
            return ctx.render("fragments/chart.html", svg=svg, title=title)
    return ctx.render("fragments/rt_table.html", points=points, title=title)


def sparkline(values: Sequence[float | None], *, width: int = 84, height: int = 18) -> Markup:
    """Return a tiny line of daily values (gaps where no report came), for a table cell.

    Decorative: the row states the figures in words, so the drawing is hidden from readers.
    """
    known = [v for v in values if v is not None]
    if not known:
        return Markup("")
    top = max(known) or 1.0
    step = width / max(len(values) - 1, 1)
    runs: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
            continue
        y = height - 1 - (height - 2) * v / top
        runs[-1].append(f"{i * step:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="#37474f" stroke-width="1.5"/>'
        for run in runs
        if len(run) > 1
    )
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true" focusable="false">{lines}</svg>'
    )
