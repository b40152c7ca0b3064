from __future__ import annotations

from loa.web.i18n import extract_msgids, load_catalog

from .conftest import Desk


def test_every_ui_string_has_an_english_translation() -> None:
    english = {str(m.id): m.string for m in load_catalog("en") if m.id}
    missing = sorted(i for i in extract_msgids() if not english.get(i))
    assert missing == []


def test_catalogs_hold_no_stale_entries() -> None:
    used = extract_msgids()
    for lang in ("vi", "en"):
        stale = sorted(str(m.id) for m in load_catalog(lang) if m.id and m.id not in used)
        assert stale == [], lang


def test_language_switch_is_remembered_in_the_session(desk: Desk) -> None:
    desk.user("an", "viewer")
    assert '<html lang="vi">' in desk.client.get("/").text
    english = desk.client.get("/?lang=en").text
    assert '<html lang="en">' in english and ">Overview<" in english
    assert ">Tasks<" in desk.client.get("/tasks").text
