"""Finding 8: size limits on request bodies, dispatch uploads and task notes (HTTP 413).

The limits are settings; the tests set them low so that they stay quick.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from loa.services.accounts import create_token
from loa.services.directives import import_directive, list_tasks
from loa.settings import Settings

from .conftest import Desk, bearer


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    values = {"max_upload_bytes": 200_000, "max_request_bytes": 500_000, "max_note_chars": 300}
    for name, value in values.items():
        monkeypatch.setenv(f"LOA_{name.upper()}", str(value))
    return Settings(data_dir=tmp_path, secret_key="k", **values)  # type: ignore[arg-type]


@pytest.fixture
def limited(session: Session, limits: Settings) -> Desk:
    """The desk with the low limits, nobody signed in."""
    return Desk(session, limits)


@pytest.fixture
def client(limited: Desk) -> TestClient:
    return limited.client


def _token(session: Session, role: str) -> dict[str, str]:
    _, secret = create_token(session, f"t-{role}", role=role, actor="test")
    session.commit()
    return bearer(secret)


def test_a_dispatch_upload_over_the_limit_gets_413_from_the_api(
    client: TestClient, session: Session
) -> None:
    files = {"file": ("big.txt", b"a" * 300_000, "text/plain")}
    answer = client.post("/api/v1/directives", files=files, headers=_token(session, "comms"))
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert "LOA_MAX_UPLOAD_BYTES" in error["en"] and "quá lớn" in error["vi"]


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(
    client: TestClient, session: Session
) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 10_000  # 1 MB in all, with no Content-Length

    answer = client.post(
        "/api/v1/situation/imports",
        content=chunks(),
        headers={**_token(session, "data"), "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert answer.status_code == 413
    assert "LOA_MAX_REQUEST_BYTES" in answer.json()["error"]["en"]


def test_any_request_over_the_request_limit_gets_413(client: TestClient, session: Session) -> None:
    files = {"file": ("cases.csv", b"date,unit_code\n" + b"2021-05-18,07201\n" * 40_000)}
    answer = client.post("/api/v1/situation/imports", files=files, headers=_token(session, "data"))
    assert answer.status_code == 413
    assert "LOA_MAX_REQUEST_BYTES" in answer.json()["error"]["en"]


def test_the_desk_form_answers_413_with_a_page_in_vietnamese(
    limited: Desk, client: TestClient
) -> None:
    token = limited.user("comms1", "comms").csrf("/directives")
    files = {"file": ("big.txt", b"a" * 300_000, "text/plain")}
    answer = client.post("/directives/import", files=files, data={"csrf_token": token})
    assert answer.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in answer.text and "413" not in answer.text


def test_a_dispatch_within_the_form_margin_but_over_the_file_limit_is_refused(
    client: TestClient, session: Session
) -> None:
    files = {"file": ("big.txt", "Công văn ".encode() * 20_100, "text/plain")}
    answer = client.post("/api/v1/directives", files=files, headers=_token(session, "comms"))
    assert answer.status_code == 413
    assert "LOA_MAX_UPLOAD_BYTES" in answer.json()["error"]["en"]


@pytest.fixture
def task_id(session: Session, seed_path: Path) -> int:
    import_directive(session, seed_path.read_bytes(), seed_path.name, actor="test")
    session.commit()
    return list_tasks(session)[0].id


def test_a_task_note_over_the_limit_gets_413_from_the_api(
    client: TestClient, session: Session, task_id: int
) -> None:
    answer = client.patch(
        f"/api/v1/tasks/{task_id}", json={"note": "x" * 301}, headers=_token(session, "comms")
    )
    assert answer.status_code == 413
    assert "LOA_MAX_NOTE_CHARS" in answer.json()["error"]["en"]
    assert "301" in answer.json()["error"]["vi"]
    fine = client.patch(
        f"/api/v1/tasks/{task_id}", json={"note": "x" * 300}, headers=_token(session, "admin")
    )
    assert fine.status_code == 200


def test_the_desk_says_the_note_is_too_long(
    limited: Desk, client: TestClient, task_id: int
) -> None:
    token = limited.user("comms2", "comms").csrf(f"/tasks/{task_id}")
    answer = client.post(
        f"/tasks/{task_id}", data={"status": "doing", "note": "y" * 400, "csrf_token": token}
    )
    assert answer.status_code == 303
    assert "LOA_MAX_NOTE_CHARS" in client.get(f"/tasks/{task_id}").text


def test_the_cli_refuses_a_long_note_and_a_large_dispatch(
    loa, tmp_path: Path, seed_path: Path
) -> None:  # type: ignore[no-untyped-def]
    loa.env.update({"LOA_MAX_NOTE_CHARS": "300", "LOA_MAX_UPLOAD_BYTES": "200000"})
    loa("directive", "import", str(seed_path))
    first = json.loads(loa("task", "list", "--format", "json").stdout)[0]["id"]
    result = loa("task", "update", str(first), "--note", "z" * 301, ok=False)
    assert result.exit_code == 2 and "LOA_MAX_NOTE_CHARS" in result.output
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 300_000)
    result = loa("directive", "import", str(big), ok=False)
    assert result.exit_code == 2 and "LOA_MAX_UPLOAD_BYTES" in result.output
