"""The tipline webhooks: POST /tipline/v1/messages and POST /tipline/v1/zalo.

Machine endpoints: no session, no CSRF form token. `/messages` takes Loa's JSON (or a Zalo
event relayed by a gateway) from a caller that proves itself with the shared secret
LOA_TIPLINE_SECRET, as `Authorization: Bearer <secret>` or `X-Loa-Tipline-Secret`; with no
secret configured every call is refused. `/zalo` takes events as a Zalo Official Account
sends them, proven by Zalo's own X-ZEvent-Signature (docs/zalo.md). Both hand the message to
the `tipline` listening source (`loa.services.listening_sources`), as `loa listen add --source
tipline` does: parsing, checks and storage happen there, the same for the desk and the CLI.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from loa.errors import InputError
from loa.listening.zalo import ZaloRefused, message_from_event, verify_event
from loa.services import listening_sources as sources
from loa.services.listening import Receipt, make_embedder
from loa.settings import Settings
from loa.web.deps import Db
from loa.web.desk import Desk

__all__ = ["register"]

router = APIRouter(prefix="/tipline/v1", tags=["tipline"])
MAX_BODY = 64_000


def tipline_caller(request: Request) -> None:
    """Refuse (401) a call without the tipline's shared secret."""
    expected = request.app.state.settings.tipline_secret
    header = request.headers.get("authorization", "")
    sent = header[7:].strip() if header.lower().startswith("bearer ") else ""
    sent = sent or request.headers.get("x-loa-tipline-secret", "")
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="tipline secret missing or wrong")


@router.post("/messages", dependencies=[Depends(tipline_caller)])
async def receive(request: Request, db: Db) -> dict[str, Any]:
    """Store one tipline message and say whether it was accepted."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise HTTPException(status_code=413, detail=f"body over {MAX_BODY} bytes")
    try:
        receipt = _deliver(db, json.loads(raw or b"null"), request.app.state.settings)
    except (ValueError, InputError) as err:
        db.rollback()
        detail = err.en if isinstance(err, InputError) else "the body is not JSON"
        raise HTTPException(status_code=422, detail=detail) from None
    db.commit()
    return _answer(receipt)


def _deliver(db: Db, message: object, settings: Settings) -> Receipt:
    """Return the receipt of handing `message` to the `tipline` source."""
    context = sources.SourceContext(settings, make_embedder(settings), actor="tipline")
    return sources.receive(db, "tipline", message, context)


def _answer(receipt: Receipt) -> dict[str, Any]:
    return {"status": receipt.status, "item_id": receipt.item_id, "matched": receipt.matched,
            "message": receipt.message}  # fmt: skip


@router.post("/zalo")
async def receive_zalo(request: Request, db: Db) -> dict[str, Any]:
    """Take one Zalo OA webhook event, verified by Zalo's own signature (401 otherwise)."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise HTTPException(status_code=413, detail=f"body over {MAX_BODY} bytes")
    settings = request.app.state.settings
    try:
        event = verify_event(
            raw, request.headers.get("x-zevent-signature"), app_id=settings.zalo_app_id,
            oa_secret=settings.zalo_oa_secret, now=datetime.now(UTC),
            window=timedelta(seconds=settings.zalo_event_window_s),
        )  # fmt: skip
    except ZaloRefused as refused:
        raise HTTPException(status_code=401, detail=refused.en) from None
    if message_from_event(event) is None:
        # follow, unfollow, stickers...: acknowledged at once, nothing stored about the person.
        return {"status": "ignored", "event": str(event.get("event_name") or "")}
    try:
        receipt = _deliver(db, event, settings)
    except InputError as err:
        db.rollback()
        raise HTTPException(status_code=422, detail=err.en) from None
    db.commit()
    return _answer(receipt)


def register(desk: Desk) -> None:
    """Add the tipline webhook."""
    desk.add_router(router)
