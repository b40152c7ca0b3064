"""Loa's folder channels: the portal feed, the press desk's folder, each district's audio drop.

Every file a channel writes sits beside a manifest (JSON) that names the issuing body, the
bulletin, its version and, for a correction, what changed and why.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from loa.bulletins.portal import FeedEntry, atom_feed, json_feed
from loa.channels.base import Delivery, Publication, PublishedFile
from loa.errors import ConfigError

__all__ = ["PortalFeedChannel", "PressFolderChannel", "RadioDropChannel", "folder_option"]


def folder_option(options: Mapping[str, Any], name: str) -> Path:
    """Return the channel's folder option as a Path; ConfigError if it is missing."""
    folder = options.get("folder")
    if not folder:
        raise ConfigError(
            f"Kênh {name} cần một thư mục (LOA_CHANNELS_DIR).",
            f"Channel {name} needs a folder (LOA_CHANNELS_DIR).",
        )
    return Path(folder)


def _manifest(publication: Publication, files: list[str]) -> dict[str, Any]:
    return {
        "issued_by": publication.issued_by,
        "bulletin_id": publication.bulletin_id,
        "series": publication.series,
        "version": publication.version,
        "kind": publication.kind,
        "date": publication.day.isoformat(),
        "title": publication.title,
        "url": publication.url,
        "correction": (
            {"what": publication.change_what, "why": publication.change_why}
            if publication.is_correction
            else None
        ),
        "files": files,
    }


def _copy(files: list[PublishedFile], target: Path) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for f in files:
        dest = target / f.path.name
        shutil.copyfile(f.path, dest)
        written.append(str(dest))
    return written


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _stem(publication: Publication) -> str:
    return f"bulletin-{publication.series}-v{publication.version}"


@dataclass
class PressFolderChannel:
    """Copies the press release (DOCX, PDF) into the press desk's folder, by date."""

    folder: Path
    name: str = "press-folder"

    def accepts(self, publication: Publication) -> bool:
        """Return True for press releases."""
        return publication.kind == "press"

    def deliver(self, publication: Publication) -> Delivery:
        """Return the delivery after copying the files and writing the manifest."""
        target = self.folder / publication.day.isoformat()
        written = _copy([f for f in publication.files if f.kind.startswith("press")], target)
        manifest = target / f"{_stem(publication)}.json"
        _write_json(manifest, _manifest(publication, written))
        return Delivery(self.name, "sent", str(target), (*written, str(manifest)))


@dataclass
class RadioDropChannel:
    """Drops each commune's script and audio into its district station's folder."""

    folder: Path
    name: str = "radio-drop"

    def accepts(self, publication: Publication) -> bool:
        """Return True for loudspeaker scripts."""
        return publication.kind == "radio"

    def deliver(self, publication: Publication) -> Delivery:
        """Return the delivery after filling one folder per district, with a manifest each."""
        by_district: dict[str, list[PublishedFile]] = {}
        for f in publication.files:
            if f.kind.startswith("radio"):
                by_district.setdefault(f.district_code or "unknown", []).append(f)
        locations: list[str] = []
        for district, files in sorted(by_district.items()):
            target = self.folder / district / publication.day.isoformat()
            written = _copy(files, target)
            manifest = target / f"{_stem(publication)}.json"
            _write_json(manifest, _manifest(publication, written))
            locations += [*written, str(manifest)]
        return Delivery(self.name, "sent", f"{len(by_district)} districts", tuple(locations))


@dataclass
class PortalFeedChannel:
    """Publishes the portal article and keeps the portal's Atom and JSON feeds."""

    folder: Path
    home_url: str = "https://example.invalid/"
    name: str = "portal-feed"

    def accepts(self, publication: Publication) -> bool:
        """Return True for portal articles and for published corrections of false claims."""
        return publication.kind in ("portal", "correction")

    def deliver(self, publication: Publication) -> Delivery:
        """Return the delivery after writing the article and rewriting both feeds."""
        self.folder.mkdir(parents=True, exist_ok=True)
        written = _copy([f for f in publication.files if f.kind == "portal-html"], self.folder)
        index_path = self.folder / "entries.json"
        entries = json.loads(index_path.read_text(encoding="utf-8")) if index_path.exists() else []
        now = publication.extra.get("published_at") or datetime.now().astimezone().isoformat()
        summary = publication.summary
        if publication.is_correction:
            summary = (
                f"Đính chính (phiên bản {publication.version}): {publication.change_what}. "
                f"Lý do: {publication.change_why}. {summary}"
            )
        # Bulletins and corrections number their series separately: each keeps its own ids.
        namespace = "correction" if publication.kind == "correction" else "bulletin"
        entry_id = f"tag:loa,{publication.day.year}:{namespace}/{publication.series}:v{publication.version}"
        entries = [e for e in entries if e["id"] != entry_id]
        entries.append(
            {
                "id": entry_id,
                "title": publication.title,
                "url": publication.url,
                "published": now,
                "updated": now,
                "summary": summary,
                "content_html": publication.html,
                "lang": str(publication.extra.get("lang", "vi")),
            }
        )
        _write_json(index_path, entries)
        feed_entries = [
            FeedEntry(
                id=e["id"],
                title=e["title"],
                url=e["url"],
                published=datetime.fromisoformat(e["published"]),
                updated=datetime.fromisoformat(e["updated"]),
                summary=e["summary"],
                content_html=e["content_html"],
                lang=e["lang"],
            )
            for e in entries
        ]
        atom = self.folder / "feed.atom"
        atom.write_text(
            atom_feed(
                feed_entries,
                label=publication.issued_by,
                home_url=self.home_url,
                feed_id=f"tag:loa,2021:feed/{publication.issued_by}",
                self_url=f"{self.home_url.rstrip('/')}/feed.atom",
            ),
            encoding="utf-8",
        )
        feed = self.folder / "feed.json"
        feed.write_text(
            json_feed(
                feed_entries,
                label=publication.issued_by,
                home_url=self.home_url,
                feed_url=f"{self.home_url.rstrip('/')}/feed.json",
            ),
            encoding="utf-8",
        )
        return Delivery(self.name, "sent", str(self.folder), (*written, str(atom), str(feed)))
