"""Builds the web desk: `create_app(settings)` gives the FastAPI application `loa serve` runs."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    select_autoescape,
)
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from loa.errors import LoaError, NotFoundError, TooLargeError
from loa.formatting import format_date, format_figure, format_number
from loa.services.pending_imports import expire as expire_held
from loa.settings import Settings, get_settings, kept_secret
from loa.store.db import make_engine
from loa.text import is_web_url
from loa.web import auth
from loa.web.csrf import csrf_protect
from loa.web.deps import Forbidden, SignInRequired, lang_of, trusted_networks
from loa.web.desk import Desk, discover_areas
from loa.web.faults import install_fault_handlers
from loa.web.i18n import load_translations
from loa.web.labels import item_label, local_time, plain
from loa.web.limits import BodyLimit
from loa.web.path_ids import check_path_ids, out_of_range
from loa.web.static_assets import STATIC_DIR, HashedStaticFiles, static_url

__all__ = ["SessionFactory", "create_app", "secret_key"]

SessionFactory = Callable[[], AbstractContextManager[Session]]
SESSION_HOURS = 10


def secret_key(settings: Settings) -> str:
    """Return LOA_SECRET_KEY, or the key kept in `var/secret_key` (made, mode 0600, if absent)."""
    return kept_secret(settings, "secret_key", settings.secret_key, length=48)


def _store_sessions(settings: Settings) -> SessionFactory:
    factory = sessionmaker(
        bind=make_engine(settings.resolved_database_url()), expire_on_commit=False
    )

    @contextmanager
    def scope() -> Iterator[Session]:
        session = factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    return scope


def _jinja(desk: Desk) -> Environment:
    loaders: list[BaseLoader] = [PackageLoader("loa.web", "templates")]
    loaders += [FileSystemLoader(folder) for folder in desk.template_dirs]
    env = Environment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True), trim_blocks=True
    )
    env.filters["vdate"] = format_date
    env.filters["vnum"] = format_number
    env.filters["vtime"] = local_time
    env.filters["plain"] = plain
    env.filters["vfigure"] = format_figure
    # `{% if x is web_url %}`: only http(s) addresses become links (never `javascript:`).
    env.tests["web_url"] = is_web_url
    env.globals["static_url"] = static_url
    env.globals["item_label"] = item_label
    return env


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _exc: SignInRequired) -> Response:
        if _is_api(request):
            return JSONResponse(
                {
                    "error": {
                        "vi": "Cần đăng nhập hoặc mã truy cập.",
                        "en": "Sign-in or token required.",
                    }
                },
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        vi = exc.vi or "Vai trò của bạn không được làm việc này."
        en = exc.en or "Your role does not allow this."
        if _is_api(request):
            return JSONResponse({"error": {"vi": vi, "en": en}}, status_code=403)
        text = vi if lang_of(request) == "vi" else en
        return HTMLResponse(_message_page(request, text), status_code=403)

    @app.exception_handler(LoaError)
    async def _loa_error(request: Request, exc: LoaError) -> Response:
        status = (
            404
            if isinstance(exc, NotFoundError)
            else 413
            if isinstance(exc, TooLargeError)
            else 400
        )
        if _is_api(request):
            body = {"error": {"vi": exc.message("vi"), "en": exc.message("en")}}
            return JSONResponse(body, status_code=status)
        return HTMLResponse(_message_page(request, exc.message(lang_of(request))), status)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, _exc: Exception) -> Response:
        # SQLite refuses an int beyond 64 bits, PostgreSQL one beyond its column: say so.
        error = out_of_range()
        if _is_api(request):
            body = {"error": {"vi": error.message("vi"), "en": error.message("en")}}
            return JSONResponse(body, status_code=422)
        return HTMLResponse(_message_page(request, error.message(lang_of(request))), 422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.detail == "csrf":
            vi = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang và thử lại."
            en = "The session expired or the form is not valid. Reload the page and try again."
        else:
            vi, en = "Không tìm thấy hoặc không thực hiện được.", "Not found or not possible."
        if _is_api(request):
            return JSONResponse({"error": {"vi": vi, "en": en}}, status_code=exc.status_code)
        text = vi if lang_of(request) == "vi" else en
        return HTMLResponse(_message_page(request, text), status_code=exc.status_code)


def _message_page(request: Request, text: str) -> str:
    lang = lang_of(request)
    env: Environment = request.app.state.jinja
    gettext = request.app.state.translations.gettext(lang)
    return env.get_template("message.html").render(_=gettext, lang=lang, text=text, menu=[])


class ConcurrencyLimit:
    """Lets at most `limit` HTTP requests into the desk at once; the others wait their turn.

    Each request holds a database connection from its first query to its end, and the sync
    parts of a request need a worker thread: with more requests inside than connections, every
    thread can end up waiting for a connection held by a request that waits for a thread. A
    limit below both pools (40 threads, 40 connections) turns that deadlock into a queue.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.gate = asyncio.Semaphore(limit)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.gate:
            await self.app(scope, receive, send)


@asynccontextmanager
async def _warm(app: FastAPI) -> AsyncIterator[None]:
    """Prepare at start what the first request would otherwise pay for.

    FastAPI builds each route's parameter models the first time a request walks past it
    (about 300 ms for the whole desk on two cores) and Jinja compiles a template the first
    time it renders; both are done here, before the server takes requests. (`loa serve`
    loads the matching model before this, see `loa.services.listening.warm_up`.)
    """
    scope = {"type": "http", "path": "/", "method": "GET", "root_path": ""}
    for route in app.router.routes:
        route.matches(scope)
    env: Environment = app.state.jinja
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    # Uploads held for a decision nobody took (the duplicate-directive warning) expire.
    expire_held(app.state.settings.data_dir / "pending-imports")
    yield


# Set by `loa serve --workers N` (N > 1): "1" when each process loads the matching model.
WARM_UP_VARIABLE = "LOA_SERVE_WARM_UP"


def app_from_environment() -> FastAPI:
    """Return the desk on the settings of the environment: what each `loa serve --workers N`
    process builds for itself (the matching model loaded first, unless `--no-warm-up`)."""
    settings = get_settings()
    app = create_app(settings)
    if os.environ.get(WARM_UP_VARIABLE) == "1":
        from loa.services.listening import warm_up

        with app.state.session_factory() as session:
            warm = warm_up(session, settings)
        seconds = format_number(warm.seconds, 1, lang=settings.lang)
        print(  # the process's start-up line, beside uvicorn's
            f"Tiến trình {os.getpid()}: đã nạp mô hình so khớp trong {seconds} giây."
            if settings.lang == "vi"
            else f"Process {os.getpid()}: claim-matching model loaded in {seconds} s.",
            flush=True,
        )
    return app


def create_app(settings: Settings, *, session_factory: SessionFactory | None = None) -> FastAPI:
    """Return the desk: every area registered, sessions signed, CSRF checked, the API at /api/v1."""
    trusted_networks(settings.trusted_proxies)  # a bad LOA_TRUSTED_PROXIES stops the start
    desk = discover_areas(Desk())
    app = FastAPI(
        title="Loa API",
        version="1",
        description="Loa: bàn điều hành truyền thông phòng, chống dịch. / Loa's desk API.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(check_path_ids), Depends(csrf_protect)],
        lifespan=_warm,
    )
    app.state.settings = settings
    app.state.desk = desk
    app.state.session_factory = session_factory or _store_sessions(settings)
    app.state.translations = load_translations()
    app.state.jinja = _jinja(desk)
    secure = True if settings.cookie_secure is None else settings.cookie_secure
    # Added before the sessions, so it runs inside them and its 413 page knows the language.
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(settings),
        session_cookie="loa_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(ConcurrencyLimit, limit=settings.web_max_requests)
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(auth.router)
    for router in desk.routers:
        app.include_router(router)
    _install_handlers(app)
    install_fault_handlers(app, _message_page)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[..., object]) -> Response:
        started = time.perf_counter()
        response: Response = await call_next(request)  # type: ignore[misc]
        # Server time, so benches and browsers' dev tools can tell it from network time.
        elapsed_ms = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        # Every asset is served from here, so the policy can forbid all others.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
