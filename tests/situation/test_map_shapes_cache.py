"""The level map's schematic cells are computed once per set of sites and handed out as copies."""

from __future__ import annotations

from loa.situation import map_shapes
from loa.situation.map_shapes import schematic_cells

SITES = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0), (5.0, 5.0), (20.0, 3.0)]
GROUPS = ["a", "a", "b", "b", "a", "b"]


def test_cached_cells_equal_freshly_computed_ones() -> None:
    first = schematic_cells(SITES, GROUPS)
    fresh = map_shapes._compute_cells(SITES, GROUPS)
    assert first.rings == fresh.rings and first.borders == fresh.borders


def test_changing_returned_cells_does_not_change_the_next_map() -> None:
    first = schematic_cells(SITES, GROUPS)
    first.rings[0].clear()
    first.borders.clear()
    again = schematic_cells(SITES, GROUPS)
    assert again.rings[0] and again.borders


def test_other_groups_give_other_borders() -> None:
    split = schematic_cells(SITES, GROUPS)
    together = schematic_cells(SITES, ["a"] * len(SITES))
    assert split.borders and not together.borders
