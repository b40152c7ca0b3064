"""Imports directives into tasks, updates tasks, and answers what is due and what was done."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.directives.metrics import check_metric, decimal_metric_names
from loa.directives.parse import parse_dispatch
from loa.directives.reading import read_bytes
from loa.directives.tasks import (
    STATUSES,
    DueState,
    PlannedTask,
    TaskView,
    due_state,
    plan_tasks,
)
from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.directory import org_directory
from loa.services.events import record
from loa.services.limits import check_dispatch_size, check_note_length
from loa.settings import get_settings
from loa.store.tables import DirectiveRow, DocumentRow, OrganisationRow, TaskMetricRow, TaskRow
from loa.text import fold

__all__ = [
    "DirectiveImport",
    "DuplicateDirectiveError",
    "SameDirective",
    "find_same_directive",
    "get_directive",
    "import_directive",
    "list_directives",
    "list_tasks",
    "reminders",
    "update_task",
]


@dataclass(frozen=True)
class DirectiveImport:
    """The result of importing a document: the directive, its tasks, and whether it was new."""

    directive_id: int
    created: bool
    tasks: int
    to_assign: int
    warnings: list[str]
    previous_version_id: int | None = None  # set when imported as a new version of another


@dataclass(frozen=True)
class SameDirective:
    """A directive already stored with the issuer and number and symbol of a new document."""

    directive_id: int
    number_symbol: str
    issuer: str | None
    issued_on: date | None
    subject: str | None
    versions: int  # how many directives in the store carry this issuer and number


class DuplicateDirectiveError(InputError):
    """A document with this issuer and number and symbol is already in the store.

    `existing` is the latest stored version: open it, or import again as a new version
    (`import_directive(..., as_new_version=True)`, CLI `--as-new-version`).
    """

    def __init__(self, existing: SameDirective, filename: str) -> None:
        self.existing = existing
        number, when = existing.number_symbol, existing.issued_on
        day_vi = f" ngày {when:%d/%m/%Y}" if when else ""
        super().__init__(
            f"Văn bản số {number} của {existing.issuer or 'cùng cơ quan'}{day_vi} đã có trong hệ "
            f"thống (mã {existing.directive_id}). Hãy mở văn bản đã có (`loa directive show "
            f"{existing.directive_id}`), hoặc nếu đây là bản mới (sửa đổi, thay thế) thì nhập thành "
            f"phiên bản mới (`loa directive import {filename} --as-new-version`).",
            f"Document {number} of {existing.issuer or 'the same body'} is already in the store "
            f"(id {existing.directive_id}). Open the existing one (`loa directive show "
            f"{existing.directive_id}`), or if this is a new edition, import it as a new version "
            f"(`loa directive import {filename} --as-new-version`).",
        )


def _same_key(text: str | None) -> str:
    return "".join(fold(text or "").split())


def find_same_directive(
    session: Session, issuer: str | None, number_symbol: str | None
) -> SameDirective | None:
    """Return the latest stored directive with this issuer and number and symbol, if any.

    Case, spaces and tone marks aside ("427 - CV/BTGTU" is 427-CV/BTGTU); a document without a
    number is never a duplicate.
    """
    if not number_symbol:
        return None
    key = _same_key(number_symbol)
    rows = [
        row
        for row in session.scalars(
            select(DirectiveRow)
            .where(DirectiveRow.number_symbol.is_not(None))
            .order_by(DirectiveRow.id)
        )
        if _same_key(row.number_symbol) == key and _same_key(row.issuer) == _same_key(issuer)
    ]
    if not rows:
        return None
    latest = rows[-1]
    return SameDirective(
        latest.id, latest.number_symbol or number_symbol, latest.issuer, latest.issued_on,
        latest.subject, len(rows),
    )  # fmt: skip


def import_directive(
    session: Session,
    data: bytes,
    filename: str,
    *,
    actor: str,
    reference_date: date | None = None,
    as_new_version: bool = False,
) -> DirectiveImport:
    """Store a document byte for byte, parse it, and create its tasks; the same bytes twice is a no-op.

    Other bytes with the issuer and number and symbol of a stored directive raise
    DuplicateDirectiveError, unless `as_new_version`: then the document is stored as a new
    version of it (its parsed fields name the previous one in `previous_version_id`).
    """
    check_dispatch_size(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == digest))
    if existing is not None:
        directive = session.scalar(
            select(DirectiveRow).where(DirectiveRow.document_id == existing.id)
        )
        if directive is not None:
            count = len(
                list(
                    session.scalars(select(TaskRow.id).where(TaskRow.directive_id == directive.id))
                )
            )
            return DirectiveImport(directive.id, False, count, 0, [])
    read = read_bytes(data, filename)
    directory = org_directory(session)
    parsed_obj = parse_dispatch(
        read.text, resolve_org=directory.resolve, reference_date=reference_date
    )
    parsed: dict[str, Any] = parsed_obj.to_json()
    if not parsed.get("number_symbol") and not parsed.get("tasks"):
        raise InputError(
            f"'{filename}' không giống một văn bản chỉ đạo: không thấy số, ký hiệu hay mục nhiệm vụ nào. "
            "Hãy kiểm tra đúng tệp, hoặc dùng `loa directive parse` để xem Loa đọc được gì.",
            f"'{filename}' does not look like a directive: no number, symbol or numbered item was "
            "found. Check the file, or run `loa directive parse` to see what Loa read.",
        )
    parsed["warnings"] = list(read.warnings) + list(parsed.get("warnings") or [])
    same = find_same_directive(session, parsed.get("issuer"), parsed.get("number_symbol"))
    if same is not None and not as_new_version:
        raise DuplicateDirectiveError(same, filename)
    if same is not None:
        parsed["previous_version_id"] = same.directive_id
        parsed["version"] = same.versions + 1
    now = utcnow()
    document = DocumentRow(
        filename=filename,
        sha256=digest,
        raw=data,
        source_format=read.source_format,
        encoding=read.encoding,
        text=read.text,
        imported_at=now,
    )
    session.add(document)
    session.flush()
    issued = date.fromisoformat(parsed["date"]) if parsed.get("date") else None
    directive = DirectiveRow(
        document_id=document.id,
        system=parsed.get("system"),
        doc_type=parsed.get("doc_type"),
        number_symbol=parsed.get("number_symbol"),
        issuer=parsed.get("issuer"),
        issued_on=issued,
        subject=parsed.get("subject"),
        parsed=parsed,
        created_at=now,
    )
    session.add(directive)
    session.flush()
    planned = plan_tasks(
        parsed, members_of=lambda org: directory.expand(org) if org in directory else []
    )
    for task in planned:
        _create_task(session, directive.id, task, actor)
    record(
        session,
        DomainEvent(
            "directive.imported",
            "directive",
            str(directive.id),
            actor,
            after={
                "number_symbol": directive.number_symbol,
                "filename": filename,
                "tasks": len(planned),
                "previous_version_id": same.directive_id if same is not None else None,
            },
        ),
    )
    to_assign = sum(1 for t in planned if t.org_id is None)
    previous = same.directive_id if same is not None else None
    return DirectiveImport(
        directive.id, True, len(planned), to_assign, parsed["warnings"], previous
    )


def _create_task(session: Session, directive_id: int, task: PlannedTask, actor: str) -> None:
    now = utcnow()
    row = TaskRow(
        directive_id=directive_id,
        item_no=task.item_no,
        text=task.text,
        assignee_name=task.assignee_name,
        org_id=task.org_id,
        status="todo",
        deadline=task.deadline,
        recurrence=task.recurrence,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session, DomainEvent("task.created", "task", str(row.id), actor, after=_task_state(row, {}))
    )


def _task_state(row: TaskRow, metrics: dict[str, float]) -> dict[str, Any]:
    return {
        "status": row.status,
        "org_id": row.org_id,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "metrics": dict(metrics),
    }


def _metrics(session: Session, task_id: int) -> dict[str, float]:
    rows = session.scalars(select(TaskMetricRow).where(TaskMetricRow.task_id == task_id))
    # A whole figure comes back as an int, so a count shows as 11, never 11.0.
    return {r.name: int(r.value) if r.value.is_integer() else r.value for r in rows}


def _task_row(session: Session, task_id: int) -> TaskRow:
    row = session.get(TaskRow, task_id)
    if row is None:
        raise NotFoundError(
            f"Không có nhiệm vụ số {task_id}. Xem danh sách bằng `loa task list`.",
            f"There is no task {task_id}. See `loa task list`.",
        )
    return row


def update_task(
    session: Session,
    task_id: int,
    *,
    actor: str,
    status: str | None = None,
    note: str | None = None,
    metrics: Sequence[tuple[str, float]] = (),
    deadline: date | None = None,
    org_id: str | None = None,
    decimal_metrics: Collection[str] | None = None,
) -> TaskView:
    """Change a task's status, deadline, owner or metrics, keeping the change in its history.

    Every metric value is checked (finite, not negative, whole unless its name is one of
    `decimal_metrics`, by default the setting LOA_TASK_DECIMAL_METRICS) before anything changes.
    """
    check_note_length(note)
    row = _task_row(session, task_id)
    if row.merged_into is not None:
        raise InputError(
            f"Nhiệm vụ {task_id} đã được gộp vào nhiệm vụ {row.merged_into}; hãy cập nhật "
            "nhiệm vụ đó.",
            f"Task {task_id} was merged into task {row.merged_into}; update that one instead.",
        )
    if status is not None and status not in STATUSES:
        raise InputError(
            f"Trạng thái '{status}' không hợp lệ; chọn một trong: {', '.join(STATUSES)}.",
            f"Status '{status}' is not valid; choose one of: {', '.join(STATUSES)}.",
        )
    if org_id is not None and session.get(OrganisationRow, org_id) is None:
        raise NotFoundError(
            f"Không có tổ chức '{org_id}'. Xem `loa orgs list`.",
            f"There is no organisation '{org_id}'. See `loa orgs list`.",
        )
    decimal_names = (
        decimal_metric_names(get_settings().task_decimal_metrics)
        if decimal_metrics is None
        else decimal_metrics
    )
    metrics = [(name, check_metric(name, value, decimal_names)) for name, value in metrics]
    before = _task_state(row, _metrics(session, task_id))
    if status is not None:
        row.status = status
    if deadline is not None:
        row.deadline = deadline
    if org_id is not None:
        row.org_id = org_id
    for name, value in metrics:
        metric = session.scalar(
            select(TaskMetricRow).where(
                TaskMetricRow.task_id == task_id, TaskMetricRow.name == name
            )
        )
        if metric is None:
            session.add(TaskMetricRow(task_id=task_id, name=name, value=value))
        else:
            metric.value = value
    session.flush()
    after = _task_state(row, _metrics(session, task_id))
    if after == before and not note:
        return _view(session, row)
    row.updated_at = utcnow()
    record(session, DomainEvent("task.updated", "task", str(task_id), actor, before, after, note))
    return _view(session, row)


def _view(
    session: Session,
    row: TaskRow,
    issued: dict[int, date | None] | None = None,
    metrics: dict[int, dict[str, float]] | None = None,
) -> TaskView:
    if issued is not None:
        issued_on = issued.get(row.directive_id)
    else:
        directive = session.get(DirectiveRow, row.directive_id)
        issued_on = directive.issued_on if directive else None
    return TaskView(
        id=row.id,
        directive_id=row.directive_id,
        item_no=row.item_no,
        assignee_name=row.assignee_name,
        org_id=row.org_id,
        status=row.status,
        deadline=row.deadline,
        recurrence=row.recurrence,
        issued_on=issued_on,
        text=row.text,
        metrics=_metrics(session, row.id) if metrics is None else metrics.get(row.id, {}),
        merged_into=row.merged_into,
    )


def get_task(session: Session, task_id: int) -> TaskView:
    """Return one task, or raise NotFoundError."""
    return _view(session, _task_row(session, task_id))


def list_tasks(
    session: Session,
    *,
    org_id: str | None = None,
    status: str | None = None,
    directive_id: int | None = None,
    overdue_on: date | None = None,
    unassigned: bool = False,
    include_merged: bool = False,
) -> list[TaskView]:
    """Return tasks filtered by organisation (and its children), status, directive, or overdue.

    A task merged into another is closed and left out, unless `include_merged`.
    """
    query = select(TaskRow).order_by(TaskRow.directive_id, TaskRow.id)
    if not include_merged:
        query = query.where(TaskRow.merged_into.is_(None))
    if org_id is not None:
        query = query.where(TaskRow.org_id.in_(_org_and_children(session, org_id)))
    if unassigned:
        query = query.where(TaskRow.org_id.is_(None))
    if status is not None:
        query = query.where(TaskRow.status == status)
    if directive_id is not None:
        query = query.where(TaskRow.directive_id == directive_id)
    rows = list(session.scalars(query))
    # Two reads for every task's directive date and metrics, not two per task (a list of
    # hundreds of tasks made hundreds of queries).
    issued: dict[int, date | None] = dict(
        session.execute(
            select(DirectiveRow.id, DirectiveRow.issued_on).where(
                DirectiveRow.id.in_({r.directive_id for r in rows})
            )
        ).all()
    )
    metrics: dict[int, dict[str, float]] = {}
    for m in session.scalars(
        select(TaskMetricRow).where(TaskMetricRow.task_id.in_([r.id for r in rows]))
    ):
        metrics.setdefault(m.task_id, {})[m.name] = (
            int(m.value) if m.value.is_integer() else m.value
        )
    views = [_view(session, row, issued, metrics) for row in rows]
    if overdue_on is not None:
        views = [v for v in views if due_state(v, overdue_on) is DueState.OVERDUE]
    return views


def _org_and_children(session: Session, org_id: str) -> list[str]:
    if session.get(OrganisationRow, org_id) is None:
        raise NotFoundError(
            f"Không có tổ chức '{org_id}'. Xem `loa orgs list`.",
            f"There is no organisation '{org_id}'. See `loa orgs list`.",
        )
    found = [org_id]
    frontier = [org_id]
    while frontier:
        children = list(
            session.scalars(
                select(OrganisationRow.org_id).where(OrganisationRow.parent_id.in_(frontier))
            )
        )
        frontier = [c for c in children if c not in found]
        found.extend(frontier)
    return found


@dataclass(frozen=True)
class Reminder:
    """One organisation's tasks that are overdue or due soon."""

    org_id: str | None
    org_name: str
    overdue: list[TaskView]
    due: list[TaskView]


def reminders(session: Session, today: date, *, horizon_days: int = 3) -> list[Reminder]:
    """Return, per organisation, the open tasks that are overdue or due within the horizon."""
    names = {r.org_id: r.name for r in session.scalars(select(OrganisationRow))}
    grouped: dict[str | None, Reminder] = {}
    for view in list_tasks(session):
        state = due_state(view, today, horizon_days=horizon_days)
        if state not in (DueState.OVERDUE, DueState.DUE):
            continue
        label = names.get(view.org_id, "") if view.org_id else ""
        rem = grouped.setdefault(view.org_id, Reminder(view.org_id, label, [], []))
        (rem.overdue if state is DueState.OVERDUE else rem.due).append(view)
    return sorted(grouped.values(), key=lambda r: (r.org_id is None, r.org_id or ""))


def list_directives(session: Session) -> list[DirectiveRow]:
    """Return every stored directive, newest first."""
    return list(session.scalars(select(DirectiveRow).order_by(DirectiveRow.id.desc())))


def get_directive(session: Session, directive_id: int) -> DirectiveRow:
    """Return one directive, or raise NotFoundError."""
    row = session.get(DirectiveRow, directive_id)
    if row is None:
        raise NotFoundError(
            f"Không có văn bản số {directive_id}. Xem `loa directive list`.",
            f"There is no directive {directive_id}. See `loa directive list`.",
        )
    return row
