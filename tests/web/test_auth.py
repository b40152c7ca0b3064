from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from loa.settings import Settings
from loa.store.web_tables import UserRow
from loa.web.app import secret_key

from .conftest import PASSWORD, Desk


def test_pages_need_sign_in_and_api_answers_401(desk: Desk) -> None:
    assert desk.client.get("/tasks").headers["location"].startswith("/login")
    assert desk.client.get("/api/v1/tasks").status_code == 401


def test_password_is_stored_as_argon2_and_session_cookie_is_hardened(desk: Desk) -> None:
    desk.user("an", "viewer")
    stored = desk.session.scalar(select(UserRow.password_hash).where(UserRow.login == "an"))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored
    cookie = desk.sign_in("an").headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_wrong_password_is_refused(desk: Desk) -> None:
    desk.user("an", "viewer")
    desk.client.cookies.clear()
    assert desk.sign_in("an", "not-the-password").status_code == 401
    assert desk.client.get("/").status_code == 303


def test_failed_logins_lock_the_login_even_with_the_right_password(
    desk: Desk, settings: Settings
) -> None:
    desk.user("an", "viewer")
    desk.client.cookies.clear()
    for _ in range(settings.login_max_failures):
        assert desk.sign_in("an", "wrong-password!").status_code == 401
    assert desk.sign_in("an").status_code == 429
    # The count lives in the store: another web process sees the same lock.
    other = Desk(desk.session, settings)
    assert other.sign_in("an").status_code == 429


def test_unsafe_request_without_csrf_token_is_refused(desk: Desk) -> None:
    desk.user("boss", "admin")
    data = {"login": "x1", "password": PASSWORD, "role": "viewer"}
    assert desk.client.post("/settings/users", data=data).status_code == 403
    data["csrf_token"] = desk.csrf("/settings")
    assert desk.client.post("/settings/users", data=data).status_code == 303
    assert desk.session.scalar(select(UserRow.id).where(UserRow.login == "x1")) is not None


def test_secret_key_is_generated_once_with_private_mode(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    first = secret_key(settings)
    assert secret_key(settings) == first
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o777 == 0o600
