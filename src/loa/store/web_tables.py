"""Tables of the web desk: users with a role and scope, API tokens, login attempts, sessions,
and the deliveries to each channel that the shared rate limit counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from loa.store.tables import Base

__all__ = ["ApiTokenRow", "ChannelSendRow", "DeskSessionRow", "LoginAttemptRow", "UserRow"]


class UserRow(Base):
    """A person who signs in to the desk: a role, and an organisation when the role is scoped."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.org_id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """A client's token, stored only as a SHA-256 digest, with a role and scope.

    A token issued to a person (`user_id`) acts as that person: their role, scope and approvals.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.org_id"))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LoginAttemptRow(Base):
    """One sign-in attempt; failures per login and per address drive the lock-out."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_login_ip_at", "login", "ip", "at"),
        Index("ix_login_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    success: Mapped[bool] = mapped_column(Boolean)


class DeskSessionRow(Base):
    """A signed-in session of the desk; the cookie holds only its random secret.

    The secret is stored as a SHA-256 digest, so a copy of the database opens no session.
    A session ends at sign-out, on a password, role or scope change, when the account is
    disabled, when an administrator ends it, or after its idle time.
    """

    __tablename__ = "desk_sessions"
    __table_args__ = (Index("ix_desk_sessions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str] = mapped_column(String(64), default="")
    agent: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_why: Mapped[str | None] = mapped_column(String(40))


class ChannelSendRow(Base):
    """One delivery to a publishing channel, kept for the rate limit's window.

    The limit (LOA_CHANNEL_RATE_LIMIT) counts these rows, so the desk, every CLI command and
    every worker share it; rows older than the window are pruned as new ones come.
    """

    __tablename__ = "channel_sends"
    __table_args__ = (Index("ix_channel_sends_channel_at", "channel", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
