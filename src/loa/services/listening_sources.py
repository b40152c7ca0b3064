"""Where posts come from: a listening source is a plugin, like a publishing channel.

A plugin's `register(registry: SourceRegistry)` (entry-point group `loa.listening_sources`,
see loa.plugins) adds sources. A source has a name (stored with every post it delivers), a
description, and two ways posts reach it:

    pulled   accepts(where) + ingest(session, where, context)   `loa listen ingest WHERE`
    pushed   receive(session, message, context) -> Receipt       the desk's tipline webhook,
                                                                 `loa listen add --source NAME`

A source answers one way and refuses the other with an InputError that says which to use.
Loa's own, registered here the same way: `export` (a JSONL or CSV file) and `feed` (an RSS or
Atom URL) are pulled; `tipline` (Loa's tipline JSON or a Zalo OA event) and `manual` (a post
typed in: `{"text", "district", "commune"}`) are pushed. The desk's webhook and `loa listen
add` both hand a message to a source by name (`receive`), so a message pushed through either
is stored the same way, and a new source is one module and one entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from loa.errors import ConfigError, InputError
from loa.http import HttpxTransport, Transport
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
    "receive",
    "register",
]


@dataclass(frozen=True)
class SourceContext:
    """What a source reads and stores with: settings, the embedder, who acts, the HTTP seam."""

    settings: Settings
    embedder: Embedder
    actor: str
    http: Transport = field(default_factory=HttpxTransport)


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

    def receive(self, session: Session, message: object, context: SourceContext) -> svc.Receipt:
        """Return the receipt of storing one message pushed to this source (a JSON value)."""
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

    def named(self, name: str) -> Source:
        """Return the source called `name`; InputError naming the sources if there is none."""
        if name not in self._entries:
            names = ", ".join(sorted(self._entries))
            raise InputError(
                f"Không có nguồn '{name}'. Các nguồn: {names}.",
                f"There is no source '{name}'. Sources: {names}.",
            )
        return self._entries[name].source

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


def _pulled_only(name: str) -> InputError:
    return InputError(
        f"Nguồn '{name}' được đọc bằng `loa listen ingest`, không nhận tin gửi đến.",
        f"Source '{name}' is read with `loa listen ingest`; nothing is pushed to it.",
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

    def receive(self, session: Session, message: object, context: SourceContext) -> svc.Receipt:
        """Refuse: a file is read, not pushed."""
        raise _pulled_only(self.name)


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

    def receive(self, session: Session, message: object, context: SourceContext) -> svc.Receipt:
        """Refuse: a feed is polled, not pushed."""
        raise _pulled_only(self.name)


@dataclass(frozen=True)
class _Pushed:
    """What every pushed source shares: nothing is fetched from it by `loa listen ingest`."""

    name: str
    description: str

    def accepts(self, where: str) -> bool:
        """Return False: nothing is fetched from this source."""
        return False

    def ingest(self, session: Session, where: str, context: SourceContext) -> svc.IngestReport:
        """Refuse: posts of this source arrive on their own."""
        raise InputError(
            f"Nguồn '{self.name}' tự gửi bài đến, không nhập bằng `loa listen ingest`; "
            f"dùng `loa listen add --source {self.name}`.",
            f"Source '{self.name}' sends its posts itself; it is not read by `loa listen "
            f"ingest`. Use `loa listen add --source {self.name}`.",
        )


@dataclass(frozen=True)
class Tipline(_Pushed):
    """Messages citizens send to the tipline (Loa's JSON, or a Zalo OA event)."""

    name: str = "tipline"
    description: str = (
        "Tin báo gửi đến webhook /tipline/v1 (Zalo OA, SMS) / messages posted to the desk's "
        "tipline webhook"
    )

    def receive(self, session: Session, message: object, context: SourceContext) -> svc.Receipt:
        """Return the receipt of one tipline message: redacted, classified, matched, stored."""
        return svc.handle_tipline(
            session, message, settings=context.settings, embedder=context.embedder,
            actor=context.actor,
        )  # fmt: skip


@dataclass(frozen=True)
class Manual(_Pushed):
    """A post an officer types in: `{"text", "district", "commune"}`."""

    name: str = "manual"
    description: str = "Bài nhập tay (`loa listen add`) / posts typed in by hand"

    def receive(self, session: Session, message: object, context: SourceContext) -> svc.Receipt:
        """Return the receipt of one post typed in by hand."""
        if not isinstance(message, Mapping):
            raise InputError(
                "Bài nhập tay phải là một đối tượng JSON.", "A post typed in must be a JSON object."
            )
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError("Bài nhập tay cần nội dung.", "A post typed in needs its text.")
        report = svc.ingest_text(
            session, text, settings=context.settings, embedder=context.embedder,
            actor=context.actor, district=_optional(message, "district"),
            commune=_optional(message, "commune"),
        )  # fmt: skip
        if report.errors:
            return svc.Receipt("rejected", message=report.problems[0].en, report=report)
        item = report.item_ids[0] if report.item_ids else None
        return svc.Receipt("accepted", item, report=report)


def _optional(message: Mapping[str, object], key: str) -> str | None:
    value = message.get(key)
    return str(value) if value not in (None, "") else None


def register(registry: SourceRegistry) -> None:
    """Add Loa's own sources to `registry`; returns nothing."""
    registry.add(ExportFile())
    registry.add(Feed())
    registry.add(Tipline())
    registry.add(Manual())


def default_sources() -> SourceRegistry:
    """Return a registry holding every plugin of the `loa.listening_sources` group."""
    registry = SourceRegistry()
    for plugin in plugins("loa.listening_sources"):
        registry.load(plugin.value, plugin.loaded)
    return registry


def ingest_from(session: Session, where: str, context: SourceContext) -> svc.IngestReport:
    """Return the report of ingesting `where` with the source that reads it."""
    return default_sources().find(where).ingest(session, where, context)


def receive(session: Session, source: str, message: object, context: SourceContext) -> svc.Receipt:
    """Return the receipt of handing `message` to the source called `source`."""
    return default_sources().named(source).receive(session, message, context)
