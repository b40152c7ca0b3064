"""Rapid response: a narrative card from assignment to a published correction.

    open ──assign──► assigned ──draft──► drafted ──approve──► approved ──publish──► published
      │                 ▲                   │
      │                 └──────reject───────┘
      └──(open, assigned or drafted) "not a factual claim — public feedback"──► closed

- Only a checkable claim can be called false. A card opens only on a text that
  `kinds.classify` finds to be a claim; an officer who disagrees re-labels it as a claim
  with a reason, kept in the card's history. The verdict `NOT_A_CLAIM` ("Không phải thông
  tin cần kiểm chứng — ý kiến, phản ánh") closes the card: its posts are public concerns.
- No verdict is assumed: the team chooses one when drafting.
- A verdict that calls the claim wrong (fake, false, misleading) needs the claim's text and
  at least one cited source: a URL or an official document number ("4800/QĐ-BYT",
  "427-CV/BTGTU"). Drafting, approval and publishing each check it again.
- The draft follows the province's form: "Thông tin “…” là sai sự thật. Sự thật là …
  Nguồn: …" (the verdict's words change with the verdict). It names the claim, never a
  person: the form has no place for one, and it cannot be rendered for a non-claim.
- Approval needs a second person: whoever drafted cannot approve.
- A published card is final. A later correction of the same narrative is a new card that
  names the one it supersedes.

Functions here take a `Card` and return a new one; they never change their argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from loa.errors import InputError
from loa.listening.claimreview import Verdict
from loa.listening.kinds import Kind, classify

__all__ = [
    "NOT_A_CLAIM",
    "VERDICT_CHOICES",
    "Card",
    "CardState",
    "Evidence",
    "approve",
    "assign",
    "attach_evidence",
    "close_as_feedback",
    "correction_text",
    "draft",
    "is_cited_source",
    "opening_kind",
    "publish",
    "reject",
    "time_to_correction",
]

#: The verdict that says the text is not a factual claim: it closes the card.
NOT_A_CLAIM = "y_kien_phan_anh"
#: Every choice of the verdict list, value to (Vietnamese, English) label, none preselected.
VERDICT_CHOICES: dict[str, tuple[str, str]] = {
    **{v.value: (v.label_vi, v.label_en) for v in Verdict},
    NOT_A_CLAIM: (
        "Không phải thông tin cần kiểm chứng — ý kiến, phản ánh",
        "Not a factual claim — public feedback",
    ),
}
# A URL, or an official document number: "4800/QĐ-BYT", "05/QĐ-UBND", "427-CV/BTGTU".
_CITED = re.compile(
    r"https?://[^\s/]+\.[^\s]+|\b\d+(?:-[A-ZĐ][A-Za-zĐđ]*)?/[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)*"
)


class CardState(StrEnum):
    """Where a card stands in the response workflow."""

    OPEN = "open"
    ASSIGNED = "assigned"
    DRAFTED = "drafted"
    APPROVED = "approved"
    PUBLISHED = "published"
    CLOSED = "closed"


@dataclass(frozen=True)
class Evidence:
    """A source the correction rests on: where it is and what it shows."""

    source: str
    note: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class Card:
    """A narrative (or a single claim) the rapid-response team works on."""

    id: int
    narrative_id: int | None
    claim: str
    state: CardState = CardState.OPEN
    team: str | None = None
    evidence: tuple[Evidence, ...] = ()
    verdict: Verdict | None = None
    kind: Kind = Kind.CLAIM
    truth: str | None = None
    correction: str | None = None
    drafted_by: str | None = None
    drafted_by_user_id: int | None = None  # the person (users.id) who drafted, when known
    approved_by: str | None = None
    published_by: str | None = None
    assigned_at: datetime | None = None
    drafted_at: datetime | None = None
    approved_at: datetime | None = None
    published_at: datetime | None = None
    first_seen: datetime | None = None
    supersedes: int | None = None
    history: tuple[str, ...] = field(default_factory=tuple)


# How each verdict is said in the correction's first sentence.
_VERDICT_WORDS = {
    Verdict.FAKE: "là tin giả",
    Verdict.FALSE: "là sai sự thật",
    Verdict.MISLEADING: "gây hiểu lầm",
    Verdict.UNPROVEN: "chưa được kiểm chứng",
    Verdict.TRUE: "là đúng sự thật",
}


def _refuse(vi: str, en: str) -> InputError:
    return InputError(vi, en)


def _require(card: Card, *states: CardState) -> None:
    if card.state not in states:
        wanted = ", ".join(s.value for s in states)
        raise _refuse(
            f"Thẻ {card.id} đang ở trạng thái «{card.state.value}»; việc này cần trạng thái: {wanted}.",
            f"Card {card.id} is «{card.state.value}»; this needs the state: {wanted}.",
        )


def is_cited_source(source: str) -> bool:
    """Return True if `source` cites a URL or an official document number."""
    return bool(_CITED.search(source))


def opening_kind(claim: str, *, relabel_reason: str = "") -> tuple[Kind, str | None]:
    """Return (CLAIM, the re-label note or None) for a text a card may open on.

    Refused when the text is not a claim and no reason is given for re-labelling it.
    """
    found = classify(claim)
    if found.kind is Kind.CLAIM:
        return Kind.CLAIM, None
    reason = relabel_reason.strip()
    if not reason:
        raise _refuse(
            f"«{claim.strip()}» là {found.kind.label_vi.lower()}, không phải thông tin cần kiểm "
            f"chứng ({found.reason('vi')}). Thẻ chỉ mở cho tin cần kiểm chứng; ý kiến được đếm ở "
            "trang Ý kiến người dân. Nếu bạn cho rằng đây là tin cần kiểm chứng, hãy ghi lý do "
            "đổi loại.",
            f"«{claim.strip()}» is {found.kind.label_en.lower()}, not a checkable claim "
            f"({found.reason('en')}). A card opens only on a claim; feedback is counted on the "
            "public concerns page. If you think it is a claim, give a reason to re-label it.",
        )
    return Kind.CLAIM, f"relabel {found.kind.value} -> claim: {reason}"


def _require_grounds(card: Card, verdict: Verdict | None) -> Verdict:
    """Return the verdict once the card may carry it; refuse a non-claim or an unsourced one."""
    if card.kind is not Kind.CLAIM:
        raise _refuse(
            f"Thẻ {card.id} không phải thông tin cần kiểm chứng ({card.kind.label_vi}); "
            "không thể kết luận hay đính chính.",
            f"Card {card.id} is not a checkable claim ({card.kind.label_en}); it cannot get a "
            "verdict or a correction.",
        )
    if verdict is None:
        raise _refuse(
            f"Thẻ {card.id} chưa có kết luận; hãy chọn một kết luận khi soạn.",
            f"Card {card.id} has no verdict; choose one when drafting.",
        )
    if not card.claim.strip():
        raise _refuse(
            f"Thẻ {card.id} chưa ghi nội dung thông tin cần kết luận.",
            f"Card {card.id} does not say which claim the verdict is on.",
        )
    if verdict.claim_is_wrong and not any(is_cited_source(e.source) for e in card.evidence):
        raise _refuse(
            f"Kết luận «{verdict.label_vi}» cần ít nhất một nguồn trích dẫn: đường dẫn (https://…) "
            f"hoặc số văn bản chính thức (ví dụ 4800/QĐ-BYT). Thẻ {card.id} chưa có.",
            f"The verdict «{verdict.label_en}» needs at least one cited source: a URL "
            f"(https://…) or an official document number (e.g. 4800/QĐ-BYT). Card {card.id} "
            "has none.",
        )
    return verdict


def correction_text(
    claim: str, truth: str, sources: list[str], verdict: Verdict, *, kind: Kind = Kind.CLAIM
) -> str:
    """Return the correction in the province's form, e.g. "Thông tin “…” là sai sự thật. …".

    It names the claim only. Refused for a text that is not a claim.
    """
    if kind is not Kind.CLAIM:
        raise _refuse(
            f"Không soạn đính chính cho {kind.label_vi.lower()}: chỉ tin cần kiểm chứng mới có "
            "đính chính.",
            f"No correction for {kind.label_en.lower()}: only a checkable claim gets one.",
        )
    claim_text = claim.strip().rstrip(".")
    truth_text = truth.strip()
    if truth_text and truth_text[-1] not in ".!?":
        truth_text += "."
    source_text = "; ".join(s.strip() for s in sources if s.strip())
    return (
        f"Thông tin “{claim_text}” {_VERDICT_WORDS[verdict]}. "
        f"Sự thật là {truth_text[:1].lower()}{truth_text[1:]} Nguồn: {source_text}."
    )


def assign(card: Card, *, team: str, actor: str, at: datetime) -> Card:
    """Return the card assigned to a rapid-response team (or reassigned before approval)."""
    _require(card, CardState.OPEN, CardState.ASSIGNED, CardState.DRAFTED)
    if not team.strip():
        raise _refuse("Cần ghi tên tổ phản ứng nhanh.", "Name the rapid-response team.")
    state = CardState.ASSIGNED if card.state is CardState.OPEN else card.state
    return replace(
        card, team=team.strip(), state=state, assigned_at=at,
        history=(*card.history, f"{at.isoformat()} {actor} assign {team.strip()}"),
    )  # fmt: skip


def attach_evidence(card: Card, *, source: str, note: str, actor: str, at: datetime) -> Card:
    """Return the card with one more piece of evidence (before approval only)."""
    _require(card, CardState.OPEN, CardState.ASSIGNED, CardState.DRAFTED)
    if not source.strip():
        raise _refuse(
            "Bằng chứng cần nguồn (đường dẫn, số văn bản hoặc tên cơ quan).",
            "Evidence needs a source (a link, a document number or an authority).",
        )
    evidence = Evidence(source.strip(), note.strip(), actor, at)
    return replace(
        card, evidence=(*card.evidence, evidence),
        history=(*card.history, f"{at.isoformat()} {actor} evidence {source.strip()}"),
    )  # fmt: skip


def draft(
    card: Card, *, truth: str, actor: str, at: datetime, verdict: Verdict | None,
    user_id: int | None = None,
) -> Card:  # fmt: skip
    """Return the card with a drafted correction built from the claim, truth and evidence."""
    _require(card, CardState.ASSIGNED, CardState.DRAFTED)
    if not truth.strip():
        raise _refuse(
            "Cần viết sự thật (câu «Sự thật là ...»).",
            "Write what is true (the «Sự thật là ...» sentence).",
        )
    if not card.evidence:
        raise _refuse(
            f"Thẻ {card.id} chưa có bằng chứng; hãy thêm nguồn trước khi soạn đính chính.",
            f"Card {card.id} has no evidence; attach a source before drafting the correction.",
        )
    chosen = _require_grounds(card, verdict)
    text = correction_text(card.claim, truth, [e.source for e in card.evidence], chosen)
    return replace(
        card, state=CardState.DRAFTED, truth=truth.strip(), verdict=chosen, correction=text,
        drafted_by=actor, drafted_by_user_id=user_id, drafted_at=at, approved_by=None,
        approved_at=None,
        history=(*card.history, f"{at.isoformat()} {actor} draft"),
    )  # fmt: skip


def approve(card: Card, *, actor: str, at: datetime, user_id: int | None = None) -> Card:
    """Return the approved card; refused when the approver is the person who drafted it.

    People are compared (`user_id`), whichever way they act (session or their token).
    """
    _require(card, CardState.DRAFTED)
    _require_grounds(card, card.verdict)
    if actor == card.drafted_by or (user_id is not None and user_id == card.drafted_by_user_id):
        raise _refuse(
            f"{actor} đã soạn đính chính này; cần một người khác duyệt.",
            f"{actor} drafted this correction; a second person must approve it.",
        )
    return replace(
        card, state=CardState.APPROVED, approved_by=actor, approved_at=at,
        history=(*card.history, f"{at.isoformat()} {actor} approve"),
    )  # fmt: skip


def reject(card: Card, *, actor: str, at: datetime, reason: str) -> Card:
    """Return the card sent back to its team for a new draft, with the reason."""
    _require(card, CardState.DRAFTED)
    return replace(
        card, state=CardState.ASSIGNED, correction=None,
        history=(*card.history, f"{at.isoformat()} {actor} reject {reason.strip()}"),
    )  # fmt: skip


def publish(card: Card, *, actor: str, at: datetime) -> Card:
    """Return the published card (final from now on)."""
    _require(card, CardState.APPROVED)
    _require_grounds(card, card.verdict)
    return replace(
        card, state=CardState.PUBLISHED, published_by=actor, published_at=at,
        history=(*card.history, f"{at.isoformat()} {actor} publish"),
    )  # fmt: skip


def close_as_feedback(
    card: Card, *, actor: str, at: datetime, reason: str = "", kind: Kind | None = None
) -> Card:
    """Return the card closed as "not a factual claim — public feedback" (before approval).

    The kind is the one given, else what the classifier finds, else opinion.
    """
    _require(card, CardState.OPEN, CardState.ASSIGNED, CardState.DRAFTED)
    if kind is None:
        found = classify(card.claim).kind
        kind = found if found.is_feedback else Kind.OPINION
    if not kind.is_feedback:
        raise _refuse(
            "Chọn loại ý kiến: opinion (ý kiến), complaint (phản ánh) hoặc question (câu hỏi).",
            "Choose a feedback kind: opinion, complaint or question.",
        )
    note = f" {reason.strip()}" if reason.strip() else ""
    return replace(
        card, state=CardState.CLOSED, kind=kind, verdict=None, correction=None,
        approved_by=None, approved_at=None,
        history=(*card.history, f"{at.isoformat()} {actor} not-a-claim {kind.value}{note}"),
    )  # fmt: skip


def time_to_correction(card: Card) -> timedelta | None:
    """Return the time from the narrative's first post to the published correction."""
    if card.first_seen is None or card.published_at is None:
        return None
    return _aware(card.published_at) - _aware(card.first_seen)


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; Loa stores UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
