"""Runs a Loa worker: takes jobs from the queue until stopped, and re-queues those of dead workers.

A worker killed with `kill -9` leaves its jobs in Procrastinate's `doing` state and stops
sending heartbeats. Every live worker looks, at start-up and then every few seconds, for
`doing` jobs whose worker has been silent longer than LOA_WORKER_STALLED_SECONDS, and puts
them back in the queue. Batch items already committed are not done again (see loa.jobs.batch).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence

import procrastinate
from procrastinate.worker import Worker
from sqlalchemy import Engine

from loa.jobs.queue import build_app, ensure_queue_schema
from loa.jobs.registry import load_job_modules
from loa.settings import Settings

__all__ = ["requeue_stalled", "run_worker"]

log = logging.getLogger(__name__)


async def requeue_stalled(app: procrastinate.App, *, silent_for: float) -> list[int]:
    """Return the ids of the running jobs of silent workers, now queued again."""
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=silent_for)
    requeued = []
    for job in stalled:
        await app.job_manager.retry_job(job)
        assert job.id is not None
        requeued.append(job.id)
    if requeued:
        log.warning("re-queued jobs of stopped workers: %s", requeued)
    return requeued


async def _watch_stalled(app: procrastinate.App, silent_for: float) -> None:
    while True:
        await asyncio.sleep(max(0.5, silent_for / 2))
        try:
            await requeue_stalled(app, silent_for=silent_for)
        except Exception:
            # The database may be restarting; the next round tries again.
            log.warning("could not look for stalled jobs", exc_info=True)


def run_worker(
    engine: Engine,
    settings: Settings,
    *,
    queues: Sequence[str] = (),
    concurrency: int | None = None,
    once: bool = False,
    name: str | None = None,
) -> None:
    """Run until stopped (SIGINT/SIGTERM finish running jobs first), or until idle with `once`.

    Procrastinate stops a worker whose notification listener loses its connection (the
    database restarted, a failover). Loa's worker then waits and starts again, for as long
    as it takes; only a signal, or an empty queue with `once`, ends it.
    """
    load_job_modules()
    ensure_queue_schema(engine)
    workers = concurrency or settings.worker_concurrency
    app = build_app(engine, settings, pool_size=workers + 2)
    asyncio.run(_supervise(app, settings, list(queues), workers, once, name or "loa-worker"))


async def _supervise(
    app: procrastinate.App,
    settings: Settings,
    queues: list[str],
    concurrency: int,
    once: bool,
    name: str,
) -> None:
    stopping = asyncio.Event()
    current: list[Worker] = []

    def on_signal() -> None:
        stopping.set()
        for worker in current:
            worker.stop()  # type: ignore[no-untyped-call]

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    wait = 0.5
    while not stopping.is_set():
        try:
            async with app.open_async():
                await requeue_stalled(app, silent_for=settings.worker_stalled_seconds)
                wait = 0.5
                worker = Worker(
                    app,
                    queues=queues or None,
                    concurrency=concurrency,
                    wait=not once,
                    name=name,
                    update_heartbeat_interval=settings.worker_heartbeat_seconds,
                    stalled_worker_timeout=settings.worker_stalled_seconds,
                    # Jobs are kept: Loa's job_runs rows point at them for the desk.
                    delete_jobs="never",
                    install_signal_handlers=False,
                )
                current[:] = [worker]
                watcher = asyncio.create_task(_watch_stalled(app, settings.worker_stalled_seconds))
                try:
                    await worker.run()  # type: ignore[no-untyped-call]
                finally:
                    watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher
            if once:
                return
        except Exception:
            log.warning("worker lost the database; starting again in %.1fs", wait, exc_info=True)
        if stopping.is_set():
            return
        log.warning("worker restarting in %.1fs", wait)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=wait)
        wait = min(wait * 2, 10.0)
