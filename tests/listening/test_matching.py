from __future__ import annotations

from loa.listening.claimreview import FactCheck, Verdict
from loa.listening.embedding import HashingEmbedder
from loa.listening.matching import Decision, Matcher, Thresholds

CHECKS = [
    FactCheck("vo-sinh", "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ", Verdict.FALSE, "u1"),
    FactCheck("toi", "Ăn tỏi sống chữa khỏi COVID-19", Verdict.FALSE, "u2"),
    FactCheck("5g", "Sóng 5G lây lan virus corona", Verdict.FAKE, "u3"),
]
# The hashing fake gives cosines from word overlap, so its band starts at 0.
FAKE = Thresholds(match=0.6, related=0.3, semantic_weight=0.5, cosine_floor=0.0, cosine_ceiling=1.0)


def _matcher() -> Matcher:
    return Matcher(CHECKS, HashingEmbedder(), thresholds=FAKE)


def test_a_post_repeating_a_claim_is_a_match_ranked_first() -> None:
    results = _matcher().match("tiem vac xin covid gay vo sinh o phu nu day", top=3)
    assert results[0].factcheck_id == "vo-sinh"
    assert results[0].decision is Decision.MATCH
    assert results[0].verdict is Verdict.FALSE
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_a_post_denying_the_claim_is_related_never_a_match() -> None:
    best = _matcher().match("Tiêm vắc xin COVID-19 không gây vô sinh ở phụ nữ")[0]
    assert best.factcheck_id == "vo-sinh"
    assert best.opposite
    assert best.decision is Decision.RELATED


def test_an_unrelated_post_is_none() -> None:
    results = _matcher().match("Hôm nay trời mưa to, đường ngập")
    assert all(r.decision is Decision.NONE for r in results)


def test_top_limits_the_results() -> None:
    assert len(_matcher().match("tỏi", top=2)) == 2


def test_a_clear_lead_is_a_match_below_the_match_threshold() -> None:
    text = "ăn tỏi sống là khỏi bệnh"
    plain = _matcher().match(text)[0]
    assert plain.factcheck_id == "toi" and plain.decision is not Decision.MATCH
    lenient = Thresholds(
        match=0.9, related=0.1, semantic_weight=0.5, cosine_floor=0.0, cosine_ceiling=1.0,
        match_if_clear=plain.score - 0.01, margin=0.05,
    )  # fmt: skip
    best = Matcher(CHECKS, HashingEmbedder(), thresholds=lenient).match(text)[0]
    assert best.decision is Decision.MATCH


def test_an_empty_library_matches_nothing() -> None:
    assert Matcher([], HashingEmbedder(), thresholds=FAKE).match("tỏi chữa covid") == []
