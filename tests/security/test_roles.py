"""Attack 7: a reporter moved its own task's deadline through `PATCH /api/v1/tasks/N`.

Deadlines are the office's: only roles that update every task (comms, admin) change them; a
reporter still updates its own task's status, notes and results.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loa.directory.orgs import load_bundled_orgs
from loa.services.accounts import create_token
from loa.services.directives import get_task, import_directive, list_tasks
from loa.services.directory import save_organisations

from .conftest import Desk

OWN = "bg.so-tttt"
LATER = date(2031, 12, 31)


@pytest.fixture
def own_task(desk: Desk, seed_path: Path) -> int:
    """The id of a task of the reporter's agency, from the seed dispatch."""
    save_organisations(desk.session, load_bundled_orgs(), actor="test")
    import_directive(desk.session, seed_path.read_bytes(), seed_path.name, actor="test")
    desk.session.commit()
    return list_tasks(desk.session, org_id=OWN)[0].id


def test_reporter_cannot_move_its_tasks_deadline(desk: Desk, own_task: int) -> None:
    before = get_task(desk.session, own_task).deadline
    desk.user("rep", "reporter", OWN)
    token = desk.csrf("/tasks")
    moved = desk.client.patch(
        f"/api/v1/tasks/{own_task}",
        json={"deadline": LATER.isoformat(), "status": "done"},
        headers={"X-CSRF-Token": token},
    )
    assert moved.status_code == 403
    assert "deadline" in moved.json()["error"]["en"] and "hạn" in moved.json()["error"]["vi"]
    desk.session.expire_all()
    task = get_task(desk.session, own_task)
    assert task.deadline == before and task.status == "todo"  # nothing of the request kept
    # Its status is still its own to report.
    done = desk.client.patch(
        f"/api/v1/tasks/{own_task}", json={"status": "done"}, headers={"X-CSRF-Token": token}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_reporter_token_cannot_move_the_deadline_either(desk: Desk, own_task: int) -> None:
    _info, secret = create_token(desk.session, "agency", role="reporter", org_id=OWN, actor="t")
    desk.session.commit()
    moved = desk.client.patch(
        f"/api/v1/tasks/{own_task}",
        json={"deadline": LATER.isoformat()},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert moved.status_code == 403


def test_the_office_moves_deadlines(desk: Desk, own_task: int) -> None:
    desk.user("office", "comms")
    moved = desk.client.patch(
        f"/api/v1/tasks/{own_task}",
        json={"deadline": LATER.isoformat()},
        headers={"X-CSRF-Token": desk.csrf("/tasks")},
    )
    assert moved.status_code == 200 and moved.json()["deadline"] == LATER.isoformat()
