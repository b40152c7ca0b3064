"""Attack 14: viewers got absolute server paths of bulletin files in the API.

API answers now carry each file's name and download URL (and the audio's), never where the
server keeps it; the URLs given are the ones that download the file.
"""

from __future__ import annotations

import re
from typing import Any

from loa.bulletins.speech import ToneEngine
from loa.services.accounts import create_token

from .conftest import DAY, PARK, Desk, bearer


def _no_server_paths(desk: Desk, text: str) -> None:
    folder = str(desk.settings.data_dir.resolve())
    assert folder not in text and str(desk.settings.data_dir) not in text
    assert not re.search(r'"(path|audio_path)"\s*:', text), text[:300]


def test_bulletin_answers_give_names_and_urls_not_paths(office: Desk) -> None:
    office.app.state.speech_engine = ToneEngine(seconds_per_character=0.002)
    _i, lan = create_token(office.session, "lan-script", user="lan", actor="test")
    _i, minh = create_token(office.session, "minh-script", user="minh", actor="test")
    _i, viewer = create_token(office.session, "radio", role="viewer", actor="test")
    office.session.commit()

    def call(method: str, path: str, token: str, **kwargs: Any) -> Any:
        answer = office.client.request(
            method, f"/api/v1/bulletins{path}", headers=bearer(token), **kwargs
        )
        assert answer.status_code < 300, (path, answer.text[:300])
        _no_server_paths(office, answer.text)
        return answer

    body = {"date": DAY.isoformat(), "kind": "radio", "unit_code": PARK, "audio": True}
    made = call("POST", "", lan, json=body).json()
    bulletin_id = made["id"]
    call("POST", f"/{bulletin_id}/approve", minh)
    call("POST", f"/{bulletin_id}/publish", minh, json={"channels": ["radio-drop"]})
    call("GET", "", viewer)
    shown = call("GET", f"/{bulletin_id}", viewer).json()
    [entry] = shown["files"]
    assert entry["name"] == f"radio-{DAY.isoformat()}-{PARK}.txt"
    assert entry["url"] == f"/api/v1/bulletins/{bulletin_id}/files/{entry['name']}"
    assert entry["audio_url"] == f"/api/v1/bulletins/{bulletin_id}/audio/{PARK}"
    assert entry["audio_name"].endswith(".mp3")
    # The URLs given download the files.
    script = office.client.get(entry["url"], headers=bearer(viewer))
    assert script.status_code == 200 and "Bắc Giang" in script.text
    audio = office.client.get(entry["audio_url"], headers=bearer(viewer))
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"


def test_press_files_are_listed_by_name(office: Desk) -> None:
    _i, lan = create_token(office.session, "lan-script", user="lan", actor="test")
    office.session.commit()
    made = office.client.post(
        "/api/v1/bulletins", headers=bearer(lan), json={"date": DAY.isoformat(), "kind": "press"}
    )
    assert made.status_code == 201
    _no_server_paths(office, made.text)
    names = {f["name"].rsplit(".", 1)[-1] for f in made.json()["files"]}
    assert {"docx", "pdf"} <= names
    for f in made.json()["files"]:
        assert office.client.get(f["url"], headers=bearer(lan)).status_code == 200


def test_no_api_list_answer_holds_a_server_path(office: Desk) -> None:
    _i, lan = create_token(office.session, "lan-script", user="lan", actor="test")
    _i, admin = create_token(office.session, "ops", role="admin", actor="test")
    office.session.commit()
    made = office.client.post(
        "/api/v1/bulletins", headers=bearer(lan), json={"date": DAY.isoformat(), "kind": "press"}
    )
    assert made.status_code == 201
    bulletin_id = made.json()["id"]
    routes = office.app.openapi()["paths"]
    paths = [
        path.replace("{bulletin_id}", str(bulletin_id))
        for path, methods in routes.items()
        if path.startswith("/api/v1")
        and "get" in methods
        and ("{" not in path or path == "/api/v1/bulletins/{bulletin_id}")
    ]
    assert len(paths) >= 10
    for path in paths:
        answer = office.client.get(path, headers=bearer(admin))
        if answer.headers.get("content-type", "").startswith("application/json"):
            _no_server_paths(office, answer.text)
