"""Commune points from vietnamadminunits cover the 2021 structure, Bắc Giang in full."""

from __future__ import annotations

from collections import Counter

import pytest

from loa.directory.coordinates import commune_coordinates, locate_communes
from loa.directory.units import load_2021_units

pytest.importorskip("vietnamadminunits")


def _bac_giang_communes() -> set[str]:
    units = load_2021_units()
    districts = {u.code for u in units if u.level == "district" and u.parent_code == "24"}
    return {u.code for u in units if u.level == "commune" and u.parent_code in districts}


def test_every_bac_giang_commune_has_a_point_inside_the_province() -> None:
    points = commune_coordinates()
    communes = _bac_giang_communes()
    assert len(communes) == 209
    for code in communes:
        lat, lon = points[code]
        assert 21.0 < lat < 21.65 and 105.85 < lon < 107.05, code


def test_a_commune_merged_after_2021_takes_its_successors_point() -> None:
    found = {c.code: c for c in locate_communes()}
    # Trần Nguyên Hãn (07204) was merged into Ngô Quyền (07207) in Bắc Giang city.
    assert found["07204"].how == "successor"
    assert (found["07204"].lat, found["07204"].lon) == (found["07207"].lat, found["07207"].lon)


def test_nearly_every_commune_is_placed_by_its_own_code() -> None:
    hows = Counter(c.how for c in locate_communes())
    assert sum(hows.values()) >= 10_500
    assert hows["code"] / sum(hows.values()) > 0.9
