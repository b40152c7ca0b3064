"""The portal article (HTML) and the portal's feeds: Atom 1.0 (RFC 4287) and JSON Feed 1.1.

A feed lists published versions only. A correction is an entry of its own whose id is the
bulletin's id with the version (`…:v2`), so feed readers show it as new, and its summary
starts with what changed and why.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from jinja2 import Environment
from markupsafe import escape

from loa.bulletins.content import Bulletin
from loa.bulletins.issuer import IssuerProfile
from loa.bulletins.rendering import render

__all__ = ["FeedEntry", "atom_feed", "json_feed", "portal_page"]

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def portal_page(
    env: Environment,
    bulletin: Bulletin,
    paragraphs: list[str],
    issuer: IssuerProfile,
    lang: str = "vi",
) -> str:
    """Return the portal article as a complete HTML page."""
    article = render(env, "portal", lang, "html", b=bulletin, issuer=issuer, paragraphs=paragraphs)
    label = issuer.label if lang == "vi" else issuer.label_en
    title = f"{bulletin.province_name} {bulletin.day.isoformat()}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} — {escape(label)}</title>\n"
        f'<meta name="author" content="{escape(label)}">\n</head>\n<body>\n'
        f"{article}</body>\n</html>\n"
    )


@dataclass(frozen=True)
class FeedEntry:
    """One published version of a bulletin, as the feeds list it."""

    id: str  # a stable URI: tag:…,2021:bulletin/12:v2
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    content_html: str
    lang: str = "vi"


def atom_feed(
    entries: Sequence[FeedEntry], *, label: str, home_url: str, feed_id: str, self_url: str
) -> str:
    """Return an Atom 1.0 feed of the entries, newest first, authored by the issuing body."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    ordered = sorted(entries, key=lambda e: e.updated, reverse=True)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_id)
    sub(feed, "title", f"{label}: bản tin dịch COVID-19")
    sub(feed, "updated", (ordered[0].updated if ordered else _epoch()).isoformat())
    sub(feed, "link", rel="self", href=self_url)
    sub(feed, "link", rel="alternate", href=home_url)
    author = sub(feed, "author")
    sub(author, "name", label)
    sub(feed, "rights", label)
    for entry in ordered:
        node = sub(feed, "entry")
        sub(node, "id", entry.id)
        sub(node, "title", entry.title)
        sub(node, "link", rel="alternate", href=entry.url)
        sub(node, "published", entry.published.isoformat())
        sub(node, "updated", entry.updated.isoformat())
        sub(node, "summary", entry.summary)
        sub(node, "content", entry.content_html, type="html")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def json_feed(entries: Sequence[FeedEntry], *, label: str, home_url: str, feed_url: str) -> str:
    """Return a JSON Feed 1.1 document of the entries, newest first."""
    ordered = sorted(entries, key=lambda e: e.updated, reverse=True)
    data = {
        "version": JSON_FEED_VERSION,
        "title": f"{label}: bản tin dịch COVID-19",
        "home_page_url": home_url,
        "feed_url": feed_url,
        "language": "vi",
        "authors": [{"name": label}],
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": e.published.isoformat(),
                "date_modified": e.updated.isoformat(),
                "language": e.lang,
                "authors": [{"name": label}],
            }
            for e in ordered
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _epoch() -> datetime:
    return datetime(2000, 1, 1, tzinfo=UTC)
