"""The JSON API under /api/v1: what the pages do, for the press desk, radio stations and scripts.

Authenticate with `Authorization: Bearer <token>` (see `loa tokens create`) or a signed-in
session (then unsafe methods need the `X-CSRF-Token` header).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from loa.directives.metrics import decimal_metric_names, read_metric_value
from loa.directives.tasks import TaskView
from loa.services import accounts
from loa.services import directives as svc
from loa.services.accounts import Principal, can_update_task, orgs_in_scope, visible_org
from loa.services.situation import import_situation_file
from loa.services.situation_snapshot import ensure_snapshot
from loa.web.deps import Db, Forbidden, Viewer, lang_of, require
from loa.web.desk import Desk
from loa.web.schemas import (
    AuditOut,
    DirectiveOut,
    ImportOut,
    MeOut,
    TaskOut,
    TaskUpdate,
    UserOut,
)

__all__ = ["register"]

router = APIRouter(prefix="/api/v1")


def _task_out(view: TaskView) -> TaskOut:
    return TaskOut(**{k: v for k, v in asdict(view).items() if k in TaskOut.model_fields})


@router.get("/me", tags=["accounts"])
def me(principal: Viewer) -> MeOut:
    """Return who this request acts as and what it may do."""
    perms = sorted(accounts.ROLE_PERMISSIONS.get(principal.role, set()))
    return MeOut(
        login=principal.login,
        role=principal.role,
        org_id=principal.org_id,
        via=principal.via,
        permissions=perms,
    )


@router.get("/tasks", tags=["tasks"])
def tasks(
    db: Db, principal: Viewer, org_id: str | None = None, status: str | None = None
) -> list[TaskOut]:
    """Return tasks; an agency reporter gets only its organisation's."""
    scope = visible_org(principal)
    if scope and (org_id is None or org_id not in orgs_in_scope(db, scope)):
        org_id = scope
    return [_task_out(v) for v in svc.list_tasks(db, org_id=org_id, status=status)]


@router.get("/tasks/{task_id}", tags=["tasks"])
def task(db: Db, principal: Viewer, task_id: int) -> TaskOut:
    """Return one task."""
    view = svc.get_task(db, task_id)
    scope = visible_org(principal)
    if scope and (view.org_id is None or view.org_id not in orgs_in_scope(db, scope)):
        raise Forbidden()
    return _task_out(view)


@router.patch("/tasks/{task_id}", tags=["tasks"])
def update_task(
    request: Request, db: Db, principal: Viewer, task_id: int, change: TaskUpdate
) -> TaskOut:
    """Update a task's status, deadline or results; agencies only their own tasks.

    Deadlines are the office's: only roles that update every task (comms, admin) move them.
    """
    if not can_update_task(db, principal, task_id):
        raise Forbidden()
    if change.deadline is not None and not principal.can("tasks.update.any"):
        raise Forbidden(
            "Hạn của nhiệm vụ do văn phòng đặt; vai trò của bạn không đổi được hạn. "
            "Hãy đề nghị văn phòng nếu cần lùi hạn.",
            "Task deadlines are set by the office; your role cannot change them. "
            "Ask the office if the deadline must move.",
        )
    decimal_names = decimal_metric_names(request.app.state.settings.task_decimal_metrics)
    lang = lang_of(request)
    view = svc.update_task(
        db,
        task_id,
        actor=principal.actor,
        status=change.status,
        note=change.note,
        deadline=change.deadline,
        decimal_metrics=decimal_names,
        metrics=[
            (
                m.name,
                read_metric_value(m.name, m.value, lang=lang, decimal_names=decimal_names)
                if isinstance(m.value, str)
                else float(m.value),
            )
            for m in change.metrics
        ],
    )
    db.commit()
    return _task_out(view)


@router.get("/directives", tags=["directives"])
def directives(db: Db, _p: Viewer) -> list[DirectiveOut]:
    """Return every directive, newest first."""
    return [
        DirectiveOut(
            id=d.id,
            number_symbol=d.number_symbol,
            issuer=d.issuer,
            issued_on=d.issued_on,
            subject=d.subject,
        )
        for d in svc.list_directives(db)
    ]


@router.get("/directives/{directive_id}", tags=["directives"])
def directive(db: Db, _p: Viewer, directive_id: int) -> DirectiveOut:
    """Return one directive with everything read from it."""
    d = svc.get_directive(db, directive_id)
    return DirectiveOut(
        id=d.id,
        number_symbol=d.number_symbol,
        issuer=d.issuer,
        issued_on=d.issued_on,
        subject=d.subject,
        parsed=d.parsed,
    )


@router.post("/directives", tags=["directives"], status_code=201)
def import_directive(
    db: Db,
    principal: Annotated[Principal, Depends(require("directives.import"))],
    file: Annotated[UploadFile, File()],
) -> ImportOut:
    """Import a dispatch; the same bytes twice change nothing."""
    done = svc.import_directive(
        db, file.file.read(), file.filename or "upload.txt", actor=principal.actor
    )
    db.commit()
    return ImportOut(
        id=done.directive_id,
        status="imported" if done.created else "unchanged",
        created=done.created,
        tasks=done.tasks,
        warnings=done.warnings,
    )


@router.post("/situation/imports", tags=["situation"], status_code=201)
def import_situation(
    request: Request,
    db: Db,
    principal: Annotated[Principal, Depends(require("situation.import"))],
    file: Annotated[UploadFile, File()],
    partial: Annotated[bool, Form()] = False,
    complete: Annotated[bool, Form()] = False,
    source: Annotated[str | None, Form()] = None,
) -> ImportOut:
    """Import case, vaccination or capacity figures and return the validation report."""
    outcome = import_situation_file(
        db,
        file.file.read(),
        file.filename or "upload.csv",
        province_code=request.app.state.settings.province_code,
        today=date.today(),
        partial=partial,
        complete=complete,
        actor=principal.actor,
        source=source or None,
    )
    db.commit()
    # The situation as the import leaves it, computed once now for every reader after it.
    settings = request.app.state.settings
    ensure_snapshot(db, settings.province_code, None, rules_setting=settings.level_rules)
    db.commit()
    problems = [
        {
            "line": p.line,
            "column": p.column,
            "value": p.value,
            "severity": p.severity,
            "vi": p.vi,
            "en": p.en,
        }
        for p in outcome.problems
    ]
    return ImportOut(
        id=outcome.import_id,
        status=outcome.status,
        rows_accepted=outcome.rows_accepted,
        problems=problems,
    )


@router.get("/users", tags=["accounts"])
def users(
    db: Db, _admin: Annotated[Principal, Depends(require("settings.manage"))]
) -> list[UserOut]:
    """Return every user (administrators only)."""
    return [UserOut(**asdict(u)) for u in accounts.list_users(db)]


@router.get("/audit", tags=["accounts"])
def audit(
    db: Db,
    _reader: Annotated[Principal, Depends(require("audit.read"))],
    subject_type: str | None = None,
    subject_id: str | None = None,
    actor: str | None = None,
    limit: int = 200,
) -> list[AuditOut]:
    """Return the newest writes first (administrators only)."""
    entries = accounts.audit_log(
        db, subject_type=subject_type, subject_id=subject_id, actor=actor, limit=min(limit, 1000)
    )
    return [AuditOut(**asdict(e)) for e in entries]


def register(desk: Desk) -> None:
    """Add the /api/v1 routes."""
    desk.add_router(router)
