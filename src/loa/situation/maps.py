"""The commune level map as an accessible, self-contained SVG (no tiles, no scripts).

Each level is shown three ways, so no reader depends on colour alone: the official colour
(Resolution 128: green, yellow, orange, red; grey when unknown), a fill pattern of its own
(none, dots, diagonal lines, cross-hatch; horizontal lines when unknown) and the level number
written on the unit where it fits. Units with imported boundaries are drawn as they are; when
there are none, a schematic map of cells around each commune's point is drawn instead and says
so on its face.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from loa.formatting import format_number
from loa.situation.level_reasons import LEVEL_NAMES
from loa.situation.map_shapes import (
    Point,
    Projection,
    Ring,
    label_anchor,
    path_data,
    schematic_cells,
    spread_duplicates,
)

__all__ = [
    "LEVEL_COLOURS",
    "SCHEMATIC_NOTICE",
    "MapUnit",
    "level_map_svg",
    "level_phrase",
    "level_table_html",
]

#: Fill colour of each level; None is "not determined".
LEVEL_COLOURS: dict[int | None, str] = {
    1: "#43a047",
    2: "#fdd835",
    3: "#fb8c00",
    4: "#e53935",
    None: "#bdbdbd",
}

SCHEMATIC_NOTICE = {
    "vi": "Sơ đồ minh họa, không phải ranh giới thật",
    "en": "Schematic, not real boundaries",
}

_UNKNOWN = {"vi": "chưa xác định", "en": "not determined"}
PROVISIONAL = {"vi": "tạm tính", "en": "provisional"}
_PROVISIONAL_NOTE = {"vi": "thiếu số liệu đầu vào", "en": "an input is assumed"}
_FONT = "'Noto Sans','DejaVu Sans',Arial,sans-serif"
_LEGEND_WIDTH = 220
_LABEL_ROOM = (16.0, 13.0)  # width and height a one-digit label needs, in pixels
_INK = "#263238"


@dataclass(frozen=True)
class MapUnit:
    """One unit on the map: its level (None if unknown), a point and/or boundary rings.

    `geometry` holds rings of (lon, lat) pairs as in GeoJSON (outer rings and holes together;
    they are filled with the even-odd rule). `label` replaces the level number written on
    the unit, e.g. "3*" for a level announced but not yet in force.
    """

    code: str
    name: str
    level: int | None
    lat: float | None = None
    lon: float | None = None
    geometry: list[list[tuple[float, float]]] | None = None
    label: str | None = None
    group: str | None = None  # e.g. the district code: schematic maps draw borders between groups
    provisional: bool = False  # the level rests on an assumed input (no vaccination data, ...)


def level_phrase(level: int | None, lang: str = "vi") -> str:
    """Return 'cấp 3 (cam)' / 'level 3 (orange)', or 'chưa xác định' for an unknown level."""
    if level not in LEVEL_NAMES:
        return _UNKNOWN["vi" if lang == "vi" else "en"]
    (_, colour_vi), (_, colour_en) = LEVEL_NAMES[level]
    return f"cấp {level} ({colour_vi})" if lang == "vi" else f"level {level} ({colour_en})"


def _level_key(level: int | None) -> str:
    return str(level) if level in LEVEL_NAMES else "unknown"


def _patterns(prefix: str) -> str:
    """Return the <pattern> of each level: its colour with its own marks on top."""
    marks = {
        "1": "",
        "2": f'<circle cx="4" cy="4" r="1.4" fill="{_INK}" fill-opacity="0.55"/>',
        "3": f'<path d="M-2,2L2,-2M0,8L8,0M6,10L10,6" stroke="{_INK}" stroke-opacity="0.5" '
        'stroke-width="1.3"/>',
        "4": f'<path d="M-2,2L2,-2M0,8L8,0M6,10L10,6M-2,6L2,10M0,0L8,8M6,-2L10,2" '
        f'stroke="{_INK}" stroke-opacity="0.55" stroke-width="1.1"/>',
        "unknown": f'<path d="M0,2H8M0,6H8" stroke="{_INK}" stroke-opacity="0.35" '
        'stroke-width="0.8"/>',
    }
    # Provisional: white rings over the level's own pattern, so colour and marks stay readable.
    out = [
        f'<pattern id="{prefix}-provisional" width="10" height="10" patternUnits="userSpaceOnUse">'
        '<circle cx="5" cy="5" r="2.6" fill="none" stroke="#ffffff" stroke-width="1.4"/>'
        "</pattern>"
    ]
    for level, colour in LEVEL_COLOURS.items():
        key = _level_key(level)
        out.append(
            f'<pattern id="{prefix}-level-{key}" width="8" height="8" '
            f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{colour}"/>'
            f"{marks[key]}</pattern>"
        )
    return "".join(out)


def _unit_shapes(
    units: Sequence[MapUnit], x: float, y: float, width: float, height: float
) -> tuple[list[list[Ring]], list[tuple[Point, Point]], bool]:
    """Return screen rings per unit, group borders, and whether the map is schematic."""
    with_geometry = any(u.geometry for u in units)
    lonlats: list[Point] = []
    for u in units:
        if u.geometry:
            lonlats.extend((p[0], p[1]) for ring in u.geometry for p in ring)
        elif u.lat is not None and u.lon is not None:
            lonlats.append((u.lon, u.lat))
    proj = Projection.fit(lonlats, x, y, width, height)
    shapes: list[list[Ring]] = [[] for _ in units]
    if with_geometry:
        for i, u in enumerate(units):
            if u.geometry:
                shapes[i] = [[proj.xy(lon, lat) for lon, lat in ring] for ring in u.geometry]
            elif u.lat is not None and u.lon is not None:
                # A unit with a point but no boundary is shown as a small diamond at its point.
                cx, cy = proj.xy(u.lon, u.lat)
                shapes[i] = [[(cx, cy - 7), (cx + 7, cy), (cx, cy + 7), (cx - 7, cy)]]
        return shapes, [], False
    placed = [i for i, u in enumerate(units) if u.lat is not None and u.lon is not None]
    points = [proj.xy(units[i].lon or 0.0, units[i].lat or 0.0) for i in placed]
    points = spread_duplicates(points, spacing=max(width, height) / 150)
    cells = schematic_cells(points, [units[i].group for i in placed])
    for i, ring in zip(placed, cells.rings, strict=True):
        shapes[i] = [ring]
    return shapes, cells.borders, True


def _text(x: float, y: float, body: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(body)}</text>'


def _legend(
    prefix: str, counts: Counter[int | None], x: float, y: float, lang: str, provisional: int = 0
) -> str:
    vi = lang == "vi"
    out = [
        f'<g class="legend" font-family="{_FONT}" fill="{_INK}">',
        _text(x, y, "Cấp độ dịch" if vi else "Epidemic level", font_size="13", font_weight="bold"),
    ]
    for row, level in enumerate([1, 2, 3, 4, None]):
        key = _level_key(level)
        top = y + 14 + row * 40
        if level is None:
            head = _UNKNOWN["vi" if vi else "en"].capitalize()
            risk = ""
        else:
            head = level_phrase(level, lang).capitalize()
            # "nguy cơ thấp (bình thường mới)" is too long for the legend: keep the risk only.
            risk = LEVEL_NAMES[level][0 if vi else 1][0].split(" (")[0]
        out.append(
            f'<g class="legend-item" data-level="{key}">'
            f'<rect x="{x:.1f}" y="{top:.1f}" width="26" height="20" rx="2" '
            f'fill="url(#{prefix}-level-{key})" stroke="{_INK}" stroke-width="0.8"/>'
            + _text(
                x + 13,
                top + 14.5,
                "?" if level is None else str(level),
                font_size="12",
                font_weight="bold",
                text_anchor="middle",
                stroke="#fff",
                stroke_width="2.5",
                paint_order="stroke",
            )
            + _text(x + 34, top + 9, head, font_size="12", font_weight="bold")
            + _text(
                x + 34,
                top + 23,
                (f"{risk} · " if risk else "")
                + f"{format_number(counts.get(level, 0), lang=lang)} "
                + ("đơn vị" if vi else "unit" if counts.get(level, 0) == 1 else "units"),
                font_size="11",
            )
            + "</g>"
        )
    if provisional:
        top = y + 14 + 5 * 40
        out.append(
            f'<g class="legend-item" data-level="provisional">'
            f'<rect x="{x:.1f}" y="{top:.1f}" width="26" height="20" rx="2" fill="#9e9e9e" '
            f'stroke="{_INK}" stroke-width="0.8"/>'
            f'<rect x="{x:.1f}" y="{top:.1f}" width="26" height="20" rx="2" '
            f'fill="url(#{prefix}-provisional)"/>'
            + _text(
                x + 34, top + 9, PROVISIONAL[lang].capitalize(), font_size="12", font_weight="bold"
            )
            + _text(
                x + 34,
                top + 23,
                f"{_PROVISIONAL_NOTE[lang]} · {format_number(provisional, lang=lang)} "
                + ("đơn vị" if lang == "vi" else "unit" if provisional == 1 else "units"),
                font_size="11",
            )
            + "</g>"
        )
    out.append("</g>")
    return "".join(out)


def _description(units: Sequence[MapUnit], counts: Counter[int | None], lang: str) -> str:
    vi = lang == "vi"
    parts = [
        f"{level_phrase(level, lang)}: {format_number(counts[level], lang=lang)}"
        for level in [1, 2, 3, 4, None]
        if counts.get(level)
    ]
    head = (
        f"Bản đồ cấp độ dịch của {format_number(len(units), lang=lang)} đơn vị. "
        if vi
        else f"Epidemic level map of {format_number(len(units), lang=lang)} units. "
    )
    return head + "; ".join(parts) + "."


def level_map_svg(
    units: Sequence[MapUnit],
    *,
    lang: str = "vi",
    title: str,
    width: int = 760,
    height: int = 560,
    id_prefix: str = "loa-map",
) -> str:
    """Return an inline SVG map of the units' levels, with its legend and accessible texts.

    With boundaries (any unit has `geometry`) the map is drawn from them; without, a schematic
    map of cells around each unit's point is drawn and labelled as schematic. Units with
    neither a boundary nor a point are counted in the description and the legend but not drawn.
    Output depends only on the arguments (units are drawn in code order).
    """
    lang = "vi" if lang == "vi" else "en"
    ordered = sorted(units, key=lambda u: u.code)
    counts: Counter[int | None] = Counter(
        u.level if u.level in LEVEL_NAMES else None for u in ordered
    )
    top = 58.0
    map_box = (10.0, top, width - _LEGEND_WIDTH - 20.0, height - top - 10.0)
    shapes, borders, schematic = _unit_shapes(ordered, *map_box)
    description = _description(ordered, counts, lang)
    if schematic:
        description += " " + SCHEMATIC_NOTICE[lang] + "."
    p = escape(id_prefix)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{p}-title {p}-desc" class="loa-level-map">',
        f'<title id="{p}-title">{escape(title)}</title>',
        f'<desc id="{p}-desc">{escape(description)}</desc>',
        f"<defs>{_patterns(p)}</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(10, 24, title, font_family=_FONT, font_size="17", font_weight="bold", fill=_INK),
    ]
    if schematic:
        out.append(
            _text(
                10,
                44,
                SCHEMATIC_NOTICE[lang],
                class_="schematic-notice",
                font_family=_FONT,
                font_size="12",
                font_style="italic",
                fill="#b71c1c",
            )
        )
    out.append(f'<g class="units" font-family="{_FONT}">')
    labels: list[str] = []
    for unit, rings in zip(ordered, shapes, strict=True):
        if not rings:
            continue
        key = _level_key(unit.level)
        marked = unit.provisional and key != "unknown"
        tooltip = f"{unit.name}: {level_phrase(unit.level, lang)}"
        tooltip += f" ({PROVISIONAL[lang]})" if marked else ""
        overlay = (
            f'<path class="provisional" d="{path_data(rings)}" fill="url(#{p}-provisional)" '
            'fill-rule="evenodd"/>'
            if marked
            else ""
        )
        flag = ' data-provisional="true"' if marked else ""
        out.append(
            f'<g class="unit level-{key}" data-code="{escape(unit.code)}" data-level="{key}"{flag}>'
            f"<title>{escape(tooltip)}</title>"
            f'<path d="{path_data(rings)}" fill="url(#{p}-level-{key})" fill-rule="evenodd" '
            f'stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round"/>{overlay}</g>'
        )
        text = unit.label or ("?" if key == "unknown" else key)
        (lx, ly), room_w, room_h = label_anchor(rings)
        needed_w = _LABEL_ROOM[0] + 6 * (len(text) - 1)
        if room_w >= needed_w and room_h >= _LABEL_ROOM[1]:
            labels.append(
                _text(
                    lx,
                    ly + 4,
                    text,
                    class_="unit-label",
                    data_code=escape(unit.code),
                    font_size="11",
                    font_weight="bold",
                    text_anchor="middle",
                    fill=_INK,
                    stroke="#ffffff",
                    stroke_width="2.2",
                    stroke_opacity="0.85",
                    paint_order="stroke",
                )
            )
    out.append("</g>")
    if borders:
        d = "".join(f"M{a[0]:.1f},{a[1]:.1f}L{b[0]:.1f},{b[1]:.1f}" for a, b in borders)
        out.append(
            f'<path class="group-borders" d="{d}" fill="none" stroke="{_INK}" '
            'stroke-width="1.6" stroke-linecap="round" aria-hidden="true"/>'
        )
    out.append(f'<g class="unit-labels" font-family="{_FONT}" aria-hidden="true">')
    out.extend(labels)
    out.append("</g>")
    provisional = sum(1 for u in ordered if u.provisional and u.level in LEVEL_NAMES)
    out.append(_legend(p, counts, width - _LEGEND_WIDTH, top + 8, lang, provisional))
    out.append("</svg>")
    return "".join(out)


def level_table_html(
    units: Sequence[MapUnit], *, lang: str = "vi", caption: str | None = None
) -> str:
    """Return an HTML table (code, name, level) of the map's units, for screen readers."""
    vi = lang == "vi"
    head = ("Mã", "Đơn vị", "Cấp độ") if vi else ("Code", "Unit", "Level")
    rows = "".join(
        f'<tr><td>{escape(u.code)}</td><th scope="row">{escape(u.name)}</th>'
        f"<td>{escape(level_phrase(u.level, lang))}</td></tr>"
        for u in sorted(units, key=lambda u: (u.name, u.code))
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="loa-level-table">{cap}<thead><tr>'
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + f"</tr></thead><tbody>{rows}</tbody></table>"
    )
