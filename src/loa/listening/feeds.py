"""RSS 2.0 and Atom feeds, polled politely: conditional GET with ETag and Last-Modified.

The network sits behind Loa's one HTTP seam (`loa.http.Transport`); `FakeHttp` is an
in-memory web for tests (a transport that honours validators like a server). `poll_feed` sends `If-None-Match` and
`If-Modified-Since` from the last poll, so an unchanged feed costs a 304 and no parsing.
Entries become the same records as an export line (id, url, text, created_at, platform
"rss"), and go through the same privacy door (`loa.listening.items`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

from loa.errors import DocumentError, Where
from loa.http import Request, Transport
from loa.http import Response as HttpResponse
from loa.listening.items import IngestResult, parse_jsonl

__all__ = [
    "FakeHttp",
    "FeedPoll",
    "FeedState",
    "HttpResponse",
    "feed_records",
    "items_from_records",
    "poll_feed",
]

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@dataclass
class FakeHttp:
    """An in-memory web: answers from `pages`, honours ETag and Last-Modified like a server."""

    pages: dict[str, HttpResponse] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def send(self, request: Request) -> HttpResponse:
        """Return the page, or 304 when the client's validators still match."""
        url, headers = request.url, request.headers
        self.requests.append((url, dict(headers)))
        page = self.pages.get(url)
        if page is None:
            return HttpResponse(404, {})
        etag = page.headers.get("etag")
        modified = page.headers.get("last-modified")
        if (etag and headers.get("If-None-Match") == etag) or (
            not etag and modified and headers.get("If-Modified-Since") == modified
        ):
            return HttpResponse(304, page.headers)
        return page


@dataclass(frozen=True)
class FeedState:
    """What the last poll of a feed learned: its validators."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FeedPoll:
    """One poll: the new state, whether the feed changed, and its entries as records."""

    state: FeedState
    changed: bool
    records: list[dict[str, object]]


def _text(node: ET.Element | None) -> str:
    return "".join(node.itertext()).strip() if node is not None else ""


def _date(value: str) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value  # ISO 8601 (Atom) passes as it is; items.py checks it


def feed_records(body: bytes, *, url: str) -> list[dict[str, object]]:
    """Return the entries of an RSS 2.0 or Atom document as export records.

    Raises `DocumentError` if the body is not XML or not a feed.
    """
    try:
        root = ET.fromstring(body)
    except ET.ParseError as err:
        raise DocumentError(
            f"nguồn tin không phải XML hợp lệ ({err})",
            f"the feed is not valid XML ({err})",
            where=Where(file=url),
        ) from None
    records: list[dict[str, object]] = []
    if root.tag == f"{_ATOM}feed":
        for entry in root.iter(f"{_ATOM}entry"):
            link = entry.find(f"{_ATOM}link[@rel='alternate']")
            link = link if link is not None else entry.find(f"{_ATOM}link")
            body_text = _text(entry.find(f"{_ATOM}content")) or _text(entry.find(f"{_ATOM}summary"))
            records.append(
                {
                    "id": _text(entry.find(f"{_ATOM}id")) or None,
                    "url": link.get("href", "") if link is not None else "",
                    "text": " ".join(
                        x for x in (_text(entry.find(f"{_ATOM}title")), body_text) if x
                    ),
                    "created_at": _text(entry.find(f"{_ATOM}published"))
                    or _text(entry.find(f"{_ATOM}updated"))
                    or None,
                    "platform": "rss",
                }
            )
        return records
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise DocumentError(
            f"tài liệu không phải RSS hay Atom (thẻ gốc <{root.tag}>)",
            f"the document is neither RSS nor Atom (root element <{root.tag}>)",
            where=Where(file=url),
        )
    for entry in channel.iter("item"):
        body_text = _text(entry.find(_CONTENT)) or _text(entry.find("description"))
        records.append(
            {
                "id": _text(entry.find("guid")) or _text(entry.find("link")) or None,
                "url": _text(entry.find("link")),
                "text": " ".join(x for x in (_text(entry.find("title")), body_text) if x),
                "created_at": _date(_text(entry.find("pubDate"))),
                "platform": "rss",
            }
        )
    return records


def poll_feed(client: Transport, state: FeedState) -> FeedPoll:
    """Return the feed's entries if it changed since `state`, with the validators to keep.

    Raises `DocumentError` when the server answers with an error or the body is not a feed.
    """
    headers: dict[str, str] = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    response = client.send(Request("GET", state.url, headers))
    if response.status == 304:
        return FeedPoll(state, False, [])
    if response.status >= 400:
        raise DocumentError(
            f"máy chủ trả lời {response.status} cho nguồn tin; kiểm tra lại địa chỉ",
            f"the server answered {response.status} for the feed; check the address",
            where=Where(file=state.url),
        )
    new_state = FeedState(
        state.url,
        response.headers.get("etag") or None,
        response.headers.get("last-modified") or None,
    )
    return FeedPoll(new_state, True, feed_records(response.body, url=state.url))


def items_from_records(
    records: list[dict[str, Any]], *, salt: str, file: str | None = None
) -> IngestResult:
    """Return redacted items and per-record problems, as for an export (one record a line)."""
    lines = "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in records)
    return parse_jsonl(lines, salt=salt, file=file)
