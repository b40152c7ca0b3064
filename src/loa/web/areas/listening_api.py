"""Listening under /api/v1/listening: narratives, alerts, cards and their moves, library, concerns.

The same rules as the pages: `listening.view` reads the aggregates, reporters get only their
district's concerns, `listening.work` opens and works cards, `listening.approve` and
`listening.publish` (comms, admin) approve and publish; the drafter cannot approve. The actor
is the signed-in login or `token:NAME`. No answer names a person who posted.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from loa.errors import InputError
from loa.services import listening as svc
from loa.services.accounts import Principal, approving_person
from loa.services.listening import response as rsp
from loa.settings import Settings
from loa.web import listening_data as data
from loa.web.deps import Db, require
from loa.web.desk import Desk

__all__ = [
    "AlertCheck",
    "CardAssign",
    "CardDraft",
    "CardEvidence",
    "CardOpen",
    "CardPublish",
    "CardReject",
    "register",
]

router = APIRouter(prefix="/api/v1/listening", tags=["listening"])
Reader = Annotated[Principal, Depends(require("listening.view"))]
CardReader = Annotated[Principal, Depends(require("listening.cards"))]
Worker = Annotated[Principal, Depends(require("listening.work"))]
Approver = Annotated[Principal, Depends(require("listening.approve"))]
Publisher = Annotated[Principal, Depends(require("listening.publish"))]


class AlertCheck(BaseModel):
    """The day whose counts are tested against the seven days before it."""

    day: date


class CardOpen(BaseModel):
    """A narrative to answer, or a claim typed in; `supersedes` for a new correction.

    A card opens only on a checkable claim; `relabel_reason` says why a text the classifier
    took for feedback is a claim (kept in the card's history).
    """

    narrative_id: int | None = None
    claim: str | None = None
    supersedes: int | None = None
    relabel_reason: str = ""


class CardAssign(BaseModel):
    """The team member or team that works the card."""

    team: str


class CardEvidence(BaseModel):
    """A source (link, document number, authority) and what it shows."""

    source: str
    note: str = ""


class CardDraft(BaseModel):
    """What is true, and the verdict on the claim (none assumed).

    `verdict` is a fact-check verdict or "y_kien_phan_anh" (not a factual claim: closes the
    card, its posts counted as public concerns; `truth` is then the reason).
    """

    truth: str = ""
    verdict: str = Field(examples=["sai_su_that", "y_kien_phan_anh"])


class CardReject(BaseModel):
    """Why the draft goes back."""

    reason: str


class CardPublish(BaseModel):
    """Where to publish; none named means every configured channel."""

    channels: list[str] | None = Field(None, examples=[["portal-feed"]])


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("/narratives")
def narratives(
    db: Db, _p: Reader, since: date | None = None, limit: Annotated[int, Query(le=500)] = 50
) -> list[dict[str, Any]]:
    """Return the narratives, largest first: text, topic, size, districts, volume per day."""
    return [asdict(r) | {"recent": None} for r in data.narrative_rows(db, since=since, limit=limit)]


@router.get("/narratives/{narrative_id}")
def narrative(db: Db, _p: Reader, narrative_id: int) -> dict[str, Any]:
    """Return one narrative with its communes and alerts."""
    row = data.narrative_row(db, narrative_id)
    return asdict(row) | {
        "recent": None,
        "communes": data.commune_areas(db, narrative_id),
        "alerts": [asdict(a) for a in svc.stored_alerts(db, narrative_id=narrative_id)],
    }


@router.get("/alerts")
def alerts(db: Db, _p: Reader, day: date | None = None) -> list[dict[str, Any]]:
    """Return the alerts raised (of one day if asked), with their evidence."""
    return [asdict(a) for a in svc.stored_alerts(db, day=day)]


@router.post("/alerts/check")
def alerts_check(
    request: Request, db: Db, principal: Worker, body: AlertCheck
) -> list[dict[str, Any]]:
    """Return the day's alerts after testing every narrative's count (`new` for raised now)."""
    found = svc.detect_alerts(db, day=body.day, settings=_settings(request), actor=principal.actor)
    db.commit()
    return [asdict(a) for a in found]


@router.get("/cards")
def cards(db: Db, _p: CardReader, state: str | None = None) -> list[dict[str, Any]]:
    """Return the cards, newest first (one state if asked)."""
    return [data.card_data(v) for v in rsp.list_cards(db, state=state)]


@router.get("/cards/{card_id}")
def card(db: Db, _p: CardReader, card_id: int) -> dict[str, Any]:
    """Return one card, with its hours from the first post to the published correction."""
    return data.card_data(rsp.get_card(db, card_id))


@router.post("/cards", status_code=201)
def card_open(db: Db, principal: Worker, body: CardOpen) -> dict[str, Any]:
    """Open a card (a narrative keeps the card already at work on it)."""
    view, _new = rsp.open_card_for(
        db, actor=principal.actor, narrative_id=body.narrative_id, claim=body.claim,
        supersedes=body.supersedes, relabel_reason=body.relabel_reason,
    )  # fmt: skip
    db.commit()
    return data.card_data(view)


@router.post("/cards/{card_id}/assign")
def card_assign(db: Db, principal: Worker, card_id: int, body: CardAssign) -> dict[str, Any]:
    """Assign the card to a team member or team."""
    view = rsp.assign_card(db, card_id, team=body.team, actor=principal.actor)
    db.commit()
    return data.card_data(view)


@router.post("/cards/{card_id}/evidence")
def card_evidence(db: Db, principal: Worker, card_id: int, body: CardEvidence) -> dict[str, Any]:
    """Attach a piece of evidence."""
    view = rsp.add_evidence(db, card_id, source=body.source, note=body.note, actor=principal.actor)
    db.commit()
    return data.card_data(view)


@router.post("/cards/{card_id}/draft")
def card_draft(db: Db, principal: Worker, card_id: int, body: CardDraft) -> dict[str, Any]:
    """Draft the correction ("Thông tin … là sai sự thật. Sự thật là … Nguồn: …")."""
    view = rsp.draft_card(
        db,
        card_id,
        truth=body.truth,
        verdict=body.verdict,
        actor=principal.actor,
        user_id=principal.user_id,
    )
    db.commit()
    return data.card_data(view)


@router.post("/cards/{card_id}/approve")
def card_approve(db: Db, principal: Approver, card_id: int) -> dict[str, Any]:
    """Approve the draft; whoever drafted it cannot."""
    view = rsp.approve_card(db, card_id, actor=principal.actor, user_id=approving_person(principal))
    db.commit()
    return data.card_data(view)


@router.post("/cards/{card_id}/reject")
def card_reject(db: Db, principal: Approver, card_id: int, body: CardReject) -> dict[str, Any]:
    """Send the draft back for a new one."""
    view = rsp.reject_card(db, card_id, reason=body.reason, actor=principal.actor)
    db.commit()
    return data.card_data(view)


@router.post("/cards/{card_id}/publish")
def card_publish(
    request: Request, db: Db, principal: Publisher, card_id: int, body: CardPublish | None = None
) -> dict[str, Any]:
    """Publish the approved correction; the answer carries each channel's delivery."""
    done = data.publish_correction(
        db, card_id, actor=principal.actor, settings=_settings(request),
        channels=body.channels if body else None,
    )  # fmt: skip
    db.commit()
    return data.card_data(done.card) | {"factcheck_id": done.factcheck_id}


@router.get("/factchecks")
def factchecks(db: Db, _p: Reader, q: str = "") -> list[dict[str, Any]]:
    """Return the library's fact-checks (those containing `q` if given), newest first."""
    return [asdict(c) for c in svc.search_library(db, query=q)]


@router.post("/factchecks")
async def factchecks_import(request: Request, db: Db, principal: Worker) -> dict[str, int]:
    """Import a ClaimReview JSON-LD body (the request body itself) into the library."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            "Nội dung gửi lên không phải văn bản UTF-8.", "The request body is not UTF-8 text."
        ) from None
    done = svc.import_factchecks(db, text, actor=principal.actor, file="api")
    db.commit()
    return {"added": done.added, "replaced": done.replaced}


@router.get("/factchecks/export")
def factchecks_export(db: Db, _p: Reader) -> Response:
    """Return the library, published corrections included, as ClaimReview JSON-LD."""
    return Response(svc.export_factchecks(db), media_type="application/ld+json")


@router.get("/concerns")
def concerns(
    db: Db,
    principal: Annotated[Principal, Depends(require("listening.concerns"))],
    week: date | None = None,
) -> dict[str, Any]:
    """Return a week's questions and complaints by topic and district (reporters: their own)."""
    monday = svc.concern_week(db, week)
    district = svc.concern_district(db, principal)
    rows = svc.public_concerns(db, week=monday)
    if district is not None:
        rows = [r for r in rows if r.district_code == district]
    return {"week_start": monday.isoformat(), "rows": [asdict(r) for r in rows]}


@router.get("/match")
def match(
    request: Request, db: Db, _p: Reader, text: str, top: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[dict[str, Any]]:
    """Return the fact-checks nearest to `text`, best first, each with its decision."""
    embedder = svc.make_embedder(_settings(request))
    return [
        {"factcheck_id": r.factcheck_id, "claim": r.claim, "verdict": r.verdict.value,
         "score": round(r.score, 4), "decision": r.decision.value}
        for r in svc.match_text(db, text, embedder=embedder, top=top)
    ]  # fmt: skip


def register(desk: Desk) -> None:
    """Add the listening API (the permissions come with the listening pages' areas)."""
    desk.add_router(router)
