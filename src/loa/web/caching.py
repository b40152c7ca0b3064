"""ETag and Last-Modified for answers built from a situation snapshot; 304 when unchanged.

An API answer depends only on the snapshot and the query, so its ETag is theirs. A page also
shows who is signed in (name, menu by role), the session's CSRF token in its forms, the
language, today's date and any message kept for it. Its ETag hashes all of these with the
snapshot's, so a 304 is only ever sent to the same session for the very page it already holds;
a page with a message pending gets no ETag. Both are `Cache-Control: private, no-cache`: a
browser keeps them and asks again each time (cheaply), a shared cache never keeps them.
"""

from __future__ import annotations

import hashlib
from datetime import date
from email.utils import format_datetime

from fastapi import Request, Response

from loa.services.situation_snapshot import SnapshotInfo
from loa.web.csrf import csrf_token
from loa.web.deps import PageContext
from loa.web.static_assets import assets_version

__all__ = ["answer_304", "api_etag", "cache_headers", "not_modified", "page_etag"]


def _etag(*parts: str) -> str:
    return '"' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32] + '"'


def api_etag(request: Request, snapshot: SnapshotInfo) -> str:
    """Return the ETag of an API answer: the snapshot's, the path and the query."""
    return _etag(snapshot.etag, request.url.path, str(request.url.query))


def page_etag(ctx: PageContext, snapshot: SnapshotInfo) -> str | None:
    """Return the ETag of a page built from `snapshot`, or None when it must not have one."""
    request = ctx.request
    if request.session.get("flash"):
        return None  # the message is shown once: that page is never the same again
    p = ctx.principal
    return _etag(
        snapshot.etag,
        request.url.path,
        str(request.url.query),
        ctx.lang,
        f"{p.login}|{p.role}|{p.org_id}|{p.display_name}|{p.user_id}",
        csrf_token(request),
        date.today().isoformat(),
        assets_version(),
    )


def not_modified(request: Request, etag: str | None) -> bool:
    """Return whether the client already holds the answer tagged `etag` (If-None-Match)."""
    if etag is None:
        return False
    sent = request.headers.get("if-none-match")
    if not sent:
        return False
    tags = {t.strip().removeprefix("W/") for t in sent.split(",")}
    return etag in tags or "*" in tags


def cache_headers(response: Response, etag: str | None, snapshot: SnapshotInfo) -> Response:
    """Return `response` with its validators (ETag, Last-Modified) and cache policy set."""
    if etag is not None:
        response.headers["ETag"] = etag
    response.headers["Last-Modified"] = format_datetime(snapshot.built_at, usegmt=True)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def answer_304(etag: str | None, snapshot: SnapshotInfo) -> Response:
    """Return an empty 304 Not Modified with the same validators."""
    return cache_headers(Response(status_code=304), etag, snapshot)
