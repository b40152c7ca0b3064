"""One organisation a dispatch can address, and the values its kind and level take."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "LEVELS", "Organisation"]

KINDS = (
    "party-committee",
    "propaganda-board",
    "state-agency",
    "people-committee",
    "press",
    "radio-tv",
    "mass-organisation",
    "steering-committee",
    "portal",
    "group",
)
LEVELS = ("central", "province", "district")


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """One body that can receive a dispatch or own a task, or a group of such bodies."""

    org_id: str
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = "state-agency"
    level: str = "province"
    parent_id: str | None = None
    unit_code: str = ""
    members: tuple[str, ...] = ()
