"""Tasks from directives: one per (item, assignee), their statuses and what is due."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "STATUSES",
    "DueState",
    "PlannedTask",
    "TaskStatus",
    "TaskView",
    "due_state",
    "next_due",
    "plan_tasks",
]


class TaskStatus(StrEnum):
    """Where a task stands; 'done' closes it."""

    TO_DO = "todo"
    DOING = "doing"
    DONE = "done"
    BLOCKED = "blocked"


STATUSES = tuple(s.value for s in TaskStatus)

STATUS_LABELS = {
    "vi": {"todo": "chưa làm", "doing": "đang làm", "done": "đã xong", "blocked": "vướng mắc"},
    "en": {"todo": "to do", "doing": "in progress", "done": "done", "blocked": "blocked"},
}


@dataclass(frozen=True)
class PlannedTask:
    """A task to create: the item, who it is for (org_id None = still to assign), its deadline."""

    item_no: str
    text: str
    assignee_name: str
    org_id: str | None
    deadline: date | None
    recurrence: str | None


def plan_tasks(
    parsed: Mapping[str, Any],
    *,
    members_of: Callable[[str], Sequence[str]] = lambda _org: (),
) -> list[PlannedTask]:
    """Return one task per (item, assignee) of a parsed directive.

    A group organisation ("the province's press") becomes one task per member, so that each
    agency sees its own duty; an assignee that matched no organisation, or an item that names
    nobody, becomes a task still to assign rather than being dropped.
    """
    planned: list[PlannedTask] = []
    seen: set[tuple[str, str | None, str]] = set()
    for task in parsed.get("tasks") or []:
        no = str(task.get("no") or "")
        text = str(task.get("text") or "")
        deadline = date.fromisoformat(task["deadline"]) if task.get("deadline") else None
        recurrence = task.get("recurrence")
        assignees = task.get("assignees") or [{"name": "", "org_id": None}]
        for assignee in assignees:
            name = str(assignee.get("name") or "")
            org_id = assignee.get("org_id")
            targets = list(members_of(org_id)) if org_id else []
            for target in targets or [org_id]:
                key = (no, target, name if target is None else "")
                if key in seen:
                    continue
                seen.add(key)
                planned.append(PlannedTask(no, text, name, target, deadline, recurrence))
    return planned


class DueState(StrEnum):
    """How a task stands against its deadline on a given day."""

    OVERDUE = "overdue"
    DUE = "due"
    LATER = "later"
    NO_DEADLINE = "no_deadline"
    CLOSED = "closed"


@dataclass(frozen=True)
class TaskView:
    """What the remind and list commands need to know of a task."""

    id: int
    directive_id: int
    item_no: str
    assignee_name: str
    org_id: str | None
    status: str
    deadline: date | None
    recurrence: str | None
    issued_on: date | None
    text: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    merged_into: int | None = None  # the task this one was merged into (then it is closed)


_PERIODS = {"weekly": 7, "monthly": 30, "daily": 1}


def next_due(task: TaskView, today: date) -> date | None:
    """Return the date the task is next due: its deadline, or the next report of a recurrence."""
    if task.deadline is not None:
        return task.deadline
    period = _PERIODS.get(task.recurrence or "")
    if period is None or task.issued_on is None:
        return None
    elapsed = max((today - task.issued_on).days, 0)
    periods = -(-elapsed // period) or 1
    return task.issued_on + timedelta(days=periods * period)


def due_state(task: TaskView, today: date, *, horizon_days: int = 3) -> DueState:
    """Return whether a task is overdue, due within `horizon_days`, later, or closed."""
    if task.status == TaskStatus.DONE:
        return DueState.CLOSED
    due = next_due(task, today)
    if due is None:
        return DueState.NO_DEADLINE
    if due < today:
        return DueState.OVERDUE
    if (due - today).days <= horizon_days:
        return DueState.DUE
    return DueState.LATER
