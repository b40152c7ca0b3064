"""`loa backup FILE` and `loa restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click

from loa.cli.common import Context, pass_ctx
from loa.errors import LoaError
from loa.services.backup import backup, restore
from loa.store.migrate import is_current

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(backup_command)
    root.add_command(restore_command)


def _require_current(ctx: Context) -> None:
    if not ctx.store_exists() or not is_current(ctx.engine):
        raise LoaError(
            "Cơ sở dữ liệu chưa được khởi tạo hoặc chưa nâng cấp. Hãy chạy `loa init` trước.",
            "The database is not initialised or not upgraded. Run `loa init` first.",
        )


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def backup_command(ctx: Context, file: Path) -> None:
    """Sao lưu toàn bộ cơ sở dữ liệu ra một tệp. / Back up the whole store to one file."""
    _require_current(ctx)
    summary = backup(ctx.engine, file)
    ctx.say(
        f"Đã sao lưu {summary.total} dòng của {len(summary.rows)} bảng vào {file}.",
        f"Backed up {summary.total} rows of {len(summary.rows)} tables to {file}.",
    )


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def restore_command(ctx: Context, file: Path) -> None:
    """Khôi phục từ tệp sao lưu vào cơ sở dữ liệu trống. / Restore a backup into an empty store."""
    _require_current(ctx)
    summary = restore(ctx.engine, file)
    ctx.say(
        f"Đã khôi phục {summary.total} dòng của {len(summary.rows)} bảng từ {file}.",
        f"Restored {summary.total} rows of {len(summary.rows)} tables from {file}.",
    )
