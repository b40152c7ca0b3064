"""Attack 9: a ClaimReview `url` of `javascript:` was rendered as a link in the library.

URLs from outside are checked when imported (only http:// and https://) and again when a
page is rendered (a row stored before the check is shown as text, never as a link).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from loa.errors import DocumentError
from loa.events import utcnow
from loa.listening.claimreview import parse_claimreviews
from loa.store.listening_tables import ListenFactCheckRow
from loa.text import is_web_url

from .conftest import Desk

EVIL = "javascript:alert(document.cookie)"


def _review(**fields: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Sóng 5G lây lan virus corona",
        "datePublished": "2021-04-14",
        "reviewRating": {"@type": "Rating", "alternateName": "Sai sự thật"},
        **fields,
    }


@pytest.mark.parametrize(
    "url",
    [
        EVIL,
        "JavaScript:alert(1)",
        "data:text/html,<script>1</script>",
        "vbscript:x",
        "//evil.example/x",
        "https://ok.example/ x",
    ],
)
def test_import_refuses_an_address_that_is_not_http(url: str) -> None:
    text = json.dumps([_review(url="https://factcheck.example.vn/a"), _review(url=url)])
    with pytest.raises(DocumentError) as caught:
        parse_claimreviews(text, file="kiem-chung.jsonld")
    message = caught.value.message("en")
    assert "kiem-chung.jsonld" in message and "ClaimReview #2" in message and "http" in message
    assert "https://" in caught.value.message("vi")


def test_a_urn_id_names_the_review_without_becoming_a_link() -> None:
    [check] = parse_claimreviews(json.dumps(_review(**{"@id": "urn:uuid:1234"})))
    assert check.id == "urn:uuid:1234" and check.url == ""


def test_desk_import_says_why_and_keeps_nothing(desk: Desk) -> None:
    desk.user("thu", "rapid")
    token = desk.csrf("/listening/factchecks")
    body = json.dumps([_review(url=EVIL)]).encode()
    answer = desk.client.post(
        "/listening/factchecks/import",
        data={"csrf_token": token},
        files={"file": ("kiem-chung.jsonld", body, "application/ld+json")},
    )
    assert answer.status_code == 303
    page = desk.client.get(answer.headers["location"]).text
    assert "không phải địa chỉ http://" in page
    assert desk.session.scalar(select(func.count()).select_from(ListenFactCheckRow)) == 0


def test_a_stored_javascript_url_is_shown_as_text_not_a_link(desk: Desk) -> None:
    # As a row imported before URLs were checked would be.
    desk.session.add(
        ListenFactCheckRow(
            id="old-1", claim="Tỏi chữa khỏi Covid", verdict="false", url=EVIL,
            origin="import", data={}, created_at=utcnow(),
        )
    )  # fmt: skip
    desk.session.commit()
    desk.user("thu", "rapid")
    page = desk.client.get("/listening/factchecks").text
    assert 'data-factcheck="old-1"' in page
    assert 'href="javascript:' not in page.lower() and "javascript:alert" in page


def test_evidence_that_is_not_a_web_address_is_not_a_link(desk: Desk) -> None:
    desk.user("thu", "rapid")
    card = desk.client.post(
        "/api/v1/listening/cards",
        json={"claim": "Tỏi chữa khỏi Covid"},
        headers={"X-CSRF-Token": desk.csrf("/listening/cards")},
    ).json()["id"]
    for source in (EVIL, "https://syt.example.vn/cv-1"):
        desk.client.post(
            f"/api/v1/listening/cards/{card}/evidence",
            json={"source": source},
            headers={"X-CSRF-Token": desk.csrf("/listening/cards")},
        )
    page = desk.client.get(f"/listening/cards/{card}").text
    assert 'href="https://syt.example.vn/cv-1"' in page and 'href="javascript:' not in page


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://baochinhphu.vn/a?b=1#c", True),
        ("HTTP://Example.vn", True),
        ("https://sở-y-tế.vn/tin", True),
        ("https://", False),
        ("javascript://%0aalert(1)", False),
        ("https://ok.example/\nx", False),
        ("mailto:a@b.vn", False),
    ],
)
def test_what_counts_as_a_web_address(text: str, ok: bool) -> None:
    assert is_web_url(text) is ok
