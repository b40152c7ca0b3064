"""Users, roles and their scope, API tokens, sign-in with lock-out, and the audit log.

A role grants permissions; a user or token may also carry an organisation (its scope).
An agency reporter sees and updates only tasks of its organisation and that organisation's
children. Passwords are hashed with Argon2; tokens are random and stored as SHA-256 digests
(a token is long and random, so a slow hash adds nothing). Every change records an event.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, true, update
from sqlalchemy.orm import Session

from loa.errors import InputError, NotFoundError, WorkflowError
from loa.events import DomainEvent, utcnow
from loa.services.events import record
from loa.store.tables import EventRow, OrganisationRow, TaskRow
from loa.store.web_tables import ApiTokenRow, DeskSessionRow, LoginAttemptRow, UserRow

__all__ = [
    "PERMISSIONS",
    "ROLES",
    "ROLE_PERMISSIONS",
    "AuditEntry",
    "Principal",
    "SignIn",
    "TokenInfo",
    "UserInfo",
    "add_permission",
    "approving_person",
    "audit_log",
    "can_update_task",
    "create_demo_accounts",
    "create_token",
    "create_user",
    "end_user_sessions",
    "list_tokens",
    "list_users",
    "orgs_in_scope",
    "person_of",
    "principal_for_login",
    "principal_for_token",
    "revoke_token",
    "set_password",
    "set_role",
    "sign_in",
    "visible_org",
]

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
MIN_PASSWORD = 10
_hasher = PasswordHasher()


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


@dataclass(frozen=True)
class UserInfo:
    """A user as shown to administrators (never the hash)."""

    login: str
    display_name: str
    role: str
    org_id: str | None
    active: bool


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: its id, name, first characters, role, scope and whether revoked."""

    id: int
    name: str
    prefix: str
    role: str
    org_id: str | None
    created_by: str
    created_at: datetime
    revoked: bool
    user: str | None = None


def _check_role(session: Session, role: str, org_id: str | None) -> None:
    if role not in ROLES:
        raise InputError(
            f"Vai trò '{role}' không hợp lệ; chọn một trong: {', '.join(ROLES)}.",
            f"Role '{role}' is not valid; choose one of: {', '.join(ROLES)}.",
        )
    if role in SCOPED_ROLES and not org_id:
        raise InputError(
            f"Vai trò '{role}' cần một tổ chức (--org).",
            f"Role '{role}' needs an organisation (--org).",
        )
    if org_id and session.get(OrganisationRow, org_id) is None:
        raise NotFoundError(
            f"Không có tổ chức '{org_id}'. Xem `loa orgs list`.",
            f"There is no organisation '{org_id}'. See `loa orgs list`.",
        )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.",
            f"A password needs at least {MIN_PASSWORD} characters.",
        )


def _user_row(session: Session, login: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.login == login))
    if row is None:
        raise NotFoundError(
            f"Không có người dùng '{login}'. Xem `loa users list`.",
            f"There is no user '{login}'. See `loa users list`.",
        )
    return row


def _user_state(row: UserRow) -> dict[str, Any]:
    return {"role": row.role, "org_id": row.org_id, "active": row.active, "name": row.display_name}


def _info(row: UserRow) -> UserInfo:
    return UserInfo(row.login, row.display_name, row.role, row.org_id, row.active)


def create_user(
    session: Session,
    login: str,
    password: str,
    *,
    role: str,
    actor: str,
    org_id: str | None = None,
    display_name: str = "",
) -> UserInfo:
    """Return the new user after storing it with an Argon2 hash of its password."""
    login = login.strip().lower()
    if not login or any(c.isspace() for c in login):
        raise InputError(
            "Tên đăng nhập không được trống hay có dấu cách.",
            "A login may not be empty or hold spaces.",
        )
    if session.scalar(select(UserRow.id).where(UserRow.login == login)) is not None:
        raise InputError(f"Đã có người dùng '{login}'.", f"User '{login}' already exists.")
    _check_role(session, role, org_id)
    _check_password(password)
    row = UserRow(
        login=login,
        display_name=display_name or login,
        password_hash=_hasher.hash(password),
        role=role,
        org_id=org_id,
        active=True,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record(session, DomainEvent("user.created", "user", login, actor, after=_user_state(row)))
    return _info(row)


def list_users(session: Session) -> list[UserInfo]:
    """Return every user, by login."""
    return [_info(r) for r in session.scalars(select(UserRow).order_by(UserRow.login))]


def set_password(session: Session, login: str, password: str, *, actor: str) -> None:
    """Replace a user's password (the event says that it changed, never the password)."""
    row = _user_row(session, login)
    _check_password(password)
    row.password_hash = _hasher.hash(password)
    record(session, DomainEvent("user.password", "user", row.login, actor))
    end_user_sessions(session, row.id, why="password")


def set_role(
    session: Session,
    login: str,
    *,
    role: str,
    actor: str,
    org_id: str | None = None,
    active: bool | None = None,
) -> UserInfo:
    """Return the user after changing its role, organisation scope or whether it is active."""
    row = _user_row(session, login)
    _check_role(session, role, org_id)
    before = _user_state(row)
    row.role, row.org_id = role, org_id
    if active is not None:
        row.active = active
    after = _user_state(row)
    if after != before:
        record(session, DomainEvent("user.role", "user", row.login, actor, before, after))
        # What a session may do was decided at sign-in: a new role or scope signs in afresh.
        end_user_sessions(session, row.id, why="disabled" if not row.active else "role")
    return _info(row)


def end_user_sessions(
    session: Session, user_id: int, *, why: str, now: datetime | None = None
) -> int:
    """End every open desk session of a user; return how many were open."""
    result = session.execute(
        update(DeskSessionRow)
        .where(DeskSessionRow.user_id == user_id, DeskSessionRow.ended_at.is_(None))
        .values(ended_at=now or utcnow(), ended_why=why[:40])
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the principal, or why not (bad credentials or locked)."""

    principal: Principal | None
    locked: bool = False


def _account_failures(session: Session, login: str, since: datetime) -> int:
    """Failures of this login from any address since `since` and since its last success."""
    last_ok = session.scalar(
        select(func.max(LoginAttemptRow.at)).where(
            LoginAttemptRow.login == login, LoginAttemptRow.success
        )
    )
    count = session.scalar(
        select(func.count(LoginAttemptRow.id)).where(
            LoginAttemptRow.login == login,
            LoginAttemptRow.at > since,
            LoginAttemptRow.success.is_(False),
            # A success clears the count; compared in SQL, as SQLite drops the time zone.
            true() if last_ok is None else LoginAttemptRow.at > last_ok,
        )
    )
    return int(count or 0)


def _client_failures(session: Session, ip: str, since: datetime) -> int:
    """Failures from this address, whatever the login, since `since` (a success does not clear)."""
    count = session.scalar(
        select(func.count(LoginAttemptRow.id)).where(
            LoginAttemptRow.ip == ip,
            LoginAttemptRow.at > since,
            LoginAttemptRow.success.is_(False),
        )
    )
    return int(count or 0)


def sign_in(
    session: Session,
    login: str,
    password: str,
    *,
    ip: str,
    max_failures: int = 5,
    client_max_failures: int = 20,
    window: timedelta = timedelta(minutes=15),
    now: datetime | None = None,
) -> SignIn:
    """Return who signed in, or None; too many recent failures lock the account or the address.

    The lock is kept on the account (its failures from every address) as well as on the
    client address (its failures on every login), so neither new addresses nor new logins
    buy more guesses; while an account is locked even its right password is refused.
    Attempts live in the store, so every web process sees the same count.
    """
    now = now or utcnow()
    login = login.strip().lower()[:80]
    ip = ip[:64]
    since = now - window
    if (
        _account_failures(session, login, since) >= max_failures
        or _client_failures(session, ip, since) >= client_max_failures
    ):
        return SignIn(None, locked=True)
    row = session.scalar(select(UserRow).where(UserRow.login == login))
    ok = False
    if row is not None and row.active:
        try:
            ok = _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time as a real check, so timing does not reveal which logins exist.
        _hasher.hash(password)
    session.add(LoginAttemptRow(login=login, ip=ip, at=now, success=ok))
    if not ok or row is None:
        return SignIn(None)
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return SignIn(Principal(row.login, row.role, row.org_id, row.display_name, user_id=row.id))


def principal_for_login(session: Session, login: str) -> Principal | None:
    """Return the principal of an active user (for a session cookie), or None."""
    row = session.scalar(select(UserRow).where(UserRow.login == login))
    if row is None or not row.active:
        return None
    return Principal(row.login, row.role, row.org_id, row.display_name, user_id=row.id)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session,
    name: str,
    *,
    role: str | None = None,
    actor: str,
    org_id: str | None = None,
    user: str | None = None,
) -> tuple[TokenInfo, str]:
    """Return the new token's record and its secret, which is shown once and never stored.

    A token issued to a person (`user`, a login) acts as that person: with their role and
    scope at each request, refused once they are disabled, and never approving what they
    drafted. A token for a machine (no `user`) has its own role and cannot approve.
    """
    owner = _user_row(session, user.strip().lower()) if user else None
    if owner is not None:
        if role is not None and role != owner.role:
            raise InputError(
                f"Mã của {owner.login} mang vai trò của người đó ({owner.role}); bỏ --role.",
                f"A token of {owner.login} carries that person's role ({owner.role}); drop --role.",
            )
        role, org_id = owner.role, owner.org_id
    role = role or "viewer"
    _check_role(session, role, org_id)
    secret = "loa_" + secrets.token_urlsafe(32)
    row = ApiTokenRow(
        name=name,
        token_hash=_digest(secret),
        prefix=secret[:10],
        role=role,
        org_id=org_id,
        created_by=actor,
        created_at=utcnow(),
        user_id=owner.id if owner is not None else None,
    )
    session.add(row)
    session.flush()
    after = {"name": name, "role": role, "org_id": org_id, "prefix": row.prefix}
    if owner is not None:
        after["user"] = owner.login
    record(session, DomainEvent("token.created", "token", str(row.id), actor, after=after))
    return _token_info(row, owner.login if owner is not None else None), secret


def _token_info(row: ApiTokenRow, user: str | None = None) -> TokenInfo:
    return TokenInfo(
        row.id,
        row.name,
        row.prefix,
        row.role,
        row.org_id,
        row.created_by,
        row.created_at,
        row.revoked_at is not None,
        user,
    )


def list_tokens(session: Session) -> list[TokenInfo]:
    """Return every token, newest first."""
    rows = session.execute(
        select(ApiTokenRow, UserRow.login)
        .outerjoin(UserRow, UserRow.id == ApiTokenRow.user_id)
        .order_by(ApiTokenRow.id.desc())
    )
    return [_token_info(token, login) for token, login in rows]


def revoke_token(session: Session, token_id: int, *, actor: str) -> None:
    """Revoke a token; later requests with it are refused."""
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFoundError(
            f"Không có mã truy cập số {token_id}. Xem `loa tokens list`.",
            f"There is no token {token_id}. See `loa tokens list`.",
        )
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record(
            session,
            DomainEvent("token.revoked", "token", str(token_id), actor, before={"revoked": False}),
        )


def principal_for_token(session: Session, token: str) -> Principal | None:
    """Return the principal of a valid, unrevoked token, or None."""
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    if row.user_id is None:
        return Principal(row.name, row.role, row.org_id, row.name, via="token")
    owner = session.get(UserRow, row.user_id)
    if owner is None or not owner.active:
        return None
    return Principal(
        row.name, owner.role, owner.org_id, owner.display_name, via="token", user_id=owner.id
    )


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


def person_of(session: Session, login: str) -> int | None:
    """Return the users.id of a login (for an actor named on the command line), or None."""
    return session.scalar(select(UserRow.id).where(UserRow.login == login.strip().lower()))


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


@dataclass(frozen=True)
class AuditEntry:
    """One event of the audit log: when, who, what, on which subject, before and after."""

    id: int
    at: datetime
    actor: str
    kind: str
    subject_type: str
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None


def audit_log(
    session: Session,
    *,
    subject_type: str | None = None,
    subject_id: str | None = None,
    actor: str | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """Return the newest events first, filtered by subject and actor."""
    query = select(EventRow).order_by(EventRow.id.desc()).limit(limit)
    if subject_type:
        query = query.where(EventRow.subject_type == subject_type)
    if subject_id:
        query = query.where(EventRow.subject_id == subject_id)
    if actor:
        query = query.where(EventRow.actor == actor)
    return [
        AuditEntry(
            r.id, r.at, r.actor, r.kind, r.subject_type, r.subject_id, r.before, r.after, r.note
        )
        for r in session.scalars(query)
    ]


DEMO_ACCOUNTS: Sequence[tuple[str, str, str | None]] = (
    ("admin", "admin", None),
    ("comms", "comms", None),
    ("data", "data", None),
    ("rapid", "rapid", "bg.so-tttt"),
    ("reporter", "reporter", "bg.so-tttt"),
    ("viewer", "viewer", None),
)


def create_demo_accounts(session: Session, *, actor: str = "demo") -> list[tuple[str, str, str]]:
    """Return (login, role, password) of each demo account created now; existing ones are kept.

    Passwords are random and returned once, so `loa demo` can print them.
    """
    made = []
    for login, role, org in DEMO_ACCOUNTS:
        if session.scalar(select(UserRow.id).where(UserRow.login == login)) is not None:
            continue
        if org is not None and session.get(OrganisationRow, org) is None:
            continue
        password = secrets.token_urlsafe(9)
        create_user(session, login, password, role=role, actor=actor, org_id=org)
        made.append((login, role, password))
    return made
