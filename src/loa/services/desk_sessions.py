"""Desk sessions kept in the store: started at sign-in, ended at sign-out or by any change.

The browser's cookie holds only a random secret; the store keeps its SHA-256 digest with the
user, when it started, when it was last used, and when and why it ended. Signing out, a new
password, a new role or scope, disabling the account, or an administrator (`loa users
sessions --end`) ends sessions at once: a copied cookie is worthless afterwards. A session
also ends after `idle` without use (10 hours, as the cookie's life).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.errors import NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.accounts import Principal, end_user_sessions
from loa.services.events import record
from loa.store.web_tables import DeskSessionRow, UserRow

__all__ = [
    "IDLE",
    "SessionInfo",
    "end_session",
    "end_session_by_id",
    "end_sessions_of",
    "list_sessions",
    "principal_for_session",
    "start_session",
]

IDLE = timedelta(hours=10)
# Last use is written at most this often, so pages do not each write to the store.
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionInfo:
    """A session as listed to administrators (never its secret)."""

    id: int
    login: str
    created_at: datetime
    last_seen_at: datetime
    ip: str
    agent: str
    ended_at: datetime | None
    ended_why: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; Loa stores UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start_session(
    session: Session,
    principal: Principal,
    *,
    ip: str = "",
    agent: str = "",
    now: datetime | None = None,
) -> str:
    """Return the secret of a new session of a signed-in user (for the cookie, never stored)."""
    if principal.user_id is None:
        raise ValueError("only a user signs in to a session")
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    session.add(
        DeskSessionRow(
            secret_hash=_digest(secret),
            user_id=principal.user_id,
            created_at=now,
            last_seen_at=now,
            ip=ip[:64],
            agent=agent[:200],
        )
    )
    return secret


def principal_for_session(
    session: Session, secret: str, *, idle: timedelta = IDLE, now: datetime | None = None
) -> Principal | None:
    """Return who an open session belongs to, or None (unknown, ended, idle too long, disabled)."""
    now = now or utcnow()
    found = session.execute(
        select(DeskSessionRow, UserRow)
        .join(UserRow, UserRow.id == DeskSessionRow.user_id)
        .where(DeskSessionRow.secret_hash == _digest(secret), DeskSessionRow.ended_at.is_(None))
    ).one_or_none()
    if found is None:
        return None
    row, user = found
    if not user.active:
        return None
    seen = _aware(row.last_seen_at)
    if now - seen > idle:
        row.ended_at, row.ended_why = now, "idle"
        session.commit()
        return None
    if now - seen > _TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return Principal(user.login, user.role, user.org_id, user.display_name, user_id=user.id)


def end_session(session: Session, secret: str, *, why: str = "signed out") -> None:
    """End the session with this secret (sign-out); an unknown or ended one is left as it is."""
    row = session.scalar(
        select(DeskSessionRow).where(
            DeskSessionRow.secret_hash == _digest(secret), DeskSessionRow.ended_at.is_(None)
        )
    )
    if row is not None:
        row.ended_at, row.ended_why = utcnow(), why


def _user_id(session: Session, login: str) -> int:
    user_id = session.scalar(select(UserRow.id).where(UserRow.login == login.strip().lower()))
    if user_id is None:
        raise NotFoundError(
            f"Không có người dùng '{login}'. Xem `loa users list`.",
            f"There is no user '{login}'. See `loa users list`.",
        )
    return user_id


def list_sessions(
    session: Session, login: str | None = None, *, ended: bool = False
) -> list[SessionInfo]:
    """Return open sessions (with `ended`, closed ones too), newest first, of one user or all."""
    query = (
        select(DeskSessionRow, UserRow.login)
        .join(UserRow, UserRow.id == DeskSessionRow.user_id)
        .order_by(DeskSessionRow.id.desc())
    )
    if login:
        query = query.where(DeskSessionRow.user_id == _user_id(session, login))
    if not ended:
        query = query.where(DeskSessionRow.ended_at.is_(None))
    now = utcnow()
    found = []
    for row, user_login in session.execute(query):
        if not ended and now - _aware(row.last_seen_at) > IDLE:
            continue  # idle too long: ended at its next use, listed as ended
        found.append(
            SessionInfo(
                row.id,
                user_login,
                _aware(row.created_at),
                _aware(row.last_seen_at),
                row.ip,
                row.agent,
                _aware(row.ended_at) if row.ended_at else None,
                row.ended_why,
            )
        )
    return found


def end_session_by_id(session: Session, session_id: int, *, actor: str) -> None:
    """End one session (an administrator's act, recorded in the audit log)."""
    row = session.get(DeskSessionRow, session_id)
    if row is None:
        raise NotFoundError(
            f"Không có phiên số {session_id}. Xem `loa users sessions`.",
            f"There is no session {session_id}. See `loa users sessions`.",
        )
    if row.ended_at is None:
        row.ended_at, row.ended_why = utcnow(), "ended by admin"
        user = session.get(UserRow, row.user_id)
        login = user.login if user is not None else str(row.user_id)
        record(
            session,
            DomainEvent("session.ended", "user", login, actor, after={"session": session_id}),
        )


def end_sessions_of(session: Session, login: str, *, actor: str) -> int:
    """End every open session of a user; return how many (recorded in the audit log)."""
    user_id = _user_id(session, login)
    count = end_user_sessions(session, user_id, why="ended by admin")
    record(
        session,
        DomainEvent("session.ended", "user", login.strip().lower(), actor, after={"all": count}),
    )
    return count
