"""After an import: correct what the reader found, and catch a dispatch imported twice.

Each correction (another organisation for a task, a deadline, a task split in parts, two tasks
merged into one) is an event with the state before and after, so the audit log and the task's history show who changed what. A document
whose number and issuer are already in the store is caught before its tasks are made, so
one dispatch never becomes two sets of overdue tasks by accident.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.directives.parse import parse_dispatch
from loa.directives.reading import read_bytes
from loa.directives.report import Report, build_report
from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.directives import get_directive, list_tasks
from loa.services.directory import org_directory
from loa.services.events import history, record
from loa.store.tables import DirectiveRow, DocumentRow, OrganisationRow, TaskRow

__all__ = [
    "TaskPart",
    "already_imported",
    "merge_tasks",
    "reassign_task",
    "same_bytes",
    "set_task_deadline",
    "split_task",
    "upward_report",
]


def same_bytes(session: Session, data: bytes) -> bool:
    """Return whether these very bytes were imported before (importing them again is a no-op)."""
    digest = hashlib.sha256(data).hexdigest()
    return session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == digest)) is not None


def already_imported(session: Session, data: bytes, filename: str) -> DirectiveRow | None:
    """Return the stored directive with the same number and issuer as this document, if any."""
    read = read_bytes(data, filename)
    parsed = parse_dispatch(read.text, resolve_org=org_directory(session).resolve).to_json()
    number = parsed.get("number_symbol")
    if not number:
        return None
    query = select(DirectiveRow).where(DirectiveRow.number_symbol == number)
    issuer = parsed.get("issuer")
    if issuer:
        query = query.where(DirectiveRow.issuer == issuer)
    return session.scalars(query.order_by(DirectiveRow.id)).first()


def _task(session: Session, task_id: int) -> TaskRow:
    row = session.get(TaskRow, task_id)
    if row is None:
        raise NotFoundError(f"Không có nhiệm vụ số {task_id}.", f"There is no task {task_id}.")
    return row


def _open_task(session: Session, task_id: int) -> TaskRow:
    row = _task(session, task_id)
    if row.merged_into is not None:
        raise InputError(
            f"Nhiệm vụ {task_id} đã được gộp vào nhiệm vụ {row.merged_into}; hãy sửa nhiệm vụ đó.",
            f"Task {task_id} was merged into task {row.merged_into}; correct that one instead.",
        )
    return row


def _org(session: Session, org_id: str) -> OrganisationRow:
    org = session.get(OrganisationRow, org_id)
    if org is None:
        raise InputError(
            f"Không có tổ chức '{org_id}' trong danh mục. Hãy chọn một tổ chức trong danh sách.",
            f"There is no organisation '{org_id}'. Choose one from the list.",
        )
    return org


def _state(row: TaskRow) -> dict[str, object]:
    return {
        "org_id": row.org_id,
        "assignee": row.assignee_name,
        "text": row.text,
        "deadline": row.deadline.isoformat() if row.deadline else None,
    }


def _changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    """Return the fields whose value changed: an event keeps those, not the whole task."""
    return {key for key, value in after.items() if before.get(key) != value}


@dataclass(frozen=True)
class TaskPart:
    """One part of a task being split; a field left None keeps the task's own."""

    org_id: str | None = None
    text: str | None = None
    deadline: date | None = None


def split_task(
    session: Session, *, task_id: int, parts: Sequence[TaskPart], actor: str
) -> list[int]:
    """Split a task in two or more, each with its own organisation, text and deadline.

    The task itself becomes the first part (its status, figures and history stay with it);
    each further part is a new task of the same directive item. Return the parts' task ids.
    """
    row = _open_task(session, task_id)
    if len(parts) < 2:
        raise InputError(
            "Cần ít nhất hai phần để tách một nhiệm vụ.",
            "Splitting a task needs at least two parts.",
        )
    resolved = []
    for part in parts:
        org = _org(session, part.org_id) if part.org_id else None
        resolved.append(
            (
                org.org_id if org else row.org_id,
                org.name if org else row.assignee_name,
                (part.text or "").strip() or row.text,
                part.deadline if part.deadline is not None else row.deadline,
            )
        )
    if len({(o, t, d) for o, _, t, d in resolved}) < len(resolved):
        raise InputError(
            "Hai phần giống hệt nhau (cùng tổ chức, nội dung và hạn). Hãy đổi tổ chức, nội dung "
            "hoặc hạn của từng phần.",
            "Two parts are the same (organisation, text and deadline). Give each part its own "
            "organisation, text or deadline.",
        )
    before, now = _state(row), utcnow()
    row.org_id, row.assignee_name, row.text, row.deadline = resolved[0]
    row.updated_at = now
    ids = [row.id]
    for org_id, name, text, deadline in resolved[1:]:
        new = TaskRow(
            directive_id=row.directive_id, item_no=row.item_no, text=text, assignee_name=name,
            org_id=org_id, status="todo", deadline=deadline, recurrence=row.recurrence,
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(new)
        session.flush()
        ids.append(new.id)
        after = {**_state(new), "status": new.status, "split_from": row.id}
        record(session, DomainEvent("task.split", "task", str(new.id), actor, after=after))
    changed = _changed(before, _state(row))
    after_first = {**{k: v for k, v in _state(row).items() if k in changed}, "parts": ids}
    before = {k: v for k, v in before.items() if k in changed}
    record(session, DomainEvent("task.split", "task", str(row.id), actor, before, after_first))
    return ids


def merge_tasks(
    session: Session,
    *,
    keep: int,
    merge: Sequence[int],
    actor: str,
    text: str | None = None,
) -> None:
    """Merge tasks of one directive into `keep`: they are closed, pointing to it, never deleted.

    `text`, when given, becomes the kept task's text (the duty as one). Reports count the kept
    task once, with the notes of those merged into it.
    """
    survivor = _open_task(session, keep)
    others = [_open_task(session, task_id) for task_id in dict.fromkeys(merge)]
    if not others or any(o.id == survivor.id for o in others):
        raise InputError(
            "Hãy chọn một nhiệm vụ khác để gộp vào nhiệm vụ giữ lại.",
            "Choose another task to merge into the one kept.",
        )
    for other in others:
        if other.directive_id != survivor.directive_id:
            raise InputError(
                f"Nhiệm vụ {other.id} thuộc văn bản khác; chỉ gộp được các nhiệm vụ cùng văn bản.",
                f"Task {other.id} belongs to another directive; only tasks of one directive merge.",
            )
    now = utcnow()
    for other in others:
        other.merged_into, other.updated_at = survivor.id, now
        record(
            session,
            DomainEvent(
                "task.merged", "task", str(other.id), actor,
                before={"merged_into": None}, after={"merged_into": survivor.id},
            ),
        )  # fmt: skip
    before = _state(survivor)
    if text and text.strip():
        survivor.text = text.strip()
    survivor.updated_at = now
    changed = _changed(before, _state(survivor))
    after = {
        **{k: v for k, v in _state(survivor).items() if k in changed},
        "merged": [o.id for o in others],
    }
    before = {k: v for k, v in before.items() if k in changed}
    record(session, DomainEvent("task.merged", "task", str(survivor.id), actor, before, after))


def reassign_task(session: Session, task_id: int, org_id: str, *, actor: str) -> None:
    """Give a task to another organisation (one the directory knows)."""
    row = _open_task(session, task_id)
    org = _org(session, org_id)
    before = {"org_id": row.org_id, "assignee": row.assignee_name}
    row.org_id, row.assignee_name, row.updated_at = org.org_id, org.name, utcnow()
    record(
        session,
        DomainEvent(
            "task.reassigned",
            "task",
            str(task_id),
            actor,
            before=before,
            after={"org_id": org.org_id, "assignee": org.name},
        ),
    )


def set_task_deadline(session: Session, task_id: int, deadline: date | None, *, actor: str) -> None:
    """Set (or clear, with None) a task's deadline."""
    row = _open_task(session, task_id)
    before = {"deadline": row.deadline.isoformat() if row.deadline else None}
    row.deadline, row.updated_at = deadline, utcnow()
    record(
        session,
        DomainEvent(
            "task.deadline",
            "task",
            str(task_id),
            actor,
            before=before,
            after={"deadline": deadline.isoformat() if deadline else None},
        ),
    )


def upward_report(session: Session, directive_id: int, *, today: date) -> Report:
    """Return the report sent upward on a directive: every task as it stands on `today`.

    A task merged into another is not a line of its own: its notes go with the kept task,
    after a line naming who it was for, so nothing reported before is lost or counted twice.
    """
    row = get_directive(session, directive_id)
    tasks = list_tasks(session, directive_id=directive_id)
    names = {o.org_id: o.name for o in org_directory(session)}
    notes: dict[int, list[str | None]] = {
        v.id: [e.note for e in history(session, "task", str(v.id)) if e.note] for v in tasks
    }
    every = list_tasks(session, directive_id=directive_id, include_merged=True)
    into = {v.id: v.merged_into for v in every}
    for gone in every:
        kept = gone.merged_into
        while kept is not None and into.get(kept) is not None:  # merged into one merged later
            kept = into[kept]
        if kept is None or kept not in notes:
            continue
        owner = names.get(gone.org_id, gone.org_id) if gone.org_id else gone.assignee_name
        notes[kept].append(f"Gộp cả nhiệm vụ {gone.id} ({owner or 'chưa giao'}).")
        notes[kept].extend(e.note for e in history(session, "task", str(gone.id)) if e.note)
    return build_report(row.parsed, tasks, names, today=today, notes=notes)
