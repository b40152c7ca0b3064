"""Roles and what they may do; who is acting (a Principal) and which organisations they reach."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.errors import WorkflowError
from loa.store.tables import OrganisationRow, TaskRow

ROLES = ("admin", "comms", "data", "rapid", "reporter", "viewer")
SCOPED_ROLES = ("reporter",)
PERMISSIONS = (
    "view",
    "tasks.update.any",
    "tasks.update.own",
    "directives.import",
    "situation.import",
    "settings.manage",
    "audit.read",
)
ROLE_PERMISSIONS: dict[str, set[str]] = {
    "admin": set(PERMISSIONS),
    "comms": {"view", "tasks.update.any", "directives.import"},
    "data": {"view", "situation.import"},
    "rapid": {"view", "tasks.update.own"},
    "reporter": {"view", "tasks.update.own"},
    "viewer": {"view"},
}


def add_permission(name: str, roles: Iterable[str]) -> None:
    """Grant a permission a later area defines (e.g. "bulletins.approve") to some roles."""
    for role in roles:
        ROLE_PERMISSIONS[role].add(name)
    ROLE_PERMISSIONS["admin"].add(name)


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user or a token, with its role and organisation scope."""

    login: str
    role: str
    org_id: str | None = None
    display_name: str = ""
    via: str = "session"  # "session" | "token"
    #: The person acting (users.id): a signed-in user, or the person a token was issued to.
    user_id: int | None = None

    def can(self, permission: str) -> bool:
        """Return True when the role grants `permission`."""
        return permission in ROLE_PERMISSIONS.get(self.role, set())

    @property
    def actor(self) -> str:
        """Return the name written into events ("token:NAME" for machine clients)."""
        return self.login if self.via == "session" else f"token:{self.login}"


def approving_person(principal: Principal) -> int | None:
    """Return the person (users.id) approving; a token issued to nobody cannot approve.

    Approval is a second person's decision, so it needs to know who that person is.
    """
    if principal.via == "token" and principal.user_id is None:
        raise WorkflowError(
            f"Mã truy cập '{principal.login}' không cấp cho người nào, nên không được duyệt: "
            "duyệt là việc của một người thứ hai. Cấp mã cho người duyệt "
            "(`loa tokens create TÊN --user TÊN_ĐĂNG_NHẬP`) hoặc duyệt trên bàn điều hành.",
            f"Token '{principal.login}' is issued to no person, so it cannot approve: approval "
            "is a second person's decision. Issue a token to the approver "
            "(`loa tokens create NAME --user LOGIN`) or approve on the desk.",
        )
    return principal.user_id


def orgs_in_scope(session: Session, org_id: str) -> list[str]:
    """Return an organisation's id and those of all organisations below it."""
    found = [org_id]
    frontier = [org_id]
    while frontier:
        children = session.scalars(
            select(OrganisationRow.org_id).where(OrganisationRow.parent_id.in_(frontier))
        )
        frontier = [c for c in children if c not in found]
        found.extend(frontier)
    return found


def visible_org(principal: Principal) -> str | None:
    """Return the organisation a scoped role is confined to, or None when it sees every task."""
    return principal.org_id if principal.role in SCOPED_ROLES else None


def can_update_task(session: Session, principal: Principal, task_id: int) -> bool:
    """Return True when the principal may update this task (own-organisation roles: in scope)."""
    if principal.can("tasks.update.any"):
        return True
    if not principal.can("tasks.update.own") or principal.org_id is None:
        return False
    org = session.scalar(select(TaskRow.org_id).where(TaskRow.id == task_id))
    return org is not None and org in orgs_in_scope(session, principal.org_id)
