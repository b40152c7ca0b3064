"""Users and sign-in: accounts, passwords (Argon2), roles, lock-out, the demo's accounts.

Passwords are hashed with Argon2 (`_hasher`, which tests swap for a cheap one); a login or a
client that fails too often is locked out for a while. Every change records an event.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, true, update
from sqlalchemy.orm import Session

from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.accounts.permissions import ROLES, SCOPED_ROLES, Principal
from loa.services.events import record
from loa.store.tables import OrganisationRow
from loa.store.web_tables import DeskSessionRow, LoginAttemptRow, UserRow

MIN_PASSWORD = 10
_hasher = PasswordHasher()


@dataclass(frozen=True)
class UserInfo:
    """A user as shown to administrators (never the hash)."""

    login: str
    display_name: str
    role: str
    org_id: str | None
    active: bool


def check_role(session: Session, role: str, org_id: str | None) -> None:
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


def user_row(session: Session, login: str) -> UserRow:
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
    check_role(session, role, org_id)
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
    row = user_row(session, login)
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
    row = user_row(session, login)
    check_role(session, role, org_id)
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


def person_of(session: Session, login: str) -> int | None:
    """Return the users.id of a login (for an actor named on the command line), or None."""
    return session.scalar(select(UserRow.id).where(UserRow.login == login.strip().lower()))


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
