from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from loa.directory.orgs import load_bundled_orgs
from loa.services.accounts import create_token, revoke_token
from loa.services.directives import import_directive, list_tasks
from loa.services.directory import save_organisations
from loa.store.tables import EventRow

from .conftest import Desk

OWN, OTHER = "bg.so-tttt", "bg.bao-bac-giang"


@pytest.fixture
def tasks(desk: Desk, seed_path: Path) -> dict[str, int]:
    """The seed dispatch's tasks; one task id of the reporter's agency and one of another."""
    save_organisations(desk.session, load_bundled_orgs(), actor="test")
    import_directive(desk.session, seed_path.read_bytes(), seed_path.name, actor="test")
    desk.session.commit()
    own = list_tasks(desk.session, org_id=OWN)[0].id
    other = next(t.id for t in list_tasks(desk.session) if t.org_id == OTHER)
    return {"own": own, "other": other}


def test_reporter_cannot_update_another_agencys_task_by_page_or_api(
    desk: Desk, tasks: dict[str, int]
) -> None:
    desk.user("rep", "reporter", OWN)
    token = desk.csrf("/tasks")
    form = {"status": "done", "csrf_token": token}
    assert desk.client.post(f"/tasks/{tasks['other']}", data=form).status_code == 403
    api = desk.client.patch(
        f"/api/v1/tasks/{tasks['other']}", json={"status": "done"}, headers={"X-CSRF-Token": token}
    )
    assert api.status_code == 403
    assert desk.client.post(f"/tasks/{tasks['own']}", data=form).status_code == 303
    statuses = {t.id: t.status for t in list_tasks(desk.session)}
    assert statuses[tasks["own"]] == "done" and statuses[tasks["other"]] == "todo"


def test_reporter_sees_only_its_organisations_tasks(desk: Desk, tasks: dict[str, int]) -> None:
    desk.user("rep", "reporter", OWN)
    listed = desk.client.get("/api/v1/tasks", params={"org_id": OTHER}).json()
    assert listed and {t["org_id"] for t in listed} == {OWN}
    assert desk.client.get(f"/tasks/{tasks['other']}").status_code == 403
    board = desk.client.get("/tasks").text
    assert f'data-task="{tasks["own"]}"' in board and f'data-task="{tasks["other"]}"' not in board


def test_task_update_from_page_is_audited_with_before_and_after(
    desk: Desk, tasks: dict[str, int]
) -> None:
    desk.user("chief", "admin")
    form = {
        "status": "doing",
        "metric_name": "bài viết",
        "metric_value": "12",
        "note": "đã đăng",
        "csrf_token": desk.csrf("/tasks"),
    }
    assert desk.client.post(f"/tasks/{tasks['other']}", data=form).status_code == 303
    event = desk.session.scalar(
        select(EventRow).where(EventRow.kind == "task.updated").order_by(EventRow.id.desc())
    )
    assert event is not None and event.actor == "chief"
    assert event.before is not None and event.before["status"] == "todo"
    assert event.after is not None and event.after["metrics"] == {"bài viết": 12.0}
    page = desk.client.get("/audit", params={"actor": "chief"}).text
    assert "cập nhật nhiệm vụ" in page and f"nhiệm vụ {tasks['other']}" in page
    assert "trạng thái: chưa làm" in page and "trạng thái: đang làm" in page
    assert "bài viết: 12" in page and "task.updated" not in page


def test_token_client_uses_the_api_without_csrf_until_revoked(
    desk: Desk, tasks: dict[str, int]
) -> None:
    info, secret = create_token(desk.session, "radio", role="reporter", org_id=OWN, actor="test")
    desk.session.commit()
    auth = {"Authorization": f"Bearer {secret}"}
    me = desk.client.get("/api/v1/me", headers=auth).json()
    assert me["via"] == "token" and me["org_id"] == OWN
    done = desk.client.patch(
        f"/api/v1/tasks/{tasks['own']}", json={"status": "doing"}, headers=auth
    )
    assert done.status_code == 200 and done.json()["status"] == "doing"
    revoke_token(desk.session, info.id, actor="test")
    desk.session.commit()
    assert desk.client.get("/api/v1/me", headers=auth).status_code == 401


def test_openapi_is_served_locally_and_lists_the_api(desk: Desk) -> None:
    spec = desk.client.get("/api/openapi.json").json()
    assert "/api/v1/tasks/{task_id}" in spec["paths"]
    assert desk.client.get("/docs").status_code == 404  # no CDN-backed Swagger UI
