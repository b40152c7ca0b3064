"""A reporter types a figure the Vietnamese way in Chromium, and an ambiguous one is explained."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from loa.services.directives import get_task
from loa.store.tables import TaskRow

from .conftest import RunningDesk, sign_in


def _own_task(desk: RunningDesk) -> int:
    with desk.session() as db:
        own = db.scalar(select(TaskRow.id).where(TaskRow.org_id == "bg.so-tttt").limit(1))
    assert own is not None
    return own


def test_reporter_types_a_thousand_the_vietnamese_way_and_sees_it_back(
    page: Page, running_desk: RunningDesk
) -> None:
    task_id = _own_task(running_desk)
    sign_in(page, running_desk, "reporter")
    page.goto(f"{running_desk.base_url}/tasks/{task_id}")
    expect(page.locator("#metric-hint")).to_contain_text("1.250 là một nghìn hai trăm năm mươi")

    page.fill("#metric_name", "số tờ rơi")
    page.fill("#metric_value", "1,250")
    page.get_by_test_id("task-save").click()
    expect(page.get_by_test_id("flash")).to_contain_text("đọc được hai cách: 1,25 hoặc 1.250")
    with running_desk.session() as db:
        assert "số tờ rơi" not in get_task(db, task_id).metrics

    page.fill("#metric_name", "số tờ rơi")
    page.fill("#metric_value", "1.250")
    page.get_by_test_id("task-save").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Đã cập nhật nhiệm vụ")
    expect(page.get_by_test_id("task-fields")).to_contain_text("số tờ rơi: 1.250")
    with running_desk.session() as db:
        assert get_task(db, task_id).metrics["số tờ rơi"] == 1250
