"""A unit typed on a desk form or in a link: a code, or a name read by the unit picker."""

from __future__ import annotations

from datetime import date

from loa.errors import InputError
from loa.services.unit_picker import UnitChoice, pick_unit, unit_choices
from loa.web.deps import PageContext, flash_error

__all__ = ["typed_unit", "unit_list"]


def typed_unit(ctx: PageContext, typed: str | None, province: str, day: date) -> str | None:
    """Return the code of the unit `typed` names ('07351', 'Tam Dị', 'tam di'), None if empty.

    A name that names no unit, or two, leaves a message on the page (with the choices) and
    gives None, so the page shows the whole province instead.
    """
    text = (typed or "").strip()
    if not text:
        return None
    try:
        return pick_unit(ctx.db, text, province, day)
    except InputError as exc:
        flash_error(ctx.request, exc)
        return None


def unit_list(ctx: PageContext, province: str, day: date) -> list[UnitChoice]:
    """Return the province's districts and communes as the picker offers them."""
    return unit_choices(ctx.db, province, day)
