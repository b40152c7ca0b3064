"""Tipline replies: answer each sender owed a verdict or a published correction, once.

A sender's address is kept sealed (LOA_LISTEN_SALT) until the reply goes; then it is cleared.
One person who sent the same rumour three times is answered once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from loa.bulletins.issuer import load_issuer
from loa.events import utcnow
from loa.http import HttpxTransport
from loa.listening.claimreview import Verdict
from loa.listening.response import CardState
from loa.listening.tipline import ChannelReplySender, GatewayReplySender, ReplySender, unseal
from loa.services.zalo import zalo_reply_sender
from loa.settings import Settings, listen_salt
from loa.store.listening_tables import (
    ListenCardRow,
    ListenFactCheckRow,
    ListenItemRow,
    ListenReplyRow,
)

Clock = Callable[[], datetime]


def send_replies(
    session: Session, rows: Sequence[ListenReplyRow], text: str, *, card_id: int | None,
    salt: str, replier: ReplySender, now: datetime,
) -> tuple[int, int]:  # fmt: skip
    sent = failed = 0
    done: set[tuple[str, str]] = set()
    for reply in rows:
        address = unseal(reply.sealed, salt) if reply.sealed else None
        if address is None:
            reply.status, reply.detail = "failed", "address cannot be unsealed"
            failed += 1
            continue
        # One sender who sent the rumour three times gets the correction once.
        if (address.channel, address.address) in done:
            outcome_status, detail = "sent", "same sender, already answered"
        else:
            outcome = replier.send(address, text)
            outcome_status, detail = outcome.status, outcome.detail
        if outcome_status == "sent":
            done.add((address.channel, address.address))
            reply.sealed, reply.status, reply.sent_at = None, "sent", now
            sent += 1
        elif outcome_status == "retry":
            reply.status = "waiting"  # tried again by the next `loa listen replies`
            failed += 1
        elif outcome_status == "gave_up":
            # It can never be delivered (the person closed the channel): keep no address.
            reply.sealed, reply.status = None, "failed"
            failed += 1
        else:
            reply.status = "failed"
            failed += 1
        reply.detail, reply.card_id = detail[:200], card_id
    return sent, failed


def reply_with_factcheck(
    session: Session, item: ListenItemRow, factcheck_id: str, *, settings: Settings,
    replier: ReplySender, clock: Clock = utcnow,
) -> int:  # fmt: skip
    """Return the replies sent to the sender of `item` with the library's verdict."""
    check = session.get(ListenFactCheckRow, factcheck_id)
    if check is None:
        return 0
    text = (
        f"Cảm ơn bạn đã gửi tin. Thông tin này đã được kiểm chứng: "
        f"{Verdict(check.verdict).label_vi}. Chi tiết: {check.url}"
    )
    rows = list(
        session.scalars(
            select(ListenReplyRow).where(
                ListenReplyRow.item_id == item.id, ListenReplyRow.status == "waiting"
            )
        )
    )
    sent, _ = send_replies(
        session, rows, text, card_id=None, salt=listen_salt(settings), replier=replier, now=clock()
    )
    session.flush()
    return sent


def owed_replies(
    session: Session, narrative_id: int | None, factcheck_id: str, *, statuses: Sequence[str]
) -> list[ListenReplyRow]:
    """Return the replies owed to senders of items of a narrative or matched to a fact-check."""
    items = select(ListenItemRow.id).where(
        or_(
            ListenItemRow.narrative_id == narrative_id
            if narrative_id is not None
            else ListenItemRow.id.is_(None),
            ListenItemRow.factcheck_id == factcheck_id,
        )
    )
    return list(
        session.scalars(
            select(ListenReplyRow).where(
                ListenReplyRow.item_id.in_(items),
                ListenReplyRow.status.in_(list(statuses)),
                ListenReplyRow.sealed.is_not(None),
            )
        )
    )


def reply_text(correction: str, issuer_label: str, url: str) -> str:
    return f"{correction} ({issuer_label}, {url})"


def reply_sender(settings: Settings, office_dir: Path | None = None) -> ReplySender | None:
    """Return the sender of tipline replies the settings name, or None when none is set.

    Zalo senders are answered through the province's Zalo OA when LOA_ZALO_APP_ID and
    LOA_ZALO_APP_SECRET are set; every other channel (and Zalo without them) through the
    messaging gateway LOA_TIPLINE_REPLY_URL.
    """
    gateway = (
        GatewayReplySender(
            settings.tipline_reply_url,
            HttpxTransport(),
            settings.tipline_reply_token,
            load_issuer(office_dir).label,
        )
        if settings.tipline_reply_url
        else None
    )
    zalo = zalo_reply_sender(settings)
    if zalo is None:
        return gateway
    return ChannelReplySender({"zalo": zalo}, fallback=gateway)


def send_owed_replies(
    session: Session, *, settings: Settings, replier: ReplySender, office_dir: Path | None = None,
    retry_failed: bool = False, clock: Clock = utcnow,
) -> tuple[int, int]:  # fmt: skip
    """Return (sent, failed) after answering every sender owed a published correction."""
    issuer = load_issuer(office_dir)
    statuses = ("waiting", "failed") if retry_failed else ("waiting",)
    sent = failed = 0
    published = select(ListenCardRow).where(
        ListenCardRow.state == CardState.PUBLISHED.value, ListenCardRow.factcheck_id.is_not(None)
    )
    for row in session.scalars(published):
        assert row.factcheck_id is not None and row.correction is not None
        owed = owed_replies(session, row.narrative_id, row.factcheck_id, statuses=statuses)
        if not owed:
            continue
        url = f"{issuer.portal_url.rstrip('/')}/dinh-chinh/{row.id}"
        s, f = send_replies(
            session, owed, reply_text(row.correction, issuer.label, url), card_id=row.id,
            salt=listen_salt(settings), replier=replier, now=clock(),
        )  # fmt: skip
        sent, failed = sent + s, failed + f
    session.flush()
    return sent, failed
