"""Maps and charts for the pages: server-side SVG from `loa.situation.maps` and `loa.charts`.

Plain imports, so mypy and the tests see every call; a page with nothing to draw (no
points, no series) shows the same data as an accessible table instead.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from loa.charts import interval_chart_svg, line_chart_svg
from loa.directory.coordinates import commune_coordinates
from loa.situation.maps import MapUnit, level_map_svg
from loa.web.deps import PageContext
from loa.web.situation_data import RtPoint, UnitCell

__all__ = ["cases_chart", "level_map", "rt_chart", "sparkline"]


@functools.cache
def _coordinates() -> dict[str, tuple[float, float]]:
    return commune_coordinates()


def _map_units(cells: Sequence[UnitCell]) -> list[MapUnit]:
    points = _coordinates()
    return [
        MapUnit(
            code=cell.code,
            name=cell.name,
            level=cell.level,
            lat=points[cell.code][0] if cell.code in points else None,
            lon=points[cell.code][1] if cell.code in points else None,
            provisional=cell.provisional,
        )
        for cell in cells
    ]


def level_map(ctx: PageContext, cells: Sequence[UnitCell], *, title: str) -> Markup:
    """Return the level map of `cells`, or the same levels as a table."""
    if cells:
        # Wider than tall, as the board's column is: the province fills it, not white space.
        svg = Markup(level_map_svg(_map_units(cells), lang=ctx.lang, title=title, height=440))
        return ctx.render("fragments/map.html", svg=svg, title=title, cells=cells)
    return ctx.render("fragments/level_table.html", cells=cells, title=title)


def cases_chart(
    ctx: PageContext, points: Sequence[tuple[date, float | None]], *, title: str
) -> Markup:
    """Return a chart of daily cases, or a table of them."""
    if points:
        label = ctx._("Ca mới")
        svg = line_chart_svg(
            [d for d, _ in points],
            {label: [v for _, v in points]},
            lang=ctx.lang,
            title=title,
            y_label=label,
            bars=label,
        )
        return ctx.render("fragments/chart.html", svg=Markup(svg), title=title)
    rows = [(d, v) for d, v in points if v]
    return ctx.render("fragments/cases_table.html", rows=rows, title=title)


def rt_chart(ctx: PageContext, points: Sequence[RtPoint], *, title: str) -> Markup:
    """Return a chart of R_t with its interval, or a table of it."""
    if points:
        svg = interval_chart_svg(
            [p.day for p in points],
            [p.mean for p in points],
            [p.low for p in points],
            [p.high for p in points],
            lang=ctx.lang,
            title=title,
        )
        return ctx.render("fragments/chart.html", svg=Markup(svg), title=title)
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
