"""Attack 2: each guess with a new forged X-Forwarded-For was a new client, and the right
password with a forged address signed in while the account was locked.

Now X-Forwarded-For is believed only from LOA_TRUSTED_PROXIES (none by default), `loa serve`
turns uvicorn's own header handling off, and the lock-out is kept on the account (any
address) as well as on the client address (any login).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.errors import LoaError
from loa.settings import Settings
from loa.store.web_tables import LoginAttemptRow
from loa.web.app import create_app

from .conftest import PASSWORD, Desk

PROXY = ("127.0.0.1", 40000)


def _forged(n: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"203.0.113.{n}"}


def _addresses(session: Session) -> list[str]:
    return list(session.scalars(select(LoginAttemptRow.ip).order_by(LoginAttemptRow.id)))


def test_forged_addresses_buy_no_guesses_and_the_right_password_stays_locked(
    session: Session, settings: Settings
) -> None:
    desk = Desk(session, settings, client=PROXY)  # as behind the deployment's reverse proxy
    desk.add_user("lan", "comms")
    for n in range(3):  # login_max_failures=3
        assert desk.sign_in("lan", "wrong-password", **_forged(n)).status_code == 401
    locked = desk.sign_in("lan", PASSWORD, **_forged(99))
    assert locked.status_code == 429 and "quá nhiều lần" in locked.text
    # From another address entirely (a new browser), still locked: the lock is the account's.
    elsewhere = desk.other(client=("198.51.100.7", 1234))
    assert elsewhere.sign_in("lan", PASSWORD).status_code == 429
    # The header was not believed: every attempt is the peer's address.
    assert set(_addresses(session)) == {"127.0.0.1"}


def test_header_is_believed_only_from_a_trusted_proxy(session: Session, settings: Settings) -> None:
    trusting = settings.model_copy(update={"trusted_proxies": "127.0.0.1, 10.0.0.0/8"})
    desk = Desk(session, trusting, client=PROXY)
    desk.add_user("lan", "comms")
    # Proxy chain: client, then a trusted inner proxy; the client is the first untrusted hop.
    chain = {"X-Forwarded-For": "198.51.100.20, 203.0.113.5, 10.1.2.3"}
    assert desk.sign_in("lan", "wrong-password", **chain).status_code == 401
    outsider = desk.other(client=("198.51.100.9", 5555))
    assert outsider.sign_in("lan", "wrong-password", **_forged(1)).status_code == 401
    assert _addresses(session) == ["203.0.113.5", "198.51.100.9"]


def test_one_address_cannot_try_many_logins(session: Session, settings: Settings) -> None:
    strict = settings.model_copy(update={"login_client_max_failures": 4})
    desk = Desk(session, strict, client=("198.51.100.50", 1))
    desk.add_user("lan", "comms")
    for n in range(4):
        assert desk.sign_in(f"guess{n}", "wrong-password").status_code == 401
    assert desk.sign_in("lan", PASSWORD).status_code == 429
    # Another address is not locked, and the account itself had no failure.
    assert desk.other(client=("198.51.100.51", 1)).sign_in("lan", PASSWORD).status_code == 303


def test_a_bad_trusted_proxies_setting_stops_the_desk(settings: Settings) -> None:
    with pytest.raises(LoaError) as caught:
        create_app(settings.model_copy(update={"trusted_proxies": "10.0.0.0/8, nginx"}))
    assert "'nginx'" in caught.value.message("en") and "LOA_TRUSTED_PROXIES" in str(caught.value)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_loa_serve_does_not_let_uvicorn_believe_forwarded_headers(
    loa: Any, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    # The network server is the edge: record how it would be started instead of serving.
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    monkeypatch.setenv("LOA_COOKIE_SECURE", "false")  # `--workers` sets it for its processes
    loa("serve", "--port", "8123", "--workers", workers)
    assert seen["proxy_headers"] is False and seen["forwarded_allow_ips"] == ""
