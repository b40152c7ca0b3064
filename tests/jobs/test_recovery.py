"""Passing failures are retried with growing waits; a user's error and a full disk are not."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from procrastinate.jobs import Job
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.jobs.queue import LoaRetry
from loa.jobs.reconnect import in_transaction, is_transient
from loa.store.storage_errors import is_storage_full


def _job(attempts: int) -> Job:
    return Job(
        id=1,
        queue="default",
        lock=None,
        queueing_lock=None,
        task_name="loa.batch",
        attempts=attempts,
    )


def test_passing_failures_wait_twice_as_long_each_time_until_the_last_attempt() -> None:
    strategy = LoaRetry(max_attempts=4, base_seconds=3)
    waits = []
    for attempts in range(4):
        decision = strategy.get_retry_decision(
            exception=RuntimeError("db gone"), job=_job(attempts)
        )
        waits.append(None if decision is None else decision.retry_at)
    assert waits[3] is None and all(w is not None for w in waits[:3])
    assert waits[0] < waits[1] < waits[2]  # type: ignore[operator]
    gaps = [(w - waits[0]).total_seconds() for w in waits[1:3]]  # type: ignore[operator]
    assert gaps == pytest.approx([3, 9], abs=0.5)  # 3, 6, 12 seconds from the failure


def test_a_users_error_or_a_full_disk_is_never_retried() -> None:
    strategy = LoaRetry(max_attempts=5, base_seconds=1)
    bad_input = InputError("sai", "wrong")
    full = OSError(errno.ENOSPC, "No space left on device")
    assert strategy.get_retry_decision(exception=bad_input, job=_job(0)) is None
    assert strategy.get_retry_decision(exception=full, job=_job(0)) is None


def _sqlite_full() -> OperationalError:
    return OperationalError("INSERT ...", {}, sqlite3.OperationalError("database or disk is full"))


def test_a_full_disk_is_recognised_through_the_layers_that_wrap_it() -> None:
    assert is_storage_full(_sqlite_full())
    assert is_storage_full(OSError(errno.ENOSPC, "No space left on device"))
    try:
        try:
            raise OSError(errno.EDQUOT, "Disk quota exceeded")
        except OSError as inner:
            raise RuntimeError("writing failed") from inner
    except RuntimeError as outer:
        assert is_storage_full(outer)
    lost = OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    assert not is_storage_full(lost) and is_transient(lost)
    assert not is_transient(_sqlite_full())


def test_work_is_run_again_from_the_start_when_the_connection_drops(sqlite_engine) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    waits: list[float] = []

    def work(session: Session) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return "done"

    assert in_transaction(sqlite_engine, work, sleep=waits.append) == "done"
    assert len(calls) == 3 and waits == [0.2, 0.4]


def test_a_full_disk_is_not_retried_by_the_reconnecting_unit_of_work(sqlite_engine) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def work(session: Session) -> None:
        calls.append(1)
        raise _sqlite_full()

    with pytest.raises(OperationalError):
        in_transaction(sqlite_engine, work, sleep=lambda _: None)
    assert len(calls) == 1
