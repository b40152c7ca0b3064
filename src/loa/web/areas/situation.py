"""Situation pages: the level map, charts of cases and R_t, tables, and data import."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from loa.errors import LoaError, NotFoundError
from loa.services.accounts import Principal
from loa.services.situation import import_situation_file
from loa.services.situation_board import BoardRow
from loa.services.situation_conflicts import resolve_conflicts
from loa.services.situation_parts import trend
from loa.services.situation_snapshot import (
    ImportRow,
    ensure_snapshot,
    import_row,
    snapshot_imports,
)
from loa.situation.reconcile import MEASURE_LABELS, source_label
from loa.web.caching import answer_304, cache_headers, not_modified, page_etag
from loa.web.deps import Page, PageContext, flash, flash_error, redirect, require
from loa.web.desk import Desk, MenuItem, Panel
from loa.web.i18n import N_
from loa.web.situation_data import UnitCell, level_counts, shown_once, situation_view
from loa.web.unit_field import typed_unit, unit_list
from loa.web.visuals import cases_chart, level_map, rt_chart, sparkline

__all__ = ["register"]

router = APIRouter(include_in_schema=False)


def _province(ctx: PageContext) -> str:
    code: str = ctx.request.app.state.settings.province_code
    return code


def _rules(ctx: PageContext) -> str:
    """Return the desk's LOA_LEVEL_RULES value (a preset or the province's YAML file)."""
    value: str = ctx.request.app.state.settings.level_rules
    return value


def levels_panel(ctx: PageContext) -> str:
    """Return the overview's situation block: level map, counts and the cases trend."""
    view = situation_view(ctx.db, _province(ctx), None, rules_setting=_rules(ctx))
    if view is None:
        return ctx.render("fragments/no_data.html")
    cells = view.cells("commune", ctx.lang)
    title = ctx._("Cấp độ dịch các xã, phường, thị trấn")
    return ctx.render(
        "fragments/levels_panel.html",
        day=view.day,
        counts=level_counts(cells),
        map=shown_once(
            view, ("map", "commune", ctx.lang, title), lambda: level_map(ctx, cells, title=title)
        ),
        trend=cases_chart(ctx, trend(view.cases(), 60), title=ctx._("Ca mắc mới mỗi ngày")),
    )


def _rebuild(ctx: PageContext) -> None:
    """Build the snapshot of the last reported day for the data as it now stands.

    Right after the change, so the officers who open the pages next read it ready-made.
    """
    ensure_snapshot(ctx.db, _province(ctx), None, rules_setting=_rules(ctx))
    ctx.db.commit()


PAGE_SIZE = 20
SORTS = ("district", "level", "cases", "rate", "rt", "name")


def _sorted(rows: list[BoardRow], sort: str) -> list[BoardRow]:
    def high_first(value: float | int | None) -> float:
        return -(value if value is not None else -1.0)

    keys = {
        "level": lambda r: (high_first(r.level), high_first(r.per_100k), r.name),
        "cases": lambda r: (high_first(r.cases_week), r.name),
        "rate": lambda r: (high_first(r.per_100k), r.name),
        "rt": lambda r: (high_first(r.rt), r.name),
        "name": lambda r: (r.name, r.district),
    }
    key = keys.get(sort)
    return sorted(rows, key=key) if key else rows


@router.get("/situation", response_class=HTMLResponse)
def situation_page(
    ctx: Page,
    day: date | None = None,
    level: str = "commune",
    unit: str | None = None,
    district: str = "",
    lvl: str = "",
    sort: str = "level",
    page: int = 1,
) -> Response:
    """Show the answer first: levels, map and the board of units; then the trends and R_t.

    Read from the day's snapshot; the page carries an ETag (see `loa.web.caching`).
    """
    province = _province(ctx)
    if level not in ("commune", "district"):
        level = "commune"
    view = situation_view(ctx.db, province, day, rules_setting=_rules(ctx))
    if view is None:
        return ctx.page("situation.html", day=None, level=level, cells=[], unit=None)
    assert view.snapshot is not None
    etag = page_etag(ctx, view.snapshot)
    if not_modified(ctx.request, etag):
        return answer_304(etag, view.snapshot)
    shown = view.day
    board = view.board(level, ctx.lang)
    cells = [
        UnitCell(r.code, r.name, r.level, r.per_100k, r.cases_week, r.reasons, r.provisional)
        for r in board
    ]
    districts = sorted({(r.district, r.district) for r in board if r.district})
    shown_rows = [
        r
        for r in board
        if (not district or r.district == district) and (not lvl or str(r.level or 0) == lvl)
    ]
    shown_rows = _sorted(shown_rows, sort if sort in SORTS else "level")
    pages = max(1, -(-len(shown_rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    focus = typed_unit(ctx, unit, province, shown) or province  # a code, or a name typed
    series = view.cases(focus)
    rt, warnings = view.rt(focus)
    reliable = [p for p in rt if p.reliable]
    names = {c.code: c.name for c in cells}
    conflicts = view.conflicts()
    query = {"day": shown.isoformat(), "level": level, "district": district, "lvl": lvl}
    response = ctx.page(
        "situation.html",
        day=shown,
        level=level,
        cells=cells,
        board=shown_rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        board_total=len(shown_rows),
        page_no=page,
        pages=pages,
        sort=sort,
        district=district,
        lvl=lvl,
        districts=[d for d, _ in districts],
        query=query,
        counts=level_counts(cells),
        provisional=sum(1 for r in board if r.provisional),
        unit=focus,
        unit_name=names.get(focus, ""),
        map=shown_once(
            view,
            ("map", level, ctx.lang),
            lambda: level_map(ctx, cells, title=ctx._("Bản đồ cấp độ dịch")),
        ),
        cases=cases_chart(ctx, series, title=ctx._("Ca mắc mới mỗi ngày")),
        rt=rt_chart(ctx, reliable, title=ctx._("Hệ số lây nhiễm R_t và khoảng tin cậy 95%")),
        rt_now=rt[-1] if rt else None,
        rt_hidden=len(rt) - len(reliable),
        missing_week=sum(1 for _, v in series[-7:] if v is None),
        rt_warnings=[w.split("\n")[0 if ctx.lang == "vi" else -1] for w in warnings],
        conflicts=conflicts,
        conflicts_since=shown - timedelta(days=6),
        unit_names=view.names(),
        source_label=source_label,
        measure_labels=MEASURE_LABELS,
        sparkline=sparkline,
        units=unit_list(ctx, province, shown),
        provenance=snapshot_imports(ctx.db, view.snapshot),
    )
    return cache_headers(response, etag, view.snapshot)


@router.post("/situation/conflicts/resolve")
def situation_resolve(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("situation.import"))],
    unit_code: Annotated[str, Form()],
    day: Annotated[date, Form()],
    measure: Annotated[str, Form()],
    source: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    since: Annotated[date | None, Form()] = None,
    shown: Annotated[date | None, Form()] = None,
) -> RedirectResponse:
    """Resolve a conflict between sources by choosing a source, with the reason why.

    With `since`, every unresolved conflict of the unit and measure from `since` to `day`.
    """
    back = (shown or day).isoformat()
    try:
        resolve_conflicts(
            ctx.db,
            province_code=_province(ctx),
            unit_code=unit_code,
            first=min(since, day) if since else day,
            last=max(since, day) if since else day,
            measure=measure,
            source=source,
            actor=principal.actor,
            reason=reason,
        )
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect(f"/situation?day={back}#conflicts")
    ctx.db.commit()
    _rebuild(ctx)
    flash(ctx.request, ctx._("Đã chọn nguồn số liệu."))
    return redirect(f"/situation?day={back}#conflicts")


@router.post("/situation/import")
def situation_import(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("situation.import"))],
    file: Annotated[UploadFile, File()],
    partial: Annotated[bool, Form()] = False,
    complete: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Import a case, vaccination or capacity file, then show its validation report."""
    raw = file.file.read()
    try:
        outcome = import_situation_file(
            ctx.db,
            raw,
            file.filename or "upload.csv",
            province_code=_province(ctx),
            today=date.today(),
            partial=partial,
            complete=complete,
            actor=principal.actor,
        )
    except LoaError as exc:
        ctx.db.commit()  # the rejected file is kept with the reason, as the CLI does
        flash_error(ctx.request, exc)
        return redirect("/situation#import")
    ctx.db.commit()
    _rebuild(ctx)
    return redirect(f"/situation/imports/{outcome.import_id}")


def _import_row(ctx: PageContext, import_id: int) -> ImportRow:
    row = import_row(ctx.db, import_id)
    if row is None:
        raise NotFoundError(
            f"Không có lần nhập số {import_id}.", f"There is no import {import_id}."
        )
    return row


@router.get("/situation/imports/{import_id}", response_class=HTMLResponse)
def import_report(ctx: Page, import_id: int) -> HTMLResponse:
    """Show what an import accepted and every problem found, row by row, and what next."""
    row = _import_row(ctx, import_id)
    report = row.report or {}
    days = [date.fromisoformat(d) for d in report.get("days", [])]
    return ctx.page(
        "import_report.html",
        row=row,
        problems=report.get("problems", []),
        set_aside=report.get("set_aside", []),
        error=report.get("error"),
        has_rejected_rows=bool(report.get("rejected_csv")),
        days=days,
    )


@router.get("/situation/imports/{import_id}/rejected.csv")
def rejected_rows(ctx: Page, import_id: int) -> Response:
    """Download the rows an import rejected, each with its error, to fix and import again."""
    row = _import_row(ctx, import_id)
    text = (row.report or {}).get("rejected_csv") or ""
    stem = row.filename.rsplit(".", 1)[0]
    return Response(
        "\ufeff" + text,  # a BOM, so spreadsheet programs read the Vietnamese correctly
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{stem}-dong-loi.csv"'},
    )


@router.post("/situation/imports/{import_id}/good-rows")
def import_good_rows(
    ctx: Page,
    import_id: int,
    principal: Annotated[Principal, Depends(require("situation.import"))],
    complete: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Import again a rejected file, keeping its good rows and setting the bad ones aside."""
    row = _import_row(ctx, import_id)
    try:
        outcome = import_situation_file(
            ctx.db,
            row.raw,
            row.filename,
            province_code=_province(ctx),
            today=date.today(),
            partial=True,
            complete=complete,
            actor=principal.actor,
        )
    except LoaError as exc:
        ctx.db.commit()
        flash_error(ctx.request, exc)
        return redirect(f"/situation/imports/{import_id}")
    ctx.db.commit()
    _rebuild(ctx)
    return redirect(f"/situation/imports/{outcome.import_id}")


def register(desk: Desk) -> None:
    """Add the situation pages, their menu item and the overview's situation panel."""
    desk.add_router(router)
    desk.add_menu_item(MenuItem("situation", N_("Tình hình dịch"), "/situation", order=30))
    desk.add_panel(
        Panel(
            "levels", N_("Tình hình dịch hôm nay"), lambda ctx: Markup(levels_panel(ctx)), order=20
        )
    )
