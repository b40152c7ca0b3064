"""A desk on the test's store (SQLite and PostgreSQL), and a client that can sign in."""

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

PASSWORD = "correct-horse-battery"


class Desk:
    """A browser-like client of the desk: keeps cookies, finds CSRF tokens in pages."""

    def __init__(self, session: Session, settings: Settings) -> None:
        @contextmanager
        def scope() -> Iterator[Session]:
            try:
                yield session
            finally:
                session.rollback()

        self.session = session
        self.app = create_app(settings, session_factory=scope)
        self.client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)

    def csrf(self, path: str = "/login") -> str:
        page = self.client.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, page.text[:500]
        return found.group(1)

    def sign_in(self, login: str, password: str = PASSWORD) -> Any:
        token = self.csrf()
        return self.client.post(
            "/login", data={"login": login, "password": password, "csrf_token": token}
        )

    def user(self, login: str, role: str, org_id: str | None = None) -> Desk:
        create_user(self.session, login, PASSWORD, role=role, org_id=org_id, actor="test")
        self.session.commit()
        assert self.sign_in(login).status_code == 303
        return self


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
