"""Resolves unit codes and names in imported files against the directory as of a date."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from loa.directory.units import AdminUnit
from loa.situation.validation import UnitMatch, split_unit_path
from loa.text import fold, standard_tone_marks

__all__ = ["DirectoryResolver"]


class DirectoryResolver:
    """A `UnitResolver` over a list of units: exact spelling first, then folded, then near misses."""

    def __init__(self, units: Sequence[AdminUnit], province_code: str) -> None:
        self.province_code = province_code
        self._by_code: dict[str, list[AdminUnit]] = defaultdict(list)
        self._by_name: dict[str, list[AdminUnit]] = defaultdict(list)
        self._by_key: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit in units:
            self._by_code[unit.code].append(unit)
            self._by_name[standard_tone_marks(unit.name)].append(unit)
            self._by_key[fold(unit.name)].append(unit)
        self._province_of: dict[str, str] = {}
        for unit in units:
            self._province_of[unit.code] = self._walk_to_province(unit)

    def _walk_to_province(self, unit: AdminUnit) -> str:
        current: AdminUnit | None = unit
        for _ in range(4):
            if current is None or current.level == "province":
                break
            parents = self._by_code.get(current.parent_code or "", [])
            current = parents[0] if parents else None
        return current.code if current is not None else ""

    def _valid(self, units: Sequence[AdminUnit], day: date) -> list[AdminUnit]:
        return [
            u for u in units if u.valid_from <= day and (u.valid_to is None or u.valid_to >= day)
        ]

    def _named(self, name: str, day: date, level: str | None = None) -> list[AdminUnit]:
        exact = self._valid(self._by_name.get(standard_tone_marks(name.strip()), []), day)
        found = exact or self._valid(self._by_key.get(fold(name), []), day)
        return [u for u in found if level is None or u.level == level]

    def _label(self, unit: AdminUnit) -> str:
        province = self._by_code.get(self._province_of.get(unit.code, ""), [])
        return f"{unit.name_with_type}, {province[0].name}" if province else unit.name_with_type

    def _suggest(
        self, name: str, day: date, level: str | None, parent: str | None = None
    ) -> list[str]:
        candidates = {
            fold(u.name): u
            for units in self._by_code.values()
            for u in self._valid(units, day)
            if self._province_of.get(u.code) == self.province_code
            and (level is None or u.level == level)
            and (parent is None or u.parent_code == parent)
        }
        close = difflib.get_close_matches(fold(name), list(candidates), n=3, cutoff=0.75)
        return [f"{candidates[c].name} ({candidates[c].code})" for c in close]

    def __call__(self, code: str | None, name: str | None, day: date) -> UnitMatch:
        """Return what the directory says of a unit given by code or by name on `day`."""
        if code:
            return self._by_code_match(code, day)
        if not name:
            return UnitMatch.not_found()
        path = split_unit_path(name)
        if path is None:
            return self._bare_name(name, day)
        commune, district = path
        return self._path(commune, district, day)

    def _by_code_match(self, code: str, day: date) -> UnitMatch:
        for candidate in (code, code.zfill(5), code.zfill(3), code.zfill(2)):
            units = self._valid(self._by_code.get(candidate, []), day)
            if units:
                unit = units[0]
                if self._province_of.get(unit.code) != self.province_code:
                    return UnitMatch.outside(self._label(unit))
                return UnitMatch.found(unit.code)
        return UnitMatch.not_found()

    def _bare_name(self, name: str, day: date) -> UnitMatch:
        units = self._named(name, day)
        inside = [u for u in units if self._province_of.get(u.code) == self.province_code]
        if len(inside) == 1:
            return UnitMatch.found(inside[0].code)
        if len(inside) > 1:
            return UnitMatch.not_found([f"{u.name_with_type} ({u.code})" for u in inside])
        if units:
            return UnitMatch.outside(self._label(units[0]))
        return UnitMatch.not_found(self._suggest(name, day, None))

    def _path(self, commune: str | None, district: str | None, day: date) -> UnitMatch:
        if not district:
            return (
                self._bare_name(commune or "", day)
                if commune
                else UnitMatch.found(self.province_code)
            )
        districts = self._named(district, day, "district")
        inside = [d for d in districts if self._province_of.get(d.code) == self.province_code]
        if not inside:
            if districts:
                label = self._label(districts[0])
                return UnitMatch.outside(f"{commune}, {label}" if commune else label)
            return UnitMatch.not_found(self._suggest(district, day, "district"))
        parent = inside[0]
        if not commune:
            return UnitMatch.found(parent.code)
        communes = [u for u in self._named(commune, day, "commune") if u.parent_code == parent.code]
        if len(communes) == 1:
            return UnitMatch.found(communes[0].code)
        return UnitMatch.not_found(self._suggest(commune, day, "commune", parent.code))
