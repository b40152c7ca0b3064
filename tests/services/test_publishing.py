"""One publishing path: the desk and the CLI reach the same channels; the limit is the store's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.conftest import LoaCli
from tests.web.conftest import Desk

from loa.listening.claimreview import Verdict
from loa.services.listening import response as rsp
from loa.services.publishing import StoreRateLimiter, channels_from_settings
from loa.settings import Settings
from loa.store.db import make_engine, session_scope

RUMOUR = "Uống nước chanh gừng chữa khỏi covid cho cả nhà"


@dataclass
class Receiver:
    """A webhook receiver on localhost and the notices it was sent."""

    url: str
    notices: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver listening on a free port of localhost."""
    notices: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            notices.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://127.0.0.1:{server.server_port}/", notices)
    finally:
        server.shutdown()
        server.server_close()


def _approved_correction(url: str) -> int:
    """Return the id of a correction drafted by the rapid team and approved by comms."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        card = rsp.open_card(session, actor="an", claim=RUMOUR).card.id
        rsp.assign_card(session, card, team="Tổ phản ứng nhanh", actor="minh")
        rsp.add_evidence(session, card, source="https://moh.gov.vn/x", note="BYT", actor="an")
        rsp.draft_card(
            session, card, truth="không có thức uống nào chữa", actor="an", verdict=Verdict.FALSE
        )
        rsp.approve_card(session, card, actor="minh")
    engine.dispose()
    return card


def _deliveries(url: str, card: int) -> list[tuple[str, str]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        view = rsp.get_card(session, card)
    engine.dispose()
    return [(str(d["channel"]), str(d["status"])) for d in view.deliveries]


def _env(url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        "LOA_DATABASE_URL": url,
        "LOA_DATA_DIR": str(data_dir),
        "LOA_LISTEN_SALT": "pepper",
        "LOA_LANG": "vi",
        **extra,
    }


def test_a_correction_published_from_the_cli_and_from_the_desk_reaches_the_same_channels(
    store_url: str, tmp_path: Path, receiver: Receiver
) -> None:
    from_cli, from_desk = _approved_correction(store_url), _approved_correction(store_url)
    env = _env(store_url, tmp_path / "var", LOA_WEBHOOK_URL=receiver.url)
    LoaCli(env)("listen", "respond", "publish", str(from_cli), "--actor", "minh")

    settings = Settings(
        database_url=store_url, data_dir=tmp_path / "var", secret_key="test-secret",
        listen_salt="pepper", webhook_url=receiver.url,
    )  # fmt: skip
    engine = make_engine(store_url)
    with Session(engine, expire_on_commit=False) as session:
        desk = Desk(session, settings).user("lan", "comms")
        answer = desk.client.post(
            f"/listening/cards/{from_desk}/publish",
            data={"csrf_token": desk.csrf(f"/listening/cards/{from_desk}")},
        )
        assert answer.status_code == 303, answer.text[:500]
    engine.dispose()

    cli, web = _deliveries(store_url, from_cli), _deliveries(store_url, from_desk)
    assert cli == web
    assert ("portal-feed", "sent") in cli and ("webhook", "sent") in cli
    assert [n["kind"] for n in receiver.notices] == ["correction", "correction"]


def _loa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `loa` in a process of its own and return what it did."""
    code = "import sys; from loa.cli import main; sys.argv[0] = 'loa'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=dict(os.environ) | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_the_rate_limit_holds_across_two_processes(store_url: str, tmp_path: Path) -> None:
    first, second = _approved_correction(store_url), _approved_correction(store_url)
    env = _env(store_url, tmp_path / "var", LOA_CHANNEL_RATE_LIMIT="1")
    _loa(env, "listen", "respond", "publish", str(first), "--actor", "minh")
    _loa(env, "listen", "respond", "publish", str(second), "--actor", "minh")
    assert _deliveries(store_url, first) == [("portal-feed", "sent")] + [
        (n, "skipped") for n in ("press-folder", "radio-drop")
    ]
    assert ("portal-feed", "rate_limited") in _deliveries(store_url, second)


def test_the_store_counts_deliveries_per_channel_within_the_hour(session: Session) -> None:
    now = [datetime(2021, 5, 20, 8, tzinfo=UTC)]
    limiter = StoreRateLimiter(session, limit=2, clock=lambda: now[0])
    assert [limiter.allow("portal-feed") for _ in range(3)] == [True, True, False]
    assert limiter.allow("webhook")  # each channel has its own count
    now[0] += timedelta(minutes=59)
    assert not limiter.allow("portal-feed")
    now[0] += timedelta(minutes=2)
    assert limiter.allow("portal-feed")


def test_a_named_channel_that_is_not_set_up_says_which_setting_to_fill(
    session: Session, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    _registry, default = channels_from_settings(session, settings)
    assert [c.name for c in default] == ["portal-feed", "press-folder", "radio-drop"]
    with pytest.raises(Exception, match="LOA_WEBHOOK_URL"):
        channels_from_settings(session, settings, ["webhook"])


def test_a_second_publisher_waits_for_the_first_and_then_counts_its_delivery(
    store_url: str,
) -> None:
    """Two transactions at once (as two processes would hold): the second cannot count past
    the first's delivery while it is uncommitted; it waits, then sees it."""
    engine = make_engine(store_url)
    first, second = Session(engine), Session(engine)
    try:
        assert StoreRateLimiter(first, limit=1).allow("portal-feed")
        answer: list[bool] = []
        waiting = threading.Thread(
            target=lambda: answer.append(StoreRateLimiter(second, limit=1).allow("portal-feed"))
        )
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive() and answer == []  # held back by the first transaction
        first.commit()
        waiting.join(timeout=30)
        assert answer == [False]
    finally:
        second.rollback()
        first.close()
        second.close()
        engine.dispose()
