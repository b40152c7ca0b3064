"""Bulletins on the desk: drafts with provenance, preview and audio, approve, publish, correct.

Who does what (web role -> bulletin workflow role): `comms` drafts, approves and publishes as
`comms_officer`, `admin` as `admin`; the author of a draft may not approve it. `data` and
`rapid` follow the drafts; reporters and viewers see published versions only.

Audio is made in the request for one commune at a time (a few seconds); a draft for a district
or the province is made without audio, and each commune's audio is made from its preview.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from markupsafe import Markup
from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.errors import InputError, LoaError
from loa.services import bulletins as svc
from loa.services.accounts import Principal, add_permission, approving_person
from loa.services.directory import unit_names
from loa.services.publishing import channels_from_settings, configured_channel_names
from loa.services.unit_picker import pick_unit, unit_choices
from loa.settings import Settings
from loa.web import bulletin_data as data
from loa.web.bulletin_views import safe_article, side_by_side
from loa.web.deps import Page, PageContext, flash, flash_error, redirect, require
from loa.web.desk import Desk, MenuItem, Panel
from loa.web.i18n import N_
from loa.web.situation_data import latest_day

__all__ = ["file_response", "make_draft", "register", "speech_engine"]

router = APIRouter(include_in_schema=False)
KIND_NAMES = {
    "press": N_("Thông cáo báo chí"),
    "portal": N_("Bài cổng thông tin"),
    "radio": N_("Bài phát thanh"),
}
STATE_NAMES = {"draft": N_("bản nháp"), "approved": N_("đã duyệt"), "published": N_("đã phát hành")}
PANEL_LIMIT = 8


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def speech_engine(request: Request) -> Any:
    """Return the speech engine the app was given (tests give a tone), or None for espeak."""
    return getattr(request.app.state, "speech_engine", None)


def make_draft(
    db: Session,
    request: Request,
    principal: Principal,
    *,
    day: date,
    kind: str,
    unit_code: str | None,
    lang: str,
    audio: bool,
) -> svc.MadeBulletin:
    """Return a new draft in its own folder, with its audio when it is for one commune."""
    settings = _settings(request)
    made = svc.make_bulletin(
        db,
        day=day,
        kind=kind,
        out_dir=data.new_out_dir(settings, day, kind),
        actor=principal.actor,
        role=data.workflow_role(principal),
        author_user_id=principal.user_id,
        province_code=settings.province_code,
        unit_code=unit_code,
        lang=lang,
        rules_name=settings.level_rules.strip(),
        office_dir=settings.bulletin_dir,
    )
    if audio and data.audio_in_request(made):
        svc.render_commune_audio(
            db,
            made.bulletin_id,
            str(made.files[0].unit_code),
            actor=principal.actor,
            engine=speech_engine(request),
        )
    return made


def file_response(path: Path) -> FileResponse:
    """Return a stored bulletin file as a download; HTML opens sandboxed, never as the desk."""
    media = {
        ".mp3": "audio/mpeg",
        ".wav": "audio/wav",
        ".pdf": "application/pdf",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".html": "text/html; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }.get(path.suffix, "application/octet-stream")
    headers = {"Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'"}
    return FileResponse(path, media_type=media, headers=headers, filename=path.name)


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"Ngày '{value}' không đúng dạng NNNN-TT-NN (ví dụ 2021-05-25).",
            f"Date '{value}' is not YYYY-MM-DD (e.g. 2021-05-25).",
        ) from None


def bulletins_panel(ctx: PageContext) -> Markup:
    """Return the overview's block of drafts awaiting a second person's approval."""
    drafts = svc.list_bulletins(ctx.db, state=workflow.DRAFT)
    return ctx.render(
        "bulletins/panel.html", drafts=drafts[:PANEL_LIMIT], more=len(drafts) > PANEL_LIMIT
    )


@router.get("/bulletins", response_class=HTMLResponse)
def bulletins_page(ctx: Page, day: str = "", kind: str = "", state: str = "") -> HTMLResponse:
    """List the bulletin versions this user may see, with the drafting form for comms."""
    chosen = _parse_day(day) if day else None
    rows = data.visible_bulletins(
        ctx.db, ctx.principal, day=chosen, kind=kind or None, state=state or None
    )
    province: str = ctx.request.app.state.settings.province_code
    return ctx.page(
        "bulletins/list.html",
        bulletins=rows,
        units=unit_choices(ctx.db, province, latest_day(ctx.db, province) or date.today()),
        kinds=KIND_NAMES,
        states=STATE_NAMES,
        day=day,
        kind=kind,
        state=state,
    )


@router.post("/bulletins")
def bulletin_make(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("bulletins.draft"))],
    day: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    unit_code: Annotated[str, Form()] = "",
    bulletin_lang: Annotated[str, Form()] = "vi",
    audio: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Draft the bulletin of a day; audio only when it is for one commune."""
    try:
        chosen = _parse_day(day)
        province: str = ctx.request.app.state.settings.province_code
        unit = pick_unit(ctx.db, unit_code, province, chosen) if unit_code.strip() else None
        made = make_draft(
            ctx.db,
            ctx.request,
            principal,
            day=chosen,
            kind=kind,
            unit_code=unit,
            lang=bulletin_lang,
            audio=bool(audio),
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/bulletins")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã soạn bản nháp; cần một người khác duyệt."))
    if audio and not data.audio_in_request(made):
        flash(ctx.request, ctx._("Âm thanh được làm cho từng xã ở trang của bản tin."), "info")
    return redirect(f"/bulletins/{made.bulletin_id}")


def _shown(ctx: PageContext, bulletin_id: int) -> dict[str, Any]:
    shown = svc.show_bulletin(ctx.db, bulletin_id)
    data.check_visible(ctx.principal, shown)
    return shown


@router.get("/bulletins/{bulletin_id}", response_class=HTMLResponse)
def bulletin_page(ctx: Page, bulletin_id: int) -> HTMLResponse:
    """Preview a version: its text, files, audio per commune, provenance, history, actions."""
    shown = _shown(ctx, bulletin_id)
    texts = svc.stored_texts(ctx.db, bulletin_id)
    article = safe_article(str(texts.get("html", ""))) if shown["kind"] == "portal" else None
    communes = svc.schedule(ctx.db, shown, _settings(ctx.request).bulletin_dir)
    scripts = {code: str(s) for code, s in texts.get("scripts", {}).items()}
    return ctx.page(
        "bulletins/show.html",
        b=shown,
        article=article,
        paragraphs=texts.get("paragraphs") or [],
        communes=communes,
        scripts=scripts,
        files=[f for f in shown["files"] if f["kind"] != "radio"],
        previous=svc.previous_version(ctx.db, shown),
        kinds=KIND_NAMES,
        states=STATE_NAMES,
        role=data.workflow_role(ctx.principal),
        channels=configured_channel_names(_settings(ctx.request)),
    )


@router.get("/bulletins/{bulletin_id}/compare", response_class=HTMLResponse)
def bulletin_compare(ctx: Page, bulletin_id: int) -> HTMLResponse:
    """Show a version beside the one before it, changed lines marked."""
    shown = _shown(ctx, bulletin_id)
    previous_id = svc.previous_version(ctx.db, shown)
    if previous_id is None:
        raise InputError(
            f"Bản tin {bulletin_id} là phiên bản đầu; không có bản trước để so sánh.",
            f"Bulletin {bulletin_id} is the first version; there is none before it to compare.",
        )
    before = _shown(ctx, previous_id)
    old_texts, new_texts = (svc.stored_texts(ctx.db, i) for i in (previous_id, bulletin_id))
    codes = sorted(set(old_texts.get("scripts", {})) | set(new_texts.get("scripts", {})))
    names = unit_names(ctx.db, codes)
    rows = side_by_side(
        data.readable_lines(old_texts, names), data.readable_lines(new_texts, names)
    )
    return ctx.page("bulletins/compare.html", b=shown, before=before, rows=rows)


@router.get("/bulletins/{bulletin_id}/schedule", response_class=HTMLResponse)
def bulletin_schedule(ctx: Page, bulletin_id: int) -> HTMLResponse:
    """Show, for each commune, its level, audiences and the key messages its loudspeaker reads."""
    shown = _shown(ctx, bulletin_id)
    communes = svc.schedule(ctx.db, shown, _settings(ctx.request).bulletin_dir)
    return ctx.page("bulletins/schedule.html", b=shown, communes=communes)


@router.get("/bulletins/{bulletin_id}/files/{name}")
def bulletin_download(ctx: Page, bulletin_id: int, name: str) -> FileResponse:
    """Download one of the version's files (DOCX, PDF, HTML, script, audio)."""
    _shown(ctx, bulletin_id)
    return file_response(data.bulletin_file(svc.stored_texts(ctx.db, bulletin_id), name))


@router.get("/bulletins/{bulletin_id}/audio/{unit_code}.mp3")
def bulletin_audio(ctx: Page, bulletin_id: int, unit_code: str) -> FileResponse:
    """Serve a commune's loudspeaker audio (MP3) from the version's own folder."""
    shown = _shown(ctx, bulletin_id)
    entry = next((f for f in shown["files"] if f.get("unit_code") == unit_code), None)
    name = Path(entry["audio_path"]).name if entry and entry.get("audio_path") else ""
    return file_response(data.bulletin_file(svc.stored_texts(ctx.db, bulletin_id), name))


def _act(ctx: PageContext, bulletin_id: int, done_vi: str, action: Any) -> RedirectResponse:
    try:
        action()
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect(f"/bulletins/{bulletin_id}")
    ctx.db.commit()
    flash(ctx.request, ctx._(done_vi))
    return redirect(f"/bulletins/{bulletin_id}")


@router.post("/bulletins/{bulletin_id}/audio/{unit_code}")
def bulletin_make_audio(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("bulletins.draft"))],
    bulletin_id: int,
    unit_code: str,
) -> RedirectResponse:
    """Speak one commune's script of a draft or approved version."""
    engine = speech_engine(ctx.request)
    return _act(
        ctx,
        bulletin_id,
        N_("Đã làm âm thanh cho xã."),
        lambda: svc.render_commune_audio(
            ctx.db, bulletin_id, unit_code, actor=principal.actor, engine=engine
        ),
    )


@router.post("/bulletins/{bulletin_id}/approve")
def bulletin_approve(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("bulletins.approve"))],
    bulletin_id: int,
    acknowledgement: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Approve a draft; its author cannot, nor anyone while the checks find an error."""
    return _act(
        ctx,
        bulletin_id,
        N_("Đã duyệt bản tin."),
        lambda: svc.approve_bulletin(
            ctx.db,
            bulletin_id,
            actor=principal.actor,
            role=data.workflow_role(principal),
            acknowledgement=acknowledgement,
            office_dir=_settings(ctx.request).bulletin_dir,
            user_id=approving_person(principal),
        ),
    )


@router.post("/bulletins/{bulletin_id}/publish")
def bulletin_publish(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("bulletins.publish"))],
    bulletin_id: int,
    channel: Annotated[list[str] | None, Form()] = None,
) -> RedirectResponse:
    """Publish an approved version on the chosen channels (default: every configured one)."""
    names = channel or None
    settings = _settings(ctx.request)

    def publish() -> None:
        registry, channels = channels_from_settings(ctx.db, settings, names)
        svc.publish_bulletin(
            ctx.db,
            bulletin_id,
            actor=principal.actor,
            role=data.workflow_role(principal),
            registry=registry,
            channels=channels,
            office_dir=settings.bulletin_dir,
        )

    return _act(ctx, bulletin_id, N_("Đã phát hành bản tin."), publish)


@router.post("/bulletins/{bulletin_id}/correct")
def bulletin_correct(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("bulletins.draft"))],
    bulletin_id: int,
    what: Annotated[str, Form()] = "",
    why: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Make a correcting draft of a published version, saying what changed and why."""
    settings = _settings(ctx.request)
    try:
        shown = svc.show_bulletin(ctx.db, bulletin_id)
        made = svc.correct_bulletin(
            ctx.db,
            bulletin_id,
            actor=principal.actor,
            role=data.workflow_role(principal),
            author_user_id=principal.user_id,
            what=what,
            why=why,
            out_dir=data.new_out_dir(settings, date.fromisoformat(shown["date"]), shown["kind"]),
            office_dir=settings.bulletin_dir,
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect(f"/bulletins/{bulletin_id}")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã soạn bản đính chính; cần một người khác duyệt."))
    return redirect(f"/bulletins/{made.bulletin_id}")


def register(desk: Desk) -> None:
    """Add the bulletin pages, their permissions, menu item and the overview's drafts panel."""
    add_permission("bulletins.draft", ["comms"])
    add_permission("bulletins.approve", ["comms"])
    add_permission("bulletins.publish", ["comms"])
    add_permission("bulletins.drafts", data.DRAFT_READERS)
    desk.add_router(router)
    desk.add_menu_item(MenuItem("bulletins", N_("Bản tin"), "/bulletins", order=40))
    desk.add_panel(
        Panel(
            "bulletins_awaiting",
            N_("Bản tin chờ duyệt"),
            bulletins_panel,
            permission="bulletins.drafts",
            order=40,
        )
    )
