"""Returns a clear bilingual error for a full disk, whichever layer noticed it."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError

from loa.errors import StorageFullError

__all__ = ["StorageFullError", "is_storage_full", "storage_full_error"]

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# SQLITE_FULL; PostgreSQL's SQLSTATE for "disk full" is 53100.
_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"


def is_storage_full(exc: BaseException) -> bool:
    """Return True when `exc`, or what it wraps, says the disk or the database is full."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return True
        if isinstance(current, sqlite3.Error) and (
            getattr(current, "sqlite_errorcode", None) == _SQLITE_FULL
            or "database or disk is full" in str(current)
        ):
            return True
        if getattr(current, "sqlstate", None) == _PG_DISK_FULL:
            return True
        if isinstance(current, DBAPIError):
            current = current.orig
            continue
        current = current.__cause__ or current.__context__
    return False


def storage_full_error(exc: BaseException, *, doing_vi: str, doing_en: str) -> StorageFullError:
    """Return the error a user sees when `doing` ran out of disk space."""
    return StorageFullError(
        f"Hết dung lượng đĩa khi {doing_vi}. Không có gì của lần này được lưu: cơ sở dữ liệu "
        "vẫn như trước. Hãy giải phóng dung lượng (hoặc mở rộng ổ đĩa của cơ sở dữ liệu) rồi "
        "chạy lại đúng lệnh này.",
        f"The disk is full while {doing_en}. Nothing of this attempt was kept: the database is "
        "as it was before. Free some space (or grow the database's disk), then run the same "
        "command again.",
    )
