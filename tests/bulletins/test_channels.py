"""Channels are plugins on one registry; every output is labelled; nothing floods a channel."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from loa.channels import ChannelRegistry, Delivery, Publication, PublishedFile, RateLimiter
from loa.channels.builtin import register as register_builtin
from loa.channels.registry import default_registry
from loa.channels.webhook import WebhookChannel
from loa.errors import InputError
from loa.http import MockTransport, Response


def _publication(tmp_path: Path, **changes: Any) -> Publication:
    script = tmp_path / "radio-07807.txt"
    script.write_text("Xin chào.", encoding="utf-8")
    base: dict[str, Any] = dict(
        bulletin_id=7,
        series=7,
        version=1,
        kind="radio",
        day=date(2021, 5, 25),
        title="Bài phát thanh",
        summary="Tóm tắt",
        issued_by="Sở Y tế tỉnh Bắc Giang",
        url="https://x/7/v1",
        files=(PublishedFile("radio-script", script, "07807", "222"),),
    )
    return Publication(**(base | changes))


@dataclass
class _Newsroom:
    """A third party's channel, registered through the same function as Loa's own."""

    name: str = "newsroom"

    def accepts(self, publication: Publication) -> bool:
        return True

    def deliver(self, publication: Publication) -> Delivery:
        return Delivery(self.name, "sent", publication.issued_by)


def _third_party(registry: ChannelRegistry) -> None:
    registry.add("newsroom", lambda options: _Newsroom(), "a newsroom system")


def test_loas_channels_and_a_third_partys_register_the_same_way() -> None:
    registry = ChannelRegistry()
    registry.load("loa.channels.builtin:register", register_builtin)
    registry.load("acme:register", _third_party)
    assert registry.names() == ["newsroom", "portal-feed", "press-folder", "radio-drop", "webhook"]
    plugins = {row["name"]: row["plugin"] for row in registry.describe()}
    assert plugins["newsroom"] == "acme:register"
    assert "portal-feed" in default_registry().names()


def test_radio_drop_fills_the_districts_folder_with_a_labelled_manifest(tmp_path: Path) -> None:
    registry = default_registry()
    channel = registry.create("radio-drop", {"folder": tmp_path / "out"})
    [delivery] = registry.publish(_publication(tmp_path), [channel])
    assert delivery.status == "sent"
    manifest = tmp_path / "out" / "radio" / "222" / "2021-05-25" / "bulletin-7-v1.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["issued_by"] == "Sở Y tế tỉnh Bắc Giang"
    assert (manifest.parent / "radio-07807.txt").exists()


def test_an_unlabelled_publication_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        ChannelRegistry().publish(_publication(tmp_path, issued_by=" "), [_Newsroom()])


def test_rate_limit_stops_a_flood_and_lets_through_after_the_period(tmp_path: Path) -> None:
    now = [datetime(2021, 5, 25, 8, tzinfo=UTC)]
    registry = ChannelRegistry(RateLimiter(limit=2, clock=lambda: now[0]))
    statuses = [registry.publish(_publication(tmp_path), [_Newsroom()])[0].status for _ in range(3)]
    assert statuses == ["sent", "sent", "rate_limited"]
    now[0] += timedelta(hours=1)
    assert registry.publish(_publication(tmp_path), [_Newsroom()])[0].status == "sent"


def test_webhook_posts_a_labelled_notice_and_reports_refusal(tmp_path: Path) -> None:
    answer = [Response(204)]
    transport = MockTransport(lambda _request: answer[0])
    channel = WebhookChannel("https://newsroom.example/hook", transport)
    correction = _publication(
        tmp_path, version=2, change_what="12 ca, không phải 10", change_why="báo cáo muộn"
    )
    assert channel.deliver(correction).status == "sent"
    sent = transport.requests[0]
    url, body, headers = sent.url, sent.json(), sent.headers
    assert sent.method == "POST" and url.endswith("/hook") and headers["X-Loa-Issued-By"]
    assert body["issued_by"] == "Sở Y tế tỉnh Bắc Giang"
    assert body["correction"] == {"what": "12 ca, không phải 10", "why": "báo cáo muộn"}
    answer[0] = Response(500)
    assert channel.deliver(correction).status == "failed"


def test_portal_feed_lists_a_correction_as_its_own_entry(tmp_path: Path) -> None:
    registry = default_registry()
    options: Mapping[str, Any] = {"folder": tmp_path}
    channel = registry.create("portal-feed", options)
    page = tmp_path / "portal.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    files = (PublishedFile("portal-html", page),)
    first = _publication(
        tmp_path, kind="portal", files=files, extra={"published_at": "2021-05-25T18:00:00+07:00"}
    )
    second = _publication(
        tmp_path,
        kind="portal",
        files=files,
        version=2,
        change_what="số ca",
        change_why="nhập muộn",
        extra={"published_at": "2021-05-26T08:00:00+07:00"},
    )
    registry.publish(first, [channel])
    registry.publish(second, [channel])
    feed = json.loads((tmp_path / "portal" / "feed.json").read_text(encoding="utf-8"))
    assert [i["id"].rsplit(":", 1)[1] for i in feed["items"]] == ["v2", "v1"]
    assert feed["items"][0]["summary"].startswith(
        "Đính chính (phiên bản 2): số ca. Lý do: nhập muộn."
    )
    assert (tmp_path / "portal" / "feed.atom").exists()
