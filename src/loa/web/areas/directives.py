"""Directives and tasks: import a dispatch and check what was read; boards; task updates."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from loa.directives.metrics import decimal_metric_names, read_metric_value
from loa.directives.report import report_docx
from loa.directives.tasks import STATUSES, DueState, due_state
from loa.errors import InputError, LoaError
from loa.services import directive_review as review
from loa.services import directives as svc
from loa.services import pending_imports as held_uploads
from loa.services.accounts import Principal, can_update_task, orgs_in_scope, visible_org
from loa.services.directory import stored_organisations
from loa.services.events import history
from loa.web.deps import Forbidden, Page, PageContext, flash, flash_error, redirect, require
from loa.web.desk import Desk, MenuItem, Panel
from loa.web.i18n import N_

__all__ = ["register"]

router = APIRouter(include_in_schema=False)
STATUS_NAMES = {
    "todo": N_("chưa làm"),
    "doing": N_("đang làm"),
    "done": N_("đã xong"),
    "blocked": N_("vướng mắc"),
}


def tasks_panel(ctx: PageContext) -> Markup:
    """Return the overview's block of tasks overdue and due within three days."""
    scope = visible_org(ctx.principal)
    allowed = set(orgs_in_scope(ctx.db, scope)) if scope else None
    found = [
        r
        for r in svc.reminders(ctx.db, date.today())
        if allowed is None or (r.org_id is not None and r.org_id in allowed)
    ]
    return ctx.render("fragments/tasks_panel.html", reminders=found)


@router.get("/directives", response_class=HTMLResponse)
def directives_page(ctx: Page) -> HTMLResponse:
    """List the directives, with the import form for those allowed."""
    return ctx.page("directives.html", directives=svc.list_directives(ctx.db))


def _pending_folder(ctx: PageContext) -> Path:
    return held_uploads.pending_folder(ctx.request.app.state.settings.data_dir)


@router.post("/directives/import", response_model=None)
def directive_import(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    file: Annotated[UploadFile | None, File()] = None,
    pending: Annotated[str, Form()] = "",
) -> RedirectResponse | HTMLResponse:
    """Import a dispatch (text, DOCX, PDF) and show what was read from it.

    A document whose number and issuer are already stored is held back: the officer opens
    the existing directive or imports this one as a new version (`pending` names it).
    """
    try:
        if pending:
            raw, name = held_uploads.take(_pending_folder(ctx), pending)
        else:
            if file is None:
                raise InputError("Hãy chọn một tệp văn bản.", "Choose a document file.")
            raw, name = file.file.read(), file.filename or "upload.txt"
            same = review.already_imported(ctx.db, raw, name)
            if same is not None and not review.same_bytes(ctx.db, raw):
                token = held_uploads.hold(_pending_folder(ctx), raw, name)
                return ctx.page(
                    "directive_duplicate.html", existing=same, pending=token, filename=name
                )
        done = svc.import_directive(
            ctx.db, raw, name, actor=principal.actor, as_new_version=bool(pending)
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/directives")
    ctx.db.commit()
    if pending:
        held_uploads.discard(_pending_folder(ctx), pending)
    if not done.created:
        flash(ctx.request, ctx._("Văn bản này đã được nhập trước đây."), "info")
    return redirect(f"/directives/{done.directive_id}")


@router.post("/directives/import/discard")
def directive_import_discard(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    pending: Annotated[str, Form()],
    existing: Annotated[int, Form()],
) -> RedirectResponse:
    """The officer opens the directive already stored: the held upload is removed."""
    try:
        held_uploads.discard(_pending_folder(ctx), pending)
    except LoaError as exc:
        flash_error(ctx.request, exc)
    return redirect(f"/directives/{existing}")


@router.get("/directives/{directive_id}", response_class=HTMLResponse)
def directive_page(ctx: Page, directive_id: int) -> HTMLResponse:
    """Show what was read from a directive, its tasks, and the next steps: review, report."""
    directive = svc.get_directive(ctx.db, directive_id)
    tasks = svc.list_tasks(ctx.db, directive_id=directive_id, org_id=visible_org(ctx.principal))
    merged = [
        t
        for t in svc.list_tasks(
            ctx.db,
            directive_id=directive_id,
            org_id=visible_org(ctx.principal),
            include_merged=True,
        )
        if t.merged_into is not None
    ]
    same = [
        d
        for d in svc.list_directives(ctx.db)
        if d.id != directive_id and d.number_symbol and d.number_symbol == directive.number_symbol
    ]
    return ctx.page(
        "directive.html",
        directive=directive,
        parsed=directive.parsed,
        tasks=tasks,
        merged=merged,
        same_number=same,
        org_names={o.org_id: o.name for o in stored_organisations(ctx.db)},
        orgs=stored_organisations(ctx.db) if ctx.principal.can("directives.import") else [],
        # Nobody named, and a body named that the directory does not hold: two different jobs.
        to_assign=sum(1 for t in tasks if t.org_id is None and not t.assignee_name),
        outside=sum(1 for t in tasks if t.org_id is None and t.assignee_name),
        with_deadline=sum(1 for t in tasks if t.deadline),
        recurring=sum(1 for t in tasks if t.recurrence),
    )


@router.post("/directives/{directive_id}/tasks")
def directive_correct(
    ctx: Page,
    directive_id: int,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    task_id: Annotated[int, Form()],
    org_id: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Correct one task of a directive: another organisation, a deadline (each an event)."""

    def correct() -> str:
        _own_task(ctx, directive_id, task_id)
        if org_id.strip() and org_id.strip() != svc.get_task(ctx.db, task_id).org_id:
            review.reassign_task(ctx.db, task_id, org_id.strip(), actor=principal.actor)
        if deadline.strip():
            review.set_task_deadline(ctx.db, task_id, _parse_day(deadline), actor=principal.actor)
        return ctx._("Đã sửa nhiệm vụ.")

    return _act(ctx, correct, back=f"/directives/{directive_id}#review")


def _act(ctx: PageContext, work: Callable[[], str], *, back: str) -> RedirectResponse:
    """Return the redirect to `back` once `work` has run: committed, with the message it gives.

    A user's error (LoaError) rolls back everything `work` wrote and is shown instead; every
    form that changes a directive's tasks ends this way, so none can commit half a change.
    """
    try:
        message = work()
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect(back)
    ctx.db.commit()
    flash(ctx.request, message)
    return redirect(back)


def _own_task(ctx: PageContext, directive_id: int, task_id: int) -> None:
    if svc.get_task(ctx.db, task_id).directive_id != directive_id:
        raise InputError(
            f"Nhiệm vụ {task_id} không thuộc văn bản này.",
            f"Task {task_id} is not one of this directive's.",
        )


@router.post("/directives/{directive_id}/tasks/split")
def directive_split(
    ctx: Page,
    directive_id: int,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    task_id: Annotated[int, Form()],
    part_org: Annotated[list[str] | None, Form()] = None,
    part_text: Annotated[list[str] | None, Form()] = None,
    part_deadline: Annotated[list[str] | None, Form()] = None,
) -> RedirectResponse:
    """Split a task in parts, each with its own organisation, text and deadline (an event)."""
    orgs, texts, days = part_org or [], part_text or [], part_deadline or []
    rows = max(len(orgs), len(texts), len(days))

    def split() -> str:
        _own_task(ctx, directive_id, task_id)
        parts = [
            review.TaskPart(
                org_id=org.strip() or None,
                text=text.strip() or None,
                deadline=_parse_day(day) if day.strip() else None,
            )
            for org, text, day in ((_at(orgs, i), _at(texts, i), _at(days, i)) for i in range(rows))
            if org.strip() or text.strip() or day.strip()
        ]
        ids = review.split_task(ctx.db, task_id=task_id, parts=parts, actor=principal.actor)
        return ctx._("Đã tách nhiệm vụ thành {n} phần.").format(n=len(ids))

    return _act(ctx, split, back=f"/directives/{directive_id}#split")


def _at(values: list[str], index: int) -> str:
    return values[index] if index < len(values) else ""


@router.post("/directives/{directive_id}/tasks/merge")
def directive_merge(
    ctx: Page,
    directive_id: int,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    keep: Annotated[int, Form()],
    merge: Annotated[int, Form()],
    text: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Merge one task into another of the same directive: closed, pointing to it (an event)."""

    def join() -> str:
        _own_task(ctx, directive_id, keep)
        _own_task(ctx, directive_id, merge)
        review.merge_tasks(
            ctx.db, keep=keep, merge=[merge], actor=principal.actor, text=text.strip() or None
        )
        return ctx._("Đã gộp nhiệm vụ.")

    return _act(ctx, join, back=f"/directives/{directive_id}#merge")


@router.get("/directives/{directive_id}/report.docx")
def directive_report(ctx: Page, directive_id: int) -> Response:
    """Download the report sent upward on a directive (DOCX), as its tasks stand today."""
    report = review.upward_report(ctx.db, directive_id, today=date.today())
    buffer = io.BytesIO()
    report_docx(report).save(buffer)
    name = f"bao-cao-van-ban-{directive_id}.docx"
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(
            f"Ngày '{text}' không hợp lệ; hãy chọn ngày trên lịch.",
            f"The date '{text}' is not valid; pick a day from the calendar.",
        ) from exc


TASKS_PER_PAGE = 25


@router.get("/tasks", response_class=HTMLResponse)
def task_board(
    ctx: Page,
    org: str | None = None,
    directive: str = "",
    status: str = "",
    due: str = "",
    page: int = 1,
) -> HTMLResponse:
    """Show tasks grouped by directive, filtered by directive, organisation, status and due date."""
    scope = visible_org(ctx.principal)
    chosen = scope if scope and (org is None or org not in orgs_in_scope(ctx.db, scope)) else org
    tasks = svc.list_tasks(
        ctx.db,
        org_id=chosen or None,
        directive_id=int(directive) if directive.isdigit() else None,
        status=status if status in STATUSES else None,
    )
    today = date.today()
    states = {t.id: due_state(t, today) for t in tasks}
    overdue = {i for i, s in states.items() if s is DueState.OVERDUE}
    if due == "overdue":
        tasks = [t for t in tasks if t.id in overdue]
    elif due == "soon":
        tasks = [t for t in tasks if states[t.id] in (DueState.OVERDUE, DueState.DUE)]
    pages = max(1, -(-len(tasks) // TASKS_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = tasks[(page - 1) * TASKS_PER_PAGE : page * TASKS_PER_PAGE]
    directives = {d.id: d for d in svc.list_directives(ctx.db)}
    groups = [
        (directives[d_id], [t for t in shown if t.directive_id == d_id])
        for d_id in dict.fromkeys(t.directive_id for t in shown)
    ]
    orgs = stored_organisations(ctx.db)
    org_names = {o.org_id: o.name for o in orgs}
    if scope:
        allowed = set(orgs_in_scope(ctx.db, scope))
        orgs = [o for o in orgs if o.org_id in allowed]
    return ctx.page(
        "tasks.html",
        groups=groups,
        total=len(tasks),
        page_no=page,
        pages=pages,
        query={"org": chosen or "", "directive": directive, "status": status, "due": due},
        directives=list(directives.values()),
        statuses=STATUS_NAMES,
        orgs=orgs,
        org=chosen or "",
        directive=directive,
        status_filter=status,
        due=due,
        overdue=overdue,
        org_names=org_names,
    )


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task_page(ctx: Page, task_id: int) -> HTMLResponse:
    """Show one task, its history, and the update form for those allowed."""
    task = svc.get_task(ctx.db, task_id)
    scope = visible_org(ctx.principal)
    if scope and (task.org_id is None or task.org_id not in orgs_in_scope(ctx.db, scope)):
        raise Forbidden()
    return ctx.page(
        "task.html",
        task=task,
        directive=svc.get_directive(ctx.db, task.directive_id),
        events=history(ctx.db, "task", str(task_id)),
        statuses=STATUS_NAMES,
        can_update=can_update_task(ctx.db, ctx.principal, task_id),
    )


@router.post("/tasks/{task_id}")
def task_update(
    ctx: Page,
    task_id: int,
    status: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    metric_name: Annotated[str, Form()] = "",
    metric_value: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Update a task's status and report a result figure; agencies only their own tasks."""
    if not can_update_task(ctx.db, ctx.principal, task_id):
        raise Forbidden()

    def update() -> str:
        svc.update_task(
            ctx.db,
            task_id,
            actor=ctx.principal.actor,
            status=status,
            note=note.strip() or None,
            metrics=_metric(ctx, metric_name, metric_value),
            decimal_metrics=_decimal_names(ctx),
        )
        return ctx._("Đã cập nhật nhiệm vụ.")

    return _act(ctx, update, back=f"/tasks/{task_id}")


def _metric(ctx: PageContext, name: str, value: str) -> list[tuple[str, float]]:
    """Return the result figure typed on the form, read the way the desk's language writes numbers."""
    name, value = name.strip(), value.strip()
    if not name and not value:
        return []
    if not name:
        raise InputError(
            f"Kết quả cần tên chỉ số (nhận được giá trị '{value}' mà không có tên).",
            f"A result needs a metric name (got the value '{value}' without one).",
        )
    decimal_names = _decimal_names(ctx)
    return [(name, read_metric_value(name, value, lang=ctx.lang, decimal_names=decimal_names))]


def _decimal_names(ctx: PageContext) -> frozenset[str]:
    return decimal_metric_names(ctx.request.app.state.settings.task_decimal_metrics)


def register(desk: Desk) -> None:
    """Add the directive and task pages, their menu items and the overview's tasks panel."""
    desk.add_router(router)
    desk.add_menu_item(MenuItem("directives", N_("Văn bản chỉ đạo"), "/directives", order=20))
    desk.add_menu_item(MenuItem("tasks", N_("Nhiệm vụ"), "/tasks", order=25))
    desk.add_panel(Panel("tasks_due", N_("Nhiệm vụ đến hạn và quá hạn"), tasks_panel, order=30))
