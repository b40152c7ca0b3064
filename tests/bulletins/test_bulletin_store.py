"""Making, approving, publishing and correcting bulletins in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.support.situation import import_rows

from loa.bulletins.speech import ToneEngine
from loa.channels.registry import default_registry
from loa.errors import LoaError
from loa.services import bulletins as svc
from loa.store.bulletin_tables import BulletinRow

DAY = date(2021, 5, 25)


def _digits_to_words(text: str) -> str:
    return re.sub(r"\d+", "mấy", text).replace("/", " trên ")


@pytest.fixture
def imports(session: Session) -> tuple[int, int]:
    days = [DAY - timedelta(days=d) for d in range(14, -1, -1)]
    first = import_rows(
        session, [f"{d},07807,{i % 3},0,0,0,10\n" for i, d in enumerate(days[:8])], "a.csv"
    )
    second = import_rows(
        session, [f"{d},07807,{i + 1},0,0,0,10\n" for i, d in enumerate(days[8:])], "b.csv"
    )
    return first, second


def test_make_draft_keeps_provenance_of_the_imports(
    session: Session, imports: tuple[int, int], tmp_path: Path
) -> None:
    made = svc.make_bulletin(session, day=DAY, kind="portal", out_dir=tmp_path, actor="lan")
    shown = svc.show_bulletin(session, made.bulletin_id)
    assert shown["state"] == "draft" and made.files[0].path.exists()
    week = next(f for f in shown["content"]["figures"] if f["key"] == "week_cases")
    assert week["value"] == sum(range(1, 8))
    assert set(week["provenance"]["imports"]) == set(imports)


def test_radio_for_one_commune_writes_its_script(
    session: Session, imports: tuple[int, int], tmp_path: Path
) -> None:
    made = svc.make_bulletin(
        session,
        day=DAY,
        kind="radio",
        unit_code="07807",
        out_dir=tmp_path,
        actor="lan",
        verbalise=_digits_to_words,
        audio=True,
        engine=ToneEngine(),
    )
    [file] = made.files
    assert file.audio_path is not None and file.audio_path.suffix == ".mp3"
    assert file.duration_s is not None and file.duration_s > 1
    assert (file.unit_code, file.district_code) == ("07807", "222")
    text = file.path.read_text(encoding="utf-8")
    assert "Xã Quang Châu" in text and not re.search(r"\d", text)


def test_published_bulletin_is_final_and_a_correction_is_version_two(
    session: Session, imports: tuple[int, int], tmp_path: Path
) -> None:
    made = svc.make_bulletin(session, day=DAY, kind="portal", out_dir=tmp_path / "v1", actor="lan")
    with pytest.raises(LoaError):
        svc.publish_bulletin(
            session,
            made.bulletin_id,
            actor="minh",
            role="admin",
            registry=default_registry(),
            channels=[],
        )
    svc.approve_bulletin(session, made.bulletin_id, actor="minh", role="admin")
    registry = default_registry()
    channel = registry.create("portal-feed", {"folder": tmp_path / "channels"})
    [delivery] = svc.publish_bulletin(
        session, made.bulletin_id, actor="minh", role="admin", registry=registry, channels=[channel]
    )
    assert delivery.status == "sent"
    assert (tmp_path / "channels" / "portal" / "feed.atom").exists()
    row = session.get(BulletinRow, made.bulletin_id)
    assert row is not None
    with pytest.raises(LoaError), session.begin_nested():
        row.title = "changed"
        session.flush()
    session.refresh(row)
    assert row.title != "changed"
    fixed = svc.correct_bulletin(
        session,
        made.bulletin_id,
        actor="lan",
        role="comms_officer",
        what="số ca ngày 25/5",
        why="xã Quang Châu báo cáo muộn",
        out_dir=tmp_path / "v2",
    )
    assert (fixed.series, fixed.version) == (made.series, 2)
    listed = svc.list_bulletins(session, day=DAY)
    assert [(r["version"], r["state"]) for r in listed] == [(2, "draft"), (1, "published")]
    kinds = [e["kind"] for e in svc.show_bulletin(session, made.bulletin_id)["history"]]
    assert kinds == ["bulletin.drafted", "bulletin.approved", "bulletin.published"]
