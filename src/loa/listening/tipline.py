"""Tipline messages in (a documented JSON body, or a Zalo Official Account event), replies out.

Citizens send a rumour to the province's tipline; when a correction of it is published, they
get it back. Two bodies are read:

- Loa's own (docs/listening.md): `{"id", "text", "sent_at", "channel", "reply_to",
  "commune", "district"}`; only `text` is required.
- a Zalo OA webhook event (text, image or link with a caption); follow, unfollow and other
  events carry nothing to check and are acknowledged. `loa.listening.zalo` reads them and
  verifies Zalo's own signature for `POST /tipline/v1/zalo`.

The sender is personal data. The message's text goes through the same door as every post
(phones, IDs redacted; the sender only as a salted hash). The reply address is needed to
send the correction back, so it is kept *sealed* (Fernet, a key derived from the
deployment's salt) and deleted once the reply is sent or the raw text expires; nothing that
reads the store without the salt can learn who wrote.

Replies leave through `ReplySender` (one method, `send`); `FakeReplySender` records them for
tests. `GatewayReplySender` hands each reply to the province's messaging gateway (an SMS or
other service) as one JSON POST; `loa.listening.zalo.ZaloReplySender` sends through the Zalo
OA itself; `ChannelReplySender` sends each reply through the sender of its channel.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken

from loa.errors import InputError, Where
from loa.http import Request, Transport
from loa.listening.tipline_message import ReplyAddress, ReplyOutcome, TiplineMessage
from loa.listening.zalo import message_from_event

__all__ = [
    "ChannelReplySender",
    "FakeReplySender",
    "GatewayReplySender",
    "ReplyAddress",
    "ReplyOutcome",
    "ReplySender",
    "TiplineMessage",
    "parse_tipline",
    "seal",
    "seal_text",
    "unseal",
    "unseal_text",
]

MAX_BODY_BYTES = 64_000


class ReplySender(Protocol):
    """Sends a text back to a tipline sender."""

    def send(self, to: ReplyAddress, text: str) -> ReplyOutcome:
        """Return the outcome of sending `text` to `to`."""
        ...


@dataclass
class FakeReplySender:
    """Keeps every reply in memory instead of sending it."""

    sent: list[tuple[ReplyAddress, str]] = field(default_factory=list)
    fail_for: set[str] = field(default_factory=set)

    def send(self, to: ReplyAddress, text: str) -> ReplyOutcome:
        """Return "sent" after recording the reply, or "failed" for addresses in `fail_for`."""
        if to.address in self.fail_for:
            return ReplyOutcome("failed", "fake failure")
        self.sent.append((to, text))
        return ReplyOutcome("sent", f"fake #{len(self.sent)}")


@dataclass
class GatewayReplySender:
    """Sends each reply as `{"channel", "to", "text", "issued_by"}` to the messaging gateway.

    The gateway answers 2xx when it has taken the message; anything else is a failure that
    stays visible on the reply (and can be retried), never a silent loss.
    """

    url: str
    transport: Transport
    token: str = ""
    issued_by: str = ""

    def send(self, to: ReplyAddress, text: str) -> ReplyOutcome:
        """Return "sent" when the gateway took the reply, else "failed" with its status."""
        body = json.dumps(
            {"channel": to.channel, "to": to.address, "text": text, "issued_by": self.issued_by},
            ensure_ascii=False,
        ).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        answer = self.transport.send(Request("POST", self.url, headers, body))
        if answer.ok:
            return ReplyOutcome("sent", f"gateway {answer.status}")
        return ReplyOutcome("failed", f"gateway {answer.status}")


@dataclass
class ChannelReplySender:
    """Sends each reply through the sender of its channel (zalo, sms...), else `fallback`."""

    senders: dict[str, ReplySender]
    fallback: ReplySender | None = None

    def send(self, to: ReplyAddress, text: str) -> ReplyOutcome:
        """Return the outcome of the channel's sender; "retry" when no sender takes it."""
        sender = self.senders.get(to.channel, self.fallback)
        if sender is None:
            return ReplyOutcome("retry", f"no sender for channel {to.channel}")
        return sender.send(to, text)


def _fernet(salt: str) -> Fernet:
    if not salt:
        raise ValueError("sealing needs the deployment's salt")
    key = hashlib.sha256(b"loa-tipline-reply\x1f" + salt.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_text(text: str, salt: str) -> str:
    """Return `text` encrypted with a key derived from `salt` (a text token)."""
    return _fernet(salt).encrypt(text.encode()).decode("ascii")


def unseal_text(token: str, salt: str) -> str | None:
    """Return the sealed text, or None if the token was not sealed with `salt`."""
    try:
        return _fernet(salt).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None


def seal(address: ReplyAddress, salt: str) -> str:
    """Return the reply address encrypted with a key derived from `salt` (text token)."""
    return seal_text(f"{address.channel}\x1f{address.address}", salt)


def unseal(token: str, salt: str) -> ReplyAddress | None:
    """Return the sealed reply address, or None if the token was not sealed with `salt`."""
    plain = unseal_text(token, salt)
    if plain is None:
        return None
    channel, _, address = plain.partition("\x1f")
    return ReplyAddress(channel, address)


def _bad(vi: str, en: str, column: str | None = None) -> InputError:
    return InputError(vi, en, where=Where(file="tipline", column=column))


def parse_tipline(body: object) -> TiplineMessage | None:
    """Return the message in a webhook body (Loa's schema or a Zalo OA event), or None.

    None means an event that carries no text to check (a Zalo follow, a sticker...). Raises
    `InputError` (both languages) for a body that is neither.
    """
    if not isinstance(body, Mapping):
        raise _bad("nội dung gửi đến phải là một đối tượng JSON", "the body must be a JSON object")
    if "event_name" in body:
        return message_from_event(body)
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _bad(
            "thiếu trường text (nội dung tin nhắn)",
            "the text field (the message) is missing or empty",
            "text",
        )
    channel = str(body.get("channel") or "web")
    reply_to = body.get("reply_to")
    record: dict[str, object] = {
        "id": f"{channel}:{body['id']}" if body.get("id") else None,
        "text": text,
        "created_at": body.get("sent_at"),
        "platform": channel,
        "sender_id": str(reply_to) if reply_to else None,
        "commune": body.get("commune"),
        "district": body.get("district"),
    }
    reply = ReplyAddress(channel, str(reply_to)) if reply_to else None
    return TiplineMessage(record, reply)
