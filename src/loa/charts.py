"""Accessible SVG charts of daily series and of R_t with its interval (no scripts, no fonts).

A missing value is a gap, never a zero. Series differ by colour and by dash pattern, and are
named in a legend, so none depends on colour alone. Numbers and dates are written the
Vietnamese way (1.234,5; 04/11) when lang is "vi".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from loa.formatting import format_date, format_number

__all__ = ["interval_chart_svg", "line_chart_svg", "nice_ticks"]

_FONT = "'Noto Sans','DejaVu Sans',Arial,sans-serif"
_INK = "#263238"
_GRID = "#e0e0e0"
#: (colour, dash array) of successive line series.
_STYLES = [("#1565c0", ""), ("#c62828", "6 3"), ("#2e7d32", "2 3"), ("#6a1b9a", "8 3 2 3")]
_BAR = "#90a4ae"
_MARGIN = (64.0, 24.0, 56.0, 64.0)  # left, right, top, bottom


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values (1, 2 or 5 times a power of ten) covering low..high."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _decimals(ticks: Sequence[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    return max(0, -math.floor(math.log10(step))) if step < 1 else 0


def _short_date(day: date, lang: str) -> str:
    return f"{day.day:02d}/{day.month:02d}" if lang == "vi" else day.strftime("%d %b")


def _text(x: float, y: float, body: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(body)}</text>'


class _Frame:
    """The plot area of a chart and its scales."""

    def __init__(
        self, dates: Sequence[date], ticks: Sequence[float], width: int, height: int
    ) -> None:
        left, right, top, bottom = _MARGIN
        self.left, self.top = left, top
        self.right, self.bottom = width - right, height - bottom
        self.dates = list(dates)
        self.ticks = list(ticks)
        self.step = (self.right - self.left) / max(len(self.dates), 1)

    def x(self, i: int) -> float:
        """Return the x of the middle of day i."""
        return self.left + (i + 0.5) * self.step

    def y(self, value: float) -> float:
        """Return the y of a value."""
        low, high = self.ticks[0], self.ticks[-1]
        return self.bottom - (value - low) / (high - low) * (self.bottom - self.top)

    def axes(self, lang: str, y_label: str) -> str:
        """Return the grid, the tick labels and the axis titles."""
        out = [f'<g class="axes" font-family="{_FONT}" font-size="11" fill="{_INK}">']
        places = _decimals(self.ticks)
        for tick in self.ticks:
            y = self.y(tick)
            out.append(
                f'<line x1="{self.left:.1f}" x2="{self.right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{_GRID}"/>'
            )
            label = format_number(tick, places, lang)
            out.append(_text(self.left - 6, y + 4, label, text_anchor="end", class_="y-tick"))
        every = max(1, math.ceil(len(self.dates) / 8))
        for i in range(0, len(self.dates), every):
            x = self.x(i)
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{self.bottom:.1f}" '
                f'y2="{self.bottom + 4:.1f}" stroke="{_INK}"/>'
            )
            out.append(
                _text(
                    x,
                    self.bottom + 17,
                    _short_date(self.dates[i], lang),
                    text_anchor="middle",
                    class_="x-tick",
                )
            )
        out.append(
            f'<line x1="{self.left:.1f}" x2="{self.right:.1f}" y1="{self.bottom:.1f}" '
            f'y2="{self.bottom:.1f}" stroke="{_INK}"/>'
        )
        mid = (self.top + self.bottom) / 2
        out.append(
            _text(
                16,
                mid,
                y_label,
                text_anchor="middle",
                transform=f"rotate(-90 16 {mid:.1f})",
                class_="y-label",
            )
        )
        out.append(
            _text(
                (self.left + self.right) / 2,
                self.bottom + 38,
                "Ngày" if lang == "vi" else "Date",
                text_anchor="middle",
                class_="x-label",
            )
        )
        out.append("</g>")
        return "".join(out)


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Return the runs of consecutive days that have a value."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _line(frame: _Frame, values: Sequence[float | None], colour: str, dash: str, name: str) -> str:
    parts = []
    for run in _runs(values):
        if len(run) == 1:
            i = run[0]
            parts.append(
                f'<circle cx="{frame.x(i):.1f}" cy="{frame.y(values[i] or 0.0):.1f}" r="2.5" '
                f'fill="{colour}"/>'
            )
            continue
        d = "M" + "L".join(f"{frame.x(i):.1f},{frame.y(values[i] or 0.0):.1f}" for i in run)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path class="segment" d="{d}" fill="none" stroke="{colour}" stroke-width="2"'
            f'{dash_attr} stroke-linejoin="round"/>'
        )
    return f'<g class="series" data-name="{escape(name)}">{"".join(parts)}</g>'


def _svg_open(width: int, height: int, prefix: str, title: str, desc: str, css: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" class="{css}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(
            _MARGIN[0], 22, title, font_family=_FONT, font_size="15", font_weight="bold", fill=_INK
        ),
    ]


def _legend(entries: Sequence[tuple[str, str]], x: float, y: float) -> str:
    """Return a legend row: each entry is (swatch SVG at origin, name)."""
    out = [f'<g class="legend" font-family="{_FONT}" font-size="11" fill="{_INK}">']
    for swatch, name in entries:
        out.append(f'<g class="legend-item" transform="translate({x:.1f},{y:.1f})">{swatch}')
        out.append(_text(28, 4, name) + "</g>")
        x += 40 + 6.5 * len(name)
    out.append("</g>")
    return "".join(out)


def _summary(
    dates: Sequence[date], name: str, values: Sequence[float | None], lang: str, places: int
) -> str:
    known = [(i, v) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    missing = len(values) - len(known)
    if not known:
        return f"{name}: " + ("không có số liệu" if lang == "vi" else "no data")
    top_i, top = max(known, key=lambda p: (p[1], -p[0]))
    last_i, last = known[-1]

    def fmt(value: float) -> str:
        return format_number(value, places, lang)

    if lang == "vi":
        text = (
            f"{name}: cao nhất {fmt(top)} ({format_date(dates[top_i], 'vi')}), "
            f"gần nhất {fmt(last)} ({format_date(dates[last_i], 'vi')})"
        )
        return text + (f", thiếu số liệu {missing} ngày" if missing else "")
    text = (
        f"{name}: highest {fmt(top)} ({format_date(dates[top_i], 'en')}), "
        f"latest {fmt(last)} ({format_date(dates[last_i], 'en')})"
    )
    return text + (f", {missing} days without data" if missing else "")


def _period(dates: Sequence[date], lang: str) -> str:
    if not dates:
        return ""
    if lang == "vi":
        return f"Từ {format_date(dates[0], 'vi')} đến {format_date(dates[-1], 'vi')}. "
    return f"From {format_date(dates[0], 'en')} to {format_date(dates[-1], 'en')}. "


def line_chart_svg(
    dates: Sequence[date],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    lang: str = "vi",
    y_label: str,
    bars: str | None = None,
    width: int = 720,
    height: int = 320,
    id_prefix: str = "loa-chart",
) -> str:
    """Return an SVG line chart of daily series; the series named `bars` is drawn as bars.

    A None (or NaN) value leaves a gap in its line and no bar: a missing day is not zero.
    """
    lang = "vi" if lang == "vi" else "en"
    for name, values in series.items():
        if len(values) != len(dates):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(dates)} dates")
    known = [v for vs in series.values() for v in vs if v is not None and math.isfinite(v)]
    ticks = nice_ticks(min([0.0, *known]), max([1.0, *known]))
    frame = _Frame(dates, ticks, width, height)
    places = 1 if any(v != int(v) for v in known) else 0
    desc = (
        _period(dates, lang)
        + ". ".join(_summary(dates, name, values, lang, places) for name, values in series.items())
        + "."
    )
    p = escape(id_prefix)
    out = _svg_open(width, height, p, title, desc, "loa-chart loa-line-chart")
    out.append(frame.axes(lang, y_label))
    legend: list[tuple[str, str]] = []
    if bars is not None and bars in series:
        values = series[bars]
        bar_w = max(frame.step * 0.8, 0.6)
        rects = []
        no_data = "không có số liệu" if lang == "vi" else "no data"
        for i, v in enumerate(values):
            if v is None or not math.isfinite(v):
                # A visible mark at the baseline: a day without data, which is not a zero.
                rects.append(
                    f'<rect class="missing" x="{frame.x(i) - bar_w / 2:.1f}" '
                    f'y="{frame.y(ticks[0]) - 3:.1f}" width="{bar_w:.1f}" height="3" '
                    f'fill="#ffffff" stroke="{_INK}" stroke-width="0.6" stroke-dasharray="1 1">'
                    f"<title>{escape(format_date(dates[i], lang))}: {no_data}</title></rect>"
                )
                continue
            top = frame.y(max(v, 0.0))
            label = f"{format_date(dates[i], lang)}: {format_number(v, places, lang)}"
            rects.append(
                f'<rect x="{frame.x(i) - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                f'height="{frame.y(ticks[0]) - top:.1f}" fill="{_BAR}">'
                f"<title>{escape(label)}</title></rect>"
            )
        out.append(f'<g class="bars" data-name="{escape(bars)}">{"".join(rects)}</g>')
        legend.append((f'<rect x="0" y="-5" width="22" height="10" fill="{_BAR}"/>', bars))
    style = 0
    for name, values in series.items():
        if name == bars:
            continue
        colour, dash = _STYLES[style % len(_STYLES)]
        style += 1
        out.append(_line(frame, values, colour, dash, name))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        legend.append(
            (
                f'<line x1="0" x2="22" y1="0" y2="0" stroke="{colour}" stroke-width="2"'
                f"{dash_attr}/>",
                name,
            )
        )
    out.append(_legend(legend, _MARGIN[0], 40))
    out.append("</svg>")
    return "".join(out)


def interval_chart_svg(
    dates: Sequence[date],
    mean: Sequence[float | None],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    *,
    title: str,
    lang: str = "vi",
    reference: float | None = 1.0,
    y_label: str = "R_t",
    mean_label: str | None = None,
    band_label: str | None = None,
    width: int = 720,
    height: int = 320,
    id_prefix: str = "loa-rt",
) -> str:
    """Return an SVG chart of an estimate (R_t) with its 95% band and a line at `reference`.

    The band is drawn only where both bounds are known, the line only where the mean is.
    """
    lang = "vi" if lang == "vi" else "en"
    if not len(mean) == len(lower) == len(upper) == len(dates):
        raise ValueError("dates, mean, lower and upper must have the same length")
    mean_label = mean_label or ("R_t (trung bình)" if lang == "vi" else "R_t (mean)")
    band_label = band_label or ("Khoảng tin cậy 95%" if lang == "vi" else "95% interval")
    known = [v for vs in (mean, lower, upper) for v in vs if v is not None and math.isfinite(v)]
    extra = [] if reference is None else [reference]
    ticks = nice_ticks(min([0.0, *known, *extra]), max([*known, *extra, 0.5]))
    frame = _Frame(dates, ticks, width, height)
    both = [
        lo
        if lo is not None and hi is not None and math.isfinite(lo) and math.isfinite(hi)
        else None
        for lo, hi in zip(lower, upper, strict=True)
    ]
    desc = _period(dates, lang) + _summary(dates, mean_label, mean, lang, 2) + "."
    if reference is not None:
        desc += (
            f" Đường kẻ ngang: R = {format_number(reference, 0, lang)}."
            if lang == "vi"
            else f" Horizontal line: R = {format_number(reference, 0, lang)}."
        )
    p = escape(id_prefix)
    out = _svg_open(width, height, p, title, desc, "loa-chart loa-interval-chart")
    out.append(frame.axes(lang, y_label))
    bands = []
    for run in _runs(both):
        if len(run) == 1:
            i = run[0]
            run = [i, i]  # one day: a thin vertical band rather than nothing
        up = [f"{frame.x(i):.1f},{frame.y(upper[i] or 0.0):.1f}" for i in run]
        down = [f"{frame.x(i):.1f},{frame.y(lower[i] or 0.0):.1f}" for i in reversed(run)]
        bands.append(
            f'<path class="band" d="M{"L".join(up + down)}Z" fill="#90caf9" '
            f'fill-opacity="0.55" stroke="none"/>'
        )
    out.append(f'<g class="bands">{"".join(bands)}</g>')
    if reference is not None:
        y = frame.y(reference)
        out.append(
            f'<line class="reference" x1="{frame.left:.1f}" x2="{frame.right:.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}" stroke="{_INK}" stroke-width="1.2" '
            f'stroke-dasharray="5 4"/>'
        )
        out.append(
            _text(
                frame.right - 4,
                y - 5,
                f"R = {format_number(reference, 0, lang)}",
                text_anchor="end",
                font_family=_FONT,
                font_size="11",
                fill=_INK,
            )
        )
    colour, _ = _STYLES[0]
    out.append(_line(frame, mean, colour, "", mean_label))
    out.append(
        _legend(
            [
                (
                    '<rect x="0" y="-5" width="22" height="10" fill="#90caf9" '
                    'fill-opacity="0.55"/>',
                    band_label,
                ),
                (
                    f'<line x1="0" x2="22" y1="0" y2="0" stroke="{colour}" stroke-width="2"/>',
                    mean_label,
                ),
            ],
            _MARGIN[0],
            40,
        )
    )
    out.append("</svg>")
    return "".join(out)
