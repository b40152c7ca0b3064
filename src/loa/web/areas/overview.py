"""The overview page: every panel the areas registered, in order."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from loa.web.deps import Page
from loa.web.desk import Desk, MenuItem
from loa.web.i18n import N_

__all__ = ["register"]

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(ctx: Page) -> HTMLResponse:
    """Show today's situation and the tasks due, one panel per area."""
    desk = ctx.request.app.state.desk
    panels = [(p, p.render(ctx)) for p in desk.panels if ctx.principal.can(p.permission)]
    return ctx.page("overview.html", panels=panels)


def register(desk: Desk) -> None:
    """Add the overview page and its menu item."""
    desk.add_router(router)
    desk.add_menu_item(MenuItem("overview", N_("Tổng quan"), "/", order=10))
