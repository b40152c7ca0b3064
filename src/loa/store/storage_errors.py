"""Returns a clear bilingual error for a full disk, a damaged or a read-only store.

Whichever layer noticed it (the CLI, a web request, a job), the person sees what is wrong
with the store and what to do, never "Unexpected error": `storage_full_error` for a full
disk, `storage_fault` for a database file that is damaged, cannot be opened, or cannot be
written (SQLite file or folder read-only, PostgreSQL standby or read-only transaction).
`check_writable` lets `loa serve` refuse to start on such a store.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from loa.errors import StorageFaultError, StorageFullError

__all__ = [
    "StorageFaultError",
    "StorageFullError",
    "check_writable",
    "is_storage_full",
    "storage_fault",
    "storage_full_error",
    "store_name",
]

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


# SQLite primary result codes (the extended code's low byte) and PostgreSQL SQLSTATEs.
_SQLITE_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_SQLITE_READONLY = 8
_SQLITE_CANTOPEN = 14
_PG_READ_ONLY = {"25006"}  # read_only_sql_transaction (a standby, default_transaction_read_only)
_PG_DAMAGED = {"XX001", "XX002"}  # data_corrupted, index_corrupted
_RESTORE_VI = (
    "Hãy dừng Loa, giữ lại tệp hỏng để kiểm tra, rồi khôi phục bản sao lưu gần nhất bằng "
    "`loa restore TỆP` (xem docs/deployment.md, mục «What happens when things go wrong»)."
)
_RESTORE_EN = (
    "Stop Loa, keep the damaged file for inspection, and restore the latest backup with "
    "`loa restore FILE` (see docs/deployment.md, 'What happens when things go wrong')."
)


def _causes(exc: BaseException) -> list[BaseException]:
    """Return `exc` and what it wraps (the driver's error under SQLAlchemy's), outermost first."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and not any(current is s for s in seen):
        seen.append(current)
        if isinstance(current, DBAPIError) and current.orig is not None:
            current = current.orig
        else:
            current = current.__cause__ or current.__context__
    return seen


def _fault_kind(exc: BaseException) -> tuple[str, str] | None:
    """Return ("damaged" | "read_only" | "cannot_open", detail) for a store fault, else None."""
    for cause in _causes(exc):
        if isinstance(cause, sqlite3.Error):
            code = (getattr(cause, "sqlite_errorcode", None) or 0) & 0xFF
            detail = str(cause)
            if code in _SQLITE_DAMAGED or "malformed" in detail or "not a database" in detail:
                return "damaged", detail
            if code == _SQLITE_READONLY or "readonly database" in detail:
                return "read_only", detail
            if code == _SQLITE_CANTOPEN or "unable to open database" in detail:
                return "cannot_open", detail
        state = getattr(cause, "sqlstate", None)
        if state in _PG_READ_ONLY:
            return "read_only", str(cause).splitlines()[0]
        if state in _PG_DAMAGED:
            return "damaged", str(cause).splitlines()[0]
    return None


def storage_fault(exc: BaseException, store: str = "") -> StorageFaultError | None:
    """Return the error a person sees when `exc` says the store is damaged or read-only."""
    found = _fault_kind(exc)
    if found is None:
        return None
    kind, detail = found
    named = f" {store}" if store else ""
    if kind == "damaged":
        return StorageFaultError(
            f"Tệp cơ sở dữ liệu{named} bị hỏng ({detail}); Loa không dùng được nó. {_RESTORE_VI}",
            f"The database file{named} is damaged ({detail}); Loa cannot use it. {_RESTORE_EN}",
        )
    if kind == "read_only":
        return StorageFaultError(
            f"Cơ sở dữ liệu{named} chỉ đọc: Loa không ghi được vào đó ({detail}). Không có gì "
            "được ghi. Hãy cho tài khoản chạy Loa quyền ghi vào tệp và thư mục của nó (SQLite "
            "ghi cả tệp -wal và -shm bên cạnh), hoặc, với PostgreSQL, trỏ LOA_DATABASE_URL tới "
            "máy chủ chính chứ không phải máy dự phòng chỉ đọc; rồi chạy lại.",
            f"The database{named} is read-only: Loa cannot write to it ({detail}). Nothing was "
            "written. Let the account that runs Loa write the file and its folder (SQLite also "
            "writes the -wal and -shm files beside it), or, with PostgreSQL, point "
            "LOA_DATABASE_URL at the primary, not a read-only standby; then run it again.",
        )
    return StorageFaultError(
        f"Không mở được tệp cơ sở dữ liệu{named} ({detail}): tệp hoặc thư mục của nó không còn, "
        "chỉ đọc hoặc không đọc được. Hãy kiểm tra LOA_DATABASE_URL / LOA_DATA_DIR và quyền "
        "ghi của tài khoản chạy Loa vào thư mục đó.",
        f"Cannot open the database file{named} ({detail}): it or its folder is missing, "
        "read-only or not readable. Check LOA_DATABASE_URL / LOA_DATA_DIR and that the account "
        "running Loa can write to that folder.",
    )


def store_name(url: str) -> str:
    """Return how messages name the store: the SQLite file's path, or nothing for a server."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""


def check_writable(engine: Engine) -> None:
    """Raise (what the driver raises) unless the store can be read and written; writes nothing.

    A write that changes nothing, rolled back: SQLite takes its write lock (failing on a
    read-only file or folder), PostgreSQL refuses it on a standby or a read-only transaction.
    """
    with engine.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        conn.rollback()
