"""`loa situation import`: a case file into the store, its refused rows written beside it."""

from __future__ import annotations

import errno
from datetime import date, datetime
from pathlib import Path

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx
from loa.errors import StorageFaultError
from loa.services import situation as svc
from loa.store.storage_errors import is_storage_full, storage_full_error

__all__ = ["situation_import", "write_rejected_rows"]


def _day(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--partial", is_flag=True, help="Nhập các dòng đúng, để riêng dòng lỗi / keep good rows."
)
@click.option(
    "--complete",
    is_flag=True,
    help="Tệp liệt kê mọi ca của tỉnh: ngày không nhắc tới là 0 / absent days are zeros.",
)
@click.option(
    "--province", default=None, help="Mã tỉnh (mặc định LOA_PROVINCE_CODE) / province code."
)
@click.option(
    "--rejected-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ghi các dòng bị từ chối ra CSV để sửa / write rejected rows to this CSV.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Ngày hôm nay khi kiểm tra ngày tương lai / today, for the future-date check.",
)
@click.option(
    "--source",
    default=None,
    help="Nguồn số liệu, vd. commune_reports, province_series, national_portal / where the "
    "figures come from (default: by the unit's level).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def situation_import(
    ctx: Context,
    file: Path,
    partial: bool,
    complete: bool,
    province: str | None,
    rejected_out: Path | None,
    today: datetime | None,
    source: str | None,
    fmt: str,
) -> None:
    """Nhập báo cáo ca bệnh, tiêm chủng, năng lực (CSV/XLSX). / Import situation data."""
    with ctx.session() as session:
        outcome = svc.import_situation_file(
            session,
            file.read_bytes(),
            file.name,
            province_code=province or ctx.settings.province_code,
            today=_day(today),
            partial=partial,
            complete=complete,
            actor=cli_actor(),
            source=source,
        )
        target = rejected_out
        if outcome.rejected_csv and target is None:
            target = (
                ctx.settings.data_dir
                / "rejected"
                / f"{file.stem}.import-{outcome.import_id}.rejected.csv"
            )
        if outcome.rejected_csv and target is not None:
            # Before the commit: a folder that cannot be written must leave nothing imported,
            # so that running the same command again (once it can) does the whole import.
            write_rejected_rows(target, outcome.rejected_csv)
    if fmt == "json":
        echo_json(
            {
                "import_id": outcome.import_id,
                "status": outcome.status,
                "kind": outcome.kind,
                "rows_read": outcome.rows_read,
                "rows_accepted": outcome.rows_accepted,
                "rows_new": outcome.rows_new,
                "rows_corrected": outcome.rows_corrected,
                "rows_unchanged": outcome.rows_unchanged,
                "problems": [
                    {
                        "line": p.line,
                        "column": p.column,
                        "severity": p.severity,
                        "message": p.message(ctx.lang),
                    }
                    for p in outcome.problems
                ],
                "set_aside": [
                    {"line": p.line, "column": p.column, "message": p.message(ctx.lang)}
                    for p in outcome.set_aside
                ],
                "rejected_rows_file": str(target) if outcome.rejected_csv and target else None,
            }
        )
    else:
        _print_outcome(ctx, outcome, target)
    if outcome.status == "rejected":
        raise SystemExit(2)


def write_rejected_rows(target: Path, text: str) -> None:
    """Write the rejected-rows CSV; raise StorageFaultError naming the folder if it cannot."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        if is_storage_full(exc):
            raise storage_full_error(
                exc, doing_vi="ghi tệp các dòng bị từ chối", doing_en="writing the rejected rows"
            ) from exc
        read_only = exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
        vi_why = "thư mục chỉ đọc hoặc không có quyền ghi" if read_only else exc.strerror
        en_why = "the folder is read-only or not writable" if read_only else exc.strerror
        raise StorageFaultError(
            f"Không ghi được tệp các dòng bị từ chối {target} ({vi_why}). Chưa nhập gì: cơ sở "
            f"dữ liệu vẫn như trước. Hãy cho phép ghi vào {target.parent} (thư mục dữ liệu "
            "LOA_DATA_DIR), hoặc chọn nơi ghi khác bằng --rejected-out, rồi chạy lại đúng lệnh này.",
            f"Cannot write the rejected rows to {target} ({en_why}). Nothing was imported: the "
            f"database is as it was. Make {target.parent} writable (the data folder, "
            "LOA_DATA_DIR), or choose another place with --rejected-out, then run the same "
            "command again.",
        ) from exc


def _print_outcome(ctx: Context, outcome: svc.ImportOutcome, rejected: Path | None) -> None:
    for p in outcome.problems:
        click.echo(("Lỗi: " if p.severity == "error" else "Cảnh báo: ") + p.message("vi"), err=True)
        click.echo(
            ("Error: " if p.severity == "error" else "Warning: ") + p.message("en"), err=True
        )
    if outcome.set_aside:
        ctx.say(
            f"{len(outcome.set_aside)} dòng thuộc tỉnh khác được để riêng (không nhập):",
            f"{len(outcome.set_aside)} rows of other provinces were set aside (not imported):",
        )
        for p in outcome.set_aside[:20]:
            click.echo("  " + p.message(ctx.lang))
        if len(outcome.set_aside) > 20:
            click.echo(f"  … (+{len(outcome.set_aside) - 20})")
    if outcome.status == "unchanged":
        ctx.say(
            f"Tệp này đã được nhập (lần nhập {outcome.import_id}); không thay đổi gì.",
            f"This file was already imported (import {outcome.import_id}); nothing changed.",
        )
        return
    if outcome.status == "rejected":
        ctx.say(
            f"Tệp bị từ chối ({len(outcome.errors)} lỗi); chưa nhập gì. Sửa rồi nhập lại, hoặc dùng --partial."
            + (f" Các dòng lỗi: {rejected}" if rejected else ""),
            f"File rejected ({len(outcome.errors)} errors); nothing was imported. Fix it and import "
            "again, or use --partial." + (f" Rejected rows: {rejected}" if rejected else ""),
        )
        return
    ctx.say(
        f"Lần nhập {outcome.import_id} ({outcome.kind}): {outcome.rows_accepted} dòng nhận, "
        f"{outcome.rows_new} số liệu mới, {outcome.rows_corrected} bản sửa, {outcome.rows_unchanged} không đổi.",
        f"Import {outcome.import_id} ({outcome.kind}): {outcome.rows_accepted} rows accepted, "
        f"{outcome.rows_new} new figures, {outcome.rows_corrected} corrections, {outcome.rows_unchanged} unchanged.",
    )
    if rejected and outcome.rejected_csv:
        ctx.say(
            f"Các dòng bị từ chối đã ghi vào {rejected}", f"Rejected rows written to {rejected}"
        )
