"""What every route shares: the store session, who is acting, the language, page rendering."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from sqlalchemy.orm import Session

from loa.errors import LoaError
from loa.services.accounts import Principal, principal_for_token
from loa.services.desk_sessions import principal_for_session
from loa.web.csrf import csrf_token
from loa.web.i18n import LANGS, Gettext
from loa.web.labels import label

__all__ = [
    "Db",
    "Forbidden",
    "Page",
    "PageContext",
    "SignInRequired",
    "Viewer",
    "client_address",
    "flash",
    "flash_error",
    "lang_of",
    "redirect",
    "require",
]


class SignInRequired(Exception):
    """No valid session or token: pages redirect to sign-in, the API answers 401."""


class Forbidden(Exception):
    """The principal's role or scope does not allow this: 403, with why when it is known."""

    def __init__(self, vi: str = "", en: str = "") -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


async def get_db(request: Request) -> AsyncIterator[Session]:
    """Yield a store session; routes that write commit it themselves.

    An async dependency on purpose: its clean-up (returning the connection to the pool) then
    runs on the event loop. As a sync generator it would wait for a worker thread, and under
    load every thread can be busy waiting for a connection that only that clean-up returns.
    """
    with request.app.state.session_factory() as session:
        yield session


Db = Annotated[Session, Depends(get_db)]


def current_principal(request: Request, db: Db) -> Principal:
    """Return who is acting, from a bearer token or the session cookie."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = principal_for_token(db, header[7:].strip())
        if principal is None:
            raise SignInRequired()
        return principal
    secret = request.session.get("sid")
    principal = principal_for_session(db, secret) if isinstance(secret, str) else None
    if principal is None:
        raise SignInRequired()
    return principal


Viewer = Annotated[Principal, Depends(current_principal)]


def require(permission: str) -> Callable[[Principal], Principal]:
    """Return a dependency that gives the principal, or refuses (403) without `permission`."""

    def check(principal: Viewer) -> Principal:
        if not principal.can(permission):
            raise Forbidden()
        return principal

    return check


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """Return the networks of LOA_TRUSTED_PROXIES; a bad entry stops the desk with a message."""
    found = []
    for entry in (part.strip() for part in setting.split(",")):
        if not entry:
            continue
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise LoaError(
                f"LOA_TRUSTED_PROXIES: '{entry}' không phải địa chỉ IP hay mạng (vd. 10.0.0.0/8).",
                f"LOA_TRUSTED_PROXIES: '{entry}' is not an IP address or network (e.g. 10.0.0.0/8).",
            ) from None
    return tuple(found)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request) -> str:
    """Return the client's address: the peer's, or X-Forwarded-For's only from a trusted proxy.

    Walking X-Forwarded-For from the right, each hop added by a trusted proxy is skipped; the
    first address a trusted proxy did not add is the client. A header from anyone else is
    ignored, so a forged address buys nothing (LOA_TRUSTED_PROXIES, empty by default).
    """
    peer = request.client.host if request.client else "unknown"
    networks = trusted_networks(request.app.state.settings.trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    client = peer
    for hop in reversed(hops):
        client = hop
        if not _trusted(hop, networks):
            break
    return client


def lang_of(request: Request) -> str:
    """Return the page language: `?lang=` (remembered in the session), the session, the setting."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        request.session["lang"] = asked
        return asked
    stored = request.session.get("lang")
    if isinstance(stored, str) and stored in LANGS:
        return stored
    default: str = request.app.state.settings.lang
    return default if default in LANGS else "vi"


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """Keep a message (already in the page language) for the next page shown."""
    request.session.setdefault("flash", []).append({"kind": kind, "text": message})


def flash_error(request: Request, exc: LoaError) -> None:
    """Keep a Loa error's message, in the page language, for the next page shown."""
    flash(request, exc.message(lang_of(request)), "error")


def redirect(path: str) -> RedirectResponse:
    """Return a 303 redirect (POST, then redirect, then GET)."""
    return RedirectResponse(path, status_code=303)


@dataclass
class PageContext:
    """A page request: the store, who is acting, the language and how to render templates."""

    request: Request
    db: Session
    principal: Principal
    lang: str
    _: Gettext

    def render(self, template: str, **context: Any) -> Markup:
        """Return a template rendered to HTML with the common context added."""
        env = self.request.app.state.jinja
        html = env.get_template(template).render({**self.common(), **context})
        return Markup(html)

    def common(self) -> dict[str, Any]:
        """Return what every template may use: language, user, menu, CSRF token."""
        desk = self.request.app.state.desk
        return {
            "request": self.request,
            "_": self._,
            "lang": self.lang,
            "user": self.principal,
            "menu": [m for m in desk.menu if self.principal.can(m.permission)],
            "csrf_token": csrf_token(self.request),
            "path": self.request.url.path,
            "today": date.today(),
            "label": functools.partial(label, gettext=self._),
        }

    def page(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        """Return a full page, with the messages kept for it."""
        flashes = self.request.session.pop("flash", [])
        return HTMLResponse(self.render(template, flashes=flashes, **context), status_code=status)


def page_context(request: Request, db: Db, principal: Viewer) -> PageContext:
    """Return the context of a page for a signed-in user."""
    lang = lang_of(request)
    return PageContext(request, db, principal, lang, request.app.state.translations.gettext(lang))


Page = Annotated[PageContext, Depends(page_context)]
