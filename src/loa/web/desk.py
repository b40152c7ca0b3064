"""The desk's plugin registry: areas add routes, menu items, overview panels and templates.

Every module of `loa.web.areas` with a `register(desk)` function is an area; Loa's own pages
(overview, directives and tasks, situation, settings) are areas like any other, so a later
capability (bulletins, listening) plugs in by adding one module there, or by calling
`Desk.add_area` with its own module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from fastapi import APIRouter

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

    def add_area(self, module: ModuleType) -> None:
        """Let `module.register(desk)` add what it brings; each module is added once."""
        if module.__name__ in self.areas:
            return
        self.areas.append(module.__name__)
        module.register(self)


def discover_areas(desk: Desk) -> Desk:
    """Return `desk` after adding every area module of `loa.web.areas`, by name."""
    import loa.web.areas as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "register"):
            desk.add_area(module)
    return desk
