"""Response cards in the store: assign, evidence, draft, second-person approval, publish.

Publishing a card (1) adds its correction to the fact-check library as a ClaimReview, (2)
sends it through the province's labelled channels (`loa.channels` registry, kind
"correction"), and (3) sends it back to every tipline sender whose message belongs to the
card's narrative or matches the new fact-check. A published card is never changed: a later
correction is a new card that supersedes it.

A card opens only on a checkable claim (or a text an officer re-labels as one, with a reason).
Closing a card as "not a factual claim — public feedback" moves its posts to the public
concerns: the narrative's daily counts become feedback counts (so no alert can rise on them),
or, for a claim typed in, one post is counted under concerns for today.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loa.bulletins.issuer import load_issuer
from loa.channels.base import Channel, Delivery, Publication
from loa.channels.registry import ChannelRegistry
from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.listening import response as flow
from loa.listening.claimreview import FactCheck, Verdict, to_claimreview
from loa.listening.kinds import Kind
from loa.listening.redact import redact_text
from loa.listening.response import NOT_A_CLAIM, VERDICT_CHOICES, Card, CardState, Evidence
from loa.listening.tipline import ReplySender
from loa.listening.topics import topic_of
from loa.services.accounts import list_users
from loa.services.events import record
from loa.services.listening.replies import (
    owed_replies,
    reply_sender,
    reply_text,
    send_owed_replies,
    send_replies,
)
from loa.settings import Settings, listen_salt
from loa.store.listening_tables import (
    CARD_IN_PROGRESS,
    ListenCardRow,
    ListenCountRow,
    ListenFactCheckRow,
    ListenItemRow,
    ListenNarrativeRow,
)

__all__ = [
    "CardView",
    "PublishReport",
    "add_evidence",
    "approve_card",
    "assign_card",
    "close_card_as_feedback",
    "draft_card",
    "get_card",
    "list_cards",
    "open_card",
    "open_card_for",
    "parse_verdict",
    "publish_card",
    "reject_card",
    "reply_sender",
    "send_owed_replies",
    "team_members",
]

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class CardView:
    """A card as pages and the CLI show it, with the time from first post to correction."""

    card: Card
    time_to_correction: timedelta | None
    deliveries: list[dict[str, object]]

    @property
    def hours_to_correction(self) -> float | None:
        """Return the time to correction in hours (one decimal), or None before publishing."""
        t = self.time_to_correction
        return round(t.total_seconds() / 3600, 1) if t is not None else None


def _card(row: ListenCardRow) -> Card:
    return Card(
        id=row.id, narrative_id=row.narrative_id, claim=row.claim, state=CardState(row.state),
        team=row.team,
        evidence=tuple(
            Evidence(e["source"], e["note"], e["added_by"], datetime.fromisoformat(e["added_at"]))
            for e in row.evidence
        ),
        verdict=Verdict(row.verdict) if row.verdict else None, kind=Kind(row.kind),
        truth=row.truth, correction=row.correction,
        drafted_by=row.drafted_by, approved_by=row.approved_by, published_by=row.published_by,
        drafted_by_user_id=row.drafted_by_user_id, assigned_at=row.assigned_at, drafted_at=row.drafted_at, approved_at=row.approved_at,
        published_at=row.published_at, first_seen=row.first_seen, supersedes=row.supersedes,
        history=tuple(row.history),
    )  # fmt: skip


def _save(row: ListenCardRow, card: Card) -> None:
    row.state, row.team = card.state.value, card.team
    row.verdict = card.verdict.value if card.verdict else None
    row.kind = card.kind.value
    row.truth, row.correction = card.truth, card.correction
    row.evidence = [
        {"source": e.source, "note": e.note, "added_by": e.added_by,
         "added_at": e.added_at.isoformat()}
        for e in card.evidence
    ]  # fmt: skip
    row.history = list(card.history)
    row.drafted_by, row.approved_by, row.published_by = (
        card.drafted_by, card.approved_by, card.published_by,
    )  # fmt: skip
    row.assigned_at, row.drafted_at = card.assigned_at, card.drafted_at
    row.drafted_by_user_id = card.drafted_by_user_id
    row.approved_at, row.published_at = card.approved_at, card.published_at


def _row(session: Session, card_id: int) -> ListenCardRow:
    row = session.get(ListenCardRow, card_id)
    if row is None:
        raise NotFoundError(f"Không có thẻ {card_id}.", f"There is no card {card_id}.")
    return row


def _view(row: ListenCardRow) -> CardView:
    card = _card(row)
    return CardView(card, flow.time_to_correction(card), list(row.deliveries))


def _event(session: Session, kind: str, row: ListenCardRow, actor: str, before: str) -> None:
    record(
        session,
        DomainEvent(
            f"card.{kind}", "card", str(row.id), actor,
            before={"state": before}, after={"state": row.state},
        ),
    )  # fmt: skip
    session.flush()


def parse_verdict(value: str | None) -> Verdict | str | None:
    """Return the verdict a form or option names: a Verdict, NOT_A_CLAIM, or None if blank."""
    value = (value or "").strip()
    if not value:
        return None
    if value == NOT_A_CLAIM:
        return NOT_A_CLAIM
    try:
        return Verdict(value)
    except ValueError:
        names = ", ".join(VERDICT_CHOICES)
        raise InputError(
            f"Kết luận '{value}' không có; chọn một trong: {names}.",
            f"There is no verdict '{value}'; choose one of: {names}.",
        ) from None


def open_card(
    session: Session, *, actor: str, narrative_id: int | None = None, claim: str | None = None,
    supersedes: int | None = None, relabel_reason: str = "", clock: Clock = utcnow,
) -> CardView:  # fmt: skip
    """Return a new card for a narrative (its representative text) or a claim typed in.

    Refused when the text is not a checkable claim, unless `relabel_reason` says why it is.
    """
    first_seen = None
    if narrative_id is not None:
        narrative = session.get(ListenNarrativeRow, narrative_id)
        if narrative is None:
            raise NotFoundError(
                f"Không có câu chuyện {narrative_id}.", f"There is no narrative {narrative_id}."
            )
        claim = claim or narrative.representative
        first_seen = narrative.first_seen
    if not claim or not claim.strip():
        raise InputError(
            "Cần một câu chuyện (--narrative) hoặc nội dung tin cần đính chính (--claim).",
            "Give a narrative (--narrative) or the claim to correct (--claim).",
        )
    # Personal data out of a typed claim: the correction names the claim, never a person.
    claim = redact_text(claim)
    _kind, relabel = flow.opening_kind(claim, relabel_reason=relabel_reason)
    if supersedes is not None and _row(session, supersedes).state != CardState.PUBLISHED.value:
        raise InputError(
            f"Thẻ {supersedes} chưa phát hành; sửa trực tiếp thẻ đó.",
            f"Card {supersedes} is not published; work on that card instead.",
        )
    now = clock()
    row = ListenCardRow(
        narrative_id=narrative_id, claim=claim.strip(), kind=Kind.CLAIM.value,
        state=CardState.OPEN.value, verdict=None, evidence=[],
        history=[f"{now.isoformat()} {actor} {relabel}"] if relabel else [], created_by=actor,
        created_at=now, first_seen=first_seen, supersedes=supersedes, deliveries=[],
    )  # fmt: skip
    session.add(row)
    session.flush()
    _event(session, "opened", row, actor, "-")
    return _view(row)


def assign_card(
    session: Session, card_id: int, *, team: str, actor: str, clock: Clock = utcnow
) -> CardView:
    """Return the card assigned to a rapid-response team."""
    row = _row(session, card_id)
    before = row.state
    _save(row, flow.assign(_card(row), team=team, actor=actor, at=clock()))
    _event(session, "assigned", row, actor, before)
    return _view(row)


def add_evidence(
    session: Session, card_id: int, *, source: str, note: str, actor: str, clock: Clock = utcnow
) -> CardView:
    """Return the card with one more piece of evidence."""
    row = _row(session, card_id)
    before = row.state
    _save(row, flow.attach_evidence(_card(row), source=source, note=note, actor=actor, at=clock()))
    _event(session, "evidence", row, actor, before)
    return _view(row)


def draft_card(
    session: Session, card_id: int, *, truth: str, actor: str,
    verdict: Verdict | str | None, clock: Clock = utcnow, user_id: int | None = None,
) -> CardView:  # fmt: skip
    """Return the card with its correction drafted ("Thông tin … là sai sự thật. …").

    `user_id` is the person drafting (a user, or the person a token was issued to). The
    verdict NOT_A_CLAIM closes the card instead (`truth` is then the reason).
    """
    chosen = parse_verdict(verdict) if isinstance(verdict, str) else verdict
    if chosen == NOT_A_CLAIM:
        return close_card_as_feedback(session, card_id, actor=actor, reason=truth, clock=clock)
    assert chosen is None or isinstance(chosen, Verdict)
    verdict = chosen
    row = _row(session, card_id)
    before = row.state
    drafted = flow.draft(
        _card(row), truth=truth, actor=actor, at=clock(), verdict=verdict, user_id=user_id
    )
    _save(row, drafted)
    _event(session, "drafted", row, actor, before)
    return _view(row)


def close_card_as_feedback(
    session: Session, card_id: int, *, actor: str, reason: str = "", kind: Kind | None = None,
    clock: Clock = utcnow,
) -> CardView:  # fmt: skip
    """Return the card closed as "not a factual claim", its posts moved to public concerns."""
    row = _row(session, card_id)
    before = row.state
    card = flow.close_as_feedback(_card(row), actor=actor, at=clock(), reason=reason, kind=kind)
    _save(row, card)
    if row.narrative_id is not None:
        narrative_counts = select(ListenCountRow).where(
            ListenCountRow.narrative_id == row.narrative_id
        )
        for count in session.scalars(narrative_counts):
            count.kind, count.narrative_id = card.kind.value, None
        narrative_items = select(ListenItemRow).where(
            ListenItemRow.narrative_id == row.narrative_id
        )
        for item in session.scalars(narrative_items):
            item.kind = card.kind.value
    else:
        session.add(
            ListenCountRow(
                day=clock().date(), kind=card.kind.value, topic=topic_of(row.claim).value,
                district_code=None, narrative_id=None, factcheck_id=None, count=1,
            )
        )  # fmt: skip
    _event(session, "closed", row, actor, before)
    return _view(row)


def approve_card(
    session: Session, card_id: int, *, actor: str, clock: Clock = utcnow, user_id: int | None = None
) -> CardView:
    """Return the approved card; refused if the same person (`user_id`, or `actor`) drafted it."""
    row = _row(session, card_id)
    before = row.state
    _save(row, flow.approve(_card(row), actor=actor, at=clock(), user_id=user_id))
    _event(session, "approved", row, actor, before)
    return _view(row)


def reject_card(
    session: Session, card_id: int, *, reason: str, actor: str, clock: Clock = utcnow
) -> CardView:
    """Return the card sent back for a new draft."""
    row = _row(session, card_id)
    before = row.state
    _save(row, flow.reject(_card(row), actor=actor, at=clock(), reason=reason))
    _event(session, "rejected", row, actor, before)
    return _view(row)


@dataclass(frozen=True)
class PublishReport:
    """What publishing did: the card, the new fact-check, channel deliveries, replies."""

    card: CardView
    factcheck_id: str
    deliveries: list[Delivery]
    replies_sent: int
    replies_failed: int


def publish_card(
    session: Session, card_id: int, *, actor: str, settings: Settings,
    registry: ChannelRegistry, channels: Sequence[Channel], replier: ReplySender | None,
    office_dir: Path | None = None, clock: Clock = utcnow,
) -> PublishReport:  # fmt: skip
    """Return what publishing an approved card did (library, channels, tipline replies)."""
    row = _row(session, card_id)
    now = clock()
    card = flow.publish(_card(row), actor=actor, at=now)
    assert card.correction is not None and card.verdict is not None
    issuer = load_issuer(office_dir)
    factcheck_id = f"loa-correction-{card.id}"
    url = f"{issuer.portal_url.rstrip('/')}/dinh-chinh/{card.id}"
    check = FactCheck(
        id=factcheck_id, claim=card.claim, verdict=card.verdict, url=url,
        date_published=now.date(), author=issuer.label, rating_text=card.verdict.label_vi,
        headline=f"Đính chính: {card.claim[:120]}",
    )  # fmt: skip
    session.add(
        ListenFactCheckRow(
            id=factcheck_id, claim=check.claim, verdict=check.verdict.value, url=url,
            origin="correction", data=to_claimreview(check), created_at=now,
        )
    )  # fmt: skip
    publication = Publication(
        bulletin_id=card.id, series=card.id, version=1, kind="correction", day=now.date(),
        title=check.headline or card.claim, summary=card.correction, issued_by=issuer.label,
        url=url, html=f"<p>{html.escape(card.correction)}</p>",
        extra={
            "subject": "listening-card", "claimreview": to_claimreview(check),
            "evidence": [e.source for e in card.evidence], "supersedes": card.supersedes,
            "published_at": now.isoformat(),
        },
    )  # fmt: skip
    deliveries = registry.publish(publication, channels)
    waiting = owed_replies(session, card.narrative_id, factcheck_id, statuses=("waiting",))
    # Without a gateway (LOA_TIPLINE_REPLY_URL unset) replies stay waiting, visible on the card,
    # until `loa listen replies` sends them.
    sent, failed = (
        send_replies(
            session, waiting, reply_text(card.correction, issuer.label, url), card_id=card.id,
            salt=listen_salt(settings), replier=replier, now=now,
        )
        if replier is not None
        else (0, 0)
    )  # fmt: skip
    before = row.state
    _save(row, card)
    row.factcheck_id = factcheck_id
    row.deliveries = [
        {"channel": d.channel, "status": d.status, "detail": d.detail} for d in deliveries
    ]
    record(
        session,
        DomainEvent(
            "card.published", "card", str(row.id), actor,
            before={"state": before},
            after={
                "state": row.state, "factcheck_id": factcheck_id,
                "deliveries": {d.channel: d.status for d in deliveries},
                "replies_sent": sent, "replies_failed": failed,
            },
        ),
    )  # fmt: skip
    # Written now, so that from here on the store's guard refuses any change to the card.
    session.flush()
    return PublishReport(_view(row), factcheck_id, deliveries, sent, failed)


def get_card(session: Session, card_id: int) -> CardView:
    """Return one card."""
    return _view(_row(session, card_id))


def list_cards(session: Session, *, state: str | None = None) -> list[CardView]:
    """Return the cards, newest first, optionally in one state."""
    query = select(ListenCardRow).order_by(ListenCardRow.id.desc())
    if state:
        query = query.where(ListenCardRow.state == state)
    return [_view(r) for r in session.scalars(query)]


def open_card_for(
    session: Session, *, actor: str, narrative_id: int | None, claim: str | None,
    supersedes: int | None = None, relabel_reason: str = "", clock: Clock = utcnow,
) -> tuple[CardView, bool]:  # fmt: skip
    """Return the card to work on and whether it is new: a narrative keeps one card in progress.

    A narrative's card that is neither published nor closed is returned as it is, so two people
    (or the desk and `loa listen respond open`) never open two cards on one rumour, even a
    correction that supersedes a published card. The store holds the rule too (a partial unique
    index): when another session opens the narrative's card between this one's look and its
    write, the write is refused and that card is returned.
    """
    if narrative_id is not None and (found := _in_progress(session, narrative_id)) is not None:
        return _view(found), False
    try:
        with session.begin_nested():
            made = open_card(
                session, actor=actor, narrative_id=narrative_id, claim=claim,
                supersedes=supersedes, relabel_reason=relabel_reason, clock=clock,
            )  # fmt: skip
    except IntegrityError:
        if narrative_id is None or (found := _in_progress(session, narrative_id)) is None:
            raise
        return _view(found), False
    return made, True


def _in_progress(session: Session, narrative_id: int) -> ListenCardRow | None:
    """Return the narrative's card that is neither published nor closed, if there is one."""
    return session.scalars(
        select(ListenCardRow)
        .where(ListenCardRow.narrative_id == narrative_id, CARD_IN_PROGRESS)
        .order_by(ListenCardRow.id)
    ).first()


def team_members(session: Session) -> list[str]:
    """Return the logins who may work a card (rapid-response members and officers), sorted."""
    return sorted(
        u.login for u in list_users(session) if u.active and u.role in ("rapid", "comms", "admin")
    )
