"""Web desk speed at national scale: every page's server time, p50 / p95 / max, target 300 ms.

Run `.venv/bin/python bench/web.py` (the first run builds the national store, a few minutes;
later runs reuse bench/out/web-national-seed2021-v1.db; `--pg URL` builds it in PostgreSQL,
as bench/load.py says). The store holds the national
directory (10,599 communes), a population for every unit and 365 days of synthetic daily
reports for every commune (3,868,635 rows), plus the seed dispatch and its tasks.

The desk is served by uvicorn (one worker, one process of its own) on a loopback port; a
client signed in as admin asks each page `--requests` times, one request at a time, and reads
the server time from the `Server-Timing: app;dur=...` header every response carries.

Baseline, run in the same bench against the same store: the desk as it was before situation
reads were confined to the province (`current_rows` without its `codes` filter: every commune
of the country read for each page). Ratio = p95 now / p95 baseline. The baseline asks each page
`--baseline-requests` times, as its pages take seconds.

`bench/load.py` runs the same desk under many concurrent clients.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from sqlalchemy.orm import Session

from web_store import PASSWORD, NationalStore, national_store

TARGET_MS = 300.0
PAGES = (
    ("overview", "/"),
    ("situation: province, communes", "/situation"),
    ("situation: districts", "/situation?level=district"),
    ("situation: one commune", "/situation?unit=07210"),
    ("directives", "/directives"),
    ("directive", "/directives/1"),
    ("tasks", "/tasks"),
    ("task", "/tasks/3"),
    ("settings", "/settings"),
    ("audit log", "/audit"),
    ("API docs page", "/api/docs"),
    ("API: me", "/api/v1/me"),
    ("API: tasks", "/api/v1/tasks"),
    ("API: directives", "/api/v1/directives"),
    ("API: situation levels", "/api/v1/situation/levels"),
    ("API: situation R_t", "/api/v1/situation/rt"),
    ("API: audit", "/api/v1/audit"),
    ("API: OpenAPI", "/api/openapi.json"),
)


def machine() -> str:
    """Return a line describing the CPU, cores, memory and Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 1024**3:.0f} GiB RAM"
    except (OSError, ValueError):
        memory = ""
    return f"{cpu}, nproc {os.cpu_count()}{memory}, Python {platform.python_version()}"


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(database_url: str, port: int, naive: bool, workers: int = 1) -> None:
    """Serve the desk on the store with uvicorn (this is the server process).

    With more than one worker, uvicorn forks them and each builds the desk from the
    environment, exactly as `loa serve --workers N` does.
    """
    import uvicorn

    from loa.services import situation_series
    from loa.settings import Settings
    from loa.web.app import create_app

    if naive:
        original = situation_series.current_rows

        def whole_country(
            session: Session, table: Any, first: date, last: date, codes: object = None
        ) -> list[Any]:
            rows: list[Any] = original(session, table, first, last)
            return rows

        situation_series.current_rows = whole_country
    folder = Path(tempfile.mkdtemp(prefix="loa-bench-web-"))
    if workers > 1:
        os.environ.update(
            LOA_DATABASE_URL=database_url, LOA_DATA_DIR=str(folder), LOA_SECRET_KEY="bench",
            LOA_COOKIE_SECURE="false",
        )  # fmt: skip
        uvicorn.run(
            "loa.web.app:app_from_environment", factory=True, workers=workers,
            host="127.0.0.1", port=port, log_level="warning",
        )  # fmt: skip
        return
    settings = Settings(
        database_url=database_url, data_dir=folder, secret_key="bench", cookie_secure=False
    )
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def running_desk(store: NationalStore, *, naive: bool = False, workers: int = 1) -> Iterator[str]:
    """Yield the base URL of the desk served on `store` by a process (or `workers`) of its own."""
    port = _free_port()
    command = [sys.executable, __file__, "serve", store.url, str(port)] + (["--naive"] * naive)
    command += ["--workers", str(workers)]
    log = store.path.with_name("web-server.log").open("ab")  # tracebacks, kept out of the figures
    process = subprocess.Popen(command, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit(f"the desk exited with {process.returncode}")
            try:
                httpx.get(f"{url}/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # requests still in flight after a load run
            process.kill()
            process.wait()
        log.close()


def signed_in(url: str, *, timeout: float = 120) -> httpx.Client:
    """Return a client signed in as the bench admin (session cookie and CSRF token kept)."""
    client = httpx.Client(base_url=url, timeout=timeout)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on /login"
    sent = client.post(
        "/login", data={"login": "admin", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert sent.status_code == 303, f"sign-in failed: {sent.status_code}"
    return client


def server_ms(response: httpx.Response) -> float:
    """Return the server time of a response, from its Server-Timing header."""
    found = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    assert found, f"no Server-Timing on {response.request.url}"
    return float(found.group(1))


@dataclass(frozen=True)
class PageTimes:
    """Server times of one page, in milliseconds, the first (cold) request apart."""

    name: str
    path: str
    cold: float
    warm: list[float]

    def quantile(self, q: float) -> float:
        """Return a quantile of the warm server times."""
        return float(np.quantile(self.warm, q))


def time_pages(url: str, requests: int, pages: Sequence[tuple[str, str]]) -> list[PageTimes]:
    """Return each page's server times over `requests` sequential requests after a cold one."""
    client = signed_in(url)
    found = []
    for name, path in pages:
        times = []
        for _ in range(requests + 1):
            response = client.get(path)
            assert response.status_code == 200, f"{path}: {response.status_code}"
            times.append(server_ms(response))
        found.append(PageTimes(name, path, times[0], times[1:]))
    return found


def report(now: list[PageTimes], before: list[PageTimes] | None) -> list[str]:
    """Return the table of figures, with the ratio to the baseline where there is one."""
    old = {p.path: p for p in before or []}
    head = f"{'page':32} {'path':28} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8}"
    head += f" {'base p95':>9} {'ratio':>6}" if before else ""
    lines = [head + "  target"]
    for p in now:
        line = (
            f"{p.name:32} {p.path:28} {p.cold:8.1f} {p.quantile(0.5):8.1f} "
            f"{p.quantile(0.95):8.1f} {max(p.warm):8.1f}"
        )
        if before:
            base = old.get(p.path)
            line += (
                f" {base.quantile(0.95):9.1f} {p.quantile(0.95) / base.quantile(0.95):6.3f}"
                if base
                else f" {'':9} {'':6}"
            )
        lines.append(line + ("  met" if p.quantile(0.95) < TARGET_MS else "  MISSED"))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Build or reuse the national store, time every page now and on the baseline, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--requests", type=int, default=40, help="requests per page (warm)")
    parser.add_argument("--baseline-requests", type=int, default=5)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--pg",
        default=os.environ.get("LOA_BENCH_PG_URL"),
        help="PostgreSQL URL of the bench's own database (bench/load.py)",
    )
    args = parser.parse_args(argv)

    print("Web desk at national scale (bench/web.py)")
    print(f"machine: {machine()}")
    print(f"load average before: {load_average()}")
    store = national_store(args.seed, args.pg)
    size = 0.0 if store.pg_url else store.path.stat().st_size / 1024**2
    print(
        f"store: {store.path.name}, {store.kind}, {size:,.0f} MiB: {store.communes:,} communes, "
        f"{store.rows:,} daily reports (built in {store.build_seconds:.0f} s, seed {args.seed})"
    )
    with running_desk(store) as url:
        now = time_pages(url, args.requests, PAGES)
    before = None
    if not args.no_baseline:
        situation = [(n, p) for n, p in PAGES if "situation" in p or p == "/"]
        with running_desk(store, naive=True) as url:
            before = time_pages(url, args.baseline_requests, situation)
    print(
        f"server time in ms (Server-Timing), uvicorn 1 worker on loopback; "
        f"{args.requests} warm requests per page, one at a time, after one cold request"
    )
    for line in report(now, before):
        print(line)
    if before:
        print(
            f"baseline: the same desk reading every commune of the country for each situation "
            f"page (no province filter in current_rows), {args.baseline_requests} warm requests; "
            "ratio = p95 now / p95 baseline"
        )
    missed = [p.path for p in now if p.quantile(0.95) >= TARGET_MS]
    print(f"load average after: {load_average()}")
    print(
        f"target p95 < {TARGET_MS:.0f} ms: "
        + ("met on every page" if not missed else f"MISSED on {', '.join(missed)}")
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        rest = sys.argv[4:]
        count = int(rest[rest.index("--workers") + 1]) if "--workers" in rest else 1
        serve(sys.argv[2], int(sys.argv[3]), "--naive" in rest, count)
    else:
        sys.exit(main())
