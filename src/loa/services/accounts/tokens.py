"""API tokens: random, shown once, stored as SHA-256 digests, issued to a person or to nobody."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.accounts.permissions import Principal
from loa.services.accounts.users import check_role, user_row
from loa.services.events import record
from loa.store.web_tables import ApiTokenRow, UserRow


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
    owner = user_row(session, user.strip().lower()) if user else None
    if owner is not None:
        if role is not None and role != owner.role:
            raise InputError(
                f"Mã của {owner.login} mang vai trò của người đó ({owner.role}); bỏ --role.",
                f"A token of {owner.login} carries that person's role ({owner.role}); drop --role.",
            )
        role, org_id = owner.role, owner.org_id
    role = role or "viewer"
    check_role(session, role, org_id)
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
