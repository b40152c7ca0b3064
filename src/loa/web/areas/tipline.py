"""The tipline webhook: POST /tipline/v1/messages (Loa's JSON or a Zalo OA event).

A machine endpoint: no session, no CSRF form token. The caller proves itself with the shared
secret LOA_TIPLINE_SECRET, as `Authorization: Bearer <secret>` or `X-Loa-Tipline-Secret`;
with no secret configured every call is refused. Parsing, checks and storage are in
`loa.services.listening.handle_tipline`.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from loa.errors import InputError
from loa.services.listening import handle_tipline, make_embedder
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
        receipt = handle_tipline(
            db, json.loads(raw or b"null"), settings=request.app.state.settings,
            embedder=make_embedder(request.app.state.settings),
        )  # fmt: skip
    except (ValueError, InputError) as err:
        db.rollback()
        detail = err.en if isinstance(err, InputError) else "the body is not JSON"
        raise HTTPException(status_code=422, detail=detail) from None
    db.commit()
    return {"status": receipt.status, "item_id": receipt.item_id, "matched": receipt.matched,
            "message": receipt.message}  # fmt: skip


def register(desk: Desk) -> None:
    """Add the tipline webhook."""
    desk.add_router(router)
