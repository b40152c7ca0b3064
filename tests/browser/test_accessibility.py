"""axe-core finds no serious or critical accessibility violation on any main page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import AXE, RunningDesk, _missing, sign_in

BLOCKING = ("serious", "critical")
EVERYONE = (
    "/",
    "/directives",
    "/directives/1",
    "/tasks",
    "/tasks/1",
    "/situation",
    "/situation?level=district",
    "/situation/imports/1",
    "/situation?lvl=4&sort=rate",
    "/tasks?due=soon",
    "/listening",
    "/listening/alerts",
    "/listening/concerns",
    "/listening/cards",
    "/listening/cards/1",
    "/bulletins",
    "/api/docs",
)
ADMIN_ONLY = ("/settings", "/audit")
# A viewer gets the same templates without their forms: scan the pages where that differs.
VIEWER = ("/", "/directives", "/tasks/1", "/situation")


def _violations(page: Page, path: str) -> list[str]:
    if not AXE.exists():
        _missing(f"axe-core not found at {AXE} (run `npm ci` at the repository root)")
    page.add_script_tag(path=str(AXE))
    # Passes are listed by rule only: axe is several times faster and violations stay complete.
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    assert result["passes"], f"axe checked nothing on {path}"
    return [
        f"{path}: {v['impact']} {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def _scan(page: Page, desk: RunningDesk, paths: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for path in paths:
        response = page.goto(f"{desk.base_url}{path}")
        assert response is not None and response.status == 200, path
        found += _violations(page, path)
    return found


def test_sign_in_page_has_no_serious_violation(page: Page, running_desk: RunningDesk) -> None:
    page.goto(f"{running_desk.base_url}/login")
    assert _violations(page, "/login") == []


@pytest.mark.parametrize(("login", "paths"), [("admin", EVERYONE + ADMIN_ONLY), ("viewer", VIEWER)])
def test_main_pages_have_no_serious_violation(
    page: Page, running_desk: RunningDesk, login: str, paths: tuple[str, ...]
) -> None:
    sign_in(page, running_desk, login)
    assert _scan(page, running_desk, paths) == []
