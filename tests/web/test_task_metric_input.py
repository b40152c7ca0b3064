"""Result figures typed on the desk's task form or sent to the API: read as the language writes
them, and NaN, infinity, negative or fractional counts refused with a message, never a 500."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loa.services.accounts import create_token
from loa.services.directives import get_task, import_directive, list_tasks

from .conftest import Desk

DISPATCH = (
    Path(__file__).resolve().parents[1] / "data" / "dispatches" / "01-bacgiang-427-cv-btgtu.txt"
)


@pytest.fixture
def task_id(desk: Desk) -> int:
    """A task of an imported dispatch."""
    import_directive(desk.session, DISPATCH.read_bytes(), DISPATCH.name, actor="test")
    desk.session.commit()
    return list_tasks(desk.session)[0].id


def _post(desk: Desk, task_id: int, value: str, name: str = "articles", lang: str = "") -> str:
    """Submit the form with one figure; return the page shown after the redirect."""
    query = f"?lang={lang}" if lang else ""
    form = {
        "status": "doing",
        "metric_name": name,
        "metric_value": value,
        "csrf_token": desk.csrf(f"/tasks/{task_id}{query}"),
    }
    sent = desk.client.post(f"/tasks/{task_id}", data=form)
    assert sent.status_code == 303, sent.text[:300]
    return desk.client.get(f"/tasks/{task_id}").text


def test_the_form_reads_a_vietnamese_thousand_and_shows_it_back(desk: Desk, task_id: int) -> None:
    desk.user("chief", "admin")
    page = _post(desk, task_id, "1.250")
    assert get_task(desk.session, task_id).metrics == {"articles": 1250}
    assert "articles: 1.250" in page
    assert "1.250 là một nghìn hai trăm năm mươi" in page


def test_the_form_in_english_reads_commas_as_thousands(desk: Desk, task_id: int) -> None:
    desk.user("chief", "admin")
    page = _post(desk, task_id, "1,250.5", name="airtime_minutes", lang="en")
    assert get_task(desk.session, task_id).metrics == {"airtime_minutes": 1250.5}
    assert "airtime_minutes: 1,250.5" in page
    assert "in English write 1,250" in page  # the form says how to type numbers


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "không phải một số hữu hạn"),
        ("Infinity", "không phải một số hữu hạn"),
        ("-3", "Số âm"),
        ("1,250", "đọc được hai cách: 1,25 hoặc 1.250"),
        ("2,5", "không phải số nguyên"),
        ("12abc", "không phải một con số"),
    ],
)
def test_the_form_refuses_a_bad_figure_with_a_message(
    desk: Desk, task_id: int, typed: str, message: str
) -> None:
    desk.user("chief", "admin")
    page = _post(desk, task_id, typed)
    assert 'data-testid="flash"' in page and message in page
    task = get_task(desk.session, task_id)
    assert task.metrics == {} and task.status == "todo"  # nothing of the update was kept


def _api(desk: Desk, task_id: int, body: str, lang: str = "") -> tuple[int, dict[str, object]]:
    _, secret = create_token(desk.session, "script", role="admin", actor="test")
    desk.session.commit()
    answer = desk.client.patch(
        f"/api/v1/tasks/{task_id}" + (f"?lang={lang}" if lang else ""),
        content=body,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    return answer.status_code, answer.json()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "-5", "2.5", "1e300"])
def test_the_api_refuses_a_bad_number_with_a_bilingual_message(
    desk: Desk, task_id: int, value: str
) -> None:
    # Python's JSON reader accepts NaN and Infinity, so a client can send them.
    status, body = _api(desk, task_id, f'{{"metrics": [{{"name": "articles", "value": {value}}}]}}')
    assert status == 400
    error = body["error"]
    assert isinstance(error, dict) and error["vi"].startswith("articles: ")
    assert error["en"].startswith("articles: ")
    assert get_task(desk.session, task_id).metrics == {}


def test_the_api_reads_typed_text_as_the_language_writes_it(desk: Desk, task_id: int) -> None:
    figures = [{"name": "articles", "value": "1.250"}, {"name": "broadcasts", "value": 30}]
    status, body = _api(desk, task_id, json.dumps({"metrics": figures}))
    assert status == 200 and body["metrics"] == {"articles": 1250, "broadcasts": 30}
    status, body = _api(
        desk, task_id, json.dumps({"metrics": [{"name": "articles", "value": "1,250"}]}), "en"
    )
    assert status == 200 and body["metrics"] == {"articles": 1250, "broadcasts": 30}
    status, body = _api(
        desk, task_id, json.dumps({"metrics": [{"name": "a", "value": "1,250"}]}), "vi"
    )
    assert status == 400 and "1,25 hoặc 1.250" in str(body)
