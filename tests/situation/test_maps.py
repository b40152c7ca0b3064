"""The level map: every unit drawn with its colour, pattern and label; schematic when no boundary."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from loa.situation.maps import (
    LEVEL_COLOURS,
    SCHEMATIC_NOTICE,
    MapUnit,
    level_map_svg,
    level_phrase,
    level_table_html,
)

NS = {"s": "http://www.w3.org/2000/svg"}


def _grid_units(levels: list[int | None]) -> list[MapUnit]:
    # Points on a loose grid around Bắc Giang city, one per level given.
    return [
        MapUnit(
            code=f"{7200 + i:05d}",
            name=f"Xã Thử {i}",
            level=level,
            lat=21.27 + 0.04 * (i // 4),
            lon=106.19 + 0.05 * (i % 4),
            group="A" if i % 4 < 2 else "B",
        )
        for i, level in enumerate(levels)
    ]


def _square(lon: float, lat: float, size: float = 0.05) -> list[list[tuple[float, float]]]:
    return [
        [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat)]
    ]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _units(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-code", ""): g for g in root.iterfind(".//s:g[@data-code]", NS)}


def test_every_unit_is_drawn_with_its_level_pattern_and_tooltip() -> None:
    units = _grid_units([1, 2, 3, 4, None, 1, 2, 3, 4, None, 1, 2])
    root = _parse(level_map_svg(units, title="Bắc Giang"))
    drawn = _units(root)
    assert set(drawn) == {u.code for u in units}
    for unit in units:
        group = drawn[unit.code]
        key = "unknown" if unit.level is None else str(unit.level)
        path = group.find("s:path", NS)
        assert path is not None
        assert path.get("fill") == f"url(#loa-map-level-{key})"
        tooltip = group.findtext("s:title", namespaces=NS)
        assert tooltip == f"{unit.name}: {level_phrase(unit.level)}"


def test_each_level_pattern_has_its_official_colour_and_its_own_marks() -> None:
    root = _parse(level_map_svg(_grid_units([1, 2, 3, 4]), title="t"))
    patterns = {p.get("id"): p for p in root.iterfind(".//s:defs/s:pattern", NS)}
    marks = set()
    for level, colour in LEVEL_COLOURS.items():
        key = "unknown" if level is None else str(level)
        pattern = patterns[f"loa-map-level-{key}"]
        background = pattern.find("s:rect", NS)
        assert background is not None and background.get("fill") == colour
        marks.add(ET.tostring(pattern).decode().split("</rect>", 1)[-1].replace(colour, ""))
    # No two levels share the same marks: the level can be read without colour.
    assert len(marks) == len(LEVEL_COLOURS)


def test_unknown_level_is_grey_and_says_not_determined() -> None:
    units = _grid_units([None, 1, 1, 1])
    root = _parse(level_map_svg(units, title="t"))
    group = _units(root)[units[0].code]
    assert group.get("data-level") == "unknown"
    assert "chưa xác định" in (group.findtext("s:title", namespaces=NS) or "")
    pattern = root.find(".//s:pattern[@id='loa-map-level-unknown']/s:rect", NS)
    assert pattern is not None and pattern.get("fill") == LEVEL_COLOURS[None]


def test_legend_shows_colour_pattern_and_text_for_every_level() -> None:
    units = _grid_units([3, 3, 1, None])
    root = _parse(level_map_svg(units, title="t"))
    items = root.findall(".//s:g[@class='legend-item']", NS)
    assert [i.get("data-level") for i in items] == ["1", "2", "3", "4", "unknown"]
    for item in items:
        swatch = item.find("s:rect", NS)
        assert swatch is not None
        assert swatch.get("fill") == f"url(#loa-map-level-{item.get('data-level')})"
        words = " ".join(t.text or "" for t in item.iterfind("s:text", NS))
        assert ("chưa xác định" if item.get("data-level") == "unknown" else "cấp") in words.lower()
    level_3 = " ".join(t.text or "" for t in items[2].iterfind("s:text", NS))
    assert "cam" in level_3 and "2 đơn vị" in level_3


def test_level_numbers_are_written_on_units_with_room() -> None:
    units = _grid_units([1, 2, 3, 4, None, 1, 2, 3])
    root = _parse(level_map_svg(units, title="t", width=900, height=700))
    labels = {
        t.get("data-code"): t.text for t in root.iterfind(".//s:text[@class='unit-label']", NS)
    }
    assert labels == {u.code: ("?" if u.level is None else str(u.level)) for u in units}


def test_custom_label_replaces_the_level_number() -> None:
    units = [*_grid_units([1, 2, 3])]
    units[0] = MapUnit(units[0].code, units[0].name, 3, units[0].lat, units[0].lon, label="3*")
    root = _parse(level_map_svg(units, title="t", width=900, height=700))
    labels = {
        t.get("data-code"): t.text for t in root.iterfind(".//s:text[@class='unit-label']", NS)
    }
    assert labels[units[0].code] == "3*"


def test_map_without_boundaries_says_it_is_schematic() -> None:
    svg = level_map_svg(_grid_units([1, 2, 3, 4]), title="t")
    root = _parse(svg)
    notice = root.find(".//s:text[@class='schematic-notice']", NS)
    assert notice is not None and notice.text == SCHEMATIC_NOTICE["vi"]
    assert SCHEMATIC_NOTICE["vi"] in (root.findtext("s:desc", namespaces=NS) or "")


def test_map_with_boundaries_is_not_labelled_schematic_and_follows_them() -> None:
    units = [
        MapUnit("07204", "Phường A", 1, geometry=_square(106.18, 21.27)),
        MapUnit("07207", "Phường B", 4, geometry=_square(106.23, 21.27)),
    ]
    svg = level_map_svg(units, title="t", lang="en")
    root = _parse(svg)
    assert root.find(".//s:text[@class='schematic-notice']", NS) is None
    assert SCHEMATIC_NOTICE["en"] not in svg
    paths = {c: g.find("s:path", NS) for c, g in _units(root).items()}
    xs = {
        c: float((p.get("d") or "M0").split(",")[0][1:]) for c, p in paths.items() if p is not None
    }
    assert xs["07204"] < xs["07207"]  # west stays west
    assert _units(root)["07207"].findtext("s:title", namespaces=NS) == "Phường B: level 4 (red)"


def test_svg_is_accessible_and_deterministic() -> None:
    units = _grid_units([1, 2, 3, 4, None, 2])
    svg = level_map_svg(units, title="Cấp độ dịch")
    assert svg == level_map_svg(list(reversed(units)), title="Cấp độ dịch")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.findtext("s:title", namespaces=NS) == "Cấp độ dịch"
    desc = root.findtext("s:desc", namespaces=NS) or ""
    assert "6 đơn vị" in desc and "cấp 2 (vàng): 2" in desc


def test_units_without_position_are_counted_but_not_drawn() -> None:
    units = [*_grid_units([1, 2, 3]), MapUnit("09999", "Xã Không Toạ Độ", 2)]
    root = _parse(level_map_svg(units, title="t"))
    assert "09999" not in _units(root)
    assert "4 đơn vị" in (root.findtext("s:desc", namespaces=NS) or "")


def test_units_sharing_one_point_still_get_a_cell_each() -> None:
    units = _grid_units([1, 2, 3, 4])
    twin = MapUnit("07299", "Xã Sáp Nhập", 4, units[0].lat, units[0].lon)
    root = _parse(level_map_svg([*units, twin], title="t"))
    drawn = _units(root)
    for code in (units[0].code, "07299"):
        path = drawn[code].find("s:path", NS)
        assert path is not None and len(path.get("d") or "") > 10


def test_schematic_map_draws_borders_between_groups() -> None:
    root = _parse(level_map_svg(_grid_units([1] * 8), title="t"))
    border = root.find(".//s:path[@class='group-borders']", NS)
    assert border is not None and (border.get("d") or "").startswith("M")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_data_table_lists_every_unit_with_its_level(lang: str) -> None:
    units = _grid_units([1, None, 3])
    table = level_table_html(units, lang=lang, caption="Bảng")
    root = ET.fromstring(table)
    rows = root.findall("./tbody/tr")
    assert len(rows) == 3
    cells = {r.findtext("td"): r.findall("td")[1].text for r in rows}
    assert cells[units[1].code] == level_phrase(None, lang)
    assert cells[units[2].code] == level_phrase(3, lang)


def test_a_provisional_level_has_its_own_pattern_tooltip_and_legend_entry() -> None:
    units = _grid_units([2, 3, None])
    units[0] = dataclasses.replace(units[0], provisional=True)
    units[2] = dataclasses.replace(units[2], provisional=True)  # no level: nothing to mark
    root = _parse(level_map_svg(units, title="Bắc Giang"))
    drawn = _units(root)
    marked = drawn[units[0].code]
    assert marked.get("data-provisional") == "true"
    assert marked.find("s:path[@class='provisional']", NS) is not None
    assert "(tạm tính)" in (marked.findtext("s:title", namespaces=NS) or "")
    assert drawn[units[1].code].get("data-provisional") is None
    assert drawn[units[2].code].get("data-provisional") is None
    legend = root.find(".//s:g[@data-level='provisional']", NS)
    assert legend is not None
    assert "1 đơn vị" in "".join(legend.itertext())
    plain = _parse(level_map_svg(_grid_units([2, 3]), title="Bắc Giang"))
    assert plain.find(".//s:g[@data-level='provisional']", NS) is None
