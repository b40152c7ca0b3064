"""A plain page describing the API, built from its OpenAPI document (no outside scripts)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from loa.web.deps import Page
from loa.web.desk import Desk, MenuItem
from loa.web.i18n import N_

__all__ = ["register"]

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "patch", "put", "delete")


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(ctx: Page) -> HTMLResponse:
    """List every API operation with its method, path and summary."""
    spec = ctx.request.app.openapi()
    operations = [
        (method.upper(), path, op.get("summary", ""), op.get("description", ""))
        for path, item in sorted(spec.get("paths", {}).items())
        for method, op in item.items()
        if method in METHODS
    ]
    return ctx.page("api_docs.html", operations=operations)


def register(desk: Desk) -> None:
    """Add the API description page and its menu item."""
    desk.add_router(router)
    desk.add_menu_item(MenuItem("api", N_("API"), "/api/docs", order=99))
