"""A message pushed to a listening source is stored the same from the desk's webhook and the CLI.

The tipline webhook (`POST /tipline/v1/messages`) and `loa listen add --source tipline` both
hand the message to the `tipline` source of the plugin registry. The two run on two stores of
their own (the same text twice in one store is one post), salted alike, and what each stored
is compared column by column: the redacted text, the kind, the topic, the source label.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conftest import LoaCli
from tests.web.conftest import Desk

from loa.settings import Settings
from loa.store.db import make_engine
from loa.store.listening_tables import ListenItemRow

SECRET = "tipline-secret"
MESSAGES = [
    (
        "Tôi là Đỗ Thị Mai, gọi 0912 345 678, nghe nói uống tỏi chữa khỏi covid",
        "Việt Yên",
    ),
    ("Bao giờ người dân Lục Nam được tiêm vắc xin mũi 3?", "Lục Nam"),
]


def _stored(session: Session) -> list[tuple[object, ...]]:
    rows = session.scalars(select(ListenItemRow).order_by(ListenItemRow.id)).all()
    return [
        (r.source, r.platform, r.text, r.kind, r.asked, r.topic, r.district_code,
         r.commune_code, r.decision, r.author_hash)
        for r in rows
    ]  # fmt: skip


def test_a_message_pushed_by_the_tipline_or_the_cli_is_stored_alike(
    session: Session, settings: Settings, loa: LoaCli
) -> None:
    desk = Desk(
        session,
        settings.model_copy(
            update={"tipline_secret": SECRET, "listen_salt": "pepper", "listen_embedder": "hashing"}
        ),
    )
    for text, district in MESSAGES:
        answer = desk.client.post(
            "/tipline/v1/messages", json={"text": text, "district": district},
            headers={"Authorization": f"Bearer {SECRET}"},
        )  # fmt: skip
        assert answer.status_code == 200 and answer.json()["status"] == "accepted", answer.text
    loa.env.update({"LOA_LISTEN_SALT": "pepper", "LOA_LISTEN_EMBEDDER": "hashing"})
    for text, district in MESSAGES:
        loa("listen", "add", text, "--district", district, "--source", "tipline")

    on_desk = _stored(session)
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    with Session(engine) as cli_store:
        from_cli = _stored(cli_store)
    engine.dispose()

    assert from_cli == on_desk
    assert [row[0] for row in on_desk] == ["tipline", "tipline"]
    assert [row[3] for row in on_desk] == ["claim", "question"]
    redacted = str(on_desk[0][2])
    assert "Mai" not in redacted and "345 678" not in redacted and "uống tỏi" in redacted
    assert "[TÊN]" in redacted and "[SĐT]" in redacted


def test_a_source_that_is_read_refuses_a_pushed_message_by_name(loa: LoaCli) -> None:
    refused = loa("listen", "add", "uống tỏi chữa covid", "--source", "feed", ok=False)
    assert refused.exit_code != 0
    assert "loa listen ingest" in refused.output
    unknown = loa("listen", "add", "uống tỏi chữa covid", "--source", "telegram", ok=False)
    assert "telegram" in unknown.output and "tipline" in unknown.output
