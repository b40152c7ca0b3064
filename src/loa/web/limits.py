"""Caps the body of every request before the desk reads it: HTTP 413 with a message.

A body whose Content-Length is over the limit is refused before a byte of it is read; a
body sent without one (chunked) is counted as it arrives and refused once it passes the
limit, whatever the route was doing with it. Dispatch uploads have their own, smaller
limit (LOA_MAX_UPLOAD_BYTES); every other request has LOA_MAX_REQUEST_BYTES.
"""

from __future__ import annotations

import json
from typing import Any

from loa.errors import TooLargeError
from loa.services.limits import request_too_large
from loa.settings import Settings

__all__ = ["UPLOAD_PATHS", "BodyLimit"]

# Routes that take a dispatch file (the desk's form and the API).
UPLOAD_PATHS = frozenset({"/directives/import", "/api/v1/directives"})


class _OverLimit(Exception):
    """The body passed its limit while the route was reading it."""


class BodyLimit:
    """ASGI middleware: refuses (413) a request body over its limit, read or declared."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _limit(self, path: str) -> tuple[int, str]:
        if path in UPLOAD_PATHS:
            # The form around the file adds a little; the file's own check is exact.
            return self.settings.max_upload_bytes + 64 * 1024, "LOA_MAX_UPLOAD_BYTES"
        return self.settings.max_request_bytes, "LOA_MAX_REQUEST_BYTES"

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self._limit(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, request_too_large(limit, setting))
            return
        received = 0
        over = False
        started = False

        async def counted() -> Any:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    raise _OverLimit()
            return message

        async def sending(message: Any) -> None:
            nonlocal started
            if over:
                return  # the route's own answer to a cut-off body is replaced by the 413
            started = True
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _refuse(scope, send, request_too_large(limit, setting))


async def _refuse(scope: Any, send: Any, error: TooLargeError) -> None:
    """Send 413: JSON under /api/, a page in the desk's language elsewhere."""
    if scope["path"].startswith("/api/") or scope["path"].startswith("/tipline/"):
        body = json.dumps(
            {"error": {"vi": error.message("vi"), "en": error.message("en")}}, ensure_ascii=False
        ).encode()
        kind = b"application/json"
    else:
        body = _page(scope, error).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _page(scope: Any, error: TooLargeError) -> str:
    app = scope.get("app")
    session = scope.get("session") or {}
    lang = session.get("lang") if session.get("lang") in ("vi", "en") else None
    if app is None:
        return f"<p>{error.message('vi')}</p><p>{error.message('en')}</p>"
    lang = lang or (app.state.settings.lang if app.state.settings.lang in ("vi", "en") else "vi")
    gettext = app.state.translations.gettext(lang)
    template = app.state.jinja.get_template("message.html")
    return str(template.render(_=gettext, lang=lang, text=error.message(lang), menu=[]))
