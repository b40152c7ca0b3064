"""Attack 3: one person, two approvals. A user drafted with their session and approved with
their API token (`token:NAME` was compared with the login), for bulletins and response cards.

Approval now compares people (users.id): a token is issued to a person (`loa tokens create
NAME --user LOGIN`) and acts as that person; a token issued to nobody cannot approve.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from loa.services.accounts import create_token

from .conftest import DAY, PASSWORD, Desk, bearer


def _draft_bulletin_in_session(desk: Desk) -> int:
    token = desk.csrf("/bulletins")
    answer = desk.client.post(
        "/bulletins",
        data={"day": DAY.isoformat(), "kind": "press", "csrf_token": token},
    )
    assert answer.status_code == 303, answer.text[:300]
    found = re.fullmatch(r"/bulletins/(\d+)", answer.headers["location"])
    assert found
    return int(found.group(1))


def test_session_draft_cannot_be_approved_with_own_token(office: Desk) -> None:
    bulletin_id = _draft_bulletin_in_session(office)
    _info, own = create_token(office.session, "lan-script", user="lan", actor="test")
    office.session.commit()
    refused = office.client.post(f"/api/v1/bulletins/{bulletin_id}/approve", headers=bearer(own))
    assert refused.status_code == 400, refused.text
    assert "second person" in refused.json()["error"]["en"]
    shown = office.client.get(f"/api/v1/bulletins/{bulletin_id}", headers=bearer(own)).json()
    assert shown["state"] == "draft"


def test_token_draft_cannot_be_approved_in_own_session(office: Desk) -> None:
    _info, own = create_token(office.session, "lan-script", user="lan", actor="test")
    office.session.commit()
    made = office.client.post(
        "/api/v1/bulletins",
        headers=bearer(own),
        json={"date": DAY.isoformat(), "kind": "press"},
    )
    assert made.status_code == 201, made.text
    bulletin_id = made.json()["id"]
    token = office.csrf(f"/bulletins/{bulletin_id}")
    answer = office.client.post(f"/bulletins/{bulletin_id}/approve", data={"csrf_token": token})
    page = office.client.get(answer.headers["location"]).text
    assert "không thể tự duyệt" in page
    # A second person approves, with their own token.
    _info, other = create_token(office.session, "minh-script", user="minh", actor="test")
    office.session.commit()
    approved = office.client.post(f"/api/v1/bulletins/{bulletin_id}/approve", headers=bearer(other))
    assert approved.status_code == 200 and approved.json()["approved_by"] == "token:minh-script"


def test_a_token_issued_to_nobody_cannot_approve(office: Desk) -> None:
    bulletin_id = _draft_bulletin_in_session(office)
    _info, machine = create_token(office.session, "lan-bot", role="comms", actor="test")
    office.session.commit()
    refused = office.client.post(
        f"/api/v1/bulletins/{bulletin_id}/approve", headers=bearer(machine)
    )
    assert refused.status_code == 400
    assert "--user" in refused.json()["error"]["en"] and "--user" in refused.json()["error"]["vi"]


def _card_call(desk: Desk, method: str, path: str, token: str, **kwargs: Any) -> Any:
    return desk.client.request(method, f"/api/v1/listening{path}", headers=bearer(token), **kwargs)


def test_response_card_drafted_by_token_cannot_be_approved_by_the_same_person(
    office: Desk, session: Session
) -> None:
    _info, own = create_token(office.session, "lan-script", user="lan", actor="test")
    office.session.commit()
    card = _card_call(office, "POST", "/cards", own, json={"claim": "Nước muối chữa khỏi Covid"})
    card_id = card.json()["id"]
    _card_call(office, "POST", f"/cards/{card_id}/assign", own, json={"team": "Tổ PƯN"})
    _card_call(office, "POST", f"/cards/{card_id}/evidence", own, json={"source": "CV 1/SYT"})
    drafted = _card_call(
        office, "POST", f"/cards/{card_id}/draft", own,
        json={"truth": "không", "verdict": "sai_su_that"},
    )  # fmt: skip
    assert drafted.json()["state"] == "drafted", drafted.text
    # The same person in their session: refused.
    token = office.csrf(f"/listening/cards/{card_id}")
    answer = office.client.post(f"/listening/cards/{card_id}/approve", data={"csrf_token": token})
    assert answer.status_code == 303
    page = office.client.get(answer.headers["location"]).text
    assert "cần một người khác duyệt" in page
    assert _card_call(office, "GET", f"/cards/{card_id}", own).json()["state"] == "drafted"
    # Another person's session approves.
    assert office.sign_in("minh").status_code == 303
    token = office.csrf(f"/listening/cards/{card_id}")
    office.client.post(f"/listening/cards/{card_id}/approve", data={"csrf_token": token})
    assert _card_call(office, "GET", f"/cards/{card_id}", own).json()["approved_by"] == "minh"


def test_a_disabled_persons_token_stops_and_follows_their_role(office: Desk) -> None:
    from loa.services.accounts import set_role

    _info, own = create_token(office.session, "lan-script", user="lan", actor="test")
    office.session.commit()
    assert office.client.get("/api/v1/me", headers=bearer(own)).json()["role"] == "comms"
    set_role(office.session, "lan", role="viewer", actor="test")
    office.session.commit()
    assert office.client.get("/api/v1/me", headers=bearer(own)).json()["role"] == "viewer"
    set_role(office.session, "lan", role="viewer", active=False, actor="test")
    office.session.commit()
    assert office.client.get("/api/v1/me", headers=bearer(own)).status_code == 401


def test_cli_issues_a_token_to_a_person(loa: Any) -> None:
    loa("users", "add", "lan", "--role", "comms", "--password", PASSWORD)
    loa("tokens", "create", "lan-script", "--user", "lan")
    listed = loa("tokens", "list").output
    assert "lan-script" in listed and "\tcomms\t" in listed and "\tlan\t" in listed
    refused = loa("tokens", "create", "x", "--user", "lan", "--role", "admin", ok=False)
    assert refused.exit_code != 0 and "--role" in refused.output


def test_settings_page_issues_a_token_to_a_person(desk: Desk) -> None:
    desk.add_user("lan", "comms")
    desk.user("chief", "admin")
    form = {
        "name": "lan-script",
        "role": "viewer",
        "user": "lan",
        "csrf_token": desk.csrf("/settings"),
    }
    assert desk.client.post("/settings/tokens", data=form).status_code == 303
    page = desk.client.get("/settings").text
    secret = re.search(r'data-testid="new-token">([^<]+)<', page)
    assert secret is not None
    assert desk.client.get("/api/v1/me", headers=bearer(secret.group(1))).json()["role"] == "comms"
    table = page.split('data-testid="token-table"')[1].split("</table>")[0]
    assert "lan-script" in table and "<td>lan</td>" in table
