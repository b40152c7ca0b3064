from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from loa.errors import DocumentError
from loa.listening.claimreview import (
    FactCheck,
    Verdict,
    dump_claimreviews,
    parse_claimreviews,
    verdict_from_rating,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"


def _review(**rating: object) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.vn/a",
        "claimReviewed": "Sóng 5G lây lan virus corona",
        "datePublished": "2021-04-14",
        "author": {"@type": "Organization", "name": "Tổ phản ứng nhanh"},
        "reviewRating": {"@type": "Rating", **rating},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mạng xã hội"},
            "datePublished": "2021-04-10",
            "appearance": [{"@type": "CreativeWork", "url": "https://social.example.com/1"}],
            "firstAppearance": "https://social.example.com/0",
        },
    }


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("Tin giả", Verdict.FAKE),
        ("Fake", Verdict.FAKE),
        ("Pants on Fire", Verdict.FAKE),
        ("Tin sai sự thật", Verdict.FALSE),
        ("False", Verdict.FALSE),
        ("Sai", Verdict.FALSE),
        ("Mostly False", Verdict.MISLEADING),
        ("Gây hiểu lầm", Verdict.MISLEADING),
        ("Half-True", Verdict.MISLEADING),
        ("Chưa kiểm chứng", Verdict.UNPROVEN),
        ("Unproven", Verdict.UNPROVEN),
        ("Tin xác thực", Verdict.TRUE),
        ("Mostly True", Verdict.TRUE),
        ("Đúng", Verdict.TRUE),
    ],
)
def test_alternate_names_map_to_verdicts(name: str, verdict: Verdict) -> None:
    assert verdict_from_rating(name) is verdict


def test_numeric_ratings_map_to_verdicts() -> None:
    assert verdict_from_rating(None, 1, 5, 1) is Verdict.FALSE
    assert verdict_from_rating(None, 3, 5, 1) is Verdict.MISLEADING
    assert verdict_from_rating(None, 5, 5, 1) is Verdict.TRUE
    assert verdict_from_rating("", 0.9, 1, 0) is Verdict.TRUE


def test_a_single_object_a_list_and_a_graph_are_all_read() -> None:
    one = _review(alternateName="Tin giả")
    for document in (one, [one, one], {"@context": "https://schema.org", "@graph": [one]}):
        checks = parse_claimreviews(json.dumps(document, ensure_ascii=False))
        assert checks[0].verdict is Verdict.FAKE
        assert checks[0].claim_author == "Mạng xã hội"
        assert checks[0].appearances == ("https://social.example.com/1",)
        assert checks[0].first_appearance == "https://social.example.com/0"
        assert checks[0].date_published == date(2021, 4, 14)


def test_export_then_import_gives_the_same_fact_checks() -> None:
    checks = parse_claimreviews((DATA / "factchecks.jsonld").read_text(encoding="utf-8"))
    extra = FactCheck(
        id="x",
        claim="Tỏi chữa khỏi COVID-19",
        verdict=Verdict.FALSE,
        url="https://factcheck.example.vn/x",
        rating_value=1.0,
        best_rating=5.0,
        worst_rating=1.0,
        claim_date=date(2021, 5, 1),
        first_appearance="https://social.example.com/9",
        headline="Tỏi không chữa được COVID-19",
    )
    assert parse_claimreviews(dump_claimreviews([*checks, extra])) == [*checks, extra]


def test_a_verdict_nobody_knows_is_refused_with_where() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_claimreviews(json.dumps(_review(alternateName="Kỳ lạ")), file="fc.json")
    assert "fc.json" in str(caught.value) and "ClaimReview #1" in str(caught.value)


def test_verdict_labels_are_the_ones_readers_know() -> None:
    assert Verdict.FAKE.label_vi == "Tin giả"
    assert Verdict.FALSE.label_vi == "Tin sai sự thật"
    assert Verdict.TRUE.label_vi == "Tin xác thực"
