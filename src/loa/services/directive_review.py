"""After an import: correct what the reader found, and catch a dispatch imported twice.

Each correction (another organisation for a task, a deadline) is an event with the state
before and after, so the audit log and the task's history show who changed what. A document
whose number and issuer are already in the store is caught before its tasks are made, so
one dispatch never becomes two sets of overdue tasks by accident.
"""

from __future__ import annotations

import hashlib
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
    "already_imported",
    "reassign_task",
    "same_bytes",
    "set_task_deadline",
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


def reassign_task(session: Session, task_id: int, org_id: str, *, actor: str) -> None:
    """Give a task to another organisation (one the directory knows)."""
    row = _task(session, task_id)
    org = session.get(OrganisationRow, org_id)
    if org is None:
        raise InputError(
            f"Không có tổ chức '{org_id}' trong danh mục. Hãy chọn một tổ chức trong danh sách.",
            f"There is no organisation '{org_id}'. Choose one from the list.",
        )
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
    row = _task(session, task_id)
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
    """Return the report sent upward on a directive: every task as it stands on `today`."""
    row = get_directive(session, directive_id)
    tasks = list_tasks(session, directive_id=directive_id)
    names = {o.org_id: o.name for o in org_directory(session)}
    notes: dict[int, list[str | None]] = {
        v.id: [e.note for e in history(session, "task", str(v.id)) if e.note] for v in tasks
    }
    return build_report(row.parsed, tasks, names, today=today, notes=notes)
