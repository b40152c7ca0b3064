"""Issue 11's scenario in Chromium: a commune file that contradicts the province's figures.

On the demo store a data officer imports a commune case file for 07–14/12/2021 (Xã Tam Dị:
44 cases on 14/12, 245 in 7 days) while the province's series from the national portal says
11 and 103. The press release drafted from it shows a `figures_conflict` error and cannot be
approved on the desk nor through the API. The data officer resolves the conflict on the
situation page; a new draft is consistent, is approved with a written acknowledgement of its
warnings, is published, and its text's numbers are checked against the reconciled data. The
demo's levels, with no vaccination file, are provisional on the map and in the levels JSON.
"""

from __future__ import annotations

import re
from datetime import date

import httpx
from playwright.sync_api import Browser, Page, expect

from loa.bulletins.read_back import numbers_in
from loa.services.accounts import create_token, create_user
from loa.services.situation_report import indicators_on

from .conftest import PASSWORD, ROOT, RunningDesk, sign_in

DAY = date(2021, 12, 14)
SLOW = 90_000  # ms: drafting or approving rebuilds the day from a year of the demo's data
TAM_DI = "07456"
FILE = ROOT / "tests" / "data" / "situation" / "tam_di_2021-12-07_14.csv"


def _tab(browser: Browser, desk: RunningDesk, login: str) -> Page:
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(60_000)
    page = context.new_page()
    sign_in(page, desk, login)
    return page


def _draft_press(page: Page, desk: RunningDesk) -> str:
    page.goto(f"{desk.base_url}/bulletins")
    page.fill("#b-day", DAY.isoformat())
    page.select_option("#b-kind", "press")
    page.get_by_test_id("bulletin-make-submit").click()
    expect(page).to_have_url(re.compile(r"/bulletins/\d+$"), timeout=SLOW)
    return page.url


def _api_approve(desk: RunningDesk, token: str, bulletin_id: str) -> httpx.Response:
    return httpx.post(
        f"{desk.base_url}/api/v1/bulletins/{bulletin_id}/approve",
        headers={"Authorization": f"Bearer {token}"},
        json={"acknowledgement": "Đã xem các cảnh báo"},
        timeout=60,
    )


def test_a_conflicting_press_release_is_blocked_until_the_officer_resolves_the_conflict(
    browser: Browser, running_desk: RunningDesk
) -> None:
    desk = running_desk
    with desk.session() as db:
        create_user(db, "comms3", PASSWORD, role="comms", actor="browser-tests")
        _, token = create_token(db, "comms3-script", actor="browser-tests", user="comms3")
        db.commit()

    data = _tab(browser, desk, "data")
    data.goto(f"{desk.base_url}/situation")
    data.set_input_files("#sit-file", str(FILE))
    data.locator("#situation-import button[type=submit]").click()
    expect(data).to_have_url(re.compile(r"/situation/imports/\d+$"), timeout=SLOW)

    author = _tab(browser, desk, "comms")
    first = _draft_press(author, desk)
    conflict = author.get_by_test_id("problem-figures_conflict").first
    expect(conflict).to_be_visible(timeout=SLOW)
    expect(conflict).to_have_attribute("data-severity", "error", timeout=SLOW)
    expect(conflict).to_contain_text("Lỗi: Số liệu mâu thuẫn", timeout=SLOW)
    expect(author.get_by_test_id("bulletin-problems")).not_to_contain_text(
        "figures_conflict", timeout=SLOW
    )

    approver = _tab(browser, desk, "comms3")
    approver.goto(first)
    expect(approver.get_by_test_id("approve-blocked")).to_be_visible(timeout=SLOW)
    approver.get_by_test_id("acknowledgement").fill("Đã xem")
    approver.get_by_test_id("approve").click()
    expect(approver.get_by_test_id("flash")).to_contain_text("Không thể duyệt", timeout=SLOW)
    expect(approver.get_by_test_id("bulletin-state")).to_have_text("bản nháp", timeout=SLOW)
    refused = _api_approve(desk, token, first.rsplit("/", 1)[1])
    assert refused.status_code >= 400, refused.text
    assert "Số liệu mâu thuẫn" in refused.json()["error"]["vi"]

    data.goto(f"{desk.base_url}/situation?day={DAY.isoformat()}")
    # Many open conflicts are folded under a summary the officer opens.
    details = data.get_by_test_id("conflicts-details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    row = data.get_by_test_id(f"conflict-24-{DAY.isoformat()}-total")
    expect(row).to_have_attribute("data-resolved", "no", timeout=SLOW)
    row.get_by_test_id("resolve-source").select_option("commune_reports")
    row.get_by_test_id("resolve-reason").fill("Báo cáo của xã mới hơn số cổng quốc gia")
    row.get_by_test_id("resolve-all").check()
    row.get_by_test_id("resolve").click()
    expect(data.locator("[data-testid=conflicts-table] tr[data-resolved=no]")).to_have_count(
        0, timeout=SLOW
    )
    # The demo has no vaccination file: its levels are provisional, on the map and in JSON.
    expect(data.locator("svg [data-provisional=true]").first).to_be_attached(timeout=SLOW)
    expect(data.locator("svg g.legend-item[data-level=provisional]")).to_be_attached(timeout=SLOW)
    levels = data.request.get(f"{desk.base_url}/api/v1/situation/levels?day={DAY.isoformat()}")
    tam_di = next(r for r in levels.json() if r["unit_code"] == TAM_DI)
    assert tam_di["provisional"] and "coverage_unknown" in tam_di["assumptions"]

    second = _draft_press(author, desk)
    expect(author.get_by_test_id("problem-figures_conflict")).to_have_count(0, timeout=SLOW)
    expect(author.get_by_test_id("problem-provisional_level").first).to_be_visible(timeout=SLOW)
    approver.goto(second)
    approver.get_by_test_id("acknowledgement").fill("Cấp độ tạm tính: chưa có số liệu tiêm chủng")
    approver.get_by_test_id("approve").click()
    expect(approver.get_by_test_id("bulletin-state")).to_have_text("đã duyệt", timeout=SLOW)
    expect(approver.get_by_test_id("acknowledged")).to_contain_text(
        "chưa có số liệu tiêm chủng", timeout=SLOW
    )
    approver.get_by_test_id("publish").click()
    expect(approver.get_by_test_id("bulletin-state")).to_have_text("đã phát hành", timeout=SLOW)
    published = approver.get_by_test_id("press-text").inner_text()

    with desk.session() as db:
        _, [province] = indicators_on(db, "24", "province", DAY)
        _, communes = indicators_on(db, "24", "commune", DAY)
    commune = next(c for c in communes if c.unit_code == TAM_DI)
    assert (province.new_cases, province.window_cases) == (44, 245)
    said = re.search(r"ghi nhận (\S+) ca mắc mới trong ngày", published)
    week = re.search(r"Trong 7 ngày qua có (\S+) ca", published)
    hotspot = re.search(r"Xã Tam Dị[^—]*— (\S+) ca trong 7 ngày", published)
    assert said and week and hotspot, published
    assert numbers_in(said.group(1)) == [province.new_cases]
    assert numbers_in(week.group(1)) == [province.window_cases]
    assert numbers_in(hotspot.group(1)) == [commune.window_cases]
    assert commune.window_cases is not None and province.window_cases is not None
    assert commune.window_cases <= province.window_cases
    assert "tạm tính, chưa có số liệu tiêm chủng" in published
    for page in (data, author, approver):
        page.context.close()
