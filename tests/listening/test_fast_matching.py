"""Matching in batches, top-k selection, the query-vector cache and the lexical gate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from loa.listening.claimreview import FactCheck, Verdict, parse_claimreviews
from loa.listening.dedupe import NearDuplicates
from loa.listening.embedding import HashingEmbedder, Vectors
from loa.listening.feeds import items_from_records
from loa.listening.items import Item
from loa.listening.matching import Matcher, embed_claims, top_indices
from loa.listening.normalise import normalise
from loa.listening.pipeline import CachingEmbedder, Pipeline

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"


def _claim_vectors(checks: list[FactCheck]) -> Vectors:
    return embed_claims(HashingEmbedder(), [normalise(c.claim) for c in checks])


class CountingEmbedder:
    """The hashing embedder, remembering every text it was asked to embed as a query."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder()
        self.queries: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.queries.extend(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_passages(texts)


def _checks() -> list[FactCheck]:
    return parse_claimreviews((DATA / "factchecks.jsonld").read_text(encoding="utf-8"))


@pytest.mark.parametrize("top", [1, 2, 5, 17])
def test_top_indices_are_those_of_a_stable_full_sort(top: int) -> None:
    rng = np.random.default_rng(top)
    # Few distinct values, so ties straddle the cut-off.
    scores = rng.integers(0, 6, size=300).astype(np.float64) / 5
    expected = np.argsort(-scores, kind="stable")[:top]
    assert top_indices(scores, top).tolist() == expected.tolist()


def test_matching_a_batch_gives_what_matching_one_by_one_gives() -> None:
    checks = _checks()
    matcher = Matcher(checks, HashingEmbedder())
    texts = [
        f"{checks[0].claim} chia sẻ ngay",
        "Uống nước chanh ấm mỗi sáng diệt được virus corona",
        "Hôm nay trời nắng đẹp ở Lục Ngạn",
    ]
    together = matcher.match_many(texts)
    alone = [matcher.match(t) for t in texts]
    assert together == alone
    assert together[0][0].factcheck_id == checks[0].id
    assert together[0][0].decision.value == "match"
    assert together[2][0].decision.value == "none"


def test_a_text_is_embedded_once_however_often_it_is_asked_for() -> None:
    counting = CountingEmbedder()
    cache = CachingEmbedder(counting, keep=2)
    first = cache.embed_queries(["một", "hai", "một"])
    cache.embed_queries(["hai"])
    assert counting.queries == ["một", "hai"]
    assert np.array_equal(first[0], first[2])
    cache.embed_queries(["ba"])  # keeps two: "một", least recently used, goes
    cache.embed_queries(["một"])
    assert counting.queries == ["một", "hai", "ba", "một"]


def _items(texts: list[str]) -> list[Item]:
    records = [{"id": f"p{n}", "text": t, "created_at": "2021-05-20T08:00:00+07:00"}
               for n, t in enumerate(texts)]  # fmt: skip
    return items_from_records(records, salt="s").items


def test_the_lexical_gate_skips_the_embedding_of_posts_that_share_no_words_with_a_claim() -> None:
    checks = _checks()
    texts = [
        "Xe khách đi Hà Nội bao giờ chạy lại ạ?",  # a question, no fact-check words
        checks[3].claim,
        "Nghe nói xã Hồng Thái sắp phong tỏa toàn bộ, ai cần gì mua ngay",  # a rumour
    ]
    gated, open_ = CountingEmbedder(), CountingEmbedder()
    # The claims embedded beforehand: only the posts' embeddings are counted.
    vectors = _claim_vectors(checks)
    with_gate = Pipeline(checks, gated, lexical_gate=0.2, claim_vectors=vectors)
    without = Pipeline(checks, open_, lexical_gate=0.0, claim_vectors=vectors)
    out_gated = with_gate.process(_items(texts), today=date(2021, 5, 20))
    out_open = without.process(_items(texts), today=date(2021, 5, 20))
    assert len(open_.queries) == 3
    # The question shares too few words with any claim for an embedding to make it a match;
    # the rumour shares "phong tỏa toàn" with one and is embedded.
    assert len(gated.queries) == 2 and not any("Xe khách" in q or "xe khach" in q
                                               for q in gated.queries)  # fmt: skip
    assert with_gate.gated == 1
    # The gate changes nothing the desk sees for these posts.
    assert [(p.kind, p.matched and p.matched.factcheck_id) for p in out_gated] == [
        (p.kind, p.matched and p.matched.factcheck_id) for p in out_open
    ]
    assert out_gated[1].matched is not None
    assert out_gated[2].narrative_id is not None  # a rumour still starts a narrative


def test_gated_claims_still_start_narratives_unless_off_topic_ones_are_left_out() -> None:
    checks = _checks()
    chatter = ["Giá vàng sẽ tăng gấp 3 lần từ mai"]  # a claim, on no epidemic topic
    by_default, asked = CountingEmbedder(), CountingEmbedder()
    vectors = _claim_vectors(checks)
    kept = Pipeline(checks, by_default, lexical_gate=0.2, claim_vectors=vectors).process(
        _items(chatter), today=date(2021, 5, 20)
    )
    skipped = Pipeline(
        checks, asked, lexical_gate=0.2, gate_off_topic=True, claim_vectors=vectors
    ).process(_items(chatter), today=date(2021, 5, 20))
    assert by_default.queries == [] and kept[0].narrative_id is not None
    assert asked.queries == [] and skipped[0].narrative_id is None


def test_chatter_that_is_no_claim_starts_no_narrative_even_without_the_gate() -> None:
    chatter = [
        "Đội bóng thôn Đông thắng giải giao hữu chiều qua",
        "chính quyền xử lý dịch quá chậm",
    ]
    out = Pipeline(_checks(), CountingEmbedder()).process(_items(chatter), today=date(2021, 5, 20))
    assert [(p.kind.value, p.narrative_id) for p in out] == [("other", None), ("opinion", None)]


def test_finding_a_near_duplicate_does_not_add_the_post() -> None:
    index = NearDuplicates()
    index.add("a", "Nghe nói xã Hồng Thái sắp phong tỏa toàn bộ, ai cần gì mua ngay")
    assert index.find("Nghe nói xã Hồng Thái sắp phong tỏa toàn bộ, ai cần gì mua ngay nhé") == "a"
    assert index.find("Trời hôm nay mưa to quá ở Lục Nam") is None
    assert len(index) == 1


def test_a_library_of_one_claim_still_ranks_and_decides() -> None:
    check = FactCheck(
        id="x", claim="Uống nước muối diệt được virus", verdict=Verdict.FALSE, url="https://x.vn"
    )
    [result] = Matcher([check], HashingEmbedder()).match("uống nước muối diệt được virus")
    assert result.factcheck_id == "x" and result.decision.value == "match"
