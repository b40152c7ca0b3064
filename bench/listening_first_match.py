"""The first `listen match` on the desk against the ones after it: target under 300 ms each.

    .venv/bin/python bench/listening_first_match.py               # 20 matches after the first
    .venv/bin/python bench/listening_first_match.py --requests 50

A fresh store (SQLite, in a temporary folder) gets the national directory, an admin and the
46 fact-checks of tests/data/listening; `loa serve` is started twice on it, once as shipped
(the matching model loaded before the port opens) and once with `--no-warm-up` (the
baseline: the model loads on the first match, as before). Each time a signed-in client asks
the library page to match a post (`/listening/factchecks?match=...`) once, then
`--requests` times more with other posts, and reads the server time from each response's
`Server-Timing` header. The time from starting the process to its first answer is printed
too: the warm-up moves the model's load there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "listening"
PASSWORD = "bench-first-match-1"
TARGET_MS = 300.0
LOA = [str(Path(sys.executable).with_name("loa"))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _store(folder: Path) -> dict[str, str]:
    """Return the environment of a new store in `folder` with an admin and the fact-checks."""
    env = dict(os.environ, LOA_DATA_DIR=str(folder), LOA_SECRET_KEY="bench", LOA_LANG="en")
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    for args in (
        ["init"],
        ["users", "add", "admin", "--role", "admin", "--password", PASSWORD],
        ["listen", "factchecks", "import", str(DATA / "factchecks.jsonld")],
    ):
        subprocess.run([*LOA, *args], env=env, check=True, capture_output=True)
    return env


@contextmanager
def desk(env: dict[str, str], *, warm_up: bool) -> Iterator[tuple[str, float, str]]:
    """Yield the desk's URL, the seconds until it answered, and what `loa serve` printed."""
    port = _free_port()
    flag = "--warm-up" if warm_up else "--no-warm-up"
    log = Path(env["LOA_DATA_DIR"]) / f"serve{flag}.log"
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [*LOA, "serve", "--port", str(port), flag], env=env, stdout=out, stderr=out
        )
        url = f"http://127.0.0.1:{port}"
        try:
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"loa serve exited with {process.returncode}: see {log}")
                try:
                    httpx.get(f"{url}/login", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield url, time.perf_counter() - started, log.read_text(encoding="utf-8")
        finally:
            process.terminate()
            process.wait(timeout=20)


def _signed_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "no CSRF token on /login"
    sent = client.post(
        "/login", data={"login": "admin", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert sent.status_code == 303, f"sign-in failed: {sent.status_code}"
    return client


def _server_ms(response: httpx.Response) -> float:
    found = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    assert found, "no Server-Timing header"
    return float(found.group(1))


def match_times(url: str, posts: list[str]) -> list[float]:
    """Return the server time of each match, in milliseconds, in the order asked."""
    client = _signed_in(url)
    times = []
    for post in posts:
        response = client.get("/listening/factchecks", params={"match": post})
        assert response.status_code == 200, response.status_code
        times.append(_server_ms(response))
    return times


def main() -> None:
    """Print the first and the later match times with and without the warm-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="matches after the first")
    args = parser.parse_args()
    lines = (DATA / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = [str(json.loads(line)["text"]) for line in lines if line.strip()]
    chosen = posts[: args.requests + 1]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="loa-bench-first-match-") as folder:
        env = _store(Path(folder))
        figures = {}
        for warm_up in (False, True):
            with desk(env, warm_up=warm_up) as (url, ready, said):
                times = match_times(url, chosen)
            name = "warm-up (shipped)" if warm_up else "no warm-up (baseline)"
            figures[warm_up] = times[0]
            later = times[1:]
            print(
                f"{name:22} ready in {ready:5.1f} s   first match {times[0]:7.1f} ms   "
                f"next {len(later)}: p50 {statistics.median(later):5.1f} ms, "
                f"max {max(later):5.1f} ms"
            )
            for line in said.splitlines():
                print(f"    loa serve said: {line}")
        ratio = figures[True] / figures[False]
        verdict = "met" if figures[True] < TARGET_MS else "NOT met"
        print(f"first match: {ratio:.3f} x the baseline; target {TARGET_MS:.0f} ms {verdict}")


if __name__ == "__main__":
    main()
