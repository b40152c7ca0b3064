"""Uploads held back while the officer decides (a directive whose number is already stored).

A held file waits under `<data dir>/pending-imports` as `<token>` (its bytes) and
`<token>.name` (the name it was uploaded with). It goes away when the officer decides — open
the existing directive or import it as a new version — and a file nobody decided on is
removed once older than `HOLD_FOR` (at the desk's start and before each new hold).
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from pathlib import Path

from loa.errors import InputError

__all__ = ["HOLD_FOR", "discard", "expire", "hold", "pending_folder", "take"]

HOLD_FOR = timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")


def pending_folder(data_dir: Path) -> Path:
    """Return (and make) the folder where held uploads wait."""
    folder = data_dir / "pending-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def expire(folder: Path, *, now: float | None = None, older_than: timedelta = HOLD_FOR) -> int:
    """Remove held files older than `older_than` (by their modification time); return how many.

    `now` is a Unix time (default: the clock's); a file that vanishes meanwhile is skipped.
    """
    if not folder.is_dir():
        return 0
    limit = (time.time() if now is None else now) - older_than.total_seconds()
    removed = 0
    for path in folder.iterdir():
        if not _TOKEN.fullmatch(path.name):
            continue
        try:
            if path.stat().st_mtime < limit:
                discard(folder, path.name)
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def hold(folder: Path, data: bytes, filename: str) -> str:
    """Keep an upload until the officer decides; return its token. Old held files go first."""
    expire(folder)
    token = uuid.uuid4().hex
    (folder / token).write_bytes(data)
    (folder / f"{token}.name").write_text(filename, "utf-8")
    return token


def _path(folder: Path, token: str) -> Path:
    if not _TOKEN.fullmatch(token):
        raise InputError("Tệp chờ nhập không hợp lệ.", "The held file is not valid.")
    return folder / token


def take(folder: Path, token: str) -> tuple[bytes, str]:
    """Return a held upload's bytes and name (it stays until `discard`)."""
    held = _path(folder, token)
    if not held.exists():
        raise InputError(
            "Tệp chờ nhập đã hết hạn; hãy chọn lại tệp.",
            "The held file has expired; choose the file again.",
        )
    name = folder / f"{token}.name"
    return held.read_bytes(), name.read_text("utf-8") if name.exists() else "upload.txt"


def discard(folder: Path, token: str) -> None:
    """Remove a held upload (the officer has decided); nothing happens if it is gone already."""
    held = _path(folder, token)
    held.unlink(missing_ok=True)
    (folder / f"{token}.name").unlink(missing_ok=True)
