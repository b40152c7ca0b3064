"""What a person does gives the same result from the desk and from `loa`: one store, two surfaces.

Both surfaces call the same service function, so these tests hold whichever surface goes first.
They share one SQLite file, since the CLI opens its own connection to the store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from loa.directory.units import PopulationFigure
from loa.formatting import format_number
from loa.listening.embedding import HashingEmbedder
from loa.services import listening as svc
from loa.services.directory import import_population
from loa.services.events import history
from loa.services.situation import import_situation_file
from loa.settings import Settings
from loa.store.bulletin_tables import BulletinRow
from loa.store.db import make_engine

from ..conftest import LoaCli
from .conftest import Desk

RUMOUR = "Uống nước chanh gừng chữa khỏi covid cho cả nhà"
DAY = date(2021, 5, 25)
PARK = "07807"  # Xã Quang Châu, Việt Yên


@dataclass
class Both:
    """The desk and the `loa` command on one store."""

    desk: Desk
    loa: LoaCli
    session: Session
    settings: Settings


@pytest.fixture
def both(loa: LoaCli, tmp_path: Path) -> Iterator[Both]:
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    settings = Settings(
        data_dir=Path(loa.env["LOA_DATA_DIR"]), secret_key="test-secret",
        listen_salt="pepper", listen_embedder="hashing",
    )  # fmt: skip
    with Session(engine, expire_on_commit=False) as session:
        yield Both(Desk(session, settings), loa, session, settings)
    engine.dispose()


def _narratives(both: Both, tmp_path: Path) -> list[int]:
    """Store posts of two different rumours; return their narratives' ids."""
    lines = [
        {"id": "a1", "text": RUMOUR, "created_at": "2021-05-20T08:00:00+07:00"},
        {"id": "b1", "text": "Tiêm vắc xin gây vô sinh ở phụ nữ trẻ",
         "created_at": "2021-05-20T09:00:00+07:00"},
    ]  # fmt: skip
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    svc.ingest_file(
        both.session, path, settings=both.settings, embedder=HashingEmbedder(), actor="t"
    )
    both.session.commit()
    ids = sorted({n.id for n in svc.list_narratives(both.session)})
    assert len(ids) == 2
    return ids


def _desk_opens(desk: Desk, narrative: int) -> int:
    answer = desk.client.post(
        "/listening/cards",
        data={"csrf_token": desk.csrf("/listening/concerns"), "narrative_id": str(narrative)},
    )
    found = re.fullmatch(r"/listening/cards/(\d+)", answer.headers.get("location", ""))
    assert found, answer.text[:500]
    return int(found.group(1))


def _cli_opens(loa: LoaCli, narrative: int) -> int:
    shown = loa("listen", "respond", "open", "--narrative", str(narrative), "--format", "json")
    return int(json.loads(shown.output)["id"])


def test_a_narrative_keeps_one_card_whether_the_desk_or_the_cli_opens_it(
    both: Both, tmp_path: Path
) -> None:
    first, second = _narratives(both, tmp_path)
    both.desk.user("an", "rapid")
    on_desk = _desk_opens(both.desk, first)
    assert _cli_opens(both.loa, first) == on_desk
    from_cli = _cli_opens(both.loa, second)
    assert from_cli != on_desk
    assert _desk_opens(both.desk, second) == from_cli
    said = both.loa("listen", "respond", "open", "--narrative", str(second)).output
    assert f"đã có thẻ {from_cli} đang xử lý" in said


def test_rt_of_a_commune_is_the_same_on_the_desk_board_and_from_the_cli(both: Both) -> None:
    session = both.session
    import_population(
        session, [PopulationFigure(PARK, 20_000, 2019, False, 2)], filename="p.csv",
        source="test", actor="test",
    )  # fmt: skip
    days = [DAY - timedelta(days=d) for d in range(41, -1, -1)]
    rows = "".join(f"{d},{PARK},{20 + i + (i % 3) * 4},0\n" for i, d in enumerate(days))
    import_situation_file(
        session, ("date,unit_code,new_cases_community,new_cases_quarantined\n" + rows).encode(),
        "cases.csv", province_code="24", today=date(2021, 12, 31), actor="test",
    )  # fmt: skip
    session.commit()
    both.desk.user("an", "viewer")
    page = both.desk.client.get(f"/situation?day={DAY}").text
    row = page.split('data-testid="situation-table"')[1].split(f'data-unit="{PARK}"')[1]
    row = row.split("</tr>")[0]
    cli = both.loa(
        "situation", "rt", "--unit", PARK, "--from", str(days[0]), "--to", str(DAY),
        "--format", "json",
    )  # fmt: skip
    last = json.loads(cli.output)[-1]
    mean, low, high = (
        format_number(v, 2, "vi")
        for v in (last["mean"], last["quantiles"]["0.025"], last["quantiles"]["0.975"])
    )
    assert f"{mean} " in row and f"({low}–{high})" in row


def test_the_library_search_finds_the_same_fact_checks_on_the_desk_and_from_the_cli(
    both: Both,
) -> None:
    library = Path(__file__).resolve().parents[1] / "data" / "listening" / "factchecks.jsonld"
    both.loa("listen", "factchecks", "import", str(library))
    both.desk.user("an", "viewer")
    for query in ("vac xin", "VẮC XIN vô sinh", "", "khẩu trang chữa ung thư"):
        page = both.desk.client.get("/listening/factchecks", params={"q": query}).text
        on_desk = re.findall(r'<tr data-factcheck="([^"]+)"', page)
        shown = both.loa("listen", "factchecks", "search", query, "--format", "json").output
        from_cli = [c["id"] for c in json.loads(shown)]
        assert from_cli == on_desk, query
    assert on_desk == []  # the last query finds nothing on either
    found = both.loa("listen", "factchecks", "search", "vac xin", "--format", "json").output
    assert len(json.loads(found)) >= 1


def _bulletin_audio(both: Both, bulletin_id: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Return a version's events and, per commune file, its script, audio digest and length."""
    kinds = [e.kind for e in history(both.session, "bulletin", str(bulletin_id))]
    row = both.session.get(BulletinRow, bulletin_id)
    assert row is not None
    both.session.refresh(row)
    files = [
        (f["unit_code"], f["sha256"], f["audio_sha256"], f["duration_s"])
        for f in row.texts["files"]
    ]
    return kinds, files


def test_a_communes_audio_is_made_alike_on_the_desk_and_from_the_cli(both: Both) -> None:
    days = [DAY - timedelta(days=d) for d in range(14, -1, -1)]
    rows = "".join(f"{d},{PARK},{5 + i},0\n" for i, d in enumerate(days))
    import_situation_file(
        both.session, ("date,unit_code,new_cases_community,new_cases_quarantined\n" + rows).encode(),
        "cases.csv", province_code="24", today=date(2021, 12, 31), actor="test",
    )  # fmt: skip
    both.session.commit()
    desk = both.desk.user("lan", "comms")
    answer = desk.client.post(
        "/bulletins",
        data={"csrf_token": desk.csrf("/bulletins"), "day": str(DAY), "kind": "radio",
              "unit_code": PARK, "audio": "1"},
    )  # fmt: skip
    assert answer.status_code == 303, answer.text[:500]
    on_desk = int(answer.headers["location"].rsplit("/", 1)[1])
    make = ("bulletin", "make", "--date", str(DAY), "--kind", "radio", "--unit", PARK)
    with_draft = json.loads(both.loa(*make, "--audio", "--format", "json").output)[0]["id"]
    later = json.loads(both.loa(*make, "--format", "json").output)[0]["id"]
    said = both.loa("bulletin", "audio", str(later), PARK).output
    assert f"Đã làm âm thanh cho xã {PARK}" in said

    desk_kinds, desk_files = _bulletin_audio(both, on_desk)
    assert desk_kinds == ["bulletin.drafted", "bulletin.audio_made"]
    assert desk_files[0][2] is not None and desk_files[0][3] > 1
    for bulletin_id in (with_draft, later):
        assert _bulletin_audio(both, bulletin_id) == (desk_kinds, desk_files), bulletin_id
