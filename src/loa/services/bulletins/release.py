"""Publishing an approved version to the channels, and correcting a published one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.bulletins.issuer import load_issuer
from loa.channels.base import Channel, Delivery, Publication, PublishedFile
from loa.channels.registry import ChannelRegistry
from loa.errors import InputError
from loa.events import DomainEvent, utcnow
from loa.services.bulletins.common import as_version, bulletin_row, sha256_of
from loa.services.bulletins.drafting import MadeBulletin, make_bulletin
from loa.services.events import record
from loa.store.bulletin_tables import BulletinDeliveryRow, BulletinRow


def _publication(row: BulletinRow, issuer_label: str, url: str) -> Publication:
    files = []
    for f in row.texts.get("files", []):
        path = Path(f["path"])
        if not path.exists() or sha256_of(path) != f["sha256"]:
            raise InputError(
                f"Tệp {path} đã mất hoặc bị sửa sau khi duyệt; chỉ phát hành đúng bản đã duyệt. "
                "Hãy làm lại bản tin (loa bulletin make) và duyệt lại.",
                f"File {path} is missing or changed since approval; only what was approved is "
                "published. Make the bulletin again (loa bulletin make) and approve it again.",
            )
        kind = {"press": f"press-{path.suffix.lstrip('.')}", "portal": "portal-html"}.get(
            f["kind"], "radio-script"
        )
        files.append(PublishedFile(kind, path, f.get("unit_code"), f.get("district_code")))
        if f.get("audio_path"):
            files.append(
                PublishedFile(
                    "radio-audio", Path(f["audio_path"]), f.get("unit_code"), f.get("district_code")
                )
            )
    paragraphs = row.texts.get("paragraphs") or []
    summary = paragraphs[0] if paragraphs else row.title
    return Publication(
        bulletin_id=row.id,
        series=row.series or row.id,
        version=row.version,
        kind=row.kind,
        day=row.day,
        title=row.title,
        summary=summary,
        issued_by=issuer_label,
        url=url,
        files=tuple(files),
        html=str(row.texts.get("html", "")),
        change_what=row.change_what,
        change_why=row.change_why,
        extra={"lang": row.lang},
    )


def publish_bulletin(
    session: Session,
    bulletin_id: int,
    *,
    actor: str,
    role: str,
    registry: ChannelRegistry,
    channels: Sequence[Channel],
    office_dir: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> list[Delivery]:
    """Return each channel's delivery of an approved bulletin, which is now published."""
    row = bulletin_row(session, bulletin_id)
    done = workflow.publish(as_version(row), actor=actor, role=role, at=clock())
    issuer = load_issuer(office_dir)
    url = f"{issuer.portal_url.rstrip('/')}/{row.series or row.id}/v{row.version}"
    publication = _publication(row, issuer.label, url)
    publication = (
        replace(
            publication, extra=publication.extra | {"published_at": done.published_at.isoformat()}
        )
        if done.published_at
        else publication
    )
    deliveries = registry.publish(publication, channels)
    row.state, row.published_by, row.published_at = done.state, done.published_by, done.published_at
    for d in deliveries:
        session.add(
            BulletinDeliveryRow(
                bulletin_id=row.id,
                channel=d.channel,
                status=d.status,
                detail=d.detail,
                locations=list(d.locations),
                at=clock(),
            )
        )
    record(
        session,
        DomainEvent(
            "bulletin.published",
            "bulletin",
            str(row.id),
            actor,
            before={"state": workflow.APPROVED},
            after={"state": done.state, "deliveries": {d.channel: d.status for d in deliveries}},
        ),
    )
    # Written now, so that from here on the row is published in the store and any later
    # change to it is refused by the store's guard.
    session.flush()
    return deliveries


def correct_bulletin(
    session: Session,
    bulletin_id: int,
    *,
    actor: str,
    role: str,
    what: str,
    why: str,
    out_dir: Path,
    **make_options: Any,
) -> MadeBulletin:
    """Return the new draft version correcting a published bulletin, remade from current data."""
    row = bulletin_row(session, bulletin_id)
    workflow.correction_of(as_version(row), actor=actor, role=role, what=what, why=why)
    newest = session.scalar(
        select(BulletinRow)
        .where(BulletinRow.series == row.series)
        .order_by(BulletinRow.version.desc())
        .limit(1)
    )
    if newest is not None and newest.id != row.id:
        raise InputError(
            f"Bản tin này đã có phiên bản mới hơn (số {newest.id}); đính chính từ bản đó.",
            f"This bulletin has a newer version (id {newest.id}); correct that one instead.",
        )
    return make_bulletin(
        session,
        day=row.day,
        kind=row.kind,
        out_dir=out_dir,
        actor=actor,
        role=role,
        province_code=row.province_code,
        unit_code=row.unit_code,
        lang=row.lang,
        rules_name=row.rules,
        _correcting=row,
        _change=(what.strip(), why.strip()),
        **make_options,
    )
