"""What a channel receives (a Publication) and returns (a Delivery), and the Channel protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

__all__ = ["Channel", "Delivery", "Publication", "PublishedFile"]


@dataclass(frozen=True)
class PublishedFile:
    """A file of a publication: its kind (press-docx, press-pdf, portal-html, radio-script,
    radio-audio), the commune and district it is for (radio), and where it lies."""

    kind: str
    path: Path
    unit_code: str | None = None
    district_code: str | None = None


@dataclass(frozen=True)
class Publication:
    """One published version of a bulletin, labelled with the body that issues it."""

    bulletin_id: int
    series: int
    version: int
    kind: str  # press | portal | radio
    day: date
    title: str
    summary: str
    issued_by: str  # the label every channel output carries
    url: str
    files: tuple[PublishedFile, ...] = ()
    html: str = ""
    change_what: str | None = None
    change_why: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_correction(self) -> bool:
        """Return True for a version that corrects an earlier one."""
        return self.version > 1


@dataclass(frozen=True)
class Delivery:
    """What a channel did with a publication: sent, skipped (not for it) or refused."""

    channel: str
    status: str  # sent | skipped | rate_limited | failed
    detail: str = ""
    locations: tuple[str, ...] = ()


class Channel(Protocol):
    """A place where the province publishes: a feed, a folder, a station's drop, a webhook."""

    name: str

    def accepts(self, publication: Publication) -> bool:
        """Return True if this channel carries publications of this kind."""
        ...

    def deliver(self, publication: Publication) -> Delivery:
        """Return the outcome of publishing `publication` on this channel."""
        ...
