"""Only a checkable claim can be called false: kinds at ingest, cards, concerns, the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.listening import response as flow
from loa.listening.claimreview import Verdict
from loa.listening.embedding import HashingEmbedder
from loa.listening.kinds import Kind, classify
from loa.listening.kinds_eval import load_kinds, score_kinds
from loa.services import listening as svc
from loa.services.listening import response as rsp
from loa.settings import Settings
from loa.store.listening_tables import ListenAlertRow, ListenItemRow
from loa.text import fold

from ..conftest import LoaCli

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"
DAY = date(2021, 5, 20)
NOW = datetime(2021, 5, 20, 12, tzinfo=UTC)
OPINION = "chính quyền xử lý dịch quá chậm"
AT = datetime(2021, 5, 20, 9, tzinfo=UTC)


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing")


def test_held_out_half_meets_both_targets() -> None:
    score = score_kinds(
        load_kinds(DATA / "kinds.jsonl"), lambda t: classify(t).kind, split="heldout"
    )
    assert score.total >= 200
    assert score.non_claims_as_claims <= 0.02
    assert score.claims_found >= 0.90


def test_the_evaluation_set_has_the_forms_the_issue_asks_for() -> None:
    texts = load_kinds(DATA / "kinds.jsonl")
    feedback = [t for t in texts if t.kind.is_feedback]
    assert len(texts) >= 400 and len(feedback) >= len(texts) // 2 - 30
    bare = [t for t in texts if fold(t.text) == t.text.lower()]  # typed without diacritics
    assert len(bare) * 3 >= len(texts)
    assert any(t.typed == "teencode" for t in texts) and any(t.asked for t in texts)
    assert {t.split for t in texts} == {"dev", "heldout"}


@pytest.mark.parametrize(
    ("text", "kind", "asked"),
    [
        (OPINION, Kind.OPINION, False),
        ("chinh quyen xu ly dich qua cham", Kind.OPINION, False),
        ("cq xử lý dịch chậm vl", Kind.OPINION, False),
        ("Tiêm vắc xin gây vô sinh có đúng không?", Kind.CLAIM, True),
        ("tiem vac xin gay vo sinh", Kind.CLAIM, False),
        ("Gọi đường dây nóng cả buổi sáng không ai nghe máy", Kind.COMPLAINT, False),
        ("F1 phải cách ly bao nhiêu ngày?", Kind.QUESTION, False),
        ("Chúc mừng sinh nhật em gái", Kind.OTHER, False),
    ],
)
def test_kinds_as_people_type_them(text: str, kind: Kind, asked: bool) -> None:
    found = classify(text)
    assert (found.kind, found.asked) == (kind, asked)
    assert 0 <= found.confidence <= 1 and found.reason("vi") and found.reason("en")


def test_classify_prints_json_in_the_chosen_language(loa: LoaCli) -> None:
    vi = json.loads(loa("listen", "classify", OPINION, "--format", "json").output)
    assert vi["kind"] == "opinion" and "ý kiến" in vi["reason"] and "asked" not in vi
    en = json.loads(
        loa("--lang", "en", "listen", "classify", "X có đúng không? Uống tỏi chữa khỏi covid",
            "--format", "json").output
    )  # fmt: skip
    assert (en["kind"], en["asked"]) == ("claim", True) and "checkable" in en["reason"]


def test_the_cli_opens_no_card_on_an_opinion_and_drafts_no_unsourced_false_verdict(
    loa: LoaCli,
) -> None:
    refused = loa("listen", "respond", "open", "--claim", OPINION, ok=False)
    assert refused.exit_code == 2 and "không phải thông tin cần kiểm chứng" in refused.output
    loa("listen", "respond", "open", "--claim", OPINION, "--relabel-reason", "kèm số liệu sai")
    loa("listen", "respond", "assign", "1", "--team", "Tổ PƯN")
    loa("listen", "respond", "evidence", "1", "--source", "Sở Y tế")
    no_verdict = loa("listen", "respond", "draft", "1", "--truth", "x", ok=False)
    assert no_verdict.exit_code == 2 and "--verdict" in no_verdict.output
    unsourced = loa(
        "listen", "respond", "draft", "1", "--truth", "x", "--verdict", "sai_su_that", ok=False
    )
    assert unsourced.exit_code == 2 and "nguồn trích dẫn" in unsourced.output
    closed = loa(
        "listen", "respond", "draft", "1", "--truth", "phê bình", "--verdict", "y_kien_phan_anh",
        "--format", "json",
    )  # fmt: skip
    card = json.loads(closed.output)
    assert (card["state"], card["kind"], card["verdict"]) == ("closed", "opinion", None)
    assert any("relabel opinion -> claim: kèm số liệu sai" in h for h in card["history"])


def test_a_false_verdict_needs_a_cited_source_at_draft_approval_and_publishing() -> None:
    card = flow.Card(1, None, "Uống nước chanh diệt được virus")
    card = flow.assign(card, team="t", actor="an", at=AT)
    card = flow.attach_evidence(card, source="Bộ Y tế", note="", actor="an", at=AT)
    for verdict in (Verdict.FALSE, Verdict.MISLEADING, Verdict.FAKE):
        with pytest.raises(InputError, match="nguồn trích dẫn"):
            flow.draft(card, truth="không", actor="an", at=AT, verdict=verdict)
    with pytest.raises(InputError, match="chưa có kết luận"):
        flow.draft(card, truth="không", actor="an", at=AT, verdict=None)
    # A card drafted before the rule, or changed behind the workflow, is refused later too.
    stale = flow.Card(
        2, None, "x", state=flow.CardState.DRAFTED, verdict=Verdict.FALSE, drafted_by="an",
        evidence=card.evidence, correction="…",
    )  # fmt: skip
    with pytest.raises(InputError, match="nguồn trích dẫn"):
        flow.approve(stale, actor="binh", at=AT)
    approved = flow.Card(
        3, None, "x", state=flow.CardState.APPROVED, verdict=Verdict.FALSE, correction="…",
        evidence=card.evidence,
    )  # fmt: skip
    with pytest.raises(InputError, match="nguồn trích dẫn"):
        flow.publish(approved, actor="binh", at=AT)
    sourced = flow.attach_evidence(card, source="4800/QĐ-BYT", note="", actor="an", at=AT)
    drafted = flow.draft(sourced, truth="không", actor="an", at=AT, verdict=Verdict.FALSE)
    assert drafted.correction is not None and "4800/QĐ-BYT" in drafted.correction


def test_the_correction_template_names_the_claim_and_refuses_feedback() -> None:
    text = flow.correction_text("Tỏi chữa covid", "không", ["https://moh.gov.vn"], Verdict.FALSE)
    assert text.startswith("Thông tin “Tỏi chữa covid” là sai sự thật.")
    with pytest.raises(InputError, match="ý kiến"):
        flow.correction_text(OPINION, "x", ["https://a.vn/b"], Verdict.FALSE, kind=Kind.OPINION)


def _ingest(session: Session, tmp_path: Path, lines: list[dict[str, str]]) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    svc.ingest_file(
        session, path, settings=_settings(tmp_path), embedder=HashingEmbedder(), actor="t",
        clock=lambda: NOW,
    )  # fmt: skip


def test_a_flood_of_opinion_is_a_concern_never_a_narrative_or_an_alert(
    session: Session, tmp_path: Path
) -> None:
    lines = [
        {"id": f"b{back}", "text": f"{OPINION}, ngày {back}", "district": "Việt Yên",
         "created_at": f"{DAY - timedelta(days=back)}T08:00:00+07:00"}
        for back in range(1, 8)
    ]  # fmt: skip
    lines += [
        {"id": f"s{n}", "text": f"{OPINION} thật sự {n}", "district": "Việt Yên",
         "created_at": f"{DAY}T08:00:00+07:00"}
        for n in range(30)
    ]  # fmt: skip
    _ingest(session, tmp_path, lines)
    stored = session.execute(select(ListenItemRow.kind, ListenItemRow.narrative_id)).all()
    assert {(kind, narrative) for kind, narrative in stored} == {("opinion", None)}
    assert svc.detect_alerts(session, day=DAY, settings=_settings(tmp_path), actor="t") == []
    assert session.scalars(select(ListenAlertRow)).first() is None
    concerns = svc.public_concerns(session, week=DAY)
    # Monday 17 May to Sunday 23 May: three days of the week before DAY, and DAY.
    assert sum(r.count for r in concerns if r.kind == "opinion") == 3 + 30


def test_closing_a_narrative_card_as_feedback_moves_its_posts_to_concerns(
    session: Session, tmp_path: Path
) -> None:
    rumour = "Uống nước chanh gừng chữa khỏi covid cho cả nhà"
    _ingest(
        session, tmp_path,
        [{"id": f"r{n}", "text": f"{rumour} {n}", "created_at": f"{DAY}T08:00:00+07:00"}
         for n in range(3)],
    )  # fmt: skip
    narrative = session.scalars(select(ListenItemRow.narrative_id)).first()
    assert narrative is not None
    card = rsp.open_card(session, actor="an", narrative_id=narrative).card
    assert card.verdict is None  # nothing preselected
    rsp.draft_card(
        session, card.id, truth="lời khuyên dân gian", actor="an", verdict="y_kien_phan_anh"
    )
    kinds = set(session.scalars(select(ListenItemRow.kind)))
    assert kinds == {"opinion"}
    assert sum(r.count for r in svc.public_concerns(session, week=DAY)) == 3
    assert svc.list_narratives(session)[0].volume == {}
    with pytest.raises(InputError):
        rsp.assign_card(session, card.id, team="t", actor="an")
