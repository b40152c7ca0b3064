"""The handle a job function gets: its arguments, the store, and a way to report progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from loa.jobs.reconnect import in_transaction
from loa.services import jobs as runs
from loa.settings import Settings

__all__ = ["RunContext"]

T = TypeVar("T")


@dataclass
class RunContext:
    """One attempt at one run: what to do (`args`) and where (`engine`)."""

    engine: Engine
    settings: Settings
    run_id: int
    args: dict[str, Any] = field(default_factory=dict)
    attempt: int = 1

    def in_transaction(self, work: Callable[[Session], T]) -> T:
        """Return `work(session)` committed, run again from the start if the database drops."""
        return in_transaction(self.engine, work, give_up_after=self.settings.db_reconnect_seconds)

    def progress(
        self,
        session: Session,
        *,
        done: int | None = None,
        total: int | None = None,
        message: str | None = None,
    ) -> None:
        """Record done/total in `session`, so progress commits with the work it describes."""
        runs.set_progress(session, self.run_id, done=done, total=total, message=message)
