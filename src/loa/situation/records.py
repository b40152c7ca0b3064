"""What a situation file's rows become: typed records, row problems, and unit look-ups.

Units are looked up through a resolver the caller gives (the directory, as of each row's date):

    resolve_unit(code, name, on) -> UnitMatch

`name` is either a bare unit name as the user wrote it ("Quang Châu": any unit of that name)
or a two-slot path "commune, district" built by `unit_path` ("Quang Châu, Việt Yên"; with the
commune slot empty, ", Ba Đồn" names a district). A resolver reads it with `split_unit_path`.
Slots matter: "Lạng Sơn" the city and "Lãng Sơn" a Bắc Giang commune fold to the same key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from loa.errors import Where

__all__ = [
    "CapacityRecord",
    "DailyRecord",
    "Record",
    "RowProblem",
    "Severity",
    "UnitMatch",
    "UnitResolver",
    "VaccinationRecord",
    "split_unit_path",
    "unit_path",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class UnitMatch:
    """What the directory says of a unit: found (with its code), not found, or outside."""

    status: Literal["found", "not_found", "outside"]
    code: str | None = None
    suggestions: tuple[str, ...] = ()
    label: str | None = None

    @classmethod
    def found(cls, code: str) -> UnitMatch:
        """Return a match for the unit with this code."""
        return cls("found", code=code)

    @classmethod
    def not_found(cls, suggestions: Iterable[str] = ()) -> UnitMatch:
        """Return a miss, with near names ("did you mean") as the user should write them."""
        return cls("not_found", suggestions=tuple(suggestions))

    @classmethod
    def outside(cls, label: str | None = None) -> UnitMatch:
        """Return a unit outside the province; label as shown, e.g. 'Ba Đồn, Quảng Bình'."""
        return cls("outside", label=label)


UnitResolver = Callable[[str | None, str | None, date], UnitMatch]


def unit_path(commune: str | None, district: str | None) -> str:
    """Return the resolver's path for a commune in a district: 'Quang Châu, Việt Yên'.

    With no commune the path names the district alone: ', Ba Đồn'.
    """
    return f"{(commune or '').strip()}, {(district or '').strip()}"


def split_unit_path(name: str) -> tuple[str | None, str | None] | None:
    """Return (commune, district) of a path, empty slots as None; None for a bare unit name."""
    if "," not in name:
        return None
    commune, _, district = name.partition(",")
    return commune.strip() or None, district.strip() or None


@dataclass(frozen=True)
class DailyRecord:
    """A unit's case report for one day; None means unknown, never zero."""

    date: date
    unit_code: str
    new_cases_community: int | None
    new_cases_quarantined: int | None
    new_cases_total: int | None
    deaths: int | None
    severe: int | None
    tests: int | None
    line: int


@dataclass(frozen=True)
class VaccinationRecord:
    """A unit's vaccination snapshot on a date."""

    date: date
    unit_code: str
    pop_18plus: int | None
    dose1_18plus: int | None
    pop_50plus: int | None
    full_50plus: int | None
    pop_65plus: int | None
    full_65plus: int | None
    line: int


@dataclass(frozen=True)
class CapacityRecord:
    """A unit's treatment-capacity snapshot on a date."""

    date: date
    unit_code: str
    capacity_ok: bool | None
    oxygen_at_station: bool | None
    mobile_station_plan: bool | None
    community_care_plan: bool | None
    icu_beds: int | None
    line: int


Record = DailyRecord | VaccinationRecord | CapacityRecord


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong (error) or worth saying (warning) about a row, in both languages."""

    line: int
    column: str | None
    value: str
    vi: str
    en: str
    severity: Severity = "error"
    file: str | None = None
    unit_code: str | None = None

    @property
    def where(self) -> Where:
        """Return the location as the error tree writes it."""
        return Where(file=self.file, line=self.line, column=self.column)

    def message(self, lang: str = "vi") -> str:
        """Return the message in one language, prefixed with file, line and column."""
        text = self.vi if lang == "vi" else self.en
        return f"{self.where.describe(lang)}: {text}"
