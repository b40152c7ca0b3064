"""Attack 7: a reporter moved its own task's deadline through `PATCH /api/v1/tasks/N`.

Deadlines are the office's: only roles that update every task (comms, admin) change them; a
reporter still updates its own task's status, notes and results.
"""

from __future__ import annotations

from datetime import date

from loa.services.accounts import create_token
from loa.services.directives import get_task

from .conftest import OWN, Desk

LATER = date(2031, 12, 31)


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
