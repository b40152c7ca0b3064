"""Uploads held for the officer's decision go when decided, and expire when nobody decides."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from loa.errors import InputError
from loa.services.pending_imports import discard, expire, hold, pending_folder, take


def test_held_upload_comes_back_and_goes_when_discarded(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    token = hold(folder, b"427-CV/BTGTU", "427-ban-sao.txt")
    assert take(folder, token) == (b"427-CV/BTGTU", "427-ban-sao.txt")
    discard(folder, token)
    assert list(folder.iterdir()) == []
    with pytest.raises(InputError, match="hết hạn"):
        take(folder, token)
    with pytest.raises(InputError, match="không hợp lệ"):
        take(folder, "../loa.db")


def test_files_older_than_a_day_expire_at_the_next_hold(tmp_path: Path) -> None:
    folder = pending_folder(tmp_path)
    old = hold(folder, b"old", "old.txt")
    two_days_ago = time.time() - timedelta(days=2).total_seconds()
    for path in (folder / old, folder / f"{old}.name"):
        os.utime(path, (two_days_ago, two_days_ago))
    (folder / "README").write_text("not a held upload")  # anything else is left alone
    fresh = hold(folder, b"fresh", "fresh.txt")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["README", fresh, f"{fresh}.name"])
    assert expire(folder, now=time.time() + timedelta(days=2).total_seconds()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["README"]
