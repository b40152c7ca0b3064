"""The web desk and API under many concurrent clients on loopback: errors and latencies.

Run `.venv/bin/python bench/load.py [--clients 200] [--seconds 300] [--workers 1 2]
[--think 1 3] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/loa_bench]`. The national
store (bench/web_store.py: 10,599 communes, a year of daily reports) is built when missing: a
SQLite file, or with `--pg` (or LOA_BENCH_PG_URL) a PostgreSQL database of its own, made
first with `createdb -h 127.0.0.1 -U postgres loa_bench` (emptied by the build).
The desk runs as in bench/web.py, in processes of its own: once per `--workers` count, in the
same run (the first is the baseline the others are compared with). Each client loops over the
pages and API operations below, one request at a time, for `--seconds`, waiting a random
`--think` interval (seconds, uniform) between two requests as an officer reading a page does
(`--think 0 0`: no waiting, for throughput): web pages with the admin's session cookie, API
operations with the bench's bearer token. An error is a transport failure, a timeout (60 s) or
a status other than 200. Latency is measured at the client (queueing in the server included);
the server time is read from `Server-Timing`. Before the clients start, one client goes
`--warmup` times over the mix per server process, untimed (a desk that has just started
compiles its templates and reads the snapshot's parts once). The clients keep no cache:
every request is a full answer (no If-None-Match), the worst case for the snapshots' ETags;
with `--revalidate` each client sends back the ETag it last got for a path, as a browser
does, and a 304 counts as an answer.

Baseline: issue 7's run of this bench (200 clients, no think time, one process, SQLite, every
situation page computed at each request) answered 13.7 requests a second; the throughput of
each run is printed against it, and against the first `--workers` count of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence

import httpx
import numpy as np

from web import load_average, machine, running_desk, server_ms, signed_in
from web_store import national_store

HISTORIC_RATE = 13.7  # requests a second, issue 7: 200 clients, no think time, 1 process
TARGET_P95_MS = 1000.0
MIX = (
    ("/", "page"),
    ("/situation", "page"),
    ("/situation?level=district", "page"),
    ("/directives", "page"),
    ("/tasks", "page"),
    ("/tasks/3", "page"),
    ("/audit", "page"),
    ("/api/v1/tasks", "api"),
    ("/api/v1/situation/levels", "api"),
    ("/api/v1/situation/rt", "api"),
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
    revalidated: dict[str, int],
    think: tuple[float, float],
    revalidate: bool = False,
) -> None:
    pause = random.Random(number)
    tags: dict[str, str] = {}  # path -> the ETag of the answer this client holds
    async with httpx.AsyncClient(base_url=url, cookies=cookies, timeout=60) as client:
        step = number  # clients start at different places of the mix
        while time.monotonic() < until:
            if think[1] > 0:
                await asyncio.sleep(pause.uniform(*think))
            path, kind = MIX[step % len(MIX)]
            step += 1
            headers = {"Authorization": f"Bearer {token}"} if kind == "api" else {}
            if revalidate and path in tags:
                headers["If-None-Match"] = tags[path]
            started = time.perf_counter()
            try:
                response = await client.get(path, headers=headers)
            except httpx.HTTPError as exc:
                errors[f"{path}: {type(exc).__name__}"] += 1
                continue
            latencies[path].append((time.perf_counter() - started) * 1000)
            if response.status_code == 304 and path in tags:
                server[path].append(server_ms(response))
                revalidated[path] += 1
            elif response.status_code != 200:
                errors[f"{path}: HTTP {response.status_code}"] += 1
            else:
                server[path].append(server_ms(response))
                if "etag" in response.headers:
                    tags[path] = response.headers["etag"]


async def run(
    url: str,
    token: str,
    clients: int,
    seconds: float,
    think: tuple[float, float] = (0, 0),
    warmup: int = 0,
    revalidate: bool = False,
) -> tuple[float, list[str]]:
    """Return (requests per second, report) of `clients` clients asking the desk for `seconds`."""
    client = signed_in(url)
    cookies = client.cookies
    for _ in range(warmup):  # each process's first answers (templates, snapshot parts) untimed
        for path, kind in MIX:
            client.get(path, headers={"Authorization": f"Bearer {token}"} if kind == "api" else {})
    latencies: dict[str, list[float]] = defaultdict(list)
    server: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    revalidated: dict[str, int] = defaultdict(int)
    until = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(
            _client(
                n,
                url,
                cookies,
                token,
                until,
                latencies,
                server,
                errors,
                revalidated,
                think,
                revalidate,
            )
            for n in range(clients)
        )
    )
    elapsed = time.perf_counter() - started
    total = sum(len(v) for v in latencies.values())
    lines = [
        f"{clients} clients for {seconds:.0f} s: {total:,} requests answered in {elapsed:.0f} s "
        f"({total / elapsed:.1f} per second), errors: {sum(errors.values())}"
        + (f", 304 Not Modified: {sum(revalidated.values()):,}" if revalidate else ""),
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
    slow = [
        path for path, _ in MIX if np.quantile(np.array(latencies[path] or [np.inf]), 0.95)
        >= TARGET_P95_MS
    ]  # fmt: skip
    lines.append(
        f"target p95 < {TARGET_P95_MS:.0f} ms: "
        + ("met on every path" if not slow else f"MISSED on {', '.join(slow)}")
    )
    lines.append(
        f"throughput against the historic {HISTORIC_RATE} requests a second (issue 7): "
        f"{total / elapsed / HISTORIC_RATE:.2f}x"
    )
    return total / elapsed, lines


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the desk on the national store and run the clients; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--think", type=float, nargs=2, default=(0.0, 0.0))
    parser.add_argument(
        "--revalidate",
        action="store_true",
        help="clients keep each answer's ETag and send it back (If-None-Match), as browsers do",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=3,
        help="untimed rounds over the mix per server process before the clients start",
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("LOA_BENCH_PG_URL"),
        help="PostgreSQL URL of the bench's own database (its name must contain 'bench')",
    )
    args = parser.parse_args(argv)
    print("Web desk and API under concurrent clients (bench/load.py)")
    print(f"machine: {machine()}")
    print(f"load average before: {load_average()}")
    print(f"think time between requests: {args.think[0]:g}-{args.think[1]:g} s")
    store = national_store(args.seed, args.pg)
    print(
        f"store: {store.kind}, {store.communes:,} communes, {store.rows:,} daily reports "
        f"(built in {store.build_seconds:.0f} s); the situation snapshot took "
        f"{store.snapshot_ms:,.0f} ms to build"
    )
    rates: list[float] = []
    failed = False
    for workers in args.workers:
        with running_desk(store, workers=workers) as url:
            rate, lines = asyncio.run(
                run(
                    url,
                    store.token,
                    args.clients,
                    args.seconds,
                    tuple(args.think),
                    warmup=args.warmup * workers,
                    revalidate=args.revalidate,
                )
            )
        rates.append(rate)
        print(f"-- {workers} server process{'es' if workers > 1 else ''}")
        for line in lines:
            print(line)
        failed = failed or any(line.startswith("error:") for line in lines)
    if len(rates) > 1:
        for workers, rate in zip(args.workers[1:], rates[1:], strict=True):
            print(
                f"throughput, {workers} processes against {args.workers[0]}: "
                f"{rate:.1f} / {rates[0]:.1f} requests per second = {rate / rates[0]:.2f}x"
            )
    print(f"load average after: {load_average()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
