"""The bulletins under /api/v1/bulletins: list, show, make, approve, publish, correct, files.

The same rules as the pages: the role comes from the session or token, `comms` acts as the
workflow's `comms_officer`, the author cannot approve, and files come only from the version's
own folder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from loa.services import bulletins as svc
from loa.services.accounts import Principal, approving_person
from loa.services.publishing import channels_from_settings
from loa.settings import Settings
from loa.web import bulletin_data as data
from loa.web.areas.bulletins import file_response, make_draft, speech_engine
from loa.web.deps import Db, Viewer, require
from loa.web.desk import Desk

__all__ = ["BulletinApprove", "BulletinCorrect", "BulletinMake", "BulletinPublish", "register"]

router = APIRouter(prefix="/api/v1/bulletins", tags=["bulletins"])


class BulletinMake(BaseModel):
    """What to draft: the day, the form, a commune or district (radio), language, audio."""

    date: date
    kind: Literal["press", "portal", "radio"]
    unit_code: str | None = None
    lang: Literal["vi", "en"] = "vi"
    audio: bool = Field(False, description="radio for one commune only: speak it now")


class BulletinApprove(BaseModel):
    """The approver's written acknowledgement of the version's warnings, if it has any."""

    acknowledgement: str | None = None


class BulletinPublish(BaseModel):
    """Where to publish; none named means every configured channel."""

    channels: list[str] | None = None


class BulletinCorrect(BaseModel):
    """What a correction changes and why."""

    what: str
    why: str


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _visible(db: Db, principal: Principal, bulletin_id: int) -> dict[str, Any]:
    shown = svc.show_bulletin(db, bulletin_id)
    data.check_visible(principal, shown)
    return shown


@router.get("")
def bulletins(
    db: Db,
    principal: Viewer,
    date: date | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Return the versions this caller may see (viewers: published only), newest first."""
    return data.visible_bulletins(db, principal, day=date, kind=kind, state=state)


@router.get("/{bulletin_id}")
def bulletin(db: Db, principal: Viewer, bulletin_id: int) -> dict[str, Any]:
    """Return one version: content, provenance, files (names and URLs), deliveries, history."""
    return data.public_bulletin(_visible(db, principal, bulletin_id))


@router.post("", status_code=201)
def make(
    request: Request,
    db: Db,
    principal: Annotated[Principal, Depends(require("bulletins.draft"))],
    body: BulletinMake,
) -> dict[str, Any]:
    """Draft the bulletin of a day; the answer lists the files it wrote."""
    made = make_draft(
        db,
        request,
        principal,
        day=body.date,
        kind=body.kind,
        unit_code=body.unit_code,
        lang=body.lang,
        audio=body.audio,
    )
    db.commit()
    return data.public_bulletin(svc.show_bulletin(db, made.bulletin_id))


@router.post("/{bulletin_id}/approve")
def approve(
    db: Db,
    principal: Annotated[Principal, Depends(require("bulletins.approve"))],
    bulletin_id: int,
    body: BulletinApprove | None = None,
) -> dict[str, Any]:
    """Approve a draft; refused while its checks find an error, or warnings lack a note."""
    svc.approve_bulletin(
        db,
        bulletin_id,
        actor=principal.actor,
        role=data.workflow_role(principal),
        acknowledgement=body.acknowledgement if body else None,
        user_id=approving_person(principal),
    )
    db.commit()
    return data.public_bulletin(svc.show_bulletin(db, bulletin_id))


@router.post("/{bulletin_id}/publish")
def publish(
    request: Request,
    db: Db,
    principal: Annotated[Principal, Depends(require("bulletins.publish"))],
    bulletin_id: int,
    body: BulletinPublish | None = None,
) -> dict[str, Any]:
    """Publish an approved version; the answer carries each channel's delivery."""
    settings = _settings(request)
    registry, channels = channels_from_settings(db, settings, body.channels if body else None)
    svc.publish_bulletin(
        db,
        bulletin_id,
        actor=principal.actor,
        role=data.workflow_role(principal),
        registry=registry,
        channels=channels,
        office_dir=settings.bulletin_dir,
    )
    db.commit()
    return data.public_bulletin(svc.show_bulletin(db, bulletin_id))


@router.post("/{bulletin_id}/correct", status_code=201)
def correct(
    request: Request,
    db: Db,
    principal: Annotated[Principal, Depends(require("bulletins.draft"))],
    bulletin_id: int,
    body: BulletinCorrect,
) -> dict[str, Any]:
    """Draft a correction of a published version, saying what changed and why."""
    settings = _settings(request)
    shown = svc.show_bulletin(db, bulletin_id)
    made = svc.correct_bulletin(
        db,
        bulletin_id,
        actor=principal.actor,
        role=data.workflow_role(principal),
        author_user_id=principal.user_id,
        what=body.what,
        why=body.why,
        out_dir=data.new_out_dir(settings, date.fromisoformat(shown["date"]), shown["kind"]),
        office_dir=settings.bulletin_dir,
    )
    db.commit()
    return data.public_bulletin(svc.show_bulletin(db, made.bulletin_id))


@router.get("/{bulletin_id}/files/{name}", response_class=FileResponse)
def file(db: Db, principal: Viewer, bulletin_id: int, name: str) -> FileResponse:
    """Download one of the version's files by its name (DOCX, PDF, HTML, script, MP3)."""
    _visible(db, principal, bulletin_id)
    return file_response(data.bulletin_file(svc.stored_texts(db, bulletin_id), name))


@router.get("/{bulletin_id}/audio/{unit_code}", response_class=FileResponse)
def audio(db: Db, principal: Viewer, bulletin_id: int, unit_code: str) -> FileResponse:
    """Return a commune's loudspeaker audio (MP3)."""
    shown = _visible(db, principal, bulletin_id)
    entry = next((f for f in shown["files"] if f.get("unit_code") == unit_code), None)
    name = Path(entry["audio_path"]).name if entry and entry.get("audio_path") else ""
    return file_response(data.bulletin_file(svc.stored_texts(db, bulletin_id), name))


@router.post("/{bulletin_id}/audio/{unit_code}", status_code=201)
def make_audio(
    request: Request,
    db: Db,
    principal: Annotated[Principal, Depends(require("bulletins.draft"))],
    bulletin_id: int,
    unit_code: str,
) -> dict[str, Any]:
    """Speak one commune's script of a draft or approved version; return its duration."""
    duration = svc.render_commune_audio(
        db, bulletin_id, unit_code, actor=principal.actor, engine=speech_engine(request)
    )
    db.commit()
    return {"unit_code": unit_code, "duration_s": duration}


def register(desk: Desk) -> None:
    """Add the bulletin API (the permissions come with the bulletin pages' area)."""
    desk.add_router(router)
