"""A narrative in Chromium, from its alert to a published correction, by two people.

The store gets a spike of posts for one narrative (hashing embedder: fast, no model); in the
browser a rapid-response member imports a small ClaimReview library, checks the day for
alerts, opens a card, adds evidence and drafts the correction; a communication officer
approves and publishes it to the portal feed; the card shows the time to correction.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from loa.listening.embedding import HashingEmbedder
from loa.services import listening as svc
from loa.services.accounts import create_user
from loa.settings import Settings
from loa.store.listening_tables import ListenItemRow

from .conftest import PASSWORD, RunningDesk, sign_in

DAY = date(2021, 5, 20)
RUMOUR = "Xông hơi lá bưởi ba lần một ngày diệt sạch virus corona trong phổi"
LIBRARY = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "identifier": "https://example.invalid/kiem-chung/1",
            "url": "https://example.invalid/kiem-chung/1",
            "claimReviewed": "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ",
            "datePublished": "2021-05-10",
            "author": {"@type": "Organization", "name": "Sở Y tế Bắc Giang"},
            "reviewRating": {"@type": "Rating", "alternateName": "Tin sai sự thật"},
        }
    ],
}


def _folder(desk: RunningDesk) -> Path:
    return Path(desk.database_url.removeprefix("sqlite:///")).parent


def _seed_spike(desk: RunningDesk) -> int:
    """Store a quiet week and a jump on DAY for one narrative; return its id."""
    lines = [
        {"id": f"lb-b{back}", "text": RUMOUR, "district": "Lục Ngạn",
         "created_at": f"{DAY - timedelta(days=back)}T09:00:00+07:00"}
        for back in range(1, 8)
    ]  # fmt: skip
    lines += [
        {"id": f"lb-s{n}", "text": f"{RUMOUR}, chia sẻ lần {n}", "district": "Lục Ngạn",
         "created_at": f"{DAY}T09:00:00+07:00"}
        for n in range(10)
    ]  # fmt: skip
    path = _folder(desk) / "listening-spike.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    settings = Settings(
        database_url=desk.database_url, data_dir=_folder(desk), listen_embedder="hashing"
    )
    received = datetime(2021, 5, 20, 12, tzinfo=UTC)
    with desk.session() as db:
        svc.ingest_file(
            db, path, settings=settings, embedder=HashingEmbedder(), actor="browser-tests",
            clock=lambda: received,
        )  # fmt: skip
        create_user(db, "rapid1", PASSWORD, role="rapid", actor="browser-tests")
        db.commit()
        narrative = db.scalars(
            select(ListenItemRow.narrative_id).where(ListenItemRow.external_id == "lb-s0")
        ).one()
    assert narrative is not None
    return narrative


def _tab(browser: Browser) -> Page:
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_a_narrative_goes_from_alert_to_published_correction(
    browser: Browser, running_desk: RunningDesk, tmp_path: Path
) -> None:
    narrative = _seed_spike(running_desk)
    base = running_desk.base_url
    library = tmp_path / "library.jsonld"
    library.write_text(json.dumps(LIBRARY, ensure_ascii=False), encoding="utf-8")

    member = _tab(browser)
    sign_in(member, running_desk, "rapid1")
    member.goto(f"{base}/listening/factchecks")
    member.set_input_files("#l-file", str(library))
    member.get_by_test_id("library-import-submit").click()
    expect(member.get_by_test_id("library-list")).to_contain_text("gây vô sinh ở phụ nữ")

    member.goto(f"{base}/listening/alerts")
    member.fill("#a-check-day", DAY.isoformat())
    member.get_by_test_id("alerts-check-submit").click()
    alert = member.get_by_test_id(f"alert-{narrative}")
    expect(alert).to_contain_text(RUMOUR)
    expect(alert.locator("strong")).to_have_text("10")
    member.get_by_test_id(f"open-card-{narrative}").click()
    expect(member).to_have_url(re.compile(r"/listening/cards/\d+$"))
    card_url = member.url
    member.fill("#a-team", "rapid1")
    member.get_by_test_id("assign-submit").click()
    member.fill("#e-source", "https://suckhoedoisong.vn/xong-hoi-khong-diet-virus")
    member.fill("#e-note", "Bộ Y tế: xông hơi không diệt được virus")
    member.get_by_test_id("evidence-submit").click()
    expect(member.get_by_test_id("card-evidence")).to_contain_text("Bộ Y tế")
    member.select_option("#d-verdict", "sai_su_that")
    member.fill("#d-truth", "xông hơi không diệt được virus trong phổi")
    member.get_by_test_id("draft-submit").click()
    expect(member.get_by_test_id("correction")).to_contain_text(
        f"Thông tin “{RUMOUR}” là sai sự thật. Sự thật là xông hơi"
    )
    expect(member.get_by_test_id("approve")).to_have_count(0)
    member.context.close()

    officer = _tab(browser)
    sign_in(officer, running_desk, "comms")
    officer.goto(card_url)
    officer.get_by_test_id("approve").click()
    expect(officer.get_by_test_id("card-state")).to_have_attribute("data-state", "approved")
    officer.get_by_test_id("publish").click()
    expect(officer.get_by_test_id("card-state")).to_have_attribute("data-state", "published")
    expect(officer.get_by_test_id("time-to-correction")).to_have_text(re.compile(r"^[\d.,]+ giờ$"))
    expect(officer.locator('[data-channel="portal-feed"]')).to_have_attribute("data-status", "sent")
    feed = json.loads((_folder(running_desk) / "channels" / "portal" / "feed.json").read_text())
    assert any(RUMOUR in item["summary"] for item in feed["items"])
    officer.goto(f"{base}/listening/factchecks")
    expect(officer.get_by_test_id("library-list")).to_contain_text("Đính chính của tỉnh")
    officer.context.close()
