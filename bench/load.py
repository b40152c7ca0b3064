"""The web desk and API under many concurrent clients on loopback: errors and latencies.

Run `.venv/bin/python bench/load.py [--clients 200] [--seconds 300]` after `bench/web.py` has
built the national store (it builds it when missing). The desk runs as in bench/web.py
(uvicorn, one worker, one process of its own). Each client loops over the pages and API
operations below, one request at a time, for `--seconds`: web pages with the admin's session
cookie, API operations with the bench's bearer token. An error is a transport failure, a
timeout (60 s) or a status other than 200. Latency is measured at the client (queueing in
the server included); the server time is read from `Server-Timing`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import defaultdict
from collections.abc import Sequence

import httpx
import numpy as np

from web import load_average, machine, running_desk, server_ms, signed_in
from web_store import national_store

MIX = (
    ("/", "page"),
    ("/situation", "page"),
    ("/directives", "page"),
    ("/tasks", "page"),
    ("/tasks/3", "page"),
    ("/audit", "page"),
    ("/api/v1/tasks", "api"),
    ("/api/v1/situation/levels", "api"),
    ("/api/v1/directives", "api"),
    ("/api/v1/me", "api"),
)


async def _client(
    number: int,
    url: str,
    cookies: httpx.Cookies,
    token: str,
    until: float,
    latencies: dict[str, list[float]],
    server: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    async with httpx.AsyncClient(base_url=url, cookies=cookies, timeout=60) as client:
        step = number  # clients start at different places of the mix
        while time.monotonic() < until:
            path, kind = MIX[step % len(MIX)]
            step += 1
            headers = {"Authorization": f"Bearer {token}"} if kind == "api" else {}
            started = time.perf_counter()
            try:
                response = await client.get(path, headers=headers)
            except httpx.HTTPError as exc:
                errors[f"{path}: {type(exc).__name__}"] += 1
                continue
            latencies[path].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors[f"{path}: HTTP {response.status_code}"] += 1
            else:
                server[path].append(server_ms(response))


async def run(url: str, token: str, clients: int, seconds: float) -> list[str]:
    """Return the report of `clients` concurrent clients asking the desk for `seconds`."""
    cookies = signed_in(url).cookies
    latencies: dict[str, list[float]] = defaultdict(list)
    server: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    until = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(_client(n, url, cookies, token, until, latencies, server, errors) for n in range(clients))
    )
    elapsed = time.perf_counter() - started
    total = sum(len(v) for v in latencies.values())
    lines = [
        f"{clients} clients for {seconds:.0f} s: {total:,} requests answered in {elapsed:.0f} s "
        f"({total / elapsed:.1f} per second), errors: {sum(errors.values())}",
        f"{'path':28} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'server p50':>11}",
    ]
    for path, _ in MIX:
        got = np.array(latencies[path] or [np.nan])
        lines.append(
            f"{path:28} {len(latencies[path]):7,} {np.quantile(got, 0.5):9.0f} "
            f"{np.quantile(got, 0.95):9.0f} {got.max():9.0f} "
            f"{np.quantile(np.array(server[path] or [np.nan]), 0.5):11.1f}"
        )
    lines += [f"error: {what} x{count}" for what, count in sorted(errors.items())]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the desk on the national store and run the clients; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300.0)
    args = parser.parse_args(argv)
    print("Web desk and API under concurrent clients (bench/load.py)")
    print(f"machine: {machine()}")
    print(f"load average before: {load_average()}")
    store = national_store(args.seed)
    with running_desk(store) as url:
        lines = asyncio.run(run(url, store.token, args.clients, args.seconds))
    for line in lines:
        print(line)
    print(f"load average after: {load_average()}")
    return 0 if not any(line.startswith("error:") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
