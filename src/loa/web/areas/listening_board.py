"""The rapid-response board: cards by state, evidence, the drafted correction, approval, publishing.

Who does what: `rapid` and `comms` open cards, assign them, attach evidence and draft the
correction ("Thông tin … là sai sự thật. Sự thật là … Nguồn: …") with `listening.work`;
`comms` (and `admin`) approve, send back and publish with `listening.approve` and
`listening.publish`. A card opens only on a checkable claim (or with a reason to re-label the
text as one); the verdict list has no preselected choice and includes "not a factual claim —
public feedback", which closes the card and counts its posts as public concerns. Whoever drafted a correction cannot approve it (the workflow refuses),
so a second person always does. `data` follows the board; viewers and reporters do not see
cards in progress (published corrections are in the library).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, RedirectResponse

from loa.errors import InputError, LoaError
from loa.listening.kinds import Kind
from loa.listening.response import NOT_A_CLAIM, correction_text
from loa.services.accounts import Principal, add_permission, approving_person
from loa.services.listening import response as rsp
from loa.services.publishing import configured_channel_names
from loa.settings import Settings
from loa.web import listening_data as data
from loa.web.deps import Page, PageContext, flash, flash_error, redirect, require
from loa.web.desk import Desk
from loa.web.i18n import N_

__all__ = ["register"]

router = APIRouter(include_in_schema=False)


def _settings(ctx: PageContext) -> Settings:
    settings: Settings = ctx.request.app.state.settings
    return settings


def _number(value: str, field: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(
            f"Ô «{field}» phải là một số (ví dụ 12), không phải '{value}'.",
            f"The field «{field}» must be a number (e.g. 12), not '{value}'.",
        )
    return int(value)


@router.get("/listening/cards", response_class=HTMLResponse)
def board_page(
    ctx: Page, _viewer: Annotated[Principal, Depends(require("listening.cards"))]
) -> HTMLResponse:
    """Show the board: one column per card state, the newest card first in each."""
    views = rsp.list_cards(ctx.db)
    columns = [
        (state, label, [v for v in views if v.card.state.value == state])
        for state, label in data.CARD_STATES.items()
    ]
    return ctx.page("listening/board.html", columns=columns)


@router.post("/listening/cards")
def card_open(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.work"))],
    narrative_id: Annotated[str, Form()] = "",
    claim: Annotated[str, Form()] = "",
    supersedes: Annotated[str, Form()] = "",
    relabel_reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Open a card for a narrative (or a claim typed in); a narrative keeps one card at work."""
    try:
        view, new = rsp.open_card_for(
            ctx.db, actor=principal.actor,
            narrative_id=_number(narrative_id, "narrative_id"), claim=claim.strip() or None,
            supersedes=_number(supersedes, "supersedes"), relabel_reason=relabel_reason,
        )  # fmt: skip
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect("/listening/cards")
    ctx.db.commit()
    if new:
        flash(ctx.request, ctx._("Đã mở thẻ phản ứng nhanh."))
    else:
        flash(ctx.request, ctx._("Câu chuyện này đã có thẻ đang xử lý."), "info")
    return redirect(f"/listening/cards/{view.card.id}")


@router.get("/listening/cards/{card_id}", response_class=HTMLResponse)
def card_page(
    ctx: Page,
    _viewer: Annotated[Principal, Depends(require("listening.cards"))],
    card_id: int,
) -> HTMLResponse:
    """Show a card: claim, evidence, correction, who drafted and approved, time to correction."""
    view = rsp.get_card(ctx.db, card_id)
    card = view.card
    sources = [e.source for e in card.evidence] or ["…"]
    # The form's preview, for a claim only (no correction exists for feedback).
    preview = (
        correction_text(card.claim, "…", sources, card.verdict)
        if card.kind is Kind.CLAIM and card.verdict is not None
        else None
    )
    return ctx.page(
        "listening/card.html",
        view=view,
        card=card,
        preview=preview,
        states=data.CARD_STATES,
        verdicts=data.VERDICT_NAMES,
        kinds=data.KIND_NAMES,
        members=rsp.team_members(ctx.db),
        channels=configured_channel_names(_settings(ctx)),
    )


def _act(
    ctx: PageContext, card_id: int, done_vi: str, action: Callable[[], object]
) -> RedirectResponse:
    try:
        action()
    except LoaError as exc:
        ctx.db.rollback()
        flash_error(ctx.request, exc)
        return redirect(f"/listening/cards/{card_id}")
    ctx.db.commit()
    flash(ctx.request, ctx._(done_vi))
    return redirect(f"/listening/cards/{card_id}")


@router.post("/listening/cards/{card_id}/assign")
def card_assign(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.work"))],
    card_id: int,
    team: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Assign the card to a team member or a team."""
    return _act(
        ctx, card_id, N_("Đã giao thẻ."),
        lambda: rsp.assign_card(ctx.db, card_id, team=team, actor=principal.actor),
    )  # fmt: skip


@router.post("/listening/cards/{card_id}/evidence")
def card_evidence(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.work"))],
    card_id: int,
    source: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Attach a piece of evidence: a link or document, and what it shows."""
    return _act(
        ctx, card_id, N_("Đã thêm bằng chứng."),
        lambda: rsp.add_evidence(ctx.db, card_id, source=source, note=note, actor=principal.actor),
    )  # fmt: skip


@router.post("/listening/cards/{card_id}/draft")
def card_draft(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.work"))],
    card_id: int,
    truth: Annotated[str, Form()] = "",
    verdict: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Draft the correction from the claim, what is true and the evidence's sources."""
    done = (
        N_("Đã đóng thẻ: không phải thông tin cần kiểm chứng; đã chuyển sang ý kiến người dân.")
        if verdict == NOT_A_CLAIM
        else N_("Đã soạn đính chính; cần một người khác duyệt.")
    )
    return _act(
        ctx, card_id, done,
        lambda: rsp.draft_card(
            ctx.db, card_id, truth=truth, verdict=verdict, actor=principal.actor,
            user_id=principal.user_id,
        ),
    )  # fmt: skip


@router.post("/listening/cards/{card_id}/approve")
def card_approve(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.approve"))],
    card_id: int,
) -> RedirectResponse:
    """Approve the drafted correction; whoever drafted it cannot."""
    return _act(
        ctx, card_id, N_("Đã duyệt đính chính."),
        lambda: rsp.approve_card(
            ctx.db, card_id, actor=principal.actor, user_id=approving_person(principal)
        ),
    )  # fmt: skip


@router.post("/listening/cards/{card_id}/reject")
def card_reject(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.approve"))],
    card_id: int,
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Send the draft back to its team, saying why."""
    return _act(
        ctx, card_id, N_("Đã trả lại để soạn lại."),
        lambda: rsp.reject_card(ctx.db, card_id, reason=reason, actor=principal.actor),
    )  # fmt: skip


@router.post("/listening/cards/{card_id}/publish")
def card_publish(
    ctx: Page,
    principal: Annotated[Principal, Depends(require("listening.publish"))],
    card_id: int,
    channel: Annotated[list[str] | None, Form()] = None,
) -> RedirectResponse:
    """Publish the approved correction on the chosen channels (default: every configured one)."""
    settings = _settings(ctx)
    return _act(
        ctx, card_id, N_("Đã phát hành đính chính."),
        lambda: data.publish_correction(
            ctx.db, card_id, actor=principal.actor, settings=settings, channels=channel
        ),
    )  # fmt: skip


def register(desk: Desk) -> None:
    """Add the board, the card pages and the permissions of the response workflow."""
    add_permission("listening.cards", ["comms", "data", "rapid"])
    add_permission("listening.work", ["rapid", "comms"])
    add_permission("listening.approve", ["comms"])
    add_permission("listening.publish", ["comms"])
    desk.add_router(router)
