"""The portal article and its Atom 1.0 and JSON Feed 1.1 feeds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from loa.bulletins.content import Bulletin
from loa.bulletins.issuer import IssuerProfile
from loa.bulletins.portal import FeedEntry, atom_feed, json_feed, portal_page
from loa.bulletins.press import press_paragraphs
from loa.bulletins.rendering import template_env

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries() -> list[FeedEntry]:
    first = datetime(2021, 5, 25, 18, tzinfo=UTC)
    later = datetime(2021, 5, 26, 9, tzinfo=UTC)
    return [
        FeedEntry(
            "tag:loa,2021:bulletin/1:v1",
            "Bản tin 25/5",
            "https://x/1/v1",
            first,
            first,
            "s1",
            "<p>a</p>",
        ),
        FeedEntry(
            "tag:loa,2021:bulletin/1:v2",
            "Bản tin 25/5 (đính chính)",
            "https://x/1/v2",
            later,
            later,
            "s2",
            "<p>b</p>",
        ),
    ]


def test_atom_feed_is_labelled_and_lists_the_newest_first() -> None:
    root = ET.fromstring(
        atom_feed(
            _entries(),
            label="Sở Y tế tỉnh Bắc Giang",
            home_url="https://x",
            feed_id="tag:f",
            self_url="https://x/feed.atom",
        )
    )
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Sở Y tế tỉnh Bắc Giang"
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert ids == ["tag:loa,2021:bulletin/1:v2", "tag:loa,2021:bulletin/1:v1"]
    assert root.findtext(f"{ATOM}updated") == "2021-05-26T09:00:00+00:00"


def test_json_feed_follows_version_1_1() -> None:
    data = json.loads(
        json_feed(_entries(), label="Sở Y tế", home_url="https://x", feed_url="https://x/feed.json")
    )
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["authors"] == [{"name": "Sở Y tế"}]
    assert data["items"][0]["id"].endswith(":v2")
    assert data["items"][1]["date_published"] == "2021-05-25T18:00:00+00:00"


def test_portal_article_shows_figures_and_their_provenance(
    bulletin: Bulletin, issuer: IssuerProfile
) -> None:
    env = template_env()
    page = portal_page(env, bulletin, press_paragraphs(env, bulletin, issuer, "vi"), issuer, "vi")
    assert page.startswith("<!DOCTYPE html>") and 'lang="vi"' in page
    assert "Nguồn gốc số liệu" in page and "lần nhập #1, #2" in page
    assert issuer.label in page
