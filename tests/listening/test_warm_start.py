"""`loa serve` loads the matching model and the library before it takes requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from tests.conftest import LoaCli

from loa.services.listening import library
from loa.settings import Settings
from loa.web.app import create_app

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"


class _Served:
    """Stands in for uvicorn (the network edge): notes what the library held at serve time."""

    def __init__(self) -> None:
        self.libraries_ready: int | None = None

    def __call__(self, app: Any, **_options: Any) -> None:
        self.libraries_ready = sum(1 for kept in library._MATCHERS.values() if kept[2] is not None)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> _Served:
    fake = _Served()
    monkeypatch.setattr(uvicorn, "run", fake)
    monkeypatch.setattr(library, "_MATCHERS", {})
    return fake


def test_serve_loads_the_matcher_first_and_says_so(loa: LoaCli, served: _Served) -> None:
    loa.env["LOA_LISTEN_EMBEDDER"] = "hashing"
    loa("listen", "factchecks", "import", str(DATA / "factchecks.jsonld"))
    out = loa("serve", "--port", "8123").output
    loading, loaded, desk = out.splitlines()[-3:]
    assert loading.startswith("Đang nạp mô hình so khớp tin (hashing)")
    assert loaded.startswith("Đã nạp mô hình so khớp và 46 tin đã kiểm chứng trong ")
    assert desk == "Bàn điều hành Loa: http://127.0.0.1:8123/"
    assert served.libraries_ready == 1
    english = loa("--lang", "en", "serve").output
    assert "Claim-matching model and 46 fact-checks loaded in " in english


def test_serve_without_warm_up_leaves_the_model_for_the_first_match(
    loa: LoaCli, served: _Served
) -> None:
    loa.env["LOA_LISTEN_EMBEDDER"] = "hashing"
    loa("listen", "factchecks", "import", str(DATA / "factchecks.jsonld"))
    out = loa("serve", "--no-warm-up").output
    assert "Đang nạp" not in out
    assert served.libraries_ready == 0


def test_the_desk_answers_its_first_request_after_preparing_at_start(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k", cookie_secure=False)
    app = create_app(settings)
    with TestClient(app) as client:  # runs the start-up work
        assert client.get("/login").status_code == 200
