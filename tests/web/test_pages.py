from __future__ import annotations

import re

import pytest

from loa.services.accounts import create_demo_accounts, list_users

from .conftest import Desk

CASES = (
    "date,unit_code,new_cases_community,new_cases_quarantined\n"
    "2021-05-01,07210,3,0\n2021-05-02,07210,5,1\n2021-05-03,07210,not-a-number,0\n"
)


def test_data_officer_import_shows_a_validation_report(desk: Desk) -> None:
    desk.user("dat", "data")
    form = {"csrf_token": desk.csrf("/situation"), "partial": "true"}
    sent = desk.client.post(
        "/situation/import", data=form, files={"file": ("cases.csv", CASES.encode(), "text/csv")}
    )
    assert sent.status_code == 303
    report = desk.client.get(sent.headers["location"]).text
    assert 'data-testid="import-problems"' in report and "not-a-number" in report


def test_viewer_may_not_import_or_open_settings(desk: Desk) -> None:
    desk.user("vie", "viewer")
    token = desk.csrf("/situation")
    sent = desk.client.post(
        "/situation/import",
        data={"csrf_token": token},
        files={"file": ("cases.csv", CASES.encode(), "text/csv")},
    )
    assert sent.status_code == 403
    assert desk.client.get("/settings").status_code == 403
    assert 'id="menu-settings"' not in desk.client.get("/").text


@pytest.mark.parametrize(
    "path", ["/", "/situation", "/tasks", "/directives", "/settings", "/audit", "/api/docs"]
)
def test_every_page_is_accessible_html_for_an_administrator(desk: Desk, path: str) -> None:
    desk.user("boss", "admin")
    page = desk.client.get(path)
    assert page.status_code == 200
    assert '<main id="main"' in page.text and "<h1>" in page.text and 'lang="vi"' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no outside assets


def test_demo_accounts_are_made_once_one_per_role(desk: Desk) -> None:
    from loa.directory.orgs import load_bundled_orgs
    from loa.services.directory import save_organisations

    save_organisations(desk.session, load_bundled_orgs(), actor="test")
    made = create_demo_accounts(desk.session)
    assert {role for _, role, _ in made} == {
        "admin",
        "comms",
        "data",
        "rapid",
        "reporter",
        "viewer",
    }
    assert create_demo_accounts(desk.session) == []
    reporter = next(u for u in list_users(desk.session) if u.role == "reporter")
    assert reporter.org_id == "bg.so-tttt"
    desk.session.commit()
    login, _, password = made[0]
    assert desk.sign_in(login, password).status_code == 303


def test_rejected_import_offers_its_good_rows_and_a_file_of_the_bad_ones(desk: Desk) -> None:
    desk.user("dat", "data")
    form = {"csrf_token": desk.csrf("/situation")}
    sent = desk.client.post(
        "/situation/import", data=form, files={"file": ("cases.csv", CASES.encode(), "text/csv")}
    )
    report = desk.client.get(sent.headers["location"]).text
    assert 'data-testid="import-good-rows"' in report and "bị từ chối" in report
    csv_link = re.search(r'href="([^"]+rejected\.csv)"', report)
    assert csv_link
    bad = desk.client.get(csv_link.group(1))
    assert bad.status_code == 200 and "text/csv" in bad.headers["content-type"]
    lines = bad.text.lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 2 and "not-a-number" in lines[1]  # the header and the one bad row
    action = re.search(r'action="(/situation/imports/\d+/good-rows)"', report)
    assert action
    again = desk.client.post(action.group(1), data={"csrf_token": desk.csrf("/situation")})
    assert again.status_code == 303
    kept = desk.client.get(again.headers["location"]).text
    assert "nhập một phần" in kept and 'data-testid="imported-days"' in kept
    assert "/situation?day=2021-05-02" in kept


def test_the_audit_shows_a_tokens_prefix_as_code_not_as_words(desk: Desk) -> None:
    # The prefix is random ("loa_u0yz_8"): shown as words, it could read as the code's own
    # snake_case name; a person copies it as it is.
    from loa.services.accounts.tokens import create_token

    info, _secret = create_token(desk.session, "feed reader", role="viewer", actor="admin")
    desk.session.commit()
    desk.user("adm", "admin")
    page = desk.client.get("/audit").text
    assert f"<code>{info.prefix}</code>" in page
