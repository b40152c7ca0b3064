"""A fake Zalo Official Account on loopback: the OA message and token endpoints as Zalo documents.

`POST /v4/oa/access_token` takes the form `refresh_token`, `app_id`, `grant_type=refresh_token`
with the app secret in the `secret_key` header and answers `{"access_token", "refresh_token",
"expires_in"}`; a refresh token works once (a second use answers error -14020, HTTP 200).
`POST /v3.0/oa/message/cs` takes `{"recipient": {"user_id"}, "message": {"text"}}` with the
token in the `access_token` header and answers `{"error": 0, "message": "Success", "data":
{"message_id", "user_id"}}`, or, with HTTP 200 as Zalo does, error -216 (token invalid or
expired), -230 (the user has not written to the OA in 7 days) or -211 (quota used up).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class FakeOA:
    """What the fake OA knows and has received."""

    app_id: str
    app_secret: str
    access_token: str
    refresh_token: str
    #: Users who wrote to the OA in the last 7 days (others get -230).
    window: set[str] = field(default_factory=set)
    quota_left: int = 1000
    sent: list[dict[str, Any]] = field(default_factory=list)
    refreshes: int = 0
    used_refresh_tokens: set[str] = field(default_factory=set)
    url: str = ""

    def expire_access_token(self) -> None:
        """Make the current access token invalid, as when its 25 hours are over."""
        self.access_token = f"expired-{self.access_token}"

    def answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        """Return the HTTP status and JSON body Zalo answers to this request."""
        if path == "/v4/oa/access_token":
            return self._refresh(headers, body)
        if path == "/v3.0/oa/message/cs":
            return self._message(headers, body)
        return 404, {"error": 404, "message": "not found"}

    def _refresh(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
            return 200, {
                "error": -14002,
                "error_name": "Invalid app",
                "error_description": "invalid secret key",
            }
        token = form.get("refresh_token", "")
        if form.get("grant_type") != "refresh_token" or token != self.refresh_token:
            return 200, {
                "error": -14020,
                "error_name": "Invalid refresh token",
                "error_description": "Invalid refresh token",
            }
        self.used_refresh_tokens.add(token)
        self.refreshes += 1
        self.access_token = f"access-{self.refreshes}"
        self.refresh_token = f"refresh-{self.refreshes}"
        return 200, {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_in": "90000",
        }

    def _message(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        if headers.get("access_token") != self.access_token:
            return 200, {"error": -216, "message": "Access token is invalid"}
        data = json.loads(body)
        user = data["recipient"]["user_id"]
        if user not in self.window:
            return 200, {
                "error": -230,
                "message": "User has not interacted with the OA in the past 7 days",
            }
        if self.quota_left <= 0:
            return 200, {"error": -211, "message": "Out of quota"}
        self.quota_left -= 1
        self.sent.append(data)
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {"message_id": f"m{len(self.sent)}", "user_id": user},
        }


@contextmanager
def running_fake_oa(oa: FakeOA) -> Iterator[FakeOA]:
    """Serve `oa` on a free loopback port for the duration of the block; `oa.url` is its base."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, answer = oa.answer(
                self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
            )
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    oa.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield oa
    finally:
        server.shutdown()
        server.server_close()
