"""Directives and tasks: import a dispatch and check what was read; boards; task updates."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from loa.directives.metrics import decimal_metric_names, read_metric_value
from loa.directives.tasks import STATUSES, DueState, due_state
from loa.errors import InputError, LoaError
from loa.services import directives as svc
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


@router.post("/directives/import")
def directive_import(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    file: Annotated[UploadFile, File()],
) -> RedirectResponse:
    """Import a dispatch (text, DOCX, PDF) and show what was read from it."""
    try:
        done = svc.import_directive(
            ctx.db, file.file.read(), file.filename or "upload.txt", actor=principal.actor
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/directives")
    ctx.db.commit()
    if not done.created:
        flash(ctx.request, ctx._("Văn bản này đã được nhập trước đây."), "info")
    return redirect(f"/directives/{done.directive_id}")


@router.get("/directives/{directive_id}", response_class=HTMLResponse)
def directive_page(ctx: Page, directive_id: int) -> HTMLResponse:
    """Show the fields read from a directive, its warnings and the tasks made from it."""
    directive = svc.get_directive(ctx.db, directive_id)
    tasks = svc.list_tasks(ctx.db, directive_id=directive_id, org_id=visible_org(ctx.principal))
    return ctx.page("directive.html", directive=directive, parsed=directive.parsed, tasks=tasks)


@router.get("/tasks", response_class=HTMLResponse)
def task_board(ctx: Page, org: str | None = None) -> HTMLResponse:
    """Show one organisation's tasks (or every task) in a column per status."""
    scope = visible_org(ctx.principal)
    chosen = scope if scope and (org is None or org not in orgs_in_scope(ctx.db, scope)) else org
    tasks = svc.list_tasks(ctx.db, org_id=chosen or None)
    today = date.today()
    columns = [(s, STATUS_NAMES[s], [t for t in tasks if t.status == s]) for s in STATUSES]
    orgs = stored_organisations(ctx.db)
    if scope:
        allowed = set(orgs_in_scope(ctx.db, scope))
        orgs = [o for o in orgs if o.org_id in allowed]
    overdue = {t.id for t in tasks if due_state(t, today) is DueState.OVERDUE}
    return ctx.page(
        "tasks.html", columns=columns, orgs=orgs, org=chosen or "", overdue=overdue, today=today
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
    try:
        metrics = _metric(ctx, metric_name, metric_value)
        svc.update_task(
            ctx.db,
            task_id,
            actor=ctx.principal.actor,
            status=status,
            note=note.strip() or None,
            metrics=metrics,
            decimal_metrics=_decimal_names(ctx),
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect(f"/tasks/{task_id}")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã cập nhật nhiệm vụ."))
    return redirect(f"/tasks/{task_id}")


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
