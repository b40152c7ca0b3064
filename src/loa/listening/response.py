"""Rapid response: a narrative card from assignment to a published correction.

    open ──assign──► assigned ──draft──► drafted ──approve──► approved ──publish──► published
                        ▲                   │
                        └──────reject───────┘

- The team attaches evidence (a source and what it shows) at any step before approval; a
  correction cannot be approved without evidence, so every correction traces to it.
- The draft follows the province's form: "Thông tin “…” là sai sự thật. Sự thật là …
  Nguồn: …" (the verdict's words change with the verdict).
- Approval needs a second person: whoever drafted cannot approve.
- A published card is final. A later correction of the same narrative is a new card that
  names the one it supersedes.

Functions here take a `Card` and return a new one; they never change their argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from loa.errors import InputError
from loa.listening.claimreview import Verdict

__all__ = [
    "Card",
    "CardState",
    "Evidence",
    "approve",
    "assign",
    "attach_evidence",
    "correction_text",
    "draft",
    "publish",
    "reject",
    "time_to_correction",
]


class CardState(StrEnum):
    """Where a card stands in the response workflow."""

    OPEN = "open"
    ASSIGNED = "assigned"
    DRAFTED = "drafted"
    APPROVED = "approved"
    PUBLISHED = "published"


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
    verdict: Verdict = Verdict.FALSE
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


def correction_text(
    claim: str, truth: str, sources: list[str], verdict: Verdict = Verdict.FALSE
) -> str:
    """Return the correction in the province's form, e.g. "Thông tin “…” là sai sự thật. …"."""
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
    card: Card,
    *,
    truth: str,
    actor: str,
    at: datetime,
    verdict: Verdict = Verdict.FALSE,
    user_id: int | None = None,
) -> Card:
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
    text = correction_text(card.claim, truth, [e.source for e in card.evidence], verdict)
    return replace(
        card, state=CardState.DRAFTED, truth=truth.strip(), verdict=verdict, correction=text,
        drafted_by=actor, drafted_by_user_id=user_id, drafted_at=at, approved_by=None, approved_at=None,
        history=(*card.history, f"{at.isoformat()} {actor} draft"),
    )  # fmt: skip


def approve(card: Card, *, actor: str, at: datetime, user_id: int | None = None) -> Card:
    """Return the approved card; refused when the approver is the person who drafted it.

    People are compared (`user_id`), whichever way they act (session or their token).
    """
    _require(card, CardState.DRAFTED)
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
    return replace(
        card, state=CardState.PUBLISHED, published_by=actor, published_at=at,
        history=(*card.history, f"{at.isoformat()} {actor} publish"),
    )  # fmt: skip


def time_to_correction(card: Card) -> timedelta | None:
    """Return the time from the narrative's first post to the published correction."""
    if card.first_seen is None or card.published_at is None:
        return None
    return _aware(card.published_at) - _aware(card.first_seen)


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; Loa stores UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
