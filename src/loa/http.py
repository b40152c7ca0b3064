"""One HTTP seam: every request Loa makes to the world goes through a `Transport`.

    Transport.send(Request) -> Response
      ├── HttpxTransport   the real one: httpx, a timeout, redirects followed; when the
      │                    network fails the answer is status 599 with an empty body
      └── MockTransport    the in-memory twin: a handler answers, every request is kept

Its users: the listening feeds (GET with ETag / Last-Modified), the webhook channel (a
labelled POST), the tipline's messaging gateway and the Zalo OA sender (POSTs whose answer
is read). Tests give them a `MockTransport` (or another in-memory `send`), never a network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["NETWORK_FAILED", "HttpxTransport", "MockTransport", "Request", "Response", "Transport"]

#: The status a transport answers with when no answer came (refused, timed out, no route).
NETWORK_FAILED = 599


@dataclass(frozen=True)
class Request:
    """One HTTP request: method, URL, headers and body."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """Return the body decoded as JSON."""
        return json.loads(self.body)


@dataclass(frozen=True)
class Response:
    """What came back: status, headers (lower-case names) and body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def ok(self) -> bool:
        """Return True for a 2xx status."""
        return 200 <= self.status < 300


class Transport(Protocol):
    """Sends one request and returns its response (status 599 when the network failed)."""

    def send(self, request: Request) -> Response:
        """Return the response to `request`."""
        ...


def _raw(headers: Mapping[str, str]) -> dict[bytes, bytes]:
    # A header carries bytes; a label's UTF-8 arrives as latin-1 text (one char per byte).
    return {k.encode("ascii"): v.encode("latin-1") for k, v in headers.items()}


@dataclass
class HttpxTransport:
    """The real transport (httpx): a short timeout so a slow server cannot stall Loa; a GET
    follows redirects, a POST does not (a redirected POST is not a delivery)."""

    timeout_s: float = 10.0
    user_agent: str = "Loa/1 (+https://example.invalid/loa)"

    def send(self, request: Request) -> Response:
        """Return the response to `request` (status 599 if the network fails)."""
        import httpx

        headers = {"User-Agent": self.user_agent, **request.headers}
        try:
            answer = httpx.request(
                request.method, request.url, content=request.body or None,
                headers=_raw(headers), timeout=self.timeout_s,
                follow_redirects=request.method == "GET",
            )  # fmt: skip
        except httpx.HTTPError:
            return Response(NETWORK_FAILED)
        return Response(
            answer.status_code, {k.lower(): v for k, v in answer.headers.items()}, answer.content
        )


def _answer_ok(_request: Request) -> Response:
    return Response(200)


@dataclass
class MockTransport:
    """The in-memory twin: `handler` answers each request (200 by default); all are kept."""

    handler: Callable[[Request], Response] = _answer_ok
    requests: list[Request] = field(default_factory=list)

    def send(self, request: Request) -> Response:
        """Return the handler's response after keeping `request`."""
        self.requests.append(request)
        return self.handler(request)
