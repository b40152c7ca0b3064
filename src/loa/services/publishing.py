"""One publishing path: the channels a publication goes to, and the limit every process shares.

The desk, the API, every CLI command and the demo build their channels here, from the same
settings with the same default, so publishing the same correction from the desk or from
`loa listen respond publish` reaches the same channels:

    settings ──► channel_options() ──► registry.create(name, options) ──► [Channel, ...]
                                         ▲
    names given? those : every registered channel that is configured (the webhook needs
    LOA_WEBHOOK_URL; a channel whose factory raises ConfigError is simply not configured)

The rate limit (LOA_CHANNEL_RATE_LIMIT deliveries per channel per hour) is held in the store
(`channel_sends`), inside the publishing transaction, so it holds across requests, commands,
workers and machines; on PostgreSQL an advisory lock per channel makes two publishers at the
same moment count one after the other.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from loa.channels.base import Channel
from loa.channels.registry import ChannelRegistry, default_registry
from loa.errors import ConfigError, InputError
from loa.settings import Settings
from loa.store.web_tables import ChannelSendRow

__all__ = [
    "StoreRateLimiter",
    "channel_options",
    "channels_from_settings",
    "configured_channel_names",
]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class StoreRateLimiter:
    """At most `limit` deliveries per channel within `period`, counted in the store."""

    session: Session
    limit: int
    period: timedelta = timedelta(hours=1)
    clock: Callable[[], datetime] = field(default=_now)

    def allow(self, channel: str) -> bool:
        """Return True and record one delivery if `channel` is under its limit now."""
        now = self.clock()
        since = now - self.period
        self._lock(channel)
        # The first statement writes, so on SQLite this transaction holds the write lock
        # before it counts: a second process waits instead of counting the same rows.
        self.session.execute(
            delete(ChannelSendRow).where(
                ChannelSendRow.channel == channel, ChannelSendRow.at < since
            )
        )
        sent = self.session.scalar(
            select(func.count())
            .select_from(ChannelSendRow)
            .where(ChannelSendRow.channel == channel, ChannelSendRow.at >= since)
        )
        if (sent or 0) >= self.limit:
            return False
        self.session.add(ChannelSendRow(channel=channel, at=now))
        self.session.flush()
        return True

    def _lock(self, channel: str) -> None:
        if self.session.get_bind().dialect.name == "postgresql":
            key = zlib.crc32(f"loa.channel:{channel}".encode())
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def channel_options(settings: Settings) -> dict[str, Any]:
    """Return the options every channel factory receives, read from the settings."""
    return {
        "folder": settings.channels_dir or settings.data_dir / "channels",
        "webhook_url": settings.webhook_url,
    }


def _configured(registry: ChannelRegistry, options: dict[str, Any]) -> list[Channel]:
    chosen = []
    for name in registry.names():
        try:
            chosen.append(registry.create(name, options))
        except ConfigError:
            continue  # not set up here (e.g. no LOA_WEBHOOK_URL): not a default channel
    return chosen


def configured_channel_names(settings: Settings) -> list[str]:
    """Return the channels a publication goes to by default: every configured one, sorted."""
    return [c.name for c in _configured(default_registry(), channel_options(settings))]


def channels_from_settings(
    session: Session,
    settings: Settings,
    names: Sequence[str] | None = None,
    *,
    clock: Callable[[], datetime] = _now,
) -> tuple[ChannelRegistry, list[Channel]]:
    """Return the registry (its limit held in the store) and the channels chosen.

    `names` picks channels; none means every configured channel. An unknown name is an
    InputError naming the known ones; a named channel that is not set up is a ConfigError
    naming its setting.
    """
    registry = default_registry(StoreRateLimiter(session, settings.channel_rate_limit, clock=clock))
    options = channel_options(settings)
    if not names:
        return registry, _configured(registry, options)
    unknown = sorted(set(names) - set(registry.names()))
    if unknown:
        raise InputError(
            f"Không có kênh {', '.join(unknown)}; các kênh: {', '.join(registry.names())}.",
            f"There is no channel {', '.join(unknown)}; channels: {', '.join(registry.names())}.",
        )
    return registry, [registry.create(name, options) for name in dict.fromkeys(names)]
