"""Attack 10 (ids): a number beyond 64 bits on any `{id}` route gave 500 (beyond 32 on PostgreSQL).

Every number in a path is checked against the store's id range (INTEGER: 2,147,483,647, the
narrower of SQLite and PostgreSQL) before the route runs: 404 with a clear message. A number
the store cannot hold in a form or JSON body is answered 404 or 422 in words, never 500.
"""

from __future__ import annotations

import pytest

from .conftest import Desk

HUGE = str(2**64 + 5)

PAGES = [
    f"/tasks/{HUGE}",
    f"/directives/{HUGE}",
    f"/bulletins/{HUGE}",
    f"/bulletins/{HUGE}/compare",
    f"/listening/cards/{HUGE}",
    f"/listening/narratives/{HUGE}",
    f"/situation/imports/{HUGE}",
]
API = [
    f"/api/v1/tasks/{HUGE}",
    f"/api/v1/directives/{HUGE}",
    f"/api/v1/bulletins/{HUGE}",
    f"/api/v1/bulletins/{HUGE}/files/x.pdf",
    f"/api/v1/listening/cards/{HUGE}",
    f"/api/v1/listening/narratives/{HUGE}",
    f"/api/v1/tasks/-{HUGE}",
]


@pytest.fixture
def admin(desk: Desk) -> Desk:
    return desk.user("chief", "admin")


def test_pages_answer_not_found_in_words(admin: Desk) -> None:
    for path in PAGES:
        page = admin.client.get(path)
        assert page.status_code == 404, path
        assert "Không có mục mang số" in page.text, path


def test_api_answers_not_found_in_both_languages(admin: Desk) -> None:
    for path in API:
        answer = admin.client.get(path)
        assert answer.status_code == 404, (path, answer.text[:200])
        error = answer.json()["error"]
        assert "2,147,483,647" in error["en"] and "2.147.483.647" in error["vi"], path


def test_writes_to_huge_ids_are_refused_too(admin: Desk) -> None:
    token = admin.csrf("/tasks")
    headers = {"X-CSRF-Token": token}
    assert admin.client.patch(f"/api/v1/tasks/{HUGE}", json={}, headers=headers).status_code == 404
    posted = admin.client.post(f"/tasks/{HUGE}", data={"status": "done", "csrf_token": token})
    assert posted.status_code == 404
    answer = admin.client.post(f"/api/v1/listening/cards/{HUGE}/approve", headers=headers)
    assert answer.status_code == 404


def test_a_huge_id_in_a_body_is_refused(admin: Desk) -> None:
    answer = admin.client.post(
        "/api/v1/listening/cards",
        json={"narrative_id": int(HUGE)},
        headers={"X-CSRF-Token": admin.csrf("/listening/cards")},
    )
    assert answer.status_code in (404, 422), answer.text[:300]
    assert "detail" in answer.json() or answer.json()["error"]["en"]
    # Beyond PostgreSQL's INTEGER but not SQLite's: the same kind of answer on both stores.
    middle = admin.client.post(
        "/api/v1/listening/cards",
        json={"narrative_id": 2**40},
        headers={"X-CSRF-Token": admin.csrf("/listening/cards")},
    )
    assert middle.status_code in (404, 422) and middle.json()["error"]["vi"]


def test_the_last_id_the_store_holds_still_routes(admin: Desk) -> None:
    last = admin.client.get(f"/api/v1/tasks/{2**31 - 1}")
    assert last.status_code == 404 and "2,147,483,647" not in last.json()["error"]["en"]
    beyond = admin.client.get(f"/api/v1/tasks/{2**31}")
    assert beyond.status_code == 404 and "2,147,483,647" in beyond.json()["error"]["en"]
