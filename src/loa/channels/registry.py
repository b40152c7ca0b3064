"""The channel registry: plugins register a factory; publishing goes through rate limits.

A plugin is a callable `register(registry: ChannelRegistry) -> None` exposed in the
entry-point group `loa.channels` (loa.plugins); it calls `registry.add(name, factory,
description)`. `factory(options)` gets the channel's options (a dict: folder, url,
transport, clock...) and returns a `Channel`. Loa's own channels
(`loa.channels.builtin:register`) are listed in that group like any other.

Loa publishes only through the province's official, labelled channels: `publish` refuses a
publication without an issuing body, and each channel is rate-limited so that no error or
loop can flood it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from loa.channels.base import Channel, Delivery, Publication
from loa.errors import ConfigError, InputError, NotFoundError
from loa.plugins import plugins

__all__ = ["ENTRY_POINT_GROUP", "ChannelRegistry", "Limiter", "RateLimiter", "default_registry"]

ENTRY_POINT_GROUP = "loa.channels"
ChannelFactory = Callable[[Mapping[str, Any]], Channel]


class Limiter(Protocol):
    """Says whether a channel may take one more delivery now, and counts it if so."""

    limit: int

    def allow(self, channel: str) -> bool:
        """Return True and count one delivery if `channel` is under its limit now."""
        ...


@dataclass
class RateLimiter:
    """At most `limit` deliveries per channel within `period`, held in this process only.

    The in-memory twin of the limit held in the store (`loa.services.publishing`), which is
    the one the desk, the CLI and the workers share.
    """

    limit: int = 20
    period: timedelta = timedelta(hours=1)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _sent: dict[str, deque[datetime]] = field(default_factory=dict)

    def allow(self, channel: str) -> bool:
        """Return True and count one delivery if `channel` is under its limit now."""
        now = self.clock()
        sent = self._sent.setdefault(channel, deque())
        while sent and now - sent[0] >= self.period:
            sent.popleft()
        if len(sent) >= self.limit:
            return False
        sent.append(now)
        return True


@dataclass(frozen=True)
class _Entry:
    name: str
    factory: ChannelFactory
    description: str
    plugin: str


class ChannelRegistry:
    """Every channel Loa can publish to, by name."""

    def __init__(self, limiter: Limiter | None = None) -> None:
        self._entries: dict[str, _Entry] = {}
        self.limiter: Limiter = limiter or RateLimiter()
        self._plugin = "?"

    def add(self, name: str, factory: ChannelFactory, description: str) -> None:
        """Register a channel factory under `name`; ConfigError if the name is taken."""
        if name in self._entries:
            raise ConfigError(
                f"Kênh '{name}' đã được đăng ký bởi {self._entries[name].plugin}.",
                f"Channel '{name}' is already registered by {self._entries[name].plugin}.",
            )
        self._entries[name] = _Entry(name, factory, description, self._plugin)

    def load(self, plugin: str, register: Callable[[ChannelRegistry], None]) -> None:
        """Run one plugin's `register` function, remembering which plugin added what."""
        self._plugin = plugin
        try:
            register(self)
        finally:
            self._plugin = "?"

    def names(self) -> list[str]:
        """Return the registered channel names, sorted."""
        return sorted(self._entries)

    def describe(self) -> list[dict[str, str]]:
        """Return each channel's name, description and the plugin that registered it."""
        return [
            {"name": e.name, "description": e.description, "plugin": e.plugin}
            for e in sorted(self._entries.values(), key=lambda e: e.name)
        ]

    def create(self, name: str, options: Mapping[str, Any]) -> Channel:
        """Return a channel instance; NotFoundError naming the known channels."""
        entry = self._entries.get(name)
        if entry is None:
            raise NotFoundError(
                f"Không có kênh '{name}'. Các kênh: {', '.join(self.names())}.",
                f"There is no channel '{name}'. Channels: {', '.join(self.names())}.",
            )
        return entry.factory(options)

    def publish(self, publication: Publication, channels: Iterable[Channel]) -> list[Delivery]:
        """Return the deliveries of `publication` to each channel that accepts it."""
        if not publication.issued_by.strip():
            raise InputError(
                "Bản tin không ghi cơ quan ban hành; Loa chỉ phát hành qua kênh chính thức có nhãn.",
                "The bulletin names no issuing body; Loa publishes only on labelled official channels.",
            )
        deliveries = []
        for channel in channels:
            if not channel.accepts(publication):
                deliveries.append(Delivery(channel.name, "skipped", publication.kind))
            elif not self.limiter.allow(channel.name):
                deliveries.append(
                    Delivery(channel.name, "rate_limited", f"limit {self.limiter.limit}")
                )
            else:
                deliveries.append(channel.deliver(publication))
        return deliveries


def default_registry(limiter: Limiter | None = None) -> ChannelRegistry:
    """Return a registry holding every plugin of the `loa.channels` entry-point group."""
    registry = ChannelRegistry(limiter)
    for plugin in plugins(ENTRY_POINT_GROUP):
        registry.load(plugin.value, plugin.loaded)
    return registry
