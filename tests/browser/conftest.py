"""The real desk in a real browser: `loa serve` on a demo store, driven by Debian's Chromium.

One store and one server serve the whole browser suite: `loa init` and `loa demo` into a
temporary folder, known passwords set on the demo accounts, then `loa serve` on a free loopback
port in a subprocess. Chromium is Debian's (`apt-get install chromium`), driven by Playwright's
own driver; `playwright install` is never needed. Without a Chromium that starts, the tests are
skipped, except under CI=true, where they fail: CI must run them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from sqlalchemy.orm import Session

from loa.services.accounts import set_password
from loa.store.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LOA_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "browser-tests-2021"
LOGINS = ("admin", "comms", "data", "reporter", "viewer")
LOA = [sys.executable, "-c", "from loa.cli import main; main()"]


@dataclass(frozen=True)
class RunningDesk:
    """A `loa serve` process on a store of its own."""

    base_url: str
    database_url: str

    def session(self) -> Session:
        """Return a new session on the desk's store, to check what the pages wrote."""
        return Session(make_engine(self.database_url), expire_on_commit=False)


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}; CI must run the browser tests (see docs/web.md, Browser tests)")
    pytest.skip(what)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"loa serve exited {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"loa serve did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def running_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDesk]:
    """The desk served by `loa serve` on a fresh demo store, every demo password known."""
    folder = tmp_path_factory.mktemp("browser-desk")
    database_url = f"sqlite:///{folder / 'loa.db'}"
    env = {
        **os.environ,
        "LOA_DATABASE_URL": database_url,
        "LOA_DATA_DIR": str(folder),
        "LOA_LANG": "vi",
        "LOA_SECRET_KEY": "browser-tests-secret",
        "LOA_COOKIE_SECURE": "false",
    }
    for command in (["init"], ["demo"]):
        subprocess.run([*LOA, *command], env=env, check=True, capture_output=True)
    engine = make_engine(database_url)
    with Session(engine) as session:
        for login in LOGINS:
            set_password(session, login, PASSWORD, actor="browser-tests")
        session.commit()
    engine.dispose()
    port = _free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*LOA, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield RunningDesk(url, database_url)
    finally:
        process.terminate()
        process.wait(timeout=10)


# Module scope, not session: Playwright's sync API keeps an event loop running in the main
# thread while it is open, and the suite's other tests (the job queue) start loops of their own.
@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver (shipped inside the PyPI package)."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        launched = playwright_driver.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    except Exception as exc:  # any launch failure means the same: no browser to test with
        _missing(f"Chromium at {CHROMIUM} did not start: {exc}")
        raise
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies); CSP bypassed only so that axe can be injected."""
    made = browser.new_context(bypass_csp=True, locale="vi-VN")
    made.set_default_timeout(15_000)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the fresh profile."""
    return context.new_page()


def sign_in(page: Page, desk: RunningDesk, login: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{desk.base_url}/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
