"""The webhook channel: POSTs a labelled JSON notice of each publication to a URL.

The network is the edge of the world, so the HTTP call sits behind `Transport`
(one method); `HttpxTransport` is the real one and `MemoryTransport` keeps requests for tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from loa.channels.base import Delivery, Publication

__all__ = ["HttpxTransport", "MemoryTransport", "Transport", "WebhookChannel", "payload"]


class Transport(Protocol):
    """Sends one JSON POST and returns the HTTP status code."""

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """Return the status code of POSTing `body` to `url`."""
        ...


def _raw(headers: dict[str, str]) -> dict[bytes, bytes]:
    # A header carries bytes; a label's UTF-8 arrives as latin-1 text (one char per byte).
    return {k.encode("ascii"): v.encode("latin-1") for k, v in headers.items()}


@dataclass
class HttpxTransport:
    """POSTs with httpx, with a short timeout so a slow receiver cannot stall publishing."""

    timeout_s: float = 10.0

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """Return the status code of POSTing `body` to `url` (599 when the network fails)."""
        import httpx

        try:
            response = httpx.post(url, content=body, headers=_raw(headers), timeout=self.timeout_s)
        except httpx.HTTPError:
            return 599
        return response.status_code

    def exchange(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """Return the status and body of POSTing `body` to `url` (599, b"" when the network fails)."""
        import httpx

        try:
            response = httpx.post(url, content=body, headers=_raw(headers), timeout=self.timeout_s)
        except httpx.HTTPError:
            return 599, b""
        return response.status_code, response.content


@dataclass
class MemoryTransport:
    """Keeps every request instead of sending it; answers with `status`."""

    status: int = 200
    requests: list[tuple[str, dict[str, Any], dict[str, str]]] = field(default_factory=list)

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """Return `status` after recording the request (body decoded as JSON)."""
        self.requests.append((url, json.loads(body), headers))
        return self.status


def payload(publication: Publication) -> dict[str, Any]:
    """Return the JSON notice of a publication, labelled with the issuing body."""
    return {
        "issued_by": publication.issued_by,
        "bulletin_id": publication.bulletin_id,
        "series": publication.series,
        "version": publication.version,
        "kind": publication.kind,
        "date": publication.day.isoformat(),
        "title": publication.title,
        "summary": publication.summary,
        "url": publication.url,
        "correction": (
            {"what": publication.change_what, "why": publication.change_why}
            if publication.is_correction
            else None
        ),
    }


@dataclass
class WebhookChannel:
    """Notifies a subscriber (a newsroom system, a district portal) of every publication."""

    url: str
    transport: Transport = field(default_factory=HttpxTransport)
    name: str = "webhook"

    def accepts(self, publication: Publication) -> bool:
        """Return True: every kind of publication is announced."""
        return True

    def deliver(self, publication: Publication) -> Delivery:
        """Return the delivery; 'failed' with the status code when the receiver refuses."""
        body = json.dumps(payload(publication), ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "loa-bulletins",
            "X-Loa-Issued-By": publication.issued_by.encode("utf-8").decode("latin-1"),
        }
        status = self.transport.post(self.url, body, headers)
        ok = 200 <= status < 300
        return Delivery(self.name, "sent" if ok else "failed", f"HTTP {status}", (self.url,))
