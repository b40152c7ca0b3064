"""Returns Loa's jobs and batch handlers by name; a new one is one decorator away.

    @job("audio_render", queue="audio")
    def audio_render(run: RunContext) -> dict[str, Any] | None: ...

    @batch_handler("listening_item")
    def listening_item(session: Session, item: BatchItem) -> None: ...

Loa's own jobs register here exactly as a plug-in's would: a job module is an entry point of
the `loa.jobs` group (loa.plugins), and `load_job_modules` imports every one of them. There is
no other way in: a deployment's own jobs are a small installed package (docs/plugins.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from loa.errors import NotFoundError
from loa.plugins import plugins

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from loa.jobs.context import RunContext

__all__ = [
    "BatchItem",
    "JobSpec",
    "batch_handler",
    "find_handler",
    "find_job",
    "job",
    "jobs",
    "load_job_modules",
]

JobFunc = Callable[["RunContext"], "dict[str, Any] | None"]
ItemHandler = Callable[["Session", "BatchItem"], None]


@dataclass(frozen=True)
class JobSpec:
    """A kind of job: its name, the function that does it, and the queue it goes to."""

    name: str
    func: JobFunc
    queue: str


@dataclass(frozen=True)
class BatchItem:
    """One item of a batch as a handler sees it."""

    run_id: int
    seq: int
    payload: dict[str, Any]


_JOBS: dict[str, JobSpec] = {}
_HANDLERS: dict[str, ItemHandler] = {}


def job(name: str, *, queue: str = "default") -> Callable[[JobFunc], JobFunc]:
    """Return a decorator that registers a job function under `name`."""

    def register(func: JobFunc) -> JobFunc:
        _JOBS[name] = JobSpec(name, func, queue)
        return func

    return register


def batch_handler(name: str) -> Callable[[ItemHandler], ItemHandler]:
    """Return a decorator that registers what a batch does to each item.

    The handler writes its effect through the session it is given and nothing else: the
    item's processed marker commits in that same transaction, so an item's effect happens
    once, even when a worker is killed half-way.
    """

    def register(func: ItemHandler) -> ItemHandler:
        _HANDLERS[name] = func
        return func

    return register


def load_job_modules() -> None:
    """Import every job module of the `loa.jobs` entry-point group; returns nothing.

    Loa's own job modules and an installed package's are found the same way (loa.plugins);
    one that cannot be imported is a ConfigError naming its entry point.
    """
    plugins("loa.jobs")  # loading a job module's entry point imports it: its jobs register


def jobs() -> dict[str, JobSpec]:
    """Return every registered job by name (after `load_job_modules`)."""
    return dict(_JOBS)


def find_job(name: str) -> JobSpec:
    """Return the job registered as `name`, or raise NotFoundError."""
    if name not in _JOBS:
        raise NotFoundError(
            f"Không có loại công việc '{name}'. Các loại có: {', '.join(sorted(_JOBS))}.",
            f"There is no job kind '{name}'. Known kinds: {', '.join(sorted(_JOBS))}.",
        )
    return _JOBS[name]


def find_handler(name: str) -> ItemHandler:
    """Return the batch handler registered as `name`, or raise NotFoundError."""
    if name not in _HANDLERS:
        raise NotFoundError(
            f"Không có bộ xử lý lô '{name}'. Các bộ có: {', '.join(sorted(_HANDLERS))}.",
            f"There is no batch handler '{name}'. Known handlers: {', '.join(sorted(_HANDLERS))}.",
        )
    return _HANDLERS[name]
