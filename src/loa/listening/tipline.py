"""Tipline messages in (a documented JSON body, or a Zalo Official Account event), replies out.

Citizens send a rumour to the province's tipline; when a correction of it is published, they
get it back. Two bodies are read:

- Loa's own (docs/listening.md): `{"id", "text", "sent_at", "channel", "reply_to",
  "commune", "district"}`; only `text` is required.
- Zalo OA webhook, event `user_send_text`: `{"event_name": "user_send_text", "app_id",
  "sender": {"id"}, "recipient": {"id"}, "message": {"msg_id", "text"}, "timestamp"}`
  (milliseconds). Other Zalo events (follow, user_send_image, ...) are acknowledged and
  ignored.

The sender is personal data. The message's text goes through the same door as every post
(phones, IDs redacted; the sender only as a salted hash). The reply address is needed to
send the correction back, so it is kept *sealed* (Fernet, a key derived from the
deployment's salt) and deleted once the reply is sent or the raw text expires; nothing that
reads the store without the salt can learn who wrote.

Replies leave through `ReplySender` (one method, `send`); `FakeReplySender` records them for
tests. `GatewayReplySender` hands each reply to the province's messaging gateway (the service
that holds the Zalo OA or SMS credentials) as one JSON POST; any other sender is a plugin of
the same shape.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography.fernet import Fernet, InvalidToken

from loa.errors import InputError, Where

__all__ = [
    "FakeReplySender",
    "GatewayReplySender",
    "ReplyAddress",
    "ReplyOutcome",
    "ReplySender",
    "TiplineMessage",
    "parse_tipline",
    "seal",
    "unseal",
]

MAX_BODY_BYTES = 64_000


@dataclass(frozen=True)
class ReplyAddress:
    """Where a reply goes: the tipline channel (zalo, sms, web...) and the address on it."""

    channel: str
    address: str


@dataclass(frozen=True)
class TiplineMessage:
    """A tipline message as an export record (for the privacy door) and its reply address."""

    record: dict[str, object]
    reply: ReplyAddress | None


@dataclass(frozen=True)
class ReplyOutcome:
    """What a reply sender did: sent or failed, with a detail."""

    status: str  # sent | failed
    detail: str = ""


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


class _Post(Protocol):
    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int: ...


@dataclass
class GatewayReplySender:
    """Sends each reply as `{"channel", "to", "text", "issued_by"}` to the messaging gateway.

    The gateway answers 2xx when it has taken the message; anything else is a failure that
    stays visible on the reply (and can be retried), never a silent loss.
    """

    url: str
    transport: _Post
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
        status = self.transport.post(self.url, body, headers)
        if 200 <= status < 300:
            return ReplyOutcome("sent", f"gateway {status}")
        return ReplyOutcome("failed", f"gateway {status}")


def _fernet(salt: str) -> Fernet:
    if not salt:
        raise ValueError("sealing needs the deployment's salt")
    key = hashlib.sha256(b"loa-tipline-reply\x1f" + salt.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(address: ReplyAddress, salt: str) -> str:
    """Return the reply address encrypted with a key derived from `salt` (text token)."""
    plain = f"{address.channel}\x1f{address.address}".encode()
    return _fernet(salt).encrypt(plain).decode("ascii")


def unseal(token: str, salt: str) -> ReplyAddress | None:
    """Return the sealed reply address, or None if the token was not sealed with `salt`."""
    try:
        plain = _fernet(salt).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None
    channel, _, address = plain.partition("\x1f")
    return ReplyAddress(channel, address)


def _bad(vi: str, en: str, column: str | None = None) -> InputError:
    return InputError(vi, en, where=Where(file="tipline", column=column))


def _zalo(body: Mapping[str, Any]) -> TiplineMessage | None:
    if body.get("event_name") != "user_send_text":
        return None
    message = body.get("message")
    sender = body.get("sender")
    if not isinstance(message, Mapping) or not isinstance(sender, Mapping):
        raise _bad(
            "sự kiện Zalo thiếu message hoặc sender",
            "the Zalo event has no message or sender",
            "message",
        )
    sender_id = str(sender.get("id") or "")
    record: dict[str, object] = {
        "id": f"zalo:{message.get('msg_id')}" if message.get("msg_id") else None,
        "text": message.get("text"),
        "created_at": body.get("timestamp"),
        "platform": "zalo",
        "sender_id": sender_id or None,
    }
    reply = ReplyAddress("zalo", sender_id) if sender_id else None
    return TiplineMessage(record, reply)


def parse_tipline(body: object) -> TiplineMessage | None:
    """Return the message in a webhook body (Loa's schema or a Zalo OA event), or None.

    None means an event that carries no text to check (a Zalo follow, a sticker...). Raises
    `InputError` (both languages) for a body that is neither.
    """
    if not isinstance(body, Mapping):
        raise _bad("nội dung gửi đến phải là một đối tượng JSON", "the body must be a JSON object")
    if "event_name" in body:
        return _zalo(body)
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
