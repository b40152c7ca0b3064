"""Attack 10 (metrics): a metric of NaN gave 500; Infinity and negative counts were stored.

Every result figure, typed on the form or sent to `PATCH /api/v1/tasks/N` as a JSON number or
text, must be finite and not negative (and whole for a count); otherwise the answer is 400 with
a message in Vietnamese and English that names the figure, and nothing of the update is kept.
"""

from __future__ import annotations

import pytest

from loa.services.accounts import create_token
from loa.services.directives import get_task

from .conftest import OWN, Desk, bearer


@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "-Infinity", "-1", "-0.5", "1.5", '"NaN"', '"-3"', "1e400"]
)
def test_the_api_refuses_a_figure_that_is_not_a_finite_count(
    desk: Desk, own_task: int, value: str
) -> None:
    _, secret = create_token(desk.session, "radio", role="reporter", org_id=OWN, actor="test")
    desk.session.commit()
    answer = desk.client.patch(
        f"/api/v1/tasks/{own_task}",
        content=f'{{"status": "done", "metrics": [{{"name": "articles", "value": {value}}}]}}',
        headers={**bearer(secret), "Content-Type": "application/json"},
    )
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["vi"].startswith("articles: ") and error["en"].startswith("articles: ")
    task = get_task(desk.session, own_task)
    assert task.metrics == {} and task.status == "todo"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "-3", "∞"])
def test_the_form_refuses_a_figure_that_is_not_a_finite_count(
    desk: Desk, own_task: int, value: str
) -> None:
    desk.user("rep", "reporter", OWN)
    form = {
        "status": "done",
        "metric_name": "articles",
        "metric_value": value,
        "csrf_token": desk.csrf(f"/tasks/{own_task}"),
    }
    assert desk.client.post(f"/tasks/{own_task}", data=form).status_code == 303
    page = desk.client.get(f"/tasks/{own_task}").text
    assert 'data-testid="flash"' in page and "articles: " in page
    task = get_task(desk.session, own_task)
    assert task.metrics == {} and task.status == "todo"
