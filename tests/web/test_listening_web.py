"""Listening on the desk: narratives, alerts, the rapid-response board, library, concerns, API."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.directory.orgs import load_bundled_orgs
from loa.formatting import format_number
from loa.listening.embedding import HashingEmbedder
from loa.services import listening as svc
from loa.services.accounts import create_token, create_user
from loa.services.directory import save_organisations
from loa.services.listening.response import get_card
from loa.settings import Settings
from loa.store.listening_tables import ListenItemRow

from .conftest import PASSWORD, Desk

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"
DAY = date(2021, 5, 20)
# Places are looked up in the directory as of the day received: 2021's districts.
RECEIVED = datetime(2021, 5, 20, 12, tzinfo=UTC)
RUMOUR = "Uống nước chanh gừng chữa khỏi covid cho cả nhà"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A desk whose embedder is the fast hashing one and whose channels write under tmp_path."""
    return Settings(
        data_dir=tmp_path, secret_key="test-secret", listen_salt="pepper",
        listen_embedder="hashing", login_max_failures=3,
    )  # fmt: skip


def _received() -> datetime:
    return RECEIVED


def _spike(session: Session, settings: Settings, tmp_path: Path) -> int:
    """Store a week of one post a day, then twelve on DAY; return the narrative's id."""
    lines = [
        {"id": f"b{back}", "text": RUMOUR, "author": {"id": "u-77", "name": "Phạm Văn Tư"},
         "created_at": f"{DAY - timedelta(days=back)}T08:00:00+07:00", "district": "Việt Yên"}
        for back in range(1, 8)
    ]  # fmt: skip
    lines += [
        {"id": f"s{n}", "text": f"{RUMOUR}, thật {n} lần", "user_name": "Phạm Văn Tư",
         "created_at": f"{DAY}T08:00:00+07:00", "commune": "Hồng Thái", "district": "Việt Yên"}
        for n in range(12)
    ]  # fmt: skip
    path = tmp_path / "spike.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    svc.ingest_file(
        session, path, settings=settings, embedder=HashingEmbedder(), actor="t", clock=_received
    )
    session.commit()
    narrative = session.scalars(
        select(ListenItemRow.narrative_id).where(ListenItemRow.external_id == "s0")
    ).one()
    assert narrative is not None
    return narrative


def _post(desk: Desk, path: str, **fields: str) -> str:
    """Return the page shown after posting a form (POST, redirect, GET)."""
    answer = desk.client.post(path, data={"csrf_token": desk.csrf("/listening/concerns"), **fields})
    assert answer.status_code == 303, answer.text[:500]
    return str(desk.client.get(answer.headers["location"]).text)


def _open_card(desk: Desk, narrative: int) -> int:
    answer = desk.client.post(
        "/listening/cards",
        data={"csrf_token": desk.csrf("/listening/concerns"), "narrative_id": str(narrative)},
    )
    found = re.fullmatch(r"/listening/cards/(\d+)", answer.headers.get("location", ""))
    assert found, answer.text[:500]
    return int(found.group(1))


def test_a_spike_becomes_an_alert_then_a_published_correction_with_its_time(
    desk: Desk, settings: Settings, tmp_path: Path
) -> None:
    narrative = _spike(desk.session, settings, tmp_path)
    create_user(desk.session, "minh", PASSWORD, role="comms", actor="test")
    desk.user("an", "rapid")
    alerts = _post(desk, "/listening/alerts/check", day=DAY.isoformat())
    assert f'data-testid="alert-{narrative}"' in alerts and "<strong>12</strong>" in alerts
    card = _open_card(desk, narrative)
    assert _open_card(desk, narrative) == card  # a narrative keeps one card at work
    _post(desk, f"/listening/cards/{card}/assign", team="an")
    _post(desk, f"/listening/cards/{card}/evidence", source="https://moh.gov.vn/x", note="BYT")
    drafted = _post(
        desk, f"/listening/cards/{card}/draft", truth="không có thức uống nào chữa",
        verdict="sai_su_that",
    )  # fmt: skip
    assert f"Thông tin “{RUMOUR}” là sai sự thật. Sự thật là không có" in drafted
    assert 'data-testid="approve"' not in drafted  # rapid members do not approve
    refused = desk.client.post(
        f"/listening/cards/{card}/approve", data={"csrf_token": desk.csrf("/listening")}
    )
    assert refused.status_code == 403
    desk.sign_in("minh")
    _post(desk, f"/listening/cards/{card}/approve")
    page = _post(desk, f"/listening/cards/{card}/publish", channel="portal-feed")
    view = get_card(desk.session, card)
    assert view.card.state.value == "published" and view.hours_to_correction is not None
    shown = format_number(view.hours_to_correction, 1, "vi")
    assert re.search(rf'data-testid="time-to-correction">{re.escape(shown)} giờ<', page)
    assert 'data-channel="portal-feed" data-status="sent"' in page
    feed = json.loads((tmp_path / "channels" / "portal" / "feed.json").read_text("utf-8"))
    assert [i["summary"] for i in feed["items"]] == [view.card.correction]
    library = desk.client.get("/listening/factchecks").text
    assert f"loa-correction-{card}" in library


def test_the_drafter_cannot_approve_their_own_correction(
    desk: Desk, settings: Settings, tmp_path: Path
) -> None:
    narrative = _spike(desk.session, settings, tmp_path)
    desk.user("lan", "comms")
    card = _open_card(desk, narrative)
    _post(desk, f"/listening/cards/{card}/assign", team="lan")
    _post(desk, f"/listening/cards/{card}/evidence", source="CV 12/SYT", note="")
    page = _post(
        desk, f"/listening/cards/{card}/draft", truth="Sở Y tế không khuyến cáo",
        verdict="sai_su_that",
    )  # fmt: skip
    assert 'data-testid="own-draft"' in page and 'data-testid="approve"' not in page
    refused = _post(desk, f"/listening/cards/{card}/approve")
    assert "cần một người khác duyệt" in refused
    assert get_card(desk.session, card).card.state.value == "drafted"


def test_pages_show_narratives_by_area_and_never_who_posted(
    desk: Desk, settings: Settings, tmp_path: Path
) -> None:
    narrative = _spike(desk.session, settings, tmp_path)
    desk.user("xem", "viewer")
    listed = desk.client.get("/listening").text
    detail = desk.client.get(f"/listening/narratives/{narrative}").text
    assert RUMOUR in listed and 'class="sparkline"' in listed and "Huyện Việt Yên (19)" in listed
    assert "Xã Hồng Thái" in detail and "<svg" in detail
    for page in (listed, detail):
        assert "Phạm Văn Tư" not in page and "u-77" not in page
    hashes = set(desk.session.scalars(select(ListenItemRow.author_hash)))
    assert hashes - {None} and not any(h in listed + detail for h in hashes if h)


def test_viewers_read_aggregates_and_reporters_only_their_districts_concerns(
    desk: Desk, settings: Settings, tmp_path: Path
) -> None:
    save_organisations(desk.session, load_bundled_orgs(), actor="test")
    svc.ingest_file(
        desk.session, DATA / "privacy_posts.jsonl", settings=settings,
        embedder=HashingEmbedder(), actor="t", clock=_received,
    )  # fmt: skip
    desk.session.commit()
    desk.user("xem", "viewer")
    assert desk.client.get("/listening").status_code == 200
    assert desk.client.get("/listening/cards").status_code == 403
    concerns = desk.client.get("/listening/concerns?week=2021-05-19").text
    assert concerns.count('<td class="num">1</td>') == 2
    desk.user("rep", "reporter", "bg.ubnd.viet-yen")
    assert desk.client.get("/listening").status_code == 403
    own = desk.client.get("/listening/concerns?week=2021-05-19").text
    assert own.count('<td class="num">1</td>') == 1 and "Huyện Việt Yên" in own
    assert ">Vắc xin, tiêm chủng<" in own
    desk.user("rep2", "reporter", "bg.ubnd.tp-bac-giang")
    other = desk.client.get("/listening/concerns?week=2021-05-19").text
    assert '<td class="num">' not in other


def test_library_imports_searches_and_exports_claimreview(desk: Desk) -> None:
    desk.user("an", "rapid")
    token = desk.csrf("/listening/factchecks")
    files = {"file": ("checks.jsonld", (DATA / "factchecks.jsonld").read_bytes(), "text/plain")}
    answer = desk.client.post(
        "/listening/factchecks/import", data={"csrf_token": token}, files=files
    )
    assert answer.status_code == 303
    page = desk.client.get(answer.headers["location"]).text
    assert "46 mới" in page
    found = desk.client.get("/listening/factchecks", params={"q": "vô sinh"}).text
    assert "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ" in found
    assert found.count("data-factcheck=") < 46
    exported = desk.client.get("/listening/factchecks/export")
    assert "attachment" in exported.headers["content-disposition"]
    assert len(json.loads(exported.text)["@graph"]) == 46
    bad = desk.client.post(
        "/listening/factchecks/import",
        data={"csrf_token": token},
        files={"file": ("x.jsonld", b"{not json", "text/plain")},
    )
    assert "x.jsonld" in desk.client.get(bad.headers["location"]).text


def test_the_overview_panel_shows_the_alert(desk: Desk, settings: Settings, tmp_path: Path) -> None:
    narrative = _spike(desk.session, settings, tmp_path)
    svc.detect_alerts(desk.session, day=DAY, settings=settings, actor="t")
    desk.session.commit()
    desk.user("xem", "viewer")
    overview = desk.client.get("/").text
    assert 'data-testid="panel-rising_narratives"' in overview
    assert f'href="/listening/narratives/{narrative}"' in overview


def test_api_takes_a_card_from_alert_to_published_correction(
    desk: Desk, settings: Settings, tmp_path: Path
) -> None:
    narrative = _spike(desk.session, settings, tmp_path)
    _i, rapid = create_token(desk.session, "rapid-bot", role="rapid", actor="test")
    # Approval is a person's: the approving token is issued to one.
    create_user(desk.session, "thu", "correct-horse-battery", role="comms", actor="test")
    _i, comms = create_token(desk.session, "comms-bot", user="thu", actor="test")
    _i, viewer = create_token(desk.session, "board", role="viewer", actor="test")
    desk.session.commit()

    def call(method: str, path: str, token: str, **kwargs: object) -> object:
        headers = {"Authorization": f"Bearer {token}"}
        return desk.client.request(method, f"/api/v1/listening{path}", headers=headers, **kwargs)

    checked = call("POST", "/alerts/check", rapid, json={"day": DAY.isoformat()}).json()  # type: ignore[attr-defined]
    assert [(a["narrative_id"], a["observed"], a["new"]) for a in checked] == [
        (narrative, 12, True)
    ]
    assert call("GET", "/alerts", viewer).json()[0]["baseline"] == [1] * 7  # type: ignore[attr-defined]
    assert call("GET", "/cards", viewer).status_code == 403  # type: ignore[attr-defined]
    card = call("POST", "/cards", rapid, json={"narrative_id": narrative}).json()["id"]  # type: ignore[attr-defined]
    call("POST", f"/cards/{card}/assign", rapid, json={"team": "Tổ PƯN Việt Yên"})
    call("POST", f"/cards/{card}/evidence", rapid, json={"source": "CV 1/SYT"})
    call(
        "POST", f"/cards/{card}/draft", rapid,
        json={"truth": "không chữa được", "verdict": "sai_su_that"},
    )  # fmt: skip
    assert call("POST", f"/cards/{card}/approve", rapid).status_code == 403  # type: ignore[attr-defined]
    approved = call("POST", f"/cards/{card}/approve", comms).json()  # type: ignore[attr-defined]
    assert approved["approved_by"] == "token:comms-bot"
    done = call("POST", f"/cards/{card}/publish", comms, json={"channels": ["portal-feed"]}).json()  # type: ignore[attr-defined]
    assert done["state"] == "published" and done["hours_to_correction"] > 0
    assert done["factcheck_id"] == f"loa-correction-{card}"
    names = [n["id"] for n in call("GET", "/narratives", viewer).json()]  # type: ignore[attr-defined]
    assert names == [narrative]
    assert "author_hash" not in json.dumps(call("GET", f"/narratives/{narrative}", viewer).json())  # type: ignore[attr-defined]
    matched = call("GET", "/match", viewer, params={"text": RUMOUR}).json()  # type: ignore[attr-defined]
    assert matched[0]["factcheck_id"] == f"loa-correction-{card}"


OPINION = "chính quyền xử lý dịch quá chậm"


def _open_typed(desk: Desk, claim: str, reason: str = "") -> str:
    answer = desk.client.post(
        "/listening/cards",
        data={"csrf_token": desk.csrf("/listening/concerns"), "claim": claim,
              "relabel_reason": reason},
    )  # fmt: skip
    return str(answer.headers.get("location", ""))


def test_the_desk_opens_no_card_on_an_opinion_unless_an_officer_relabels_it(desk: Desk) -> None:
    desk.user("an", "rapid")
    assert _open_typed(desk, OPINION) == "/listening/cards"
    board = desk.client.get("/listening/cards").text
    assert "không phải thông tin cần kiểm chứng" in board and 'data-card="' not in board
    where = _open_typed(desk, OPINION, reason="bài kèm số liệu sai về ca bệnh")
    card = int(where.rsplit("/", 1)[1])
    page = desk.client.get(where).text
    assert (
        "đổi loại tin: Ý kiến, nhận xét → Tin cần kiểm chứng: bài kèm số liệu sai về ca bệnh"
        in page
    )
    page = _post(desk, f"/listening/cards/{card}/assign", team="an")
    # No verdict is preselected, and the list offers "not a factual claim".
    choices = page.split('id="d-verdict"')[1].split("</select>")[0]
    assert '<option value="">— chọn kết luận —' in choices and " selected" not in choices
    assert "Không phải thông tin cần kiểm chứng — ý kiến, phản ánh" in choices
    _post(desk, f"/listening/cards/{card}/evidence", source="Sở Y tế", note="không có văn bản")
    refused = _post(desk, f"/listening/cards/{card}/draft", truth="x", verdict="sai_su_that")
    assert "cần ít nhất một nguồn trích dẫn" in refused
    assert get_card(desk.session, card).card.state.value == "assigned"
    closed = _post(
        desk, f"/listening/cards/{card}/draft", truth="ý kiến phê bình", verdict="y_kien_phan_anh"
    )
    assert 'data-testid="card-closed"' in closed and 'data-kind="opinion"' in closed
    concerns = desk.client.get("/listening/concerns").text
    assert ">Ý kiến, nhận xét<" in concerns and "không phải tin sai" in concerns


def test_api_refuses_a_false_verdict_without_a_cited_source_and_a_card_on_an_opinion(
    desk: Desk,
) -> None:
    _i, rapid = create_token(desk.session, "rapid-bot", role="rapid", actor="test")
    desk.session.commit()
    headers = {"Authorization": f"Bearer {rapid}"}

    def post(path: str, body: dict[str, object]) -> object:
        return desk.client.post(f"/api/v1/listening{path}", headers=headers, json=body)

    refused = post("/cards", {"claim": OPINION})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "không phải thông tin cần kiểm chứng" in refused.text  # type: ignore[attr-defined]
    card = post("/cards", {"claim": "Uống nước chanh diệt được virus corona"}).json()["id"]  # type: ignore[attr-defined]
    post(f"/cards/{card}/assign", {"team": "Tổ PƯN"})
    post(f"/cards/{card}/evidence", {"source": "Bộ Y tế"})
    no_source = post(f"/cards/{card}/draft", {"truth": "không diệt được", "verdict": "sai_su_that"})
    assert no_source.status_code == 400  # type: ignore[attr-defined]
    no_verdict = post(f"/cards/{card}/draft", {"truth": "không diệt được"})
    assert no_verdict.status_code == 422  # type: ignore[attr-defined]
    post(f"/cards/{card}/evidence", {"source": "https://moh.gov.vn/chanh"})
    drafted = post(f"/cards/{card}/draft", {"truth": "không diệt được", "verdict": "sai_su_that"})
    assert drafted.json()["verdict"] == "sai_su_that"  # type: ignore[attr-defined]
