"""Picks a commune or district of the province by what an officer types: a code or a name.

"Tam Dị", "tam di", "Tam Dị, Lục Nam" and "07351" all name the same commune; a name shared
by two units, or one that is not in the province, gives a message with the choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.services.directory import units_as_of
from loa.services.units_resolver import DirectoryResolver

__all__ = ["UnitChoice", "pick_unit", "unit_choices"]


@dataclass(frozen=True)
class UnitChoice:
    """A unit as a picker lists it: 'Tam Dị, Lục Nam' stands for code 07351."""

    code: str
    label: str


def unit_choices(session: Session, province: str, day: date) -> list[UnitChoice]:
    """Return the province's districts and communes on `day`, labelled 'commune, district'."""
    units = units_as_of(session, day, within=province)
    names = {u.code: u.name for u in units}
    return sorted(
        (
            UnitChoice(u.code, f"{u.name}, {names[u.parent_code]}")
            if u.level == "commune" and u.parent_code in names
            else UnitChoice(u.code, u.name_with_type)
            for u in units
            if u.level in ("district", "commune")
        ),
        key=lambda c: c.label,
    )


def pick_unit(session: Session, typed: str, province: str, day: date) -> str:
    """Return the code of the unit `typed` names (a code or a name, diacritics optional)."""
    text = typed.strip()
    units = units_as_of(session, day, within=province)
    resolver = DirectoryResolver(units, province)
    match = resolver(text, None, day) if text.isdigit() else resolver(None, text, day)
    if match.status == "found" and match.code:
        return match.code
    if match.status == "outside":
        raise InputError(
            f"'{text}' là {match.label}, không thuộc tỉnh này. Hãy chọn một xã, huyện trong tỉnh.",
            f"'{text}' is {match.label}, outside this province. Choose one of its units.",
        )
    hint = "; ".join(match.suggestions)
    raise InputError(
        f"Không tìm thấy xã hoặc huyện '{text}'."
        + (f" Có phải: {hint}? Hãy ghi rõ cả huyện, ví dụ 'Tam Dị, Lục Nam'." if hint else ""),
        f"No commune or district '{text}'."
        + (f" Did you mean: {hint}? Add the district, e.g. 'Tam Dị, Lục Nam'." if hint else ""),
    )
