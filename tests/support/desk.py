"""The desk as a browser meets it, on the test's store (SQLite and PostgreSQL), for every folder.

tests/web/conftest.py and tests/security/conftest.py take their fixtures from here (importing a
fixture into a conftest registers it there), so the desk that the pages are tested on and the
one the attacks are tried on are one and the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from loa.services.accounts import create_user
from loa.settings import Settings
from loa.web.app import create_app

__all__ = ["PASSWORD", "Desk", "cheap_hashes", "desk", "settings"]

PASSWORD = "correct-horse-battery"


class Desk:
    """A browser-like client of the desk: keeps cookies, finds CSRF tokens in pages."""

    def __init__(
        self, session: Session, settings: Settings, client: tuple[str, int] | None = None
    ) -> None:
        @contextmanager
        def scope() -> Iterator[Session]:
            try:
                yield session
            finally:
                session.rollback()

        self.session = session
        self.settings = settings
        self.app = create_app(settings, session_factory=scope)
        extra = {"client": client} if client else {}
        self.client = TestClient(
            self.app, base_url="https://testserver", follow_redirects=False, **extra
        )

    def csrf(self, path: str = "/login") -> str:
        page = self.client.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, page.text[:500]
        return found.group(1)

    def sign_in(self, login: str, password: str = PASSWORD, **headers: str) -> Any:
        token = self.csrf()
        return self.client.post(
            "/login",
            data={"login": login, "password": password, "csrf_token": token},
            headers=headers,
        )

    def add_user(self, login: str, role: str, org_id: str | None = None) -> None:
        create_user(self.session, login, PASSWORD, role=role, org_id=org_id, actor="test")
        self.session.commit()

    def user(self, login: str, role: str, org_id: str | None = None) -> Desk:
        self.add_user(login, role, org_id)
        assert self.sign_in(login).status_code == 303
        return self

    def other(self, client: tuple[str, int] | None = None) -> Desk:
        """Return a second browser on the same desk and store (no cookies)."""
        return Desk(self.session, self.settings, client)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a desk whose secret and files live in the test's folder."""
    return Settings(data_dir=tmp_path, secret_key="test-secret", login_max_failures=3)


@pytest.fixture
def desk(session: Session, settings: Settings) -> Desk:
    """A desk on the test's store, nobody signed in."""
    return Desk(session, settings)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with tiny costs: the same code path, without a quarter second per hash."""
    from argon2 import PasswordHasher

    import loa.services.accounts.users as accounts

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
