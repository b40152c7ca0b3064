"""Where listening's time goes: seconds spent in each stage, summed over the process.

The pipeline and the matcher wrap their stages in `stage("name")`; `bench/listening.py`
reads `totals()` (and `reset()`s them) to print per-stage times. Two `perf_counter` calls a
stage and batch: nothing worth measuring.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["reset", "stage", "totals"]

_TOTALS: dict[str, float] = {}
_LOCK = threading.Lock()


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall-clock seconds of the block to stage `name`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        with _LOCK:
            _TOTALS[name] = _TOTALS.get(name, 0.0) + elapsed


def totals() -> dict[str, float]:
    """Return the seconds per stage since the last `reset`."""
    with _LOCK:
        return dict(_TOTALS)


def reset() -> None:
    """Forget the totals."""
    with _LOCK:
        _TOTALS.clear()
