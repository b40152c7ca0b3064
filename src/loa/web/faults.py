"""A store that is damaged, read-only or full answers 503 with what is wrong and what to do.

Without this a request on such a store ended in a bare 500. The same messages as the CLI's
(`loa.store.storage_errors`); any other database error stays a 500, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import DBAPIError

from loa.errors import LoaError
from loa.store.storage_errors import (
    is_storage_full,
    storage_fault,
    storage_full_error,
    store_name,
)
from loa.web.deps import lang_of

__all__ = ["install_fault_handlers"]


def install_fault_handlers(app: FastAPI, page: Callable[[Request, str], str]) -> None:
    """Answer storage faults with 503 and a message; `page` renders a desk message page."""

    @app.exception_handler(DBAPIError)
    async def _store_fault(request: Request, exc: DBAPIError) -> Response:
        url = request.app.state.settings.resolved_database_url()
        error: LoaError | None = storage_fault(exc, store_name(url))
        if error is None and is_storage_full(exc):
            error = storage_full_error(exc, doing_vi="ghi dữ liệu", doing_en="writing data")
        if error is None:
            raise exc
        if request.url.path.startswith(("/api/", "/tipline/")):
            body = {"error": {"vi": error.message("vi"), "en": error.message("en")}}
            return JSONResponse(body, status_code=503)
        return HTMLResponse(page(request, error.message(lang_of(request))), status_code=503)
