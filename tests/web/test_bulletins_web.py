"""Bulletins on the desk: drafting, approval by a second person, audio, files, versions, API."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session
from tests.support.situation import import_rows

from loa.bulletins.messages import load_messages, select_messages
from loa.bulletins.speech import ToneEngine
from loa.services.accounts import create_token, create_user
from loa.services.events import history
from loa.web.bulletin_views import safe_article, side_by_side

from .conftest import PASSWORD, Desk

DAY = date(2021, 5, 25)
PARK = "07807"  # Xã Quang Châu, with an industrial park


@pytest.fixture
def cases(session: Session) -> None:
    days = [DAY - timedelta(days=d) for d in range(14, -1, -1)]
    import_rows(session, [f"{d},{PARK},{5 + i},0,0,0,10\n" for i, d in enumerate(days)], "a.csv")
    session.commit()


@pytest.fixture
def office(desk: Desk, cases: None) -> Desk:
    """A desk with two communication officers, `lan` signed in, and a tone for a voice."""
    desk.app.state.speech_engine = ToneEngine(seconds_per_character=0.002)
    create_user(desk.session, "minh", PASSWORD, role="comms", actor="test")
    return desk.user("lan", "comms")


def _make(desk: Desk, **fields: str) -> int:
    token = desk.csrf("/bulletins")
    answer = desk.client.post(
        "/bulletins", data={"day": DAY.isoformat(), "csrf_token": token, **fields}
    )
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/bulletins/(\d+)", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def _post(desk: Desk, path: str, **fields: str | list[str]) -> str:
    answer = desk.client.post(path, data={"csrf_token": desk.csrf("/bulletins"), **fields})
    assert answer.status_code == 303, answer.text
    return desk.client.get(answer.headers["location"]).text


def test_second_officer_approves_what_the_author_may_not(office: Desk) -> None:
    bulletin_id = _make(office, kind="radio", unit_code=PARK, audio="1")
    page = office.client.get(f"/bulletins/{bulletin_id}").text
    assert 'data-testid="own-draft"' in page and 'data-testid="approve"' not in page
    refused = _post(office, f"/bulletins/{bulletin_id}/approve")
    assert "không thể tự duyệt" in refused
    office.sign_in("minh")
    page = office.client.get(f"/bulletins/{bulletin_id}").text
    assert (
        f'<audio controls preload="metadata" src="/bulletins/{bulletin_id}/audio/{PARK}.mp3"'
        in page
    )
    approved = _post(office, f"/bulletins/{bulletin_id}/approve")
    assert 'data-testid="approved-by">minh<' in approved
    kinds = [e.kind for e in history(office.session, "bulletin", str(bulletin_id))]
    assert kinds == ["bulletin.drafted", "bulletin.audio_made", "bulletin.approved"]


def test_audio_is_served_from_the_bulletin_folder_only(office: Desk) -> None:
    bulletin_id = _make(office, kind="radio", unit_code=PARK, audio="1")
    audio = office.client.get(f"/bulletins/{bulletin_id}/audio/{PARK}.mp3")
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.content[:3] == b"ID3" or audio.content[0] == 0xFF
    for name in ("..%2F..%2Fsecret_key", "secret_key", "%2E%2E%2Floa.db", "loa.db"):
        answer = office.client.get(f"/bulletins/{bulletin_id}/files/{name}")
        assert answer.status_code == 404, name
        assert b"test-secret" not in answer.content
    assert office.client.get(f"/bulletins/{bulletin_id}/audio/07759.mp3").status_code == 404


def test_audio_for_one_commune_is_made_on_request(office: Desk) -> None:
    bulletin_id = _make(office, kind="radio", unit_code=PARK)
    page = office.client.get(f"/bulletins/{bulletin_id}").text
    assert "<audio" not in page and f'data-testid="make-audio-{PARK}"' in page
    page = _post(office, f"/bulletins/{bulletin_id}/audio/{PARK}")
    assert f"/bulletins/{bulletin_id}/audio/{PARK}.mp3" in page
    assert office.client.get(f"/bulletins/{bulletin_id}/audio/{PARK}.mp3").status_code == 200


def test_press_release_offers_its_docx_and_pdf(office: Desk) -> None:
    bulletin_id = _make(office, kind="press")
    page = office.client.get(f"/bulletins/{bulletin_id}").text
    links = re.findall(rf'href="(/bulletins/{bulletin_id}/files/[^"]+)"', page)
    assert sorted(link.rsplit(".", 1)[1] for link in links) == ["docx", "pdf"]
    pdf = office.client.get(next(link for link in links if link.endswith(".pdf")))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "sandbox" in pdf.headers["content-security-policy"]
    provenance = page.split('data-testid="provenance"')[1].split("</details>")[0]
    assert re.search(r'href="/situation/imports/\d+">#\d+<', provenance)


def test_viewer_sees_only_published_bulletins(office: Desk) -> None:
    draft = _make(office, kind="portal")
    create_user(office.session, "xem", PASSWORD, role="viewer", actor="test")
    office.session.commit()
    assert office.sign_in("xem").status_code == 303
    assert f'href="/bulletins/{draft}"' not in office.client.get("/bulletins").text
    assert office.client.get(f"/bulletins/{draft}").status_code == 404
    assert (
        office.client.post(
            f"/bulletins/{draft}/approve", data={"csrf_token": office.csrf("/bulletins")}
        ).status_code
        == 403
    )
    assert 'data-testid="panel-bulletins_awaiting"' not in office.client.get("/").text


def test_overview_lists_drafts_awaiting_approval(office: Desk) -> None:
    draft = _make(office, kind="portal")
    panel = office.client.get("/").text.split('data-testid="panel-bulletins_awaiting"')[1]
    assert f'href="/bulletins/{draft}"' in panel.split("</section>")[0]


def test_correction_shows_changed_lines_beside_the_published_version(office: Desk) -> None:
    first = _make(office, kind="portal")
    office.sign_in("minh")
    _post(office, f"/bulletins/{first}/approve")
    published = _post(office, f"/bulletins/{first}/publish", channel=["portal-feed"])
    assert 'data-testid="bulletin-state">đã phát hành<' in published
    article = published.split('data-testid="portal-article"')[1]
    assert "<script" not in article and "<iframe" not in article and "<p>" in article
    import_rows(office.session, [f"{DAY},{PARK},40,0,0,0,10\n"], "late.csv")
    office.session.commit()
    page = _post(office, f"/bulletins/{first}/correct", what="Số ca ngày 25", why="Báo muộn")
    second = int(re.findall(r'href="/bulletins/(\d+)/compare"', page)[0])
    compare = office.client.get(f"/bulletins/{second}/compare").text
    assert compare.count('data-testid="diff-changed"') >= 1
    assert "<del>" in compare and "<ins>" in compare and "Báo muộn" in compare


def test_schedule_lists_the_messages_of_a_park_communes_level_and_audiences(
    office: Desk,
) -> None:
    bulletin_id = _make(office, kind="radio", unit_code=PARK)
    page = office.client.get(f"/bulletins/{bulletin_id}/schedule").text
    row = page.split(f'data-testid="schedule-{PARK}"')[1].split("</tr>")[0]
    level_match = re.search(r"level-(\d)", row)
    assert level_match
    audiences = re.findall(r'data-audiences="([a-z,]+)"', row)[0].split(",")
    assert "công nhân" in row and ">workers<" not in row  # shown by label, kept as a code
    assert "workers" in audiences  # the commune holds KCN Quang Châu
    chosen = select_messages(load_messages(), int(level_match.group(1)) or None, audiences)
    expected = [m for m in chosen if m.topic != "help"]  # help lines end every script
    assert row.count("<li>") == len(expected) > 0
    for message in expected:
        assert str(message.vi).replace("'", "&#39;").replace('"', "&#34;") in row


def test_api_drafts_approves_publishes_with_tokens(office: Desk) -> None:
    # Tokens issued to people: approval compares persons (tests/security/test_approvals.py).
    _info, lan = create_token(office.session, "lan-script", user="lan", actor="test")
    _info, minh = create_token(office.session, "minh-script", user="minh", actor="test")
    _info, viewer = create_token(office.session, "radio", role="viewer", actor="test")
    office.session.commit()

    def call(method: str, path: str, token: str, **kwargs: object) -> object:
        headers = {"Authorization": f"Bearer {token}"}
        return office.client.request(method, f"/api/v1/bulletins{path}", headers=headers, **kwargs)

    made = call(
        "POST",
        "",
        lan,
        json={"date": DAY.isoformat(), "kind": "radio", "unit_code": PARK, "audio": True},
    )
    assert made.status_code == 201, made.text  # type: ignore[attr-defined]
    bulletin_id = made.json()["id"]  # type: ignore[attr-defined]
    assert call("GET", "", viewer).json() == []  # type: ignore[attr-defined]
    own = call("POST", f"/{bulletin_id}/approve", lan)
    assert own.status_code == 400 and "approve" in own.json()["error"]["en"]  # type: ignore[attr-defined]
    assert (
        call("POST", f"/{bulletin_id}/approve", minh).json()["approved_by"] == "token:minh-script"
    )  # type: ignore[attr-defined]
    done = call("POST", f"/{bulletin_id}/publish", minh, json={"channels": ["radio-drop"]})
    assert done.json()["deliveries"][0]["channel"] == "radio-drop"  # type: ignore[attr-defined]
    assert [b["id"] for b in call("GET", "", viewer).json()] == [bulletin_id]  # type: ignore[attr-defined]
    audio = call("GET", f"/{bulletin_id}/audio/{PARK}", viewer)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"  # type: ignore[attr-defined]
    assert call("GET", f"/{bulletin_id}/files/..%2Floa.db", viewer).status_code == 404  # type: ignore[attr-defined]


def test_article_keeps_text_and_drops_scripts_frames_and_handlers() -> None:
    html = (
        "<html><body><article><h1 onclick='x()'>Tin</h1><script>alert(1)</script>"
        "<iframe src='https://evil'></iframe><p>An <a href='javascript:x()'>toàn</a></p>"
        "<blink>giữ chữ</blink></article></body></html>"
    )
    safe = str(safe_article(html))
    assert "<h1>Tin</h1>" in safe and "giữ chữ" in safe and "<blink" not in safe
    for bad in ("script", "alert", "iframe", "onclick", "javascript"):
        assert bad not in safe


def test_side_by_side_marks_only_changed_lines() -> None:
    rows = side_by_side(["a", "b", "c"], ["a", "B", "c", "d"])
    assert [(r.old, r.new, r.changed) for r in rows] == [
        ("a", "a", False),
        ("b", "B", True),
        ("c", "c", False),
        (None, "d", True),
    ]


def test_radio_script_for_a_commune_typed_by_name_without_diacritics(office: Desk) -> None:
    form = office.client.get("/bulletins").text
    assert '<option value="Quang Châu, Việt Yên">' in form  # the picker lists communes by name
    bulletin_id = _make(office, kind="radio", unit_code="quang chau")
    page = office.client.get(f"/bulletins/{bulletin_id}").text
    assert "Quang Châu" in page
    token = office.csrf("/bulletins")
    refused = office.client.post(
        "/bulletins",
        data={
            "day": DAY.isoformat(),
            "csrf_token": token,
            "kind": "radio",
            "unit_code": "quang chauu",
        },
    )
    assert refused.status_code == 303
    shown = office.client.get(refused.headers["location"]).text
    assert "Không tìm thấy xã hoặc huyện" in shown and "Quang Châu" in shown
