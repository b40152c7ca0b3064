"""Plain words on every page: the desk never shows a code, a rule key or a UTC timestamp.

Crawls the demo desk (`loa demo`, the browser suite's server) as an administrator: every page
reachable from the menu, following the links it finds (one page per path shape), plus a
bulletin, a response card when the demo has one, and a data import report. The visible text
of each page, in Vietnamese and in English, must hold no snake_case identifier, no rule key,
no dotted event code, no ISO or UTC timestamp; the Vietnamese pages no stored code either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest

from .conftest import PASSWORD, RunningDesk

# The API reference is a page for programmers: its paths name parameters the way code does.
SKIPPED = ("/api/", "/static/", "/logout", "/login")
MAX_PAGES = 60
FILE_NAME = re.compile(r"\S+\.(?:csv|xlsx|txt|docx|pdf|mp3|json|jsonld|doc)\b", re.IGNORECASE)
LEAKS = {
    "snake_case identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "rule key": re.compile(r"\bwhen_[a-z_]+|\bqd\d{3,}-\d{4}\b"),
    "event code": re.compile(
        r"\b(?:task|directive|situation|bulletin|user|card|job)[.](?:created|opened|assigned|"
        r"evidence|drafted|approved|published|imported|status|updated|submitted)\b"
    ),
    "ISO date or time": re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?"),
    "UTC time": re.compile(r"\bUTC\b|[+]00:00\b"),
    "figure written as code": re.compile(r"\{'"),
}
# Vietnamese writes decimals with a comma: "11.0" is a figure printed by code.
ENGLISH_DECIMAL = re.compile(r"(?<![-\w.])\d+\.\d\b")
# Codes the store keeps; on a Vietnamese page each must have been replaced by its label.
# An event code without its label reads "card approved" once its dot is gone.
CODES = re.compile(
    r"\b(?:(?:task|directive|situation|bulletin|user|card|job) [a-z]+|todo|doing|imported|rejected|partial|match|related|general|elderly|schools|"
    r"portal-feed|press-folder|radio-drop|skipped|draft|drafted|assigned|approved|published|"
    r"announced|observed|baseline)\b"
)


class VisibleText(HTMLParser):
    """Collects the text a reader sees and the links of a page."""

    # <code> holds identifiers a person copies as they are (an API token's random prefix such
    # as "loa_2238qn…", a fact-check id, an API path), set apart from the words to read.
    HIDDEN = ("script", "style", "title", "template", "code")

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _signed_in(desk: RunningDesk, login: str) -> httpx.Client:
    client = httpx.Client(base_url=desk.base_url, timeout=60)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    sent = client.post(
        "/login", data={"login": login, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert sent.status_code == 303
    return client


def _draft_bulletin(client: httpx.Client, kind: str = "press", unit: str = "") -> str:
    page = client.get("/bulletins").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    made = client.post(
        "/bulletins",
        data={"csrf_token": token.group(1), "day": "2021-06-01", "kind": kind, "unit_code": unit},
    )
    assert made.status_code == 303, made.text[:300]
    return made.headers["location"]


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("#")[0])


def _crawl(client: httpx.Client, start: list[str]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0).split("#")[0]
        if _shape(path) in seen or path.startswith(SKIPPED) or "lang=" in path:
            continue
        seen.add(_shape(path))
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        parser = VisibleText()
        parser.feed(answer.text)
        yield path, parser.text()
        queue += [link for link in parser.links if link.startswith("/")]


def _leaks(text: str, lang: str) -> list[str]:
    text = FILE_NAME.sub(" ", text)
    found = []
    for what, pattern in LEAKS.items():
        found += [
            f"{what}: …{text[max(0, m.start() - 40) : m.end() + 20]}…"
            for m in pattern.finditer(text)
        ]
    if lang == "vi":
        found += [
            f"decimal point: …{text[max(0, m.start() - 40) : m.end() + 20]}…"
            for m in ENGLISH_DECIMAL.finditer(text)
        ]
        found += [
            f"stored code: …{text[max(0, m.start() - 40) : m.end() + 20]}…"
            for m in CODES.finditer(text)
        ]
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_page_shows_codes_rule_keys_or_utc_times(running_desk: RunningDesk, lang: str) -> None:
    client = _signed_in(running_desk, "admin")
    client.get(f"/?lang={lang}")
    start = [
        "/",
        _draft_bulletin(client),
        _draft_bulletin(client, "radio", "07807") + "/schedule",
        "/situation/imports/1",
        "/listening/cards",
    ]
    problems: dict[str, list[str]] = {}
    pages = 0
    for path, text in _crawl(client, start):
        pages += 1
        leaks = _leaks(text, lang)
        if leaks:
            problems[path] = leaks[:5]
    assert pages >= 12  # the menu's pages and the pages they link to were reached
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
