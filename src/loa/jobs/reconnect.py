"""Returns the result of a unit of work, run again on a fresh connection if the database drops.

A server restart (or a failover to a replica) breaks the connections a process holds. The
engine's `pool_pre_ping` replaces dead idle connections; a transaction cut in the middle
raises, and is run again here from the start. That is only safe because every unit of work
handed in re-reads the state it changes (a batch picks the next *unprocessed* item; an
import finds the same bytes already imported), so running it twice never does it twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from loa.store.db import session_scope
from loa.store.storage_errors import is_storage_full

__all__ = ["in_transaction", "is_transient"]

T = TypeVar("T")
log = logging.getLogger(__name__)


def is_transient(exc: BaseException) -> bool:
    """Return True for a lost connection or a server going away, not for a full disk."""
    if is_storage_full(exc):
        return False
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError)


def in_transaction(
    engine: Engine,
    work: Callable[[Session], T],
    *,
    give_up_after: float = 60.0,
    first_wait: float = 0.2,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Return `work(session)` committed; retry it with back-off while the database is away."""
    started = time.monotonic()
    wait = first_wait
    while True:
        try:
            with session_scope(engine) as session:
                return work(session)
        except Exception as exc:
            if not is_transient(exc) or time.monotonic() - started > give_up_after:
                raise
            log.warning("database unavailable (%s); retrying in %.1fs", type(exc).__name__, wait)
            sleep(wait)
            wait = min(wait * 2, 5.0)
