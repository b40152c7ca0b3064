"""The desk's plugin registry: areas add routes, menu items, overview panels and templates.

An area is a `register(desk)` function named in the `loa.desk_areas` entry-point group
(loa.plugins). Loa's own pages (overview, directives and tasks, situation, bulletins,
listening, settings) are areas listed there like a third party's would be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter

from loa.plugins import plugins

if TYPE_CHECKING:
    from loa.web.deps import PageContext

__all__ = ["Desk", "MenuItem", "Panel", "discover_areas"]


@dataclass(frozen=True)
class MenuItem:
    """A link in the main menu: its label is a Vietnamese msgid, shown to those with `permission`."""

    id: str
    label: str
    path: str
    permission: str = "view"
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A block of the overview page: `render` returns its HTML (already escaped)."""

    id: str
    title: str
    render: Callable[[PageContext], str]
    permission: str = "view"
    order: int = 100


@dataclass
class Desk:
    """What the areas registered: routers, menu, overview panels and extra template folders."""

    routers: list[APIRouter] = field(default_factory=list)
    menu: list[MenuItem] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    template_dirs: list[Path] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)

    def add_router(self, router: APIRouter) -> None:
        """Serve the routes of `router` (pages and /api/v1 alike)."""
        self.routers.append(router)

    def add_menu_item(self, item: MenuItem) -> None:
        """Show `item` in the main menu, ordered by `order`."""
        self.menu.append(item)
        self.menu.sort(key=lambda m: (m.order, m.id))

    def add_panel(self, panel: Panel) -> None:
        """Show `panel` on the overview page, ordered by `order`."""
        self.panels.append(panel)
        self.panels.sort(key=lambda p: (p.order, p.id))

    def add_templates(self, folder: Path) -> None:
        """Look up templates in `folder` too (after Loa's own)."""
        self.template_dirs.append(folder)

    def add_area(self, name: str, register: Callable[[Desk], None]) -> None:
        """Let `register(desk)` add what an area brings; each area name is added once."""
        if name in self.areas:
            return
        self.areas.append(name)
        register(self)


def discover_areas(desk: Desk) -> Desk:
    """Return `desk` after adding every area of the `loa.desk_areas` entry-point group."""
    for plugin in plugins("loa.desk_areas"):
        desk.add_area(plugin.value, plugin.loaded)
    return desk
