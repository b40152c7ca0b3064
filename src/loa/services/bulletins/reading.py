"""Reading bulletins: the versions, one version with its history, its stored texts and schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.bulletins.messages import KeyMessage, load_messages
from loa.services.bulletins.common import bulletin_row
from loa.services.directory import unit_names
from loa.services.events import history
from loa.store.bulletin_tables import BulletinDeliveryRow, BulletinRow


def _summary(row: BulletinRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "series": row.series,
        "version": row.version,
        "kind": row.kind,
        "date": row.day.isoformat(),
        "unit_code": row.unit_code,
        "lang": row.lang,
        "state": row.state,
        "title": row.title,
        "author": row.author,
        "approved_by": row.approved_by,
        "published_by": row.published_by,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "change_what": row.change_what,
        "change_why": row.change_why,
        "problems": row.problems or [],
        "acknowledgement": row.acknowledgement,
    }


def list_bulletins(
    session: Session,
    *,
    day: date | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Return every stored bulletin version (newest first), filtered by date, kind, state."""
    query = select(BulletinRow).order_by(BulletinRow.day.desc(), BulletinRow.id.desc())
    if day is not None:
        query = query.where(BulletinRow.day == day)
    if kind is not None:
        query = query.where(BulletinRow.kind == kind)
    if state is not None:
        query = query.where(BulletinRow.state == state)
    return [_summary(r) for r in session.scalars(query)]


def show_bulletin(session: Session, bulletin_id: int) -> dict[str, Any]:
    """Return one version with its content, provenance, files, deliveries and history."""
    row = bulletin_row(session, bulletin_id)
    deliveries = session.scalars(
        select(BulletinDeliveryRow)
        .where(BulletinDeliveryRow.bulletin_id == row.id)
        .order_by(BulletinDeliveryRow.id)
    )
    return _summary(row) | {
        "content": row.content,
        "files": row.texts.get("files", []),
        "deliveries": [
            {"channel": d.channel, "status": d.status, "detail": d.detail, "at": d.at.isoformat()}
            for d in deliveries
        ],
        "history": [e.as_dict() for e in history(session, "bulletin", str(row.id))],
    }


def stored_texts(session: Session, bulletin_id: int) -> dict[str, Any]:
    """Return the rendered wording stored with a version: paragraphs, scripts, files."""
    return dict(bulletin_row(session, bulletin_id).texts)


def previous_version(session: Session, shown: dict[str, Any]) -> int | None:
    """Return the id of the version before this one in its series, if any."""
    return session.scalar(
        select(BulletinRow.id).where(
            BulletinRow.series == shown["series"], BulletinRow.version == shown["version"] - 1
        )
    )


@dataclass(frozen=True)
class CommuneSchedule:
    """What one commune's loudspeaker says: its level, audiences and key messages."""

    code: str
    name: str
    level: int | None
    audiences: tuple[str, ...]
    messages: tuple[KeyMessage, ...]
    has_audio: bool


def schedule(
    session: Session, shown: dict[str, Any], office_dir: Path | None
) -> list[CommuneSchedule]:
    """Return each scripted commune's level, audiences and key messages, by commune code."""
    communes: dict[str, Any] = shown["content"].get("communes", {})
    library = {m.id: m for m in load_messages(office_dir)}
    names = unit_names(session, list(communes))
    with_audio = {f.get("unit_code") for f in shown["files"] if f.get("audio_path")}
    return [
        CommuneSchedule(
            code=code,
            name=names.get(code, code),
            level=item.get("level"),
            audiences=tuple(item.get("audiences", [])),
            messages=tuple(library[m] for m in item.get("messages", []) if m in library),
            has_audio=code in with_audio,
        )
        for code, item in sorted(communes.items())
    ]
