"""Backs up and restores the whole store as one portable file (SQLite and PostgreSQL alike).

The file is gzip-compressed JSON lines: a header line, then one line per row, table by table
in dependency order. Dates, times and bytes are tagged so they come back as they were. A
restore runs in one transaction into an initialised, empty store: it lands whole or not at all.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from loa import __version__
from loa.errors import InputError, Where
from loa.events import utcnow
from loa.store.migrate import current_revisions
from loa.store.registry import all_tables

__all__ = ["BackupSummary", "backup", "restore"]

FORMAT = "loa-backup"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class BackupSummary:
    """How many rows of each table a backup holds or a restore wrote."""

    rows: dict[str, int]
    revisions: list[str]

    @property
    def total(self) -> int:
        """Return the number of rows over all tables."""
        return sum(self.rows.values())


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        if tag == "$dt":
            return datetime.fromisoformat(raw)
        if tag == "$d":
            return date.fromisoformat(raw)
        if tag == "$b":
            return base64.b64decode(raw)
    return value


def backup(engine: Engine, path: Path) -> BackupSummary:
    """Write every table of the store to `path`; return what was written."""
    metadata = all_tables()
    rows: dict[str, int] = {}
    revisions = sorted(current_revisions(engine))
    tmp = path.with_name(path.name + ".partial")
    with engine.connect() as conn, gzip.open(tmp, "wt", encoding="utf-8") as out:
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "loa": __version__,
            "revisions": revisions,
            "created_at": utcnow().isoformat(),
        }
        out.write(json.dumps(header) + "\n")
        for table in metadata.sorted_tables:
            count = 0
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                record = {k: _encode(v) for k, v in row._mapping.items()}
                out.write(json.dumps({"t": table.name, "r": record}, ensure_ascii=False) + "\n")
                count += 1
            rows[table.name] = count
    tmp.replace(path)  # a backup interrupted half-way never looks like a finished one
    return BackupSummary(rows, revisions)


def _lines(handle: IO[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(handle, start=1):
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError:
            raise InputError(
                f"Tệp sao lưu hỏng ở dòng {number}: không đọc được JSON. Hãy dùng một bản sao lưu khác.",
                f"The backup is damaged at line {number}: not JSON. Use another backup.",
                where=Where(file=name, line=number),
            ) from None


def restore(engine: Engine, path: Path) -> BackupSummary:
    """Load a backup into an initialised, empty store, all rows or none."""
    metadata = all_tables()
    tables = {t.name: t for t in metadata.sorted_tables}
    try:
        handle = gzip.open(path, "rt", encoding="utf-8")  # noqa: SIM115 (closed by the `with` below)
        first = handle.readline()
    except (OSError, EOFError):
        raise InputError(
            f"'{path.name}' không phải tệp sao lưu của Loa (gzip).",
            f"'{path.name}' is not a Loa backup (gzip).",
            where=Where(file=path.name),
        ) from None
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        header = {}
    if header.get("format") != FORMAT:
        raise InputError(
            f"'{path.name}' không phải tệp sao lưu của Loa.",
            f"'{path.name}' is not a Loa backup.",
            where=Where(file=path.name, line=1),
        )
    revisions = sorted(current_revisions(engine))
    if header.get("revisions") != revisions:
        raise InputError(
            f"Bản sao lưu ở phiên bản cơ sở dữ liệu {header.get('revisions')}, cơ sở dữ liệu đích ở "
            f"{revisions}. Hãy chạy `loa init` với cùng phiên bản Loa đã tạo bản sao lưu.",
            f"The backup is at schema {header.get('revisions')}, the target at {revisions}. Run "
            "`loa init` with the Loa version that made the backup.",
            where=Where(file=path.name, line=1),
        )
    rows: dict[str, int] = dict.fromkeys(tables, 0)
    with handle, Session(engine) as session, session.begin():
        for table in tables.values():
            if session.scalar(select(func.count()).select_from(table)):
                raise InputError(
                    f"Cơ sở dữ liệu đích đã có dữ liệu (bảng {table.name}). Hãy khôi phục vào một cơ sở "
                    "dữ liệu mới: tạo bằng `loa init --empty`.",
                    f"The target database already holds data (table {table.name}). Restore into a new "
                    "database made with `loa init --empty`.",
                )
        current: Any = None
        pending: list[dict[str, Any]] = []
        for number, entry in _lines(handle, path.name):
            found = tables.get(entry.get("t", ""))
            if found is None:
                raise InputError(
                    f"Bảng '{entry.get('t')}' không có trong Loa này.",
                    f"Table '{entry.get('t')}' does not exist in this Loa.",
                    where=Where(file=path.name, line=number),
                )
            # Tables come parents first; flushing on every change keeps foreign keys satisfied.
            if found is not current or len(pending) >= 2000:
                if pending:
                    session.execute(insert(current), pending)
                current, pending = found, []
            pending.append({k: _decode(v) for k, v in entry["r"].items()})
            rows[found.name] += 1
        if pending:
            session.execute(insert(current), pending)
        if engine.dialect.name == "postgresql":
            _reset_sequences(session, tables.values())
    return BackupSummary(rows, revisions)


def _reset_sequences(session: Session, tables: Any) -> None:
    """Move each serial id sequence past the restored ids, so new rows get fresh ids."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                session.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX("
                        f'"{column.name}"), 0) + 1, false) FROM "{table.name}"'
                    ),
                    {"t": table.name, "c": column.name},
                )
