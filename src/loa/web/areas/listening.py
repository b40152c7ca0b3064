"""Listening on the desk: narratives and their volume, alerts, the fact-check library, concerns.

Who sees what: `listening.view` (every role but reporters) reads the aggregates: narratives,
alerts with their evidence, the library and the public concerns of the whole province;
reporters see only the concerns of their own district. `listening.work` (`rapid`, `comms`)
checks a day for alerts and imports fact-checks. The rapid-response board is in
`loa.web.areas.listening_board`.

Pages analyse claims, narratives, topics and areas only: no page names or counts the people
who posted. Questions and complaints are public feedback, shown as concerns, never as false
information.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from loa.charts import line_chart_svg
from loa.errors import InputError, LoaError
from loa.services import listening as svc
from loa.services.accounts import Principal, add_permission
from loa.services.directory import unit_names
from loa.services.listening import response as rsp
from loa.settings import Settings
from loa.web import listening_data as data
from loa.web.deps import Page, PageContext, flash, flash_error, redirect, require
from loa.web.desk import Desk, MenuItem, Panel
from loa.web.i18n import N_

__all__ = ["register", "rising_panel"]

router = APIRouter(include_in_schema=False)
PANEL_LIMIT = 5
MAX_UPLOAD = 5_000_000


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _day_or_none(value: str) -> date | None:
    return data.parse_day(value) if value.strip() else None


def _cards_by_narrative(ctx: PageContext) -> dict[int, int]:
    """Return the newest card of each narrative (only for those who may see the board)."""
    if not ctx.principal.can("listening.cards"):
        return {}
    found: dict[int, int] = {}
    for view in rsp.list_cards(ctx.db):
        if view.card.narrative_id is not None:
            found.setdefault(view.card.narrative_id, view.card.id)
    return found


def rising_panel(ctx: PageContext) -> Markup:
    """Return the overview's block: the latest alerts and the narratives rising this week."""
    rows = data.narrative_rows(ctx.db, limit=200)
    rising = []
    for row in rows:
        counts = [n for _, n in row.recent]
        week, before = sum(counts[-7:]), sum(counts[:-7])
        if week > before:
            rising.append((row, week, before))
    rising.sort(key=lambda r: (-r[1], r[0].id))
    alerts = svc.stored_alerts(ctx.db, limit=PANEL_LIMIT)
    return ctx.render(
        "listening/panel.html", alerts=alerts, rising=rising[:PANEL_LIMIT], topics=data.TOPIC_NAMES
    )


@router.get("/listening", response_class=HTMLResponse)
def narratives_page(
    ctx: Page,
    _viewer: Annotated[Principal, Depends(require("listening.view"))],
    since: str = "",
) -> HTMLResponse:
    """List the narratives with their volume over the last two weeks, areas and first day."""
    rows = data.narrative_rows(ctx.db, since=_day_or_none(since), limit=100)
    sparks = {
        r.id: Markup(data.sparkline_svg(r.recent, label=ctx._("Số tin mỗi ngày, 14 ngày gần nhất")))
        for r in rows
    }
    return ctx.page(
        "listening/narratives.html",
        rows=rows,
        sparks=sparks,
        since=since,
        topics=data.TOPIC_NAMES,
        cards=_cards_by_narrative(ctx),
    )


@router.get("/listening/narratives/{narrative_id}", response_class=HTMLResponse)
def narrative_page(
    ctx: Page,
    _viewer: Annotated[Principal, Depends(require("listening.view"))],
    narrative_id: int,
) -> HTMLResponse:
    """Show one narrative: its volume chart and table, districts, communes, alerts and cards."""
    row = data.narrative_row(ctx.db, narrative_id)
    days = sorted(date.fromisoformat(d) for d in row.volume)
    points = data.series(row.volume, days[-1], (days[-1] - days[0]).days + 1) if days else []
    chart = None
    if points:
        label = ctx._("Số tin")
        chart = Markup(
            line_chart_svg(
                [d for d, _ in points], {label: [float(n) for _, n in points]},
                title=ctx._("Số tin mỗi ngày của câu chuyện"), lang=ctx.lang, y_label=label,
                bars=label, id_prefix=f"narrative-{narrative_id}",
            )
        )  # fmt: skip
    cards = [v for v in rsp.list_cards(ctx.db) if v.card.narrative_id == narrative_id]
    return ctx.page(
        "listening/narrative.html",
        n=row,
        chart=chart,
        points=[p for p in points if p[1]],
        communes=data.commune_areas(ctx.db, narrative_id),
        alerts=svc.stored_alerts(ctx.db, narrative_id=narrative_id),
        cards=cards if ctx.principal.can("listening.cards") else [],
        topics=data.TOPIC_NAMES,
        states=data.CARD_STATES,
    )


@router.get("/listening/alerts", response_class=HTMLResponse)
def alerts_page(
    ctx: Page,
    _viewer: Annotated[Principal, Depends(require("listening.view"))],
    day: str = "",
) -> HTMLResponse:
    """List the alerts raised, with their evidence: the count against the baseline's limit."""
    chosen = _day_or_none(day)
    return ctx.page(
        "listening/alerts.html",
        alerts=svc.stored_alerts(ctx.db, day=chosen),
        day=day,
        alert_cards=_cards_by_narrative(ctx),
        min_count=_settings(ctx.request).listen_alert_min_count,
    )


@router.post("/listening/alerts/check")
def alerts_check(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.work"))],
    day: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Test each narrative's count of a day against its last seven days; raise new alerts."""
    try:
        chosen = data.parse_day(day) if day.strip() else date.today()
        found = svc.detect_alerts(
            ctx.db, day=chosen, settings=_settings(ctx.request), actor=principal.actor
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/listening/alerts")
    ctx.db.commit()
    new = sum(a.new for a in found)
    flash(ctx.request, ctx._("Cảnh báo mới: {new}; đang có trong ngày: {all}.").format(
        new=new, all=len(found)
    ))  # fmt: skip
    return redirect(f"/listening/alerts?day={chosen.isoformat()}")


@router.get("/listening/factchecks", response_class=HTMLResponse)
def library_page(
    ctx: Page,
    _viewer: Annotated[Principal, Depends(require("listening.view"))],
    q: str = "",
    match: str = "",
) -> HTMLResponse:
    """List and search the fact-check library; optionally match a text against it."""
    results = []
    if match.strip():
        embedder = svc.make_embedder(_settings(ctx.request))
        results = svc.match_text(ctx.db, match, embedder=embedder, top=5)
    return ctx.page(
        "listening/library.html",
        checks=svc.search_library(ctx.db, query=q),
        q=q,
        match=match,
        results=results,
        verdicts=data.VERDICT_NAMES,
    )


@router.post("/listening/factchecks/import")
async def library_import(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.work"))],
    file: Annotated[UploadFile, File()],
) -> RedirectResponse:
    """Import a ClaimReview JSON-LD file into the library (by id; corrections are kept)."""
    raw = await file.read(MAX_UPLOAD + 1)
    name = file.filename or "upload.jsonld"
    try:
        if len(raw) > MAX_UPLOAD:
            raise InputError(
                f"Tệp {name} lớn hơn {MAX_UPLOAD // 1_000_000} MB; hãy chia nhỏ.",
                f"File {name} is over {MAX_UPLOAD // 1_000_000} MB; split it.",
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                f"Tệp {name} không phải văn bản UTF-8; hãy lưu lại dạng UTF-8.",
                f"File {name} is not UTF-8 text; save it as UTF-8.",
            ) from None
        done = svc.import_factchecks(ctx.db, text, actor=principal.actor, file=name)
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/listening/factchecks")
    ctx.db.commit()
    flash(ctx.request, ctx._("Đã nhập: {added} mới, {replaced} thay thế.").format(
        added=done.added, replaced=done.replaced
    ))  # fmt: skip
    return redirect("/listening/factchecks")


@router.get("/listening/factchecks/export")
def library_export(
    ctx: Page, _viewer: Annotated[Principal, Depends(require("listening.view"))]
) -> Response:
    """Download the library (published corrections included) as ClaimReview JSON-LD."""
    return Response(
        svc.export_factchecks(ctx.db),
        media_type="application/ld+json",
        headers={"Content-Disposition": 'attachment; filename="loa-factchecks.jsonld"'},
    )


@router.get("/listening/concerns", response_class=HTMLResponse)
def concerns_page(
    ctx: Page,
    _viewer: Annotated[Principal, Depends(require("listening.concerns"))],
    week: str = "",
) -> HTMLResponse:
    """Show a week's questions and complaints by topic and district (reporters: their own)."""
    monday = svc.concern_week(ctx.db, _day_or_none(week))
    district = svc.concern_district(ctx.db, ctx.principal)
    rows = svc.public_concerns(ctx.db, week=monday)
    if district is not None:
        rows = [r for r in rows if r.district_code == district]
    names = unit_names(ctx.db, sorted({r.district_code for r in rows if r.district_code}))
    return ctx.page(
        "listening/concerns.html",
        rows=rows,
        monday=monday,
        sunday=monday + timedelta(days=6),
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        names=names,
        district=district,
        topics=data.TOPIC_NAMES,
        kinds=data.KIND_NAMES,
        total=sum(r.count for r in rows),
    )


def register(desk: Desk) -> None:
    """Add the listening pages, their permissions, menu items and the overview's panel."""
    add_permission("listening.view", ["comms", "data", "rapid", "viewer"])
    add_permission("listening.concerns", ["comms", "data", "rapid", "viewer", "reporter"])
    add_permission("listening.work", ["rapid", "comms"])
    desk.add_router(router)
    desk.add_menu_item(
        MenuItem("listening", N_("Dư luận"), "/listening", permission="listening.view", order=50)
    )
    desk.add_menu_item(
        MenuItem(
            "concerns",
            N_("Ý kiến người dân"),
            "/listening/concerns",
            permission="listening.concerns",
            order=55,
        )
    )
    desk.add_panel(
        Panel(
            "rising_narratives",
            N_("Câu chuyện đang tăng và cảnh báo"),
            rising_panel,
            permission="listening.view",
            order=50,
        )
    )
