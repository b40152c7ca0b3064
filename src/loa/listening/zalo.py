"""A Zalo Official Account on the tipline: signed events in, customer-service replies out.

Events in. Zalo posts each webhook event as JSON and signs it: the header
`X-ZEvent-Signature: mac=<hex>` holds SHA-256 of `app_id + raw body + timestamp + OA secret
key`, with `timestamp` (milliseconds, as Zalo wrote it) taken from the body. `verify_event`
checks that signature in constant time, that the event is for this app, and that its timestamp
is within a window of now, so a captured call cannot be replayed later. `message_from_event`
turns a text, image or link event into a tipline message (the caption and the link are the text
to check); follow, unfollow and every other event carry nothing to check and give None — they
are acknowledged and nothing about the person is kept.

Replies out. `ZaloReplySender` sends a customer-service message
(`POST {api}/v3.0/oa/message/cs`, header `access_token`) to the user id the event came from.
The OA access token lives about 25 hours and is refreshed with the single-use refresh token
(`POST {oauth}/v4/oa/access_token`, header `secret_key`, form `refresh_token`, `app_id`,
`grant_type=refresh_token`) shortly before it expires, or once when Zalo answers that it is
invalid (error -216 or HTTP 401), then the message is sent once more. Both tokens are kept
by a `TokenStore` (sealed, see `loa.services.zalo`), refreshed under its lock so that two
processes never spend the same refresh token.

Zalo answers most failures with HTTP 200 and an `error` code in the body; `ZALO_ERRORS` says
in Loa's words what each known code means and whether the reply is tried again later
(`retry`: the reply keeps waiting), given up (`gave_up`: the address is deleted, nothing more
can be sent) or left failed for an officer to look at (`failed`).

The network sits behind Loa's one HTTP seam (`loa.http.Transport`); tests run a fake Zalo OA
on loopback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlencode

from loa.http import NETWORK_FAILED, Request, Response, Transport
from loa.listening.tipline_message import ReplyAddress, ReplyOutcome, TiplineMessage

__all__ = [
    "ZALO_ERRORS",
    "TokenStore",
    "ZaloError",
    "ZaloRefused",
    "ZaloReplySender",
    "ZaloTokens",
    "event_signature",
    "message_from_event",
    "verify_event",
]

TEXT_EVENTS = ("user_send_text", "user_send_image", "user_send_link")


class ZaloRefused(Exception):
    """A webhook call that is not a genuine, fresh Zalo event for this app (answered 401)."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def event_signature(app_id: str, raw: bytes, timestamp: str, oa_secret: str) -> str:
    """Return the hex SHA-256 Zalo sends in X-ZEvent-Signature for this body."""
    digest = hashlib.sha256()
    for part in (app_id.encode(), raw, timestamp.encode(), oa_secret.encode()):
        digest.update(part)
    return digest.hexdigest()


def verify_event(
    raw: bytes,
    header: str | None,
    *,
    app_id: str,
    oa_secret: str,
    now: datetime,
    window: timedelta,
) -> dict[str, Any]:
    """Return the event in `raw` once its signature, app and timestamp hold; raise ZaloRefused."""
    if not app_id or not oa_secret:
        raise ZaloRefused(
            "Chưa cấu hình Zalo OA (LOA_ZALO_APP_ID, LOA_ZALO_OA_SECRET): mọi sự kiện bị từ chối.",
            "Zalo OA is not set up (LOA_ZALO_APP_ID, LOA_ZALO_OA_SECRET): every event is refused.",
        )
    sent = (header or "").strip()
    if sent.lower().startswith("mac="):
        sent = sent[4:].strip()
    if not sent:
        raise ZaloRefused("Thiếu chữ ký X-ZEvent-Signature.", "No X-ZEvent-Signature header.")
    try:
        event = json.loads(raw)
    except ValueError:
        raise ZaloRefused("Nội dung không phải JSON.", "The body is not JSON.") from None
    if not isinstance(event, dict):
        raise ZaloRefused("Nội dung không phải sự kiện Zalo.", "The body is not a Zalo event.")
    timestamp = str(event.get("timestamp") or "")
    expected = event_signature(app_id, raw, timestamp, oa_secret)
    if not hmac.compare_digest(sent.lower().encode(), expected.encode()):
        raise ZaloRefused("Chữ ký không đúng.", "The signature does not match.")
    if str(event.get("app_id") or "") != app_id:
        raise ZaloRefused("Sự kiện của ứng dụng khác.", "The event is for another app.")
    try:
        at = datetime.fromtimestamp(int(timestamp) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ZaloRefused(
            "Thời điểm sự kiện không hợp lệ.", "The event's timestamp is not valid."
        ) from None
    if abs(now - at) > window:
        raise ZaloRefused(
            f"Sự kiện quá cũ hoặc ở tương lai (ngoài {int(window.total_seconds())} giây): có thể là gửi lại.",
            f"The event is older or later than {int(window.total_seconds())} s: possibly a replay.",
        )
    return event


def _attachment_text(message: Mapping[str, Any]) -> list[str]:
    parts = []
    for attachment in message.get("attachments") or ():
        if not isinstance(attachment, Mapping):
            continue
        payload = attachment.get("payload")
        if not isinstance(payload, Mapping):
            continue
        if attachment.get("type") == "link":
            parts += [str(payload[k]) for k in ("description", "url") if payload.get(k)]
        elif attachment.get("type") == "image" and payload.get("url"):
            parts.append(str(payload["url"]))
    return parts


def message_from_event(event: Mapping[str, Any]) -> TiplineMessage | None:
    """Return the tipline message of a text, image or link event; None for any other event.

    An image or link counts only with words to check (a caption, a link's description);
    follow, unfollow, stickers and the rest give None and nothing is stored.
    """
    if event.get("event_name") not in TEXT_EVENTS:
        return None
    message = event.get("message")
    sender = event.get("sender")
    if not isinstance(message, Mapping) or not isinstance(sender, Mapping):
        return None
    caption = str(message.get("text") or "").strip()
    extra = _attachment_text(message)
    if not caption and not any(" " in part for part in extra):
        return None  # a picture or a bare link: no claim in words to check
    text = "\n".join([caption, *extra]).strip()
    sender_id = str(sender.get("id") or "")
    record: dict[str, object] = {
        "id": f"zalo:{message.get('msg_id')}" if message.get("msg_id") else None,
        "text": text,
        "created_at": event.get("timestamp"),
        "platform": "zalo",
        "sender_id": sender_id or None,
    }
    return TiplineMessage(record, ReplyAddress("zalo", sender_id) if sender_id else None)


# ------------------------------------------------------------------------------------ replies


@dataclass(frozen=True)
class ZaloTokens:
    """The OA's access token, its single-use refresh token, and when the access token expires."""

    access_token: str
    refresh_token: str
    expires_at: datetime


class TokenStore(Protocol):
    """Keeps the OA's tokens (sealed) and a lock that one refresh holds at a time."""

    def load(self) -> ZaloTokens | None:
        """Return the stored tokens, or None when none were given."""
        ...

    def save(self, tokens: ZaloTokens) -> None:
        """Store both tokens together, replacing the old pair."""
        ...

    def lock(self) -> AbstractContextManager[None]:
        """Return a context in which no other process refreshes."""
        ...


@dataclass(frozen=True)
class ZaloError:
    """What a Zalo error code means for a reply, in Loa's words."""

    then: str  # retry | gave_up | failed
    vi: str
    en: str


ZALO_ERRORS: dict[int, ZaloError] = {
    -216: ZaloError("retry", "mã truy cập OA không hợp lệ hoặc đã hết hạn", "the OA access token is invalid or expired"),
    -230: ZaloError("gave_up", "người gửi không nhắn cho OA trong 7 ngày qua: Zalo không cho gửi tin tư vấn", "the sender has not written to the OA in the last 7 days: Zalo allows no customer-service message"),
    -213: ZaloError("gave_up", "người gửi chưa quan tâm hoặc đã bỏ quan tâm OA", "the sender does not follow the OA (or unfollowed it)"),
    -217: ZaloError("gave_up", "người gửi đã chặn tin nhắn của OA", "the sender blocked the OA's messages"),
    -211: ZaloError("retry", "OA đã hết hạn mức gửi tin; sẽ gửi lại sau", "the OA's message quota is used up; it will be sent later"),
    -32: ZaloError("retry", "gửi quá nhanh (giới hạn tần suất của Zalo); sẽ gửi lại sau", "too many calls (Zalo's rate limit); it will be sent later"),
    -224: ZaloError("failed", "gói dịch vụ của OA không có tính năng gửi tin tư vấn", "the OA's service package does not include customer-service messages"),
    -14020: ZaloError("failed", "mã làm mới đã dùng hoặc hết hạn: cấp lại bằng `loa tipline zalo-tokens`", "the refresh token was used or expired: give new tokens with `loa tipline zalo-tokens`"),
}  # fmt: skip


def _json(answer: Response) -> dict[str, Any]:
    try:
        data = json.loads(answer.body or b"null")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _code(data: Mapping[str, Any]) -> int | None:
    try:
        return int(data["error"]) if "error" in data else None
    except (TypeError, ValueError):
        return None


@dataclass
class ZaloReplySender:
    """Sends replies as the OA's customer-service messages; refreshes the token as Zalo says."""

    app_id: str
    app_secret: str
    tokens: TokenStore
    http: Transport
    api_url: str = "https://openapi.zalo.me"
    oauth_url: str = "https://oauth.zaloapp.com"
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    #: Refresh this long before the access token expires.
    margin: timedelta = timedelta(minutes=5)

    def send(self, to: ReplyAddress, text: str) -> ReplyOutcome:
        """Return sent, retry (keep waiting), gave_up (never deliverable) or failed."""
        current = self.tokens.load()
        if current is None:
            return ReplyOutcome(
                "retry", "chưa có mã truy cập Zalo OA: chạy `loa tipline zalo-tokens`"
            )
        try:
            if current.expires_at - self.margin <= self.clock():
                current = self.refresh(current)
            answer = self._post(current, to, text)
            code = _code(_json(answer))
            if answer.status == 401 or code == -216:
                current = self.refresh(current)
                answer = self._post(current, to, text)
        except _RefreshFailed as failed:
            return ReplyOutcome("retry", failed.detail)
        return self._outcome(answer)

    def _post(self, tokens: ZaloTokens, to: ReplyAddress, text: str) -> Response:
        body = json.dumps(
            {"recipient": {"user_id": to.address}, "message": {"text": text}}, ensure_ascii=False
        ).encode("utf-8")
        headers = {"Content-Type": "application/json", "access_token": tokens.access_token}
        url = f"{self.api_url.rstrip('/')}/v3.0/oa/message/cs"
        return self.http.send(Request("POST", url, headers, body))

    def _outcome(self, answer: Response) -> ReplyOutcome:
        if answer.status == NETWORK_FAILED:
            return ReplyOutcome("retry", "không kết nối được Zalo; sẽ gửi lại sau")
        data = _json(answer)
        code = _code(data)
        if answer.status == 200 and code == 0:
            message_id = (data.get("data") or {}).get("message_id", "")
            return ReplyOutcome("sent", f"Zalo {message_id}".strip())
        known = ZALO_ERRORS.get(code) if code is not None else None
        if known is not None:
            return ReplyOutcome(known.then, f"Zalo {code}: {known.vi}")
        said = str(data.get("message") or answer.body[:80].decode("utf-8", "replace"))
        return ReplyOutcome("failed", f"Zalo {code if code is not None else answer.status}: {said}")

    def refresh(self, stale: ZaloTokens) -> ZaloTokens:
        """Return a new token pair (or the one another process just stored), saved sealed."""
        with self.tokens.lock():
            stored = self.tokens.load()
            if stored is not None and stored.access_token != stale.access_token:
                return stored  # refreshed by another process meanwhile
            form = urlencode(
                {"refresh_token": stale.refresh_token, "app_id": self.app_id, "grant_type": "refresh_token"}
            ).encode()  # fmt: skip
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "secret_key": self.app_secret,
            }
            url = f"{self.oauth_url.rstrip('/')}/v4/oa/access_token"
            answer = self.http.send(Request("POST", url, headers, form))
            data = _json(answer)
            if (
                answer.status != 200
                or not data.get("access_token")
                or not data.get("refresh_token")
            ):
                code = _code(data)
                known = ZALO_ERRORS.get(code) if code is not None else None
                why = known.vi if known else str(data.get("error_description") or answer.status)
                raise _RefreshFailed(f"làm mới mã truy cập Zalo thất bại ({code}): {why}")
            try:
                lifetime = int(data.get("expires_in") or 3600)
            except (TypeError, ValueError):
                lifetime = 3600
            fresh = ZaloTokens(
                str(data["access_token"]),
                str(data["refresh_token"]),
                self.clock() + timedelta(seconds=lifetime),
            )
            self.tokens.save(fresh)
            return fresh


class _RefreshFailed(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
