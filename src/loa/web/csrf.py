"""CSRF protection: one token per session, required on every unsafe request with a cookie.

Forms carry it as the `csrf_token` field, scripts as the `X-CSRF-Token` header. Requests that
authenticate with `Authorization: Bearer` are exempt: a browser never adds that header on its
own, so a forged cross-site request cannot carry it. Machine endpoints under `/tipline/`
carry no cookie session and check their own shared secret, so they are exempt too.
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

__all__ = ["FIELD", "HEADER", "csrf_protect", "csrf_token"]

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MACHINE_PREFIXES = ("/tipline/",)


def csrf_token(request: Request) -> str:
    """Return this session's token, creating it on first use."""
    token = request.session.get(FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[FIELD] = token
    return token


async def csrf_protect(request: Request) -> None:
    """Refuse (403) an unsafe cookie request whose token is missing or wrong."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if request.url.path.startswith(MACHINE_PREFIXES):
        return
    expected = request.session.get(FIELD)
    sent = request.headers.get(HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(FIELD)
            sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or sent is None or not secrets.compare_digest(expected, sent):
        raise HTTPException(status_code=403, detail="csrf")
