"""The province's Zalo Official Account: its settings, its tokens (sealed), its reply sender.

Tokens are kept in the data folder's file `zalo_tokens`, sealed with the listening salt (the
key that seals tipline reply addresses), written whole and atomically, and refreshed under an
exclusive file lock: every process of one host (desk, CLI, workers) shares them, and two
processes never spend the same single-use refresh token. A deployment whose processes run on
several hosts gives them one data folder, or sends replies from one host only (docs/zalo.md).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loa.http import HttpxTransport
from loa.listening.tipline import seal_text, unseal_text
from loa.listening.zalo import (
    ZaloRefused,
    ZaloReplySender,
    ZaloTokens,
    event_signature,
    verify_event,
)
from loa.settings import Settings, listen_salt

__all__ = [
    "TOKEN_FILE",
    "TokenFile",
    "ZaloCheck",
    "check_zalo",
    "save_tokens",
    "signed_test_event",
    "zalo_reply_sender",
]

TOKEN_FILE = "zalo_tokens"


@dataclass
class TokenFile:
    """The OA's tokens, sealed in one file of the data folder, with a lock file beside it."""

    path: Path
    salt: str

    def load(self) -> ZaloTokens | None:
        """Return the stored tokens, or None when there are none (or they cannot be unsealed)."""
        if not self.path.exists():
            return None
        plain = unseal_text(self.path.read_text(encoding="ascii").strip(), self.salt)
        if plain is None:
            return None
        data = json.loads(plain)
        return ZaloTokens(
            data["access_token"], data["refresh_token"], datetime.fromisoformat(data["expires_at"])
        )

    def save(self, tokens: ZaloTokens) -> None:
        """Write both tokens, sealed, replacing the file atomically (mode 0600)."""
        plain = json.dumps(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expires_at": tokens.expires_at.isoformat(),
            }
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(seal_text(plain, self.salt))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold an exclusive lock on the token file's lock file (one refresh at a time)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _token_file(settings: Settings) -> TokenFile:
    return TokenFile(settings.data_dir / TOKEN_FILE, listen_salt(settings))


def save_tokens(
    settings: Settings, access_token: str, refresh_token: str, expires_in: int, *, now: datetime
) -> ZaloTokens:
    """Return the tokens given by the OA's authorisation, stored sealed."""
    tokens = ZaloTokens(access_token, refresh_token, now + timedelta(seconds=expires_in))
    store = _token_file(settings)
    with store.lock():
        store.save(tokens)
    return tokens


def zalo_reply_sender(settings: Settings) -> ZaloReplySender | None:
    """Return the OA's reply sender, or None while the app id or app secret is not set."""
    if not settings.zalo_app_id or not settings.zalo_app_secret:
        return None
    return ZaloReplySender(
        app_id=settings.zalo_app_id,
        app_secret=settings.zalo_app_secret,
        tokens=_token_file(settings),
        http=HttpxTransport(),
        api_url=settings.zalo_api_url,
        oauth_url=settings.zalo_oauth_url,
    )


def signed_test_event(settings: Settings, *, now: datetime) -> tuple[bytes, str]:
    """Return a signed event Loa acknowledges and ignores (nothing is stored), and its header."""
    timestamp = str(int(now.timestamp() * 1000))
    event = {
        "event_name": "user_received_message",
        "app_id": settings.zalo_app_id,
        "timestamp": timestamp,
        "message": {"msg_id": "loa-check"},
    }
    raw = json.dumps(event).encode()
    mac = event_signature(settings.zalo_app_id, raw, timestamp, settings.zalo_oa_secret)
    return raw, f"mac={mac}"


@dataclass(frozen=True)
class ZaloCheck:
    """One line of `loa tipline check`: what was checked, whether it holds, what to do."""

    ok: bool
    vi: str
    en: str


def check_zalo(settings: Settings, *, now: datetime | None = None) -> list[ZaloCheck]:
    """Return the checks of the Zalo set-up: settings complete, tokens held, events verified."""
    now = now or datetime.now(UTC)
    checks = []
    for name, value, vi, en in (
        ("LOA_ZALO_APP_ID", settings.zalo_app_id, "mã ứng dụng", "app id"),
        ("LOA_ZALO_OA_SECRET", settings.zalo_oa_secret, "khóa bí mật OA (kiểm tra chữ ký sự kiện)", "OA secret key (checks event signatures)"),
        ("LOA_ZALO_APP_SECRET", settings.zalo_app_secret, "khóa bí mật ứng dụng (làm mới mã truy cập)", "app secret key (refreshes the access token)"),
    ):  # fmt: skip
        checks.append(
            ZaloCheck(
                bool(value),
                f"{name} ({vi}): {'đã đặt' if value else 'CHƯA ĐẶT'}",
                f"{name} ({en}): {'set' if value else 'NOT SET'}",
            )
        )
    tokens = _token_file(settings).load()
    if tokens is None:
        checks.append(
            ZaloCheck(
                False,
                "Mã truy cập OA: chưa có — chạy `loa tipline zalo-tokens` với mã từ lần cấp quyền",
                "OA tokens: none — run `loa tipline zalo-tokens` with the authorisation's tokens",
            )
        )
    else:
        left = tokens.expires_at - now
        hours = max(0, int(left.total_seconds() // 3600))
        checks.append(
            ZaloCheck(
                True,
                f"Mã truy cập OA: có (còn {hours} giờ; tự làm mới khi sắp hết hạn)",
                f"OA tokens: held ({hours} h left; refreshed before they expire)",
            )
        )
    if settings.zalo_app_id and settings.zalo_oa_secret:
        raw, header = signed_test_event(settings, now=now)
        try:
            verify_event(
                raw, header, app_id=settings.zalo_app_id, oa_secret=settings.zalo_oa_secret,
                now=now, window=timedelta(seconds=settings.zalo_event_window_s),
            )  # fmt: skip
            checks.append(
                ZaloCheck(
                    True, "Sự kiện thử có chữ ký: được chấp nhận", "Signed test event: accepted"
                )
            )
        except ZaloRefused as err:
            checks.append(
                ZaloCheck(
                    False, f"Sự kiện thử: bị từ chối ({err.vi})", f"Test event: refused ({err.en})"
                )
            )
    return checks
