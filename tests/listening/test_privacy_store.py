"""No author and no unredacted phone or ID number reaches the store, on either database."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Session

from loa.listening.embedding import HashingEmbedder
from loa.services import listening as svc
from loa.settings import Settings
from loa.store.registry import all_tables

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"
AUTHORS = [
    "Nguyễn Văn Hùng", "nguyen.van.hung.88", "100004567891234", "Trần Thị Mai", "zl-77881234",
    "lethanhnam", "Phạm Quốc Bảo", "99887766", "Hoàng Minh Tuấn", "555444333",
    "hoang.minh.tuan", "zalo-user-4455667788",
]  # fmt: skip
# Digit runs shaped like phones (9-12 digits, maybe grouped) or ID numbers.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\+?84|0)?\d(?:[\s.\-]?\d){8,11}(?!\d)")


def _scan(session: Session) -> list[str]:
    found = []
    for table in all_tables().sorted_tables:
        if not table.name.startswith("listen_"):
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        for row in session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                if not value:
                    continue
                text = str(value)
                if column.name == "sealed":
                    assert text.startswith("gAAAA")  # a Fernet token, nothing readable
                    continue
                found += [f"{table.name}.{column.name}: {a}" for a in AUTHORS if a in text]
                if column.name not in ("author_hash", "dup_group", "external_id"):
                    found += [
                        f"{table.name}.{column.name}: {m.group(0)}"
                        for m in PERSONAL_NUMBER.finditer(text)
                    ]
    return found


def test_no_author_or_personal_number_reaches_any_listening_table(
    session: Session, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing")
    embedder = HashingEmbedder()
    clock = lambda: datetime(2021, 5, 22, 12, tzinfo=UTC)  # noqa: E731
    report = svc.ingest_file(
        session, DATA / "privacy_posts.jsonl", settings=settings, embedder=embedder,
        actor="t", clock=clock,
    )  # fmt: skip
    svc.handle_tipline(
        session,
        {"event_name": "user_send_text", "app_id": "1", "sender": {"id": "zalo-user-4455667788"},
         "recipient": {"id": "oa"}, "timestamp": "1621670400000",
         "message": {"msg_id": "m1", "text": "Nghe nói tiêm vắc xin gây vô sinh, gọi 0977 123 456"}},
        settings=settings, embedder=embedder, clock=clock,
    )  # fmt: skip
    svc.handle_tipline(
        session,
        {"text": "Giá rau Lục Ngạn tăng gấp ba, CCCD 012345678901", "reply_to": "0912345678",
         "channel": "sms", "id": "s1"},
        settings=settings, embedder=embedder, clock=clock,
    )  # fmt: skip
    session.flush()
    assert report.stored == 5  # the ingest really wrote what is scanned below
    assert _scan(session) == []


def test_the_scan_finds_a_phone_number_left_in_a_table(session: Session, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing")
    svc.ingest_text(
        session, "tiêm vắc xin gây vô sinh ở huyện Việt Yên", settings=settings,
        embedder=HashingEmbedder(), actor="t",
    )  # fmt: skip
    from loa.store.listening_tables import ListenItemRow

    row = session.scalars(select(ListenItemRow)).one()
    row.text = "gọi 0912 345 678"
    session.flush()
    assert _scan(session) == ["listen_items.text: 0912 345 678"]
