"""Where posts come from: a listening source is a plugin, like a publishing channel.

A plugin's `register(registry: SourceRegistry)` (entry-point group `loa.listening_sources`,
see loa.plugins) adds sources. A source has a name (stored with every post it delivers), a
description, `accepts(where)` (can it read this argument of `loa listen ingest`: a path, a
URL, an account...) and `ingest(session, where, context)`. Loa's own, registered here the
same way: `export` (a JSONL or CSV file), `feed` (an RSS or Atom URL), and the two that take
no argument, `tipline` (messages posted to the desk's webhook) and `manual` (`loa listen add`).
A new source is one module and one entry point; nothing else in Loa changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from loa.errors import ConfigError, InputError
from loa.http import Transport
from loa.listening.embedding import Embedder
from loa.plugins import plugins
from loa.services import listening as svc
from loa.settings import Settings

__all__ = [
    "Source",
    "SourceContext",
    "SourceRegistry",
    "default_sources",
    "ingest_from",
    "register",
]


@dataclass(frozen=True)
class SourceContext:
    """What a source reads and stores with: settings, the embedder, who acts, the HTTP seam."""

    settings: Settings
    embedder: Embedder
    actor: str
    http: Transport


class Source(Protocol):
    """A place posts come from."""

    @property
    def name(self) -> str:
        """Return the name stored with every post this source delivers."""
        ...

    @property
    def description(self) -> str:
        """Return what the source is, in Vietnamese and English."""
        ...

    def accepts(self, where: str) -> bool:
        """Return True if this source reads `where` (a path, a URL...)."""
        ...

    def ingest(self, session: Session, where: str, context: SourceContext) -> svc.IngestReport:
        """Return the report of storing what `where` holds now."""
        ...


@dataclass(frozen=True)
class _Entry:
    source: Source
    plugin: str


class SourceRegistry:
    """Every listening source, by name; a third party's are asked before Loa's own."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._plugin = "?"

    def add(self, source: Source) -> None:
        """Register `source`; ConfigError if its name is taken."""
        if source.name in self._entries:
            taken = self._entries[source.name].plugin
            raise ConfigError(
                f"Nguồn '{source.name}' đã được đăng ký bởi {taken}.",
                f"Source '{source.name}' is already registered by {taken}.",
            )
        self._entries[source.name] = _Entry(source, self._plugin)

    def load(self, plugin: str, register: Callable[[SourceRegistry], None]) -> None:
        """Run one plugin's `register`, remembering which plugin added what."""
        self._plugin = plugin
        try:
            register(self)
        finally:
            self._plugin = "?"

    def describe(self) -> list[dict[str, str]]:
        """Return each source's name, description and the plugin that registered it."""
        return [
            {"name": name, "description": e.source.description, "plugin": e.plugin}
            for name, e in sorted(self._entries.items())
        ]

    def find(self, where: str) -> Source:
        """Return the source that reads `where`; InputError naming the sources if none does."""
        entries = list(self._entries.values())
        ordered = [e for e in entries if not e.plugin.startswith("loa.")] + [
            e for e in entries if e.plugin.startswith("loa.")
        ]
        for entry in ordered:
            if entry.source.accepts(where):
                return entry.source
        names = ", ".join(sorted(self._entries))
        raise InputError(
            f"Không nguồn nào đọc được '{where}'. Các nguồn: {names}.",
            f"No source reads '{where}'. Sources: {names}.",
        )


@dataclass(frozen=True)
class ExportFile:
    """A JSONL or CSV export of posts, one file at a time."""

    name: str = "export"
    description: str = "Tệp JSONL hoặc CSV xuất từ mạng xã hội / a JSONL or CSV export file"

    def accepts(self, where: str) -> bool:
        """Return True for anything that is not a URL: it is taken as a file's path."""
        return "://" not in where

    def ingest(self, session: Session, where: str, context: SourceContext) -> svc.IngestReport:
        """Return the report of ingesting the file (bad lines reported, not fatal)."""
        return svc.ingest_file(
            session, Path(where), settings=context.settings, embedder=context.embedder,
            actor=context.actor,
        )  # fmt: skip


@dataclass(frozen=True)
class Feed:
    """An RSS or Atom feed, polled with its validators (a 304 stores nothing)."""

    name: str = "feed"
    description: str = "Nguồn RSS hoặc Atom (địa chỉ http/https) / an RSS or Atom feed URL"

    def accepts(self, where: str) -> bool:
        """Return True for an http or https URL."""
        return where.startswith(("http://", "https://"))

    def ingest(self, session: Session, where: str, context: SourceContext) -> svc.IngestReport:
        """Return the report of polling the feed through the HTTP seam."""
        return svc.ingest_feed(
            session, where, client=context.http, settings=context.settings,
            embedder=context.embedder, actor=context.actor,
        )  # fmt: skip


@dataclass(frozen=True)
class Pushed:
    """A source whose posts arrive on their own (a webhook, a form), never by `ingest`."""

    name: str
    description: str

    def accepts(self, where: str) -> bool:
        """Return False: nothing is fetched from this source."""
        return False

    def ingest(self, session: Session, where: str, context: SourceContext) -> svc.IngestReport:
        """Refuse: posts of this source arrive on their own."""
        raise InputError(
            f"Nguồn '{self.name}' tự gửi bài đến, không nhập bằng lệnh.",
            f"Source '{self.name}' sends its posts itself; it is not ingested by a command.",
        )


def register(registry: SourceRegistry) -> None:
    """Add Loa's own sources to `registry`; returns nothing."""
    registry.add(ExportFile())
    registry.add(Feed())
    registry.add(
        Pushed(
            "tipline",
            "Tin báo gửi đến webhook /api/v1/tipline (Zalo OA, SMS) / messages posted to the "
            "desk's tipline webhook",
        )
    )
    registry.add(Pushed("manual", "Bài nhập tay (`loa listen add`) / posts typed in by hand"))


def default_sources() -> SourceRegistry:
    """Return a registry holding every plugin of the `loa.listening_sources` group."""
    registry = SourceRegistry()
    for plugin in plugins("loa.listening_sources"):
        registry.load(plugin.value, plugin.loaded)
    return registry


def ingest_from(session: Session, where: str, context: SourceContext) -> svc.IngestReport:
    """Return the report of ingesting `where` with the source that reads it."""
    return default_sources().find(where).ingest(session, where, context)
