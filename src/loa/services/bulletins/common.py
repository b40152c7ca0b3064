"""What the bulletin use cases share: a stored version by id, as the workflow sees it, file digests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.errors import NotFoundError
from loa.store.bulletin_tables import BulletinRow


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bulletin_row(session: Session, bulletin_id: int) -> BulletinRow:
    row = session.get(BulletinRow, bulletin_id)
    if row is None:
        raise NotFoundError(
            f"Không có bản tin số {bulletin_id}. Xem `loa bulletin list`.",
            f"There is no bulletin {bulletin_id}. See `loa bulletin list`.",
        )
    return row


def as_version(row: BulletinRow) -> workflow.BulletinVersion:
    return workflow.BulletinVersion(
        series=row.series or row.id,
        version=row.version,
        state=row.state,
        author=row.author,
        author_user_id=row.author_user_id,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        published_by=row.published_by,
        published_at=row.published_at,
        change_what=row.change_what,
        change_why=row.change_why,
    )


@dataclass(frozen=True)
class MadeFile:
    """One file a bulletin made: its kind, the commune it is for, and its audio if any."""

    kind: str
    unit_code: str | None
    path: Path
    audio_path: Path | None = None
    duration_s: float | None = None
    district_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the file as the CLI prints it."""
        return {
            "kind": self.kind,
            "unit_code": self.unit_code,
            "path": str(self.path),
            "audio_path": str(self.audio_path) if self.audio_path else None,
            "duration_s": self.duration_s,
        }
