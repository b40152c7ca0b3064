"""An opinion is never called false: the scenario of issue 12 in Chromium, the CLI and the API.

The post "chính quyền xử lý dịch quá chậm" is ingested. It is stored with the kind "opinion"
and counted under public concerns. On the desk a rapid-response member cannot open a card on
it; neither can the CLI or the API. Re-labelled with a reason, the card opens, but a "false"
verdict is refused without a cited source, and the verdict "not a factual claim — public
feedback" closes the card and counts it under public concerns.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from loa.listening.embedding import HashingEmbedder
from loa.services import listening as svc
from loa.services.accounts import create_token, create_user
from loa.settings import Settings
from loa.store.listening_tables import ListenCardRow, ListenItemRow

from .conftest import LOA, PASSWORD, RunningDesk, sign_in

DAY = date(2021, 5, 20)
OPINION = "chính quyền xử lý dịch quá chậm"


def _folder(desk: RunningDesk) -> Path:
    return Path(desk.database_url.removeprefix("sqlite:///")).parent


def _seed(desk: RunningDesk) -> str:
    """Ingest the opinion, add a rapid-response member; return an API token for that role."""
    path = _folder(desk) / "listening-opinion.jsonl"
    post = {"id": "kinds-1", "text": OPINION, "district": "Lục Ngạn",
            "created_at": f"{DAY}T10:00:00+07:00"}  # fmt: skip
    path.write_text(json.dumps(post, ensure_ascii=False), encoding="utf-8")
    settings = Settings(
        database_url=desk.database_url, data_dir=_folder(desk), listen_embedder="hashing"
    )
    received = datetime(2021, 5, 20, 12, tzinfo=UTC)
    with desk.session() as db:
        svc.ingest_file(
            db, path, settings=settings, embedder=HashingEmbedder(), actor="browser-tests",
            clock=lambda: received,
        )  # fmt: skip
        create_user(db, "rapid12", PASSWORD, role="rapid", actor="browser-tests")
        _id, token = create_token(db, "rapid12-bot", role="rapid", actor="browser-tests")
        db.commit()
    return token


def _cards(desk: RunningDesk) -> list[tuple[int, str, str]]:
    with desk.session() as db:
        rows = db.scalars(select(ListenCardRow).where(ListenCardRow.claim == OPINION))
        return [(r.id, r.state, r.kind) for r in rows]


def _tab(browser: Browser) -> Page:
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_an_opinion_is_a_concern_and_no_card_calls_it_false(
    browser: Browser, running_desk: RunningDesk
) -> None:
    token = _seed(running_desk)
    base = running_desk.base_url
    with running_desk.session() as db:
        kind = db.scalars(
            select(ListenItemRow.kind).where(ListenItemRow.external_id == "kinds-1")
        ).one()
    assert kind == "opinion"

    member = _tab(browser)
    sign_in(member, running_desk, "rapid12")
    member.goto(f"{base}/listening/concerns?week={DAY.isoformat()}")
    expect(member.get_by_test_id("concerns-not-misinformation")).to_contain_text(
        "không phải tin sai"
    )
    expect(member.get_by_test_id("concerns")).to_contain_text("Ý kiến, nhận xét")

    # The desk: no card on the opinion.
    member.goto(f"{base}/listening/cards")
    member.fill("#c-claim", OPINION)
    member.get_by_test_id("card-open").get_by_role("button").click()
    expect(member.get_by_test_id("flash")).to_contain_text("không phải thông tin cần kiểm chứng")
    assert _cards(running_desk) == []

    # The CLI and the API refuse it too.
    env = {**os.environ, "LOA_DATABASE_URL": running_desk.database_url, "LOA_LANG": "vi"}
    cli = subprocess.run(
        [*LOA, "listen", "respond", "open", "--claim", OPINION], env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert cli.returncode == 2 and "không phải thông tin cần kiểm chứng" in cli.stderr
    api = member.request.post(
        f"{base}/api/v1/listening/cards", data={"claim": OPINION},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert api.status == 400 and _cards(running_desk) == []

    # Re-labelled with a reason, a card opens; "false" still needs a cited source.
    member.fill("#c-claim", OPINION)
    member.fill("#c-relabel", "thử quy trình")
    member.get_by_test_id("card-open").get_by_role("button").click()
    expect(member).to_have_url(re.compile(r"/listening/cards/\d+$"))
    card_id = int(member.url.rsplit("/", 1)[1])
    member.fill("#a-team", "rapid12")
    member.get_by_test_id("assign-submit").click()
    expect(member.locator("#d-verdict")).to_have_value("")  # nothing preselected
    member.fill("#e-source", "Ban chỉ đạo tỉnh")
    member.get_by_test_id("evidence-submit").click()
    member.select_option("#d-verdict", "sai_su_that")
    member.fill("#d-truth", "tỉnh đã xử lý kịp thời")
    member.get_by_test_id("draft-submit").click()
    expect(member.get_by_test_id("flash")).to_contain_text("nguồn trích dẫn")
    expect(member.get_by_test_id("card-state")).to_have_attribute("data-state", "assigned")
    expect(member.get_by_test_id("correction")).to_have_count(0)
    api_draft = member.request.post(
        f"{base}/api/v1/listening/cards/{card_id}/draft",
        data={"truth": "x", "verdict": "sai_su_that"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert api_draft.status == 400
    cli_draft = subprocess.run(
        [*LOA, "listen", "respond", "draft", str(card_id), "--truth", "x", "--verdict",
         "sai_su_that"], env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert cli_draft.returncode == 2 and "nguồn trích dẫn" in cli_draft.stderr

    # "Not a factual claim — public feedback" closes the card; the post is a concern.
    member.select_option("#d-verdict", "y_kien_phan_anh")
    member.fill("#d-truth", "ý kiến phê bình tốc độ xử lý")
    member.get_by_test_id("draft-submit").click()
    expect(member.get_by_test_id("card-state")).to_have_attribute("data-state", "closed")
    expect(member.get_by_test_id("card-kind")).to_have_attribute("data-kind", "opinion")
    expect(member.get_by_test_id("card-closed")).to_be_visible()
    assert _cards(running_desk) == [(card_id, "closed", "opinion")]
    member.context.close()
