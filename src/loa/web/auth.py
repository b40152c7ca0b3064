"""Signing in and out of the desk; failed attempts are counted in the store and lock out."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from loa.services.accounts import Principal, sign_in
from loa.services.desk_sessions import end_session, start_session
from loa.web.deps import Db, PageContext, client_address, lang_of, redirect

__all__ = ["ANONYMOUS", "router"]

ANONYMOUS = Principal(login="", role="anonymous")
router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    # Only paths on this site, so the login form cannot send anyone elsewhere.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _anonymous(request: Request, db: Db) -> PageContext:
    lang = lang_of(request)
    return PageContext(request, db, ANONYMOUS, lang, request.app.state.translations.gettext(lang))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, db: Db, next: str = "/") -> HTMLResponse:
    """Show the sign-in form."""
    return _anonymous(request, db).page("login.html", next=_safe_next(next), error=None)


@router.post("/login", response_model=None)
def login(
    request: Request,
    db: Db,
    login: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> HTMLResponse | RedirectResponse:
    """Sign in, or show the form again saying why not."""
    settings = request.app.state.settings
    ip = client_address(request)
    outcome = sign_in(
        db,
        login,
        password,
        ip=ip,
        max_failures=settings.login_max_failures,
        client_max_failures=settings.login_client_max_failures,
        window=timedelta(seconds=settings.login_window_seconds),
    )
    secret = None
    if outcome.principal is not None:
        agent = request.headers.get("user-agent", "")
        secret = start_session(db, outcome.principal, ip=ip, agent=agent)
    db.commit()
    ctx = _anonymous(request, db)
    if outcome.locked:
        error = ctx._("Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút.")
        return ctx.page("login.html", status=429, next=_safe_next(next), error=error)
    if outcome.principal is None or secret is None:
        error = ctx._("Tên đăng nhập hoặc mật khẩu không đúng.")
        return ctx.page("login.html", status=401, next=_safe_next(next), error=error)
    lang = request.session.get("lang")
    # A fresh session on sign-in, so a token planted before it is worthless afterwards.
    # The cookie carries only the session's random secret; who it is lives in the store.
    request.session.clear()
    request.session["sid"] = secret
    if lang:
        request.session["lang"] = lang
    return redirect(_safe_next(next))


@router.post("/logout")
def logout(request: Request, db: Db) -> RedirectResponse:
    """Sign out (the session ends in the store) and go back to the sign-in form."""
    secret = request.session.get("sid")
    if isinstance(secret, str):
        end_session(db, secret)
        db.commit()
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return redirect("/login")
