"""Fact-checks in and out as schema.org ClaimReview (JSON-LD), with Vietnamese verdict labels.

A file may hold one ClaimReview object, a list of them, or an `@graph`. Ratings are read from
`reviewRating.alternateName` (English or Vietnamese words) or, failing that, from
`ratingValue` on the `worstRating`..`bestRating` scale, and mapped to the five verdicts that
Vietnamese readers know from VAFC (tingia.gov.vn) and the Ministry of Health.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from loa.errors import DocumentError, Where
from loa.text import fold, is_web_url

__all__ = [
    "FactCheck",
    "Verdict",
    "dump_claimreviews",
    "parse_claimreviews",
    "to_claimreview",
    "verdict_from_rating",
]


class Verdict(StrEnum):
    """A fact-check's verdict, in the words VAFC and the Ministry of Health use."""

    FAKE = "tin_gia"
    FALSE = "sai_su_that"
    MISLEADING = "gay_hieu_lam"
    UNPROVEN = "chua_kiem_chung"
    TRUE = "xac_thuc"

    @property
    def label_vi(self) -> str:
        """Return the Vietnamese label shown to readers ("Tin giả", ...)."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """Return the English label ("Fake", ...)."""
        return _LABELS[self][1]

    @property
    def claim_is_wrong(self) -> bool:
        """Return True if the reviewed claim should not be spread (fake, false, misleading)."""
        return self in (Verdict.FAKE, Verdict.FALSE, Verdict.MISLEADING)


_LABELS = {
    Verdict.FAKE: ("Tin giả", "Fake"),
    Verdict.FALSE: ("Tin sai sự thật", "False"),
    Verdict.MISLEADING: ("Gây hiểu lầm", "Misleading"),
    Verdict.UNPROVEN: ("Chưa kiểm chứng", "Unproven"),
    Verdict.TRUE: ("Tin xác thực", "True"),
}
# alternateName words (folded: lower case, no diacritics) for each verdict. Longer phrases are
# tried first, so "mostly false" is misleading before "false" is false.
_WORDS: dict[Verdict, tuple[str, ...]] = {
    Verdict.FAKE: (
        "tin gia", "gia mao", "bia dat", "lua dao", "fake", "fabricated", "hoax", "scam",
        "pants on fire", "satire", "fake news", "imposter",
    ),
    Verdict.FALSE: (
        "sai su that", "tin sai", "xuyen tac", "khong dung", "khong chinh xac", "sai", "false",
        "incorrect", "wrong", "inaccurate", "distorted", "not true", "debunked",
    ),
    Verdict.MISLEADING: (
        "gay hieu lam", "de gay hieu lam", "sai mot phan", "dung mot phan", "thieu boi canh",
        "phong dai", "cat ghep", "misleading", "half true", "mostly false", "partly false",
        "partially false", "mixture", "mixed", "missing context", "out of context",
        "exaggerated", "exaggeration", "needs context",
    ),
    Verdict.UNPROVEN: (
        "chua kiem chung", "chua xac minh", "chua co bang chung", "chua ro", "khong co can cu",
        "unproven", "unverified", "unsupported", "no evidence", "unsubstantiated",
        "research in progress", "not proven",
    ),
    Verdict.TRUE: (
        "tin xac thuc", "xac thuc", "dung su that", "chinh xac", "dung", "su that", "true",
        "correct", "accurate", "verified", "confirmed", "mostly true",
    ),
}  # fmt: skip
_PHRASES = sorted(
    ((phrase, verdict) for verdict, words in _WORDS.items() for phrase in words),
    key=lambda pair: -len(pair[0]),
)


def _verdict_from_words(name: str) -> Verdict | None:
    key = f" {fold(name).replace('-', ' ').replace('.', ' ')} "
    for phrase, verdict in _PHRASES:
        if f" {phrase} " in key:
            return verdict
    return None


def verdict_from_rating(
    alternate_name: str | None,
    rating_value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> Verdict | None:
    """Return the verdict for a reviewRating, from its words first, then its number.

    On a numeric scale (default 1 to 5) the bottom quarter is false, the top quarter true
    and the middle misleading. Returns None if neither words nor number say anything.
    """
    if alternate_name:
        found = _verdict_from_words(alternate_name)
        if found is not None:
            return found
    if rating_value is None:
        return None
    high = 5.0 if best is None else best
    low = 1.0 if worst is None else worst
    if high == low:
        return None
    position = (rating_value - low) / (high - low)
    if position <= 0.25:
        return Verdict.FALSE
    if position >= 0.75:
        return Verdict.TRUE
    return Verdict.MISLEADING


@dataclass(frozen=True)
class FactCheck:
    """One reviewed claim: what was claimed, the verdict, and where the review is published."""

    id: str
    claim: str
    verdict: Verdict
    url: str
    date_published: date | None = None
    author: str | None = None
    rating_text: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    claim_author: str | None = None
    claim_date: date | None = None
    appearances: tuple[str, ...] = field(default_factory=tuple)
    first_appearance: str | None = None
    headline: str | None = None


def _name(value: object) -> str | None:
    if isinstance(value, Mapping):
        name = value.get("name")
        return str(name) if name else None
    if isinstance(value, list) and value:
        return _name(value[0])
    return str(value) if value not in (None, "") else None


def _url(value: object) -> str | None:
    if isinstance(value, Mapping):
        found = value.get("url") or value.get("@id")
        return str(found) if found else None
    return str(value) if value not in (None, "") else None


def _urls(value: object) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(u for u in (_url(v) for v in values) if u)


def _date(value: object, where: Where) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise DocumentError(
            f"ngày «{value}» không đúng dạng YYYY-MM-DD",
            f"date «{value}» is not in the form YYYY-MM-DD",
            where=where,
        ) from None


def _number(value: object) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def _is_claimreview(node: object) -> bool:
    if not isinstance(node, Mapping):
        return False
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds or "claimReviewed" in node


def _nodes(document: object) -> Iterable[Mapping[str, object]]:
    if isinstance(document, list):
        for entry in document:
            yield from _nodes(entry)
    elif isinstance(document, Mapping):
        if "@graph" in document:
            yield from _nodes(document["@graph"])
        elif _is_claimreview(document):
            yield document


def _from_node(node: Mapping[str, object], number: int, file: str | None) -> FactCheck:
    where = Where(file=file, column=f"ClaimReview #{number}")
    claim = node.get("claimReviewed")
    if not claim or not str(claim).strip():
        raise DocumentError(
            "ClaimReview thiếu claimReviewed (nội dung tin được kiểm chứng)",
            "ClaimReview has no claimReviewed (the text of the claim checked)",
            where=where,
        )
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, Mapping) else {}
    rating_text = _name({"name": rating.get("alternateName")})
    value = _number(rating.get("ratingValue"))
    best = _number(rating.get("bestRating"))
    worst = _number(rating.get("worstRating"))
    verdict = verdict_from_rating(rating_text, value, best, worst)
    if verdict is None:
        raise DocumentError(
            f"không hiểu kết luận «{rating_text or value}»; ghi alternateName là một trong: "
            "tin giả, sai sự thật, gây hiểu lầm, chưa kiểm chứng, xác thực",
            f"verdict «{rating_text or value}» not understood; set alternateName to one of: "
            "fake, false, misleading, unproven, true",
            where=where,
        )
    item = node.get("itemReviewed")
    item = item if isinstance(item, Mapping) else {}
    url = _url(node.get("url")) or ""
    if url and not is_web_url(url):
        raise DocumentError(
            f"url «{url[:80]}» không phải địa chỉ http:// hay https://; "
            "chỉ nhận địa chỉ trang web của bài kiểm chứng",
            f"url «{url[:80]}» is not an http:// or https:// address; "
            "only the web address of the fact-check is accepted",
            where=where,
        )
    # An @id is often a URN: it names the review, and is its address only when it is one.
    at_id = _url(node.get("@id")) or ""
    url = url or (at_id if is_web_url(at_id) else "")
    identifier = node.get("identifier") or node.get("@id") or url
    if not identifier:
        raise DocumentError(
            "ClaimReview không có url, @id hay identifier để nhận diện",
            "ClaimReview has no url, @id or identifier to tell it apart",
            where=where,
        )
    first = item.get("firstAppearance")
    return FactCheck(
        id=str(identifier),
        claim=str(claim).strip(),
        verdict=verdict,
        url=url,
        date_published=_date(node.get("datePublished"), where),
        author=_name(node.get("author")),
        rating_text=rating_text,
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        claim_author=_name(item.get("author")),
        claim_date=_date(item.get("datePublished"), where),
        appearances=_urls(item.get("appearance")) if item.get("appearance") else (),
        first_appearance=_url(first) if first else None,
        headline=_name({"name": node.get("headline")}),
    )


def parse_claimreviews(text: str, *, file: str | None = None) -> list[FactCheck]:
    """Return the fact-checks in a ClaimReview JSON-LD text (object, list or @graph).

    Raises `DocumentError` naming the entry (and file) when the JSON or an entry is wrong.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise DocumentError(
            f"tệp không phải JSON hợp lệ: {err.msg}",
            f"the file is not valid JSON: {err.msg}",
            where=Where(file=file, line=err.lineno),
        ) from None
    nodes = list(_nodes(document))
    if not nodes:
        raise DocumentError(
            "không tìm thấy ClaimReview nào (cần @type là ClaimReview)",
            "no ClaimReview found (an object with @type ClaimReview is needed)",
            where=Where(file=file),
        )
    return [_from_node(node, number, file) for number, node in enumerate(nodes, start=1)]


def _drop_empty(values: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def _words_needed(check: FactCheck) -> str | None:
    """Return the verdict's label unless the numeric rating already reads as that verdict."""
    from_number = verdict_from_rating(
        None, check.rating_value, check.best_rating, check.worst_rating
    )
    return None if from_number is check.verdict else check.verdict.label_vi


def to_claimreview(check: FactCheck) -> dict[str, object]:
    """Return one fact-check as a schema.org ClaimReview object (without @context)."""
    rating = _drop_empty(
        {
            "@type": "Rating",
            "alternateName": check.rating_text or _words_needed(check),
            "ratingValue": check.rating_value,
            "bestRating": check.best_rating,
            "worstRating": check.worst_rating,
        }
    )
    claim = _drop_empty(
        {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": check.claim_author}
            if check.claim_author
            else None,
            "datePublished": check.claim_date.isoformat() if check.claim_date else None,
            "appearance": [{"@type": "CreativeWork", "url": u} for u in check.appearances],
            "firstAppearance": {"@type": "CreativeWork", "url": check.first_appearance}
            if check.first_appearance
            else None,
        }
    )
    return _drop_empty(
        {
            "@type": "ClaimReview",
            "identifier": check.id,
            "url": check.url,
            "headline": check.headline,
            "claimReviewed": check.claim,
            "datePublished": check.date_published.isoformat() if check.date_published else None,
            "author": {"@type": "Organization", "name": check.author} if check.author else None,
            "reviewRating": rating,
            "itemReviewed": claim,
            "inLanguage": "vi",
        }
    )


def dump_claimreviews(checks: Sequence[FactCheck]) -> str:
    """Return the fact-checks as one JSON-LD document with an @graph, UTF-8 text, indented."""
    document = {
        "@context": "https://schema.org",
        "@graph": [to_claimreview(check) for check in checks],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
