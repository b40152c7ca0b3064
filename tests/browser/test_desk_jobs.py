"""Every job on the desk, in Chromium: corrections, duplicates, reports, pickers, imports, and
full-page screenshots of the main pages for a person to look at (var/screenshots)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from loa.demo import DATA_DIR, SEED_FILE
from loa.store.tables import TaskRow

from .conftest import ROOT, RunningDesk, sign_in

SHOTS = ROOT / "var" / "screenshots"
MAIN_PAGES = (
    "/",
    "/situation",
    "/tasks",
    "/directives",
    "/directives/1",
    "/bulletins",
    "/listening",
    "/listening/alerts",
    "/listening/concerns",
    "/listening/cards",
    "/audit",
)


def _seed() -> bytes:
    return (DATA_DIR / SEED_FILE).read_bytes()


def test_officer_gives_a_task_to_another_agency(page: Page, running_desk: RunningDesk) -> None:
    sign_in(page, running_desk, "admin")
    page.goto(f"{running_desk.base_url}/directives/1")
    expect(page.get_by_test_id("upward-report")).to_be_visible()
    task = page.locator("#c-task option").nth(2).get_attribute("value")
    with running_desk.session() as db:
        row = db.get(TaskRow, int(task or 0))
        assert row is not None
        org = "bg.so-tttt" if row.org_id != "bg.so-tttt" else "bg.ubnd"
    page.select_option("#c-task", task)
    page.select_option("#c-org", org)
    page.fill("#c-deadline", "2021-11-30")
    page.get_by_test_id("task-correct-submit").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Đã sửa nhiệm vụ")
    page.goto(f"{running_desk.base_url}/tasks/{task}")
    expect(page.get_by_test_id("task-history")).to_contain_text("giao lại nhiệm vụ")
    shown = "Sở Thông tin" if org == "bg.so-tttt" else "Ủy ban"
    expect(page.get_by_test_id("task-fields")).to_contain_text(shown)


def test_officer_splits_a_task_then_merges_the_parts(page: Page, running_desk: RunningDesk) -> None:
    sign_in(page, running_desk, "admin")
    page.goto(f"{running_desk.base_url}/directives/1")
    with running_desk.session() as db:
        before = len(list(db.scalars(select(TaskRow.id).where(TaskRow.merged_into.is_(None)))))
    task = page.locator("#s-task option").nth(1).get_attribute("value")
    page.get_by_test_id("split-box").locator("summary").click()
    page.select_option("#s-task", task)
    page.select_option("#s-org-1", "bg.so-tttt")
    page.select_option("#s-org-2", "bg.ubnd")
    page.fill("#s-text-2", "Tổng hợp, báo cáo kết quả về Ban Tuyên giáo")
    page.fill("#s-deadline-2", "2021-12-01")
    SHOTS.mkdir(parents=True, exist_ok=True)  # the split form as an officer fills it, to look at
    page.get_by_test_id("split-box").screenshot(path=str(SHOTS / "directive-split-form.png"))
    page.get_by_test_id("task-split-submit").click()
    expect(page.get_by_test_id("flash")).to_contain_text("thành 2 phần")
    with running_desk.session() as db:
        rows = list(db.scalars(select(TaskRow).where(TaskRow.merged_into.is_(None))))
        new = max(rows, key=lambda r: r.id)
        assert len(rows) == before + 1 and new.org_id == "bg.ubnd" and new.text.startswith("Tổng")
        new_id = new.id
    page.get_by_test_id("merge-box").locator("summary").click()
    page.select_option("#m-keep", task)
    page.select_option("#m-merge", str(new_id))
    page.fill("#m-text", "Đưa tin và báo cáo kết quả")
    page.get_by_test_id("task-merge-submit").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Đã gộp nhiệm vụ")
    expect(page.get_by_test_id("merged-tasks")).to_contain_text(f"nhiệm vụ {new_id}")
    page.goto(f"{running_desk.base_url}/tasks/{new_id}")
    expect(page.get_by_test_id("task-merged")).to_contain_text(f"nhiệm vụ {task}")
    expect(page.get_by_test_id("task-history")).to_contain_text("gộp nhiệm vụ")
    page.goto(f"{running_desk.base_url}/tasks/{task}")
    expect(page.get_by_test_id("task-fields")).to_contain_text("Đưa tin và báo cáo kết quả")
    expect(page.get_by_test_id("task-history")).to_contain_text("tách nhiệm vụ")


def test_same_dispatch_again_is_held_with_a_warning(page: Page, running_desk: RunningDesk) -> None:
    sign_in(page, running_desk, "admin")
    page.goto(f"{running_desk.base_url}/directives")
    page.set_input_files(
        "#dir-file",
        files=[{"name": "427-ban-sao.txt", "mimeType": "text/plain", "buffer": _seed() + b"\n\n"}],
    )
    page.locator("#directive-import button[type=submit]").click()
    expect(page.get_by_test_id("duplicate-warning")).to_contain_text("427-CV/BTGTU")
    page.get_by_test_id("open-existing").click()
    expect(page).to_have_url(re.compile(r"/directives/1$"))


def test_upward_report_is_made_on_the_desk(page: Page, running_desk: RunningDesk) -> None:
    sign_in(page, running_desk, "admin")
    page.goto(f"{running_desk.base_url}/directives/1")
    with page.expect_download() as waiting:
        page.get_by_test_id("upward-report").click()
    report = Path(waiting.value.path())
    assert waiting.value.suggested_filename.endswith(".docx")
    assert report.read_bytes()[:2] == b"PK"


def test_radio_script_for_a_commune_typed_without_diacritics(
    page: Page, running_desk: RunningDesk
) -> None:
    sign_in(page, running_desk, "comms")
    page.goto(f"{running_desk.base_url}/bulletins")
    page.fill("#b-day", "2021-05-25")
    page.select_option("#b-kind", "radio")
    page.fill("#b-unit", "tam di")
    page.get_by_test_id("bulletin-make-submit").click()
    expect(page).to_have_url(re.compile(r"/bulletins/\d+$"))
    expect(page.locator("main")).to_contain_text("Tam Dị")


def test_situation_trends_of_a_commune_typed_without_diacritics(
    page: Page, running_desk: RunningDesk
) -> None:
    sign_in(page, running_desk, "viewer")
    page.goto(f"{running_desk.base_url}/situation")
    page.fill("#sit-unit", "tam di")
    page.get_by_test_id("unit-pick-submit").click()
    expect(page.locator("#h-charts")).to_contain_text("Tam Dị")
    expect(page.get_by_test_id("rt-now")).to_be_visible()


def test_bad_file_imports_its_good_rows_and_gives_back_the_bad_ones(
    page: Page, running_desk: RunningDesk
) -> None:
    sign_in(page, running_desk, "data")
    page.goto(f"{running_desk.base_url}/situation")
    csv = (
        "date,unit_code,new_cases_community,new_cases_quarantined\n"
        "2021-07-10,07456,2,0\n2021-07-11,07456,lots,0\n"
    )
    page.set_input_files(
        "#sit-file", files=[{"name": "xa.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.locator("#situation-import button[type=submit]").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("bị từ chối")
    with page.expect_download() as waiting:
        page.get_by_test_id("rejected-rows").click()
    rejected = Path(waiting.value.path()).read_text(encoding="utf-8-sig")
    assert "lots" in rejected and "2021-07-10" not in rejected
    page.get_by_test_id("import-good-rows").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("nhập một phần")
    page.get_by_test_id("imported-days").click()
    expect(page).to_have_url(re.compile(r"/situation\?day=2021-07-10$"))


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_main_pages_fit_and_are_photographed(
    browser: Browser, running_desk: RunningDesk, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, running_desk, "admin")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tall: dict[str, float] = {}
    for path in MAIN_PAGES:
        page.goto(f"{running_desk.base_url}{path}")
        name = path.strip("/").replace("/", "-") or "overview"
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        screens = page.evaluate("document.documentElement.scrollHeight") / height
        if width == 1366 and screens > 3.4:
            tall[path] = round(screens, 1)
        if path == "/situation":
            assert page.evaluate("document.body.innerText.length") < 40_000
            if width == 1366:  # the first screen shows the levels, the map and the table's top
                for testid in ("level-counts", "level-map", "situation-table"):
                    box = page.get_by_test_id(testid).bounding_box()
                    assert box is not None and box["y"] < height, testid
    context.close()
    assert tall == {}
