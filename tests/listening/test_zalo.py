"""A Zalo Official Account on the tipline: events as Zalo signs them, replies through a fake OA."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.listening.fake_zalo import FakeOA, running_fake_oa

from loa.channels.registry import ChannelRegistry
from loa.listening.tipline import ReplyAddress
from loa.services.listening import response as rsp
from loa.services.zalo import TOKEN_FILE, TokenFile, save_tokens, zalo_reply_sender
from loa.settings import Settings
from loa.store.listening_tables import ListenItemRow, ListenReplyRow
from loa.web.app import create_app

APP_ID = "50554360515256678"
OA_SECRET = "oa-secret-key"
APP_SECRET = "app-secret-key"
SENDER = "5510185758261927916"


def _settings(tmp_path: Path, oa: FakeOA | None = None) -> Settings:
    extra: dict[str, Any] = {}
    if oa is not None:
        extra = {"zalo_api_url": oa.url, "zalo_oauth_url": oa.url}
    return Settings(
        data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing",
        secret_key="test-secret", zalo_app_id=APP_ID, zalo_oa_secret=OA_SECRET,
        zalo_app_secret=APP_SECRET, **extra,
    )  # fmt: skip


def _event(text: str = "Uống nước lá tía tô chữa khỏi covid", *, name: str = "user_send_text",
           at: datetime | None = None, msg_id: str = "e2a641af6661713b2874",
           app_id: str = APP_ID, **message: Any) -> bytes:  # fmt: skip
    """Return a webhook body laid out as Zalo sends it (timestamp in ms, as a string)."""
    moment = at or datetime.now(UTC)
    body = {
        "event_name": name, "app_id": app_id, "sender": {"id": SENDER},
        "recipient": {"id": "1646843870823903717"},
        "message": {"text": text, "msg_id": msg_id, **message},
        "timestamp": str(int(moment.timestamp() * 1000)), "user_id_by_app": "3611371994410983884",
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False).encode()


def _signed(raw: bytes, secret: str = OA_SECRET) -> dict[str, str]:
    """Return Zalo's header for `raw`: sha256(app_id + body + timestamp + OA secret key)."""
    event = json.loads(raw)
    mac = hashlib.sha256(
        event["app_id"].encode() + raw + event["timestamp"].encode() + secret.encode()
    ).hexdigest()
    return {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}


@pytest.fixture
def desk(session: Session, tmp_path: Path) -> TestClient:
    @contextmanager
    def scope() -> Iterator[Session]:
        yield session

    return TestClient(create_app(_settings(tmp_path), session_factory=scope))


def _items(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ListenItemRow)) or 0


def test_a_signed_text_event_is_taken_without_any_loa_header_and_reaches_listening(
    desk: TestClient, session: Session
) -> None:
    raw = _event()
    answer = desk.post("/tipline/v1/zalo", content=raw, headers=_signed(raw))
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    item = session.get(ListenItemRow, answer.json()["item_id"])
    assert item is not None and item.source == "tipline"
    assert "tía tô" in (item.text or "")
    # The sender's Zalo id is kept only sealed, for the reply; nowhere in clear.
    reply = session.scalars(select(ListenReplyRow)).one()
    assert reply.sealed and SENDER not in reply.sealed
    stored = json.dumps([str(v) for v in item.__dict__.values()], ensure_ascii=False)
    assert SENDER not in stored
    # Zalo delivers the same event again: it is not a second message.
    again = desk.post("/tipline/v1/zalo", content=raw, headers=_signed(raw))
    assert again.status_code == 200 and _items(session) == 1


@pytest.mark.parametrize(
    "case",
    ["wrong signature", "no signature", "old timestamp", "future timestamp", "other app",
     "body changed after signing"],
)  # fmt: skip
def test_an_event_not_signed_by_zalo_for_this_app_now_gets_401_and_stores_nothing(
    desk: TestClient, session: Session, case: str
) -> None:
    raw = _event()
    headers = _signed(raw)
    if case == "wrong signature":
        headers = _signed(raw, secret="guessed")
    elif case == "no signature":
        headers = {"Content-Type": "application/json"}
    elif case == "old timestamp":
        raw = _event(at=datetime.now(UTC) - timedelta(minutes=10))
        headers = _signed(raw)
    elif case == "future timestamp":
        raw = _event(at=datetime.now(UTC) + timedelta(minutes=10))
        headers = _signed(raw)
    elif case == "other app":
        raw = _event(app_id="999")
        headers = _signed(raw)
    else:
        raw = raw.replace("tía tô".encode(), "gừng".encode())
    answer = desk.post("/tipline/v1/zalo", content=raw, headers=headers)
    assert answer.status_code == 401
    assert _items(session) == 0
    assert session.scalar(select(func.count()).select_from(ListenReplyRow)) == 0


def test_follow_unfollow_and_other_events_are_acknowledged_and_nothing_is_kept(
    desk: TestClient, session: Session
) -> None:
    moment = str(int(datetime.now(UTC).timestamp() * 1000))
    for name in ("follow", "unfollow", "user_send_sticker", "user_seen_message"):
        raw = json.dumps(
            {"event_name": name, "app_id": APP_ID, "oa_id": "1646843870823903717",
             "follower": {"id": SENDER}, "source": "oa_profile", "timestamp": moment}
        ).encode()  # fmt: skip
        answer = desk.post("/tipline/v1/zalo", content=raw, headers=_signed(raw))
        assert answer.status_code == 200 and answer.json()["status"] == "ignored"
    assert _items(session) == 0
    assert session.scalar(select(func.count()).select_from(ListenReplyRow)) == 0


def test_an_image_or_link_is_checked_by_its_caption_and_a_bare_picture_is_not(
    desk: TestClient, session: Session
) -> None:
    image = [{"type": "image", "payload": {"url": "https://zalo.example/a.jpg"}}]
    captioned = _event("Ảnh này chứng minh vắc xin có gắn chip", name="user_send_image",
                       msg_id="img1", attachments=image)  # fmt: skip
    bare = _event("", name="user_send_image", msg_id="img2", attachments=image)
    link = [{"type": "link", "payload": {"description": "Tỏi chữa khỏi covid trong 3 ngày",
                                         "url": "https://tin.example/toi"}}]  # fmt: skip
    shared = _event("", name="user_send_link", msg_id="lnk1", attachments=link)
    answers = [
        desk.post("/tipline/v1/zalo", content=raw, headers=_signed(raw))
        for raw in (captioned, bare, shared)
    ]
    assert [a.json()["status"] for a in answers] == ["accepted", "ignored", "accepted"]
    texts = [t or "" for t in session.scalars(select(ListenItemRow.text))]
    assert any("gắn chip" in t for t in texts) and any("Tỏi chữa khỏi" in t for t in texts)


def _published_correction(session: Session, settings: Settings, desk: TestClient) -> None:
    """Receive a rumour through the signed webhook and publish its correction with the OA."""
    raw = _event()
    item_id = desk.post("/tipline/v1/zalo", content=raw, headers=_signed(raw)).json()["item_id"]
    item = session.get(ListenItemRow, item_id)
    assert item is not None and item.narrative_id is not None
    card = rsp.open_card(session, actor="an", narrative_id=item.narrative_id).card
    rsp.assign_card(session, card.id, team="Tổ PƯN", actor="an")
    rsp.add_evidence(
        session, card.id, source="https://moh.gov.vn/khuyen-cao-2021", note="", actor="an"
    )
    rsp.draft_card(
        session, card.id, truth="không có thuốc nam nào chữa khỏi covid", actor="an",
        verdict="sai_su_that",
    )  # fmt: skip
    rsp.approve_card(session, card.id, actor="binh")
    rsp.publish_card(
        session, card.id, actor="binh", settings=settings, registry=ChannelRegistry(),
        channels=[], replier=rsp.reply_sender(settings),
    )  # fmt: skip


def test_a_published_correction_reaches_the_sender_through_the_oa_after_a_token_refresh(
    session: Session, tmp_path: Path
) -> None:
    oa = FakeOA(APP_ID, APP_SECRET, access_token="access-0", refresh_token="refresh-0")
    oa.window.add(SENDER)
    with running_fake_oa(oa):
        settings = _settings(tmp_path, oa)
        save_tokens(settings, "access-0", "refresh-0", 90_000, now=datetime.now(UTC))
        oa.expire_access_token()  # Zalo will answer -216 to the stored token

        @contextmanager
        def scope() -> Iterator[Session]:
            yield session

        desk = TestClient(create_app(settings, session_factory=scope))
        _published_correction(session, settings, desk)

    assert oa.refreshes == 1 and oa.used_refresh_tokens == {"refresh-0"}
    assert len(oa.sent) == 1
    assert oa.sent[0]["recipient"] == {"user_id": SENDER}
    assert "không có thuốc nam nào chữa khỏi covid" in oa.sent[0]["message"]["text"]
    reply = session.scalars(select(ListenReplyRow)).one()
    assert reply.status == "sent" and reply.sealed is None
    # The new pair was kept, sealed: neither token is readable in the file.
    stored = TokenFile(tmp_path / TOKEN_FILE, "pepper").load()
    assert stored is not None and (stored.access_token, stored.refresh_token) == (
        "access-1",
        "refresh-1",
    )
    assert "access-1" not in (tmp_path / TOKEN_FILE).read_text(encoding="ascii")


def test_a_closed_reply_window_is_given_up_and_the_address_deleted(
    session: Session, tmp_path: Path
) -> None:
    oa = FakeOA(APP_ID, APP_SECRET, access_token="access-0", refresh_token="refresh-0")
    with running_fake_oa(oa):  # the sender is not in the OA's 7-day window
        settings = _settings(tmp_path, oa)
        save_tokens(settings, "access-0", "refresh-0", 90_000, now=datetime.now(UTC))

        @contextmanager
        def scope() -> Iterator[Session]:
            yield session

        _published_correction(
            session, settings, TestClient(create_app(settings, session_factory=scope))
        )
    reply = session.scalars(select(ListenReplyRow)).one()
    assert oa.sent == [] and reply.status == "failed" and reply.sealed is None
    assert "7 ngày" in (reply.detail or "")


def test_an_exhausted_quota_keeps_the_reply_waiting_for_the_next_run(
    session: Session, tmp_path: Path
) -> None:
    oa = FakeOA(APP_ID, APP_SECRET, access_token="access-0", refresh_token="refresh-0")
    oa.window.add(SENDER)
    oa.quota_left = 0
    with running_fake_oa(oa):
        settings = _settings(tmp_path, oa)
        save_tokens(settings, "access-0", "refresh-0", 90_000, now=datetime.now(UTC))

        @contextmanager
        def scope() -> Iterator[Session]:
            yield session

        _published_correction(
            session, settings, TestClient(create_app(settings, session_factory=scope))
        )
        reply = session.scalars(select(ListenReplyRow)).one()
        assert reply.status == "waiting" and reply.sealed is not None
        assert "hạn mức" in (reply.detail or "")
        oa.quota_left = 5  # the next day
        sent, failed = rsp.send_owed_replies(
            session, settings=settings, replier=rsp.reply_sender(settings)
        )
    assert (sent, failed) == (1, 0) and len(oa.sent) == 1
    assert reply.status == "sent" and reply.sealed is None


def test_a_token_refreshed_by_another_process_is_used_not_refreshed_again(tmp_path: Path) -> None:
    oa = FakeOA(APP_ID, APP_SECRET, access_token="access-0", refresh_token="refresh-0")
    oa.window.add(SENDER)
    with running_fake_oa(oa):
        settings = _settings(tmp_path, oa)
        stale = save_tokens(settings, "access-0", "refresh-0", 90_000, now=datetime.now(UTC))
        first, second = zalo_reply_sender(settings), zalo_reply_sender(settings)
        assert first is not None and second is not None
        oa.expire_access_token()
        assert first.send(ReplyAddress("zalo", SENDER), "một").status == "sent"
        # The second process still holds the stale pair; refreshing must not spend it again.
        assert second.refresh(stale).access_token == "access-1"
        assert second.send(ReplyAddress("zalo", SENDER), "hai").status == "sent"
    assert oa.refreshes == 1 and [m["message"]["text"] for m in oa.sent] == ["một", "hai"]


def test_tipline_check_says_what_is_missing_and_whether_a_signed_event_is_taken(
    loa: Any, tmp_path: Path
) -> None:
    bare = loa("tipline", "check", ok=False)
    assert bare.exit_code == 1 and "LOA_ZALO_OA_SECRET" in bare.output and "CHƯA ĐẶT" in bare.output
    loa.env.update(
        {"LOA_ZALO_APP_ID": APP_ID, "LOA_ZALO_OA_SECRET": OA_SECRET,
         "LOA_ZALO_APP_SECRET": APP_SECRET, "LOA_LISTEN_SALT": "pepper"}
    )  # fmt: skip
    loa("tipline", "zalo-tokens", "--access-token", "a", "--refresh-token", "r")
    done = loa("tipline", "check", "--format", "json")
    checks = json.loads(done.output)
    assert all(c["ok"] for c in checks) and any("Signed test event" in c["en"] for c in checks)
    # A desk whose OA secret differs refuses the test event: the check says so.
    oa = FakeOA(APP_ID, APP_SECRET, access_token="a", refresh_token="r")
    with running_fake_oa(oa):
        elsewhere = loa("tipline", "check", "--url", f"{oa.url}/tipline/v1/zalo", ok=False)
    assert elsewhere.exit_code == 1 and "404" in elsewhere.output
