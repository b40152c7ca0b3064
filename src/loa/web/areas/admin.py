"""Settings (directory, organisations, users and roles, tokens, level rules) and the audit log."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, RedirectResponse

from loa.errors import LoaError
from loa.services import accounts
from loa.services.accounts import Principal
from loa.services.directory import stored_organisations, units_as_of
from loa.situation.rules import list_presets
from loa.web.deps import Page, flash, flash_error, redirect, require
from loa.web.desk import Desk, MenuItem
from loa.web.i18n import N_
from loa.web.labels import LABELS, audit_values, rules_title

__all__ = ["register"]

router = APIRouter(include_in_schema=False)
Admin = Annotated[Principal, Depends(require("settings.manage"))]
ROLE_NAMES = {
    "admin": N_("quản trị tỉnh"),
    "comms": N_("cán bộ truyền thông"),
    "data": N_("cán bộ số liệu"),
    "rapid": N_("tổ phản ứng nhanh"),
    "reporter": N_("báo cáo viên cơ quan"),
    "viewer": N_("người xem"),
}


@router.get("/settings", response_class=HTMLResponse)
def settings_page(ctx: Page, _admin: Admin) -> HTMLResponse:
    """Show the directory, organisations, users, tokens and level rules."""
    province = ctx.request.app.state.settings.province_code
    units = units_as_of(ctx.db, date.today(), within=province)
    orgs = stored_organisations(ctx.db)
    return ctx.page(
        "settings.html",
        org_names={o.org_id: o.name for o in orgs},
        rules_title=rules_title,
        unit_counts={lv: sum(1 for u in units if u.level == lv) for lv in ("district", "commune")},
        orgs=orgs,
        users=accounts.list_users(ctx.db),
        tokens=accounts.list_tokens(ctx.db),
        roles=ROLE_NAMES,
        presets=list_presets(),
        rules=ctx.request.app.state.settings.level_rules,
        new_token=ctx.request.session.pop("new_token", None),
    )


@router.post("/settings/users")
def add_user(
    ctx: Page,
    admin: Admin,
    login: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    org_id: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Add a user with a role (and organisation, for agency reporters)."""
    try:
        accounts.create_user(
            ctx.db,
            login,
            password,
            role=role,
            actor=admin.actor,
            org_id=org_id or None,
            display_name=display_name,
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/settings#users")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã thêm người dùng."))
    return redirect("/settings#users")


@router.post("/settings/users/{login}/role")
def change_role(
    ctx: Page,
    admin: Admin,
    login: str,
    role: Annotated[str, Form()],
    org_id: Annotated[str, Form()] = "",
    active: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Change a user's role, organisation or whether the account is active."""
    try:
        accounts.set_role(
            ctx.db, login, role=role, org_id=org_id or None, active=active, actor=admin.actor
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/settings#users")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã lưu vai trò."))
    return redirect("/settings#users")


@router.post("/settings/tokens")
def add_token(
    ctx: Page,
    admin: Admin,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    org_id: Annotated[str, Form()] = "",
    user: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Create an API token (a machine's, or a person's with their role); shown once."""
    try:
        if user:
            _, secret = accounts.create_token(ctx.db, name, user=user, actor=admin.actor)
        else:
            _, secret = accounts.create_token(
                ctx.db, name, role=role, org_id=org_id or None, actor=admin.actor
            )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/settings#tokens")
    ctx.db.commit()
    ctx.request.session["new_token"] = secret
    return redirect("/settings#tokens")


@router.post("/settings/tokens/{token_id}/revoke")
def revoke(ctx: Page, admin: Admin, token_id: int) -> RedirectResponse:
    """Revoke an API token."""
    try:
        accounts.revoke_token(ctx.db, token_id, actor=admin.actor)
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/settings#tokens")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã thu hồi mã truy cập."))
    return redirect("/settings#tokens")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    ctx: Page,
    _reader: Annotated[Principal, Depends(require("audit.read"))],
    subject_type: str = "",
    subject_id: str = "",
    actor: str = "",
    limit: int = 20,
) -> HTMLResponse:
    """Show every write: who, what, when, before and after; filter by subject and actor."""
    limit = max(1, min(limit, 1000))
    entries = accounts.audit_log(
        ctx.db, subject_type=subject_type, subject_id=subject_id, actor=actor, limit=limit
    )
    names = {o.org_id: o.name for o in stored_organisations(ctx.db)}
    more = ""
    if len(entries) == limit:
        query = {"subject_type": subject_type, "subject_id": subject_id, "actor": actor}
        more = urlencode({**query, "limit": limit + 200})
    return ctx.page(
        "audit.html",
        entries=entries,
        more=more,
        subject_types=sorted(LABELS["subject"]),
        audit_values=lambda state: audit_values(state, ctx.lang, ctx._, names),
        filters={"subject_type": subject_type, "subject_id": subject_id, "actor": actor},
    )


def register(desk: Desk) -> None:
    """Add the settings and audit pages and their menu items (administrators only)."""
    desk.add_router(router)
    desk.add_menu_item(
        MenuItem("settings", N_("Cài đặt"), "/settings", permission="settings.manage", order=90)
    )
    desk.add_menu_item(
        MenuItem("audit", N_("Nhật ký thay đổi"), "/audit", permission="audit.read", order=95)
    )
