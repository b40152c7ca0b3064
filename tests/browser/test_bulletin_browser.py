"""A bulletin in Chromium: one officer drafts a commune's radio script, another approves and plays it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from loa.services.accounts import create_user

from .conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, RunningDesk, _missing, sign_in

PARK = "07807"  # Xã Quang Châu

PLAY = """async (selector) => {
  const audio = document.querySelector(selector);
  audio.muted = true;  // a muted element may play without a user gesture
  if (audio.readyState < 1) {
    await new Promise((done, fail) => {
      audio.addEventListener("loadedmetadata", done, { once: true });
      audio.addEventListener("error", () => fail(new Error("audio error " + audio.error.code)));
    });
  }
  await audio.play();
  await new Promise((done) => {
    const check = () => (audio.currentTime > 0 ? done() : setTimeout(check, 50));
    check();
  });
  audio.pause();
  return { duration: audio.duration, played: audio.currentTime, src: audio.currentSrc };
}"""


@pytest.fixture(scope="module")
def audio_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium allowed to play media without a click."""
    try:
        launched = playwright_driver.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
            headless=True,
        )
    except Exception as exc:  # any launch failure means the same: no browser to test with
        _missing(f"Chromium at {CHROMIUM} did not start: {exc}")
        raise
    yield launched
    launched.close()


def _tab(browser: Browser) -> Page:
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(30_000)
    return context.new_page()


def test_second_officer_approves_a_radio_bulletin_and_plays_its_audio(
    audio_browser: Browser, running_desk: RunningDesk
) -> None:
    with running_desk.session() as db:
        create_user(db, "comms2", PASSWORD, role="comms", actor="browser-tests")
        db.commit()

    # The demo's commune file and the national portal disagree on the province's cases of
    # 25/05/2021: a data officer chooses the commune reports first, or no bulletin of that
    # day could be approved.
    data = _tab(audio_browser)
    sign_in(data, running_desk, "data")
    data.goto(f"{running_desk.base_url}/situation?day=2021-05-25")
    # Many open conflicts are folded under a summary the officer opens.
    details = data.get_by_test_id("conflicts-details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    row = data.get_by_test_id("conflict-24-2021-05-25-total")
    row.get_by_test_id("resolve-source").select_option("commune_reports")
    row.get_by_test_id("resolve-reason").fill("Báo cáo của các xã đầy đủ hơn")
    row.get_by_test_id("resolve").click()
    expect(data.get_by_test_id("conflict-24-2021-05-25-total")).to_have_attribute(
        "data-resolved", "yes", timeout=90_000
    )
    data.context.close()

    author = _tab(audio_browser)
    sign_in(author, running_desk, "comms")
    author.goto(f"{running_desk.base_url}/bulletins")
    author.fill("#b-day", "2021-05-25")
    author.select_option("#b-kind", "radio")
    author.fill("#b-unit", PARK)
    author.check("#b-audio")
    author.get_by_test_id("bulletin-make-submit").click()
    expect(author).to_have_url(re.compile(r"/bulletins/\d+$"))
    expect(author.get_by_test_id("own-draft")).to_be_visible()
    url = author.url
    author.context.close()

    approver = _tab(audio_browser)
    sign_in(approver, running_desk, "comms2")
    approver.goto(url)
    # The demo has no vaccination file: the commune's level is provisional, a warning.
    approver.get_by_test_id("acknowledgement").fill("Cấp độ tạm tính, đã xem")
    approver.get_by_test_id("approve").click()
    # Approval checks the version again on the day's data: give it time on the demo store.
    expect(approver.get_by_test_id("bulletin-state")).to_have_text("đã duyệt", timeout=90_000)
    expect(approver.get_by_test_id("approved-by")).to_have_text("comms2")

    played = approver.evaluate(PLAY, f"[data-testid=audio-{PARK}]")
    assert played["duration"] > 0 and played["played"] > 0
    assert played["src"].endswith(f"/audio/{PARK}.mp3")
    approver.context.close()
