"""Finding 11: a damaged or read-only store says what is wrong and what to do.

Before, the CLI said "Unexpected error… report it to the developers", the desk gave a bare
500, and `loa serve` started on such a store. Now each names the fault (damaged: restore
from backup; read-only: let Loa write, or use the primary), and `loa serve` refuses to start.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tests.conftest import read_only

from loa.settings import Settings
from loa.store.db import make_engine
from loa.web.app import create_app


def _db(loa) -> Path:  # type: ignore[no-untyped-def]
    return Path(loa.env["LOA_DATABASE_URL"].removeprefix("sqlite:///"))


def _damage_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(random.Random(11).randbytes(100))


def _damage_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size * 2 // 5 // 4096 * 4096)
        f.write(random.Random(12).randbytes(size // 5))


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record `loa serve` starting instead of serving (the one thing faked: the listening socket)."""
    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(app))
    return started


def _says_damaged(output: str) -> None:
    assert "Unexpected error" not in output and "ngoài dự kiến" not in output
    assert "bị hỏng" in output and "damaged" in output and "loa restore" in output
    assert "docs/deployment.md" in output


@pytest.mark.parametrize("damage", [_damage_header, _damage_middle])
def test_a_damaged_sqlite_file_is_named_with_what_to_do(loa, damage) -> None:  # type: ignore[no-untyped-def]
    damage(_db(loa))
    result = loa("units", "list", "--format", "json", ok=False)
    assert result.exit_code == 2, result.output
    _says_damaged(result.output)


def test_loa_serve_refuses_a_damaged_database(loa, no_server: list[object]) -> None:  # type: ignore[no-untyped-def]
    _damage_header(_db(loa))
    result = loa("serve", ok=False)
    assert result.exit_code == 2 and no_server == []
    _says_damaged(result.output)


def test_a_read_only_database_folder_is_named(
    loa, tmp_path: Path, seed_path: Path, no_server: list[object]
) -> None:  # type: ignore[no-untyped-def]
    folder = _db(loa).parent
    with read_only(folder):
        result = loa("directive", "import", str(seed_path), ok=False)
        serve = loa("serve", ok=False)
    for answer in (result, serve):
        assert answer.exit_code == 2, answer.output
        assert "Unexpected error" not in answer.output
        assert re.search(r"chỉ đọc|không mở được", answer.output, re.IGNORECASE)
        assert re.search(r"read-only|cannot open", answer.output, re.IGNORECASE)
    assert no_server == []
    assert loa("directive", "import", str(seed_path)).exit_code == 0  # writable again: works


def test_a_read_only_database_file_is_named(loa, seed_path: Path, no_server: list[object]) -> None:  # type: ignore[no-untyped-def]
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files; the folder test covers root")
    path = _db(loa)
    path.chmod(0o444)
    try:
        result = loa("directive", "import", str(seed_path), ok=False)
        serve = loa("serve", ok=False)
    finally:
        path.chmod(0o644)
    for answer in (result, serve):
        assert answer.exit_code == 2 and "read-only" in answer.output and "chỉ đọc" in answer.output
    assert no_server == []


def _read_only_url(engine: Engine) -> str:
    url = engine.url.render_as_string(hide_password=False)
    return url.replace("options=", "options=-cdefault_transaction_read_only%3Don%20", 1)


def test_a_read_only_postgresql_is_named_by_the_cli_and_serve_refuses(
    pg_engine: Engine,
    loa,
    seed_path: Path,
    no_server: list[object],  # type: ignore[no-untyped-def]
) -> None:
    loa.env["LOA_DATABASE_URL"] = _read_only_url(pg_engine)
    result = loa("directive", "import", str(seed_path), ok=False)
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output and "chỉ đọc" in result.output
    assert "Unexpected error" not in result.output
    serve = loa("serve", ok=False)
    assert serve.exit_code == 2 and "read-only" in serve.output and no_server == []


def test_the_desk_answers_503_with_the_fault_on_a_damaged_store(
    loa,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = _db(loa)
    settings = Settings(data_dir=tmp_path, secret_key="k", database_url=f"sqlite:///{path}")
    engine = make_engine(settings.resolved_database_url())

    @contextmanager
    def scope() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    client = TestClient(
        create_app(settings, session_factory=scope), base_url="https://testserver",
        raise_server_exceptions=False, follow_redirects=False,
    )  # fmt: skip
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    engine.dispose()
    _damage_header(path)
    page = client.post("/login", data={"login": "a", "password": "b" * 12, "csrf_token": token[1]})
    api = client.get("/api/v1/me", headers={"Authorization": "Bearer some-token"})
    engine.dispose()
    assert page.status_code == 503 and "bị hỏng" in page.text and "loa restore" in page.text
    assert api.status_code == 503 and "damaged" in api.json()["error"]["en"]
