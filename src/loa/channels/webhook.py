"""The webhook channel: POSTs a labelled JSON notice of each publication to a URL.

The network is the edge of the world, so the HTTP call goes through Loa's one HTTP seam,
`loa.http.Transport`: `HttpxTransport` is the real one, `MockTransport` its in-memory twin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from loa.channels.base import Delivery, Publication
from loa.http import HttpxTransport, Request, Transport

__all__ = ["WebhookChannel", "payload"]


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
        answer = self.transport.send(Request("POST", self.url, headers, body))
        status = "sent" if answer.ok else "failed"
        return Delivery(self.name, status, f"HTTP {answer.status}", (self.url,))
