"""The store-side flow: ingest, concerns, alerts, a correction published and sent back, purge,
the CLI and the tipline webhook."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.channels.base import Delivery, Publication
from loa.channels.registry import ChannelRegistry
from loa.errors import LoaError
from loa.listening.embedding import HashingEmbedder
from loa.listening.tipline import FakeReplySender
from loa.services import listening as svc
from loa.services.listening import response as rsp
from loa.settings import Settings
from loa.store.listening_tables import ListenCardRow, ListenItemRow, ListenReplyRow
from loa.web.app import create_app

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"
NOW = datetime(2021, 5, 22, 12, tzinfo=UTC)


def _settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing",
        secret_key="test-secret", **extra,  # type: ignore[arg-type]
    )  # fmt: skip


class RecordingChannel:
    name = "recording"

    def __init__(self) -> None:
        self.seen: list[Publication] = []

    def accepts(self, publication: Publication) -> bool:
        return publication.kind == "correction"

    def deliver(self, publication: Publication) -> Delivery:
        self.seen.append(publication)
        return Delivery(self.name, "sent")


def test_questions_and_complaints_are_counted_per_week_by_topic_and_district(
    session: Session, tmp_path: Path
) -> None:
    svc.ingest_file(
        session, DATA / "privacy_posts.jsonl", settings=_settings(tmp_path),
        embedder=HashingEmbedder(), actor="t", clock=lambda: NOW,
    )  # fmt: skip
    rows = svc.public_concerns(session, week=date(2021, 5, 19))
    assert {(r.kind, r.topic, r.district_code, r.count) for r in rows} == {
        ("question", "vaccines", "222", 1),
        ("complaint", "support_payments", None, 1),
    }


def test_a_published_correction_reaches_the_library_the_channels_and_the_tipline_sender(
    session: Session, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    embedder = HashingEmbedder()
    receipt = svc.handle_tipline(
        session,
        {"text": "Nghe nói giá rau ở Lục Ngạn tăng gấp ba lần", "reply_to": "0912345678",
         "channel": "sms", "id": "9", "sent_at": "2021-05-22T01:00:00+00:00"},
        settings=settings, embedder=embedder, clock=lambda: NOW,
    )  # fmt: skip
    item = session.get(ListenItemRow, receipt.item_id)
    assert item is not None and item.narrative_id is not None
    card = rsp.open_card(session, actor="an", narrative_id=item.narrative_id).card
    rsp.assign_card(session, card.id, team="Tổ PƯN", actor="an")
    rsp.add_evidence(
        session, card.id, source="Sở Công Thương, CV 12/SCT-QLTM", note="giá ổn định", actor="an"
    )
    rsp.draft_card(session, card.id, truth="giá rau ổn định", actor="an", verdict="sai_su_that")
    with pytest.raises(LoaError):
        rsp.approve_card(session, card.id, actor="an")
    rsp.approve_card(session, card.id, actor="binh")
    channel, replies = RecordingChannel(), FakeReplySender()
    later = NOW + timedelta(hours=3)
    done = rsp.publish_card(
        session, card.id, actor="binh", settings=settings, registry=ChannelRegistry(),
        channels=[channel], replier=replies, clock=lambda: later,
    )  # fmt: skip
    assert [p.summary for p in channel.seen] == [done.card.card.correction]
    assert [(to.address, text.split(".")[0]) for to, text in replies.sent] == [
        ("0912345678", "Thông tin “Nghe nói giá rau ở Lục Ngạn tăng gấp ba lần” là sai sự thật")
    ]
    assert done.card.hours_to_correction == 14.0
    assert done.factcheck_id in svc.export_factchecks(session)
    reply = session.scalars(select(ListenReplyRow)).one()
    assert (reply.status, reply.sealed) == ("sent", None)
    row = session.get(ListenCardRow, card.id)
    assert row is not None
    row.claim = "edited"
    with pytest.raises(LoaError):
        session.flush()


def test_a_narrative_that_jumps_raises_one_alert(session: Session, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    day = date(2021, 5, 20)
    lines = []
    for back in range(1, 8):
        lines.append({"id": f"b{back}", "text": "Uống nước chanh gừng chữa khỏi covid cho cả nhà",
                      "created_at": f"{day - timedelta(days=back)}T08:00:00+07:00"})  # fmt: skip
    for n in range(12):
        lines.append({"id": f"s{n}", "text": f"Uống nước chanh gừng chữa khỏi covid, thật {n} lần",
                      "created_at": f"{day}T08:00:00+07:00"})  # fmt: skip
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    svc.ingest_file(session, path, settings=settings, embedder=HashingEmbedder(), actor="t")
    first = svc.detect_alerts(session, day=day, settings=settings, actor="t")
    again = svc.detect_alerts(session, day=day, settings=settings, actor="t")
    assert [(a.observed, a.new) for a in first] == [(12, True)]
    assert [(a.observed, a.new) for a in again] == [(12, False)]


def test_purge_clears_old_raw_text_and_keeps_the_counts(session: Session, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    svc.ingest_file(
        session, DATA / "privacy_posts.jsonl", settings=settings, embedder=HashingEmbedder(),
        actor="t", clock=lambda: NOW,
    )  # fmt: skip
    done = svc.purge_raw_text(session, days=90, actor="t", clock=lambda: NOW + timedelta(days=91))
    texts = session.scalars(select(ListenItemRow.text)).all()
    assert done.items == 5 and set(texts) == {None}
    assert svc.public_concerns(session, week=date(2021, 5, 19)) != []


def test_cli_imports_matches_and_exports(loa: object, tmp_path: Path) -> None:
    run = loa  # the LoaCli fixture
    run.env["LOA_LISTEN_EMBEDDER"] = "hashing"  # type: ignore[attr-defined]
    run.env["LOA_LISTEN_SALT"] = "pepper"  # type: ignore[attr-defined]
    run("listen", "factchecks", "import", str(DATA / "factchecks.jsonld"))  # type: ignore[operator]
    out = run(
        "listen",
        "match",
        "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ",
        "--top",
        "2",
        "--format",
        "json",
    )  # type: ignore[operator]
    rows = json.loads(out.output)
    assert rows[0]["claim"] == "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ" and len(rows) == 2
    assert set(rows[0]) == {"factcheck_id", "claim", "verdict", "score", "decision"}
    report = run("listen", "ingest", str(DATA / "privacy_posts.jsonl"), "--format", "json")  # type: ignore[operator]
    assert json.loads(report.output)["stored"] == 5
    target = tmp_path / "out.jsonld"
    run("listen", "factchecks", "export", str(target))  # type: ignore[operator]
    assert len(json.loads(target.read_text(encoding="utf-8"))["@graph"]) == 46


def test_the_tipline_webhook_needs_its_secret(session: Session, tmp_path: Path) -> None:
    @contextmanager
    def scope() -> Iterator[Session]:
        yield session

    app = create_app(_settings(tmp_path, tipline_secret="s3cret"), session_factory=scope)
    client = TestClient(app, base_url="https://testserver")
    body = {"text": "tiêm vắc xin gây vô sinh", "reply_to": "0912345678", "id": "1"}
    refused = client.post("/tipline/v1/messages", json=body, headers={"Authorization": "Bearer no"})
    accepted = client.post(
        "/tipline/v1/messages", json=body, headers={"Authorization": "Bearer s3cret"}
    )
    bad = client.post(
        "/tipline/v1/messages", json={"x": 1}, headers={"Authorization": "Bearer s3cret"}
    )
    assert refused.status_code == 401
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert bad.status_code == 422


def test_zalo_style_caller_with_only_the_secret_header_gets_through(
    session: Session, tmp_path: Path
) -> None:
    # Zalo cannot send a Bearer header nor a CSRF token; the shared-secret header is enough.
    @contextmanager
    def scope() -> Iterator[Session]:
        yield session

    app = create_app(_settings(tmp_path, tipline_secret="s3cret"), session_factory=scope)
    client = TestClient(app, base_url="https://testserver")
    body = {"text": "uống nước muối chữa được covid", "id": "z1"}
    wrong = client.post("/tipline/v1/messages", json=body, headers={"X-Loa-Tipline-Secret": "no"})
    right = client.post(
        "/tipline/v1/messages", json=body, headers={"X-Loa-Tipline-Secret": "s3cret"}
    )
    assert wrong.status_code == 401
    assert right.status_code == 200 and right.json()["status"] == "accepted"


def test_replies_wait_without_a_gateway_and_go_out_through_it_later(
    session: Session, tmp_path: Path
) -> None:
    from loa.http import MockTransport, Response
    from loa.listening.tipline import GatewayReplySender

    settings = _settings(tmp_path)
    receipt = svc.handle_tipline(
        session,
        {"text": "Uống nước lá tía tô chữa khỏi covid", "reply_to": "0987654321",
         "channel": "zalo", "id": "41", "sent_at": "2021-05-22T01:00:00+00:00"},
        settings=settings, embedder=HashingEmbedder(), clock=lambda: NOW,
    )  # fmt: skip
    item = session.get(ListenItemRow, receipt.item_id)
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
    assert rsp.reply_sender(settings) is None  # no LOA_TIPLINE_REPLY_URL
    done = rsp.publish_card(
        session, card.id, actor="binh", settings=settings, registry=ChannelRegistry(),
        channels=[], replier=None, clock=lambda: NOW,
    )  # fmt: skip
    assert (done.replies_sent, done.replies_failed) == (0, 0)
    reply = session.scalars(select(ListenReplyRow)).one()
    assert reply.status == "waiting" and reply.sealed is not None

    down = GatewayReplySender(
        "https://gateway.example/send", MockTransport(lambda _request: Response(503))
    )
    assert rsp.send_owed_replies(session, settings=settings, replier=down) == (0, 1)
    assert reply.status == "failed" and reply.sealed is not None  # kept to try again

    gateway = MockTransport()
    up = GatewayReplySender("https://gateway.example/send", gateway, token="t0k", issued_by="BCĐ")
    assert rsp.send_owed_replies(session, settings=settings, replier=up) == (0, 0)
    assert rsp.send_owed_replies(session, settings=settings, replier=up, retry_failed=True) == (
        1,
        0,
    )
    (sent,) = gateway.requests
    url, body, headers = sent.url, sent.json(), sent.headers
    assert url == "https://gateway.example/send" and headers["Authorization"] == "Bearer t0k"
    assert (body["channel"], body["to"]) == ("zalo", "0987654321")
    assert "sai sự thật" in body["text"] and body["issued_by"] == "BCĐ"
    assert (reply.status, reply.sealed) == ("sent", None)
