"""`loa situation ...`: case data in; indicators, R_t and levels out."""

from __future__ import annotations

import errno
from datetime import date, datetime
from pathlib import Path

import click
import numpy as np

from loa.cli.common import Context, Number, cli_actor, echo_json, pass_ctx, t
from loa.cli.situation_output import (
    indicators_rows,
    level_rows,
    print_indicators,
    print_levels,
    write_csv,
)
from loa.errors import InputError, StorageFaultError
from loa.formatting import format_number
from loa.services import situation as svc
from loa.services import situation_conflicts as conflicts
from loa.services import situation_report as report
from loa.situation.reconcile import MEASURES, source_label
from loa.situation.rt import estimate_rt
from loa.situation.serial_interval import discretise_gamma_si, load_si_distr
from loa.store.storage_errors import is_storage_full, storage_full_error

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(situation)


@click.group()
def situation() -> None:
    """Tình hình dịch: số liệu, chỉ số, R_t, cấp độ. / The epidemic situation."""


def _day(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


@situation.command("import")
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


LEVEL_CHOICE = click.Choice(["commune", "district", "province"])
DATE = click.DateTime(["%Y-%m-%d"])


@situation.command("indicators")
@click.option("--date", "day", type=DATE, required=True, help="Tính đến ngày / as of (YYYY-MM-DD).")
@click.option("--level", type=LEVEL_CHOICE, default="commune")
@click.option("--unit", default=None, help="Chỉ một đơn vị / one unit code only.")
@click.option("--province", default=None)
@click.option("--window", type=int, default=7, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text")
@pass_ctx
def situation_indicators(
    ctx: Context,
    day: datetime,
    level: str,
    unit: str | None,
    province: str | None,
    window: int,
    fmt: str,
) -> None:
    """Chỉ số của từng đơn vị tính đến một ngày. / Indicators of every unit as of a date."""
    with ctx.session() as session:
        area, found = report.indicators_on(
            session, province or ctx.settings.province_code, level, day.date(), window=window
        )
    if unit is not None:
        found = [i for i in found if i.unit_code == unit]
        if not found:
            raise InputError(
                f"Không có đơn vị {unit} ở cấp {level}.",
                f"There is no unit {unit} at level {level}.",
            )
    rows = indicators_rows(area, found)
    if fmt == "json":
        echo_json(rows)
    elif fmt == "csv":
        write_csv(rows)
    else:
        print_indicators(ctx, rows)


def _si(si_mean: float | None, si_sd: float | None, si_distr: Path | None, days: int) -> np.ndarray:
    if si_distr is not None:
        return load_si_distr(si_distr)
    mean = 4.7 if si_mean is None else si_mean
    sd = 2.9 if si_sd is None else si_sd
    return discretise_gamma_si(mean, sd, max_days=max(days - 1, 1))


@situation.command("rt")
@click.option("--unit", default=None, help="Mã đơn vị / unit code (cases from the store).")
@click.option(
    "--series",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="CSV: date,local[,imported].",
)
@click.option(
    "--si-mean",
    type=Number(),
    default=None,
    help="Khoảng nối tiếp TB (ngày) / serial interval mean [4,7].",
)
@click.option(
    "--si-sd", type=Number(), default=None, help="Độ lệch chuẩn / serial interval sd [2,9]."
)
@click.option(
    "--si-distr",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSON list: phân bố khoảng nối tiếp, phần tử 0 = ngày 0 / SI distribution.",
)
@click.option("--window", type=int, default=7, show_default=True)
@click.option("--from", "first", type=DATE, default=None)
@click.option("--to", "last", type=DATE, default=None)
@click.option(
    "--missing-as-zero", is_flag=True, help="Ngày thiếu báo cáo tính là 0 ca / missing days as 0."
)
@click.option("--province", default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text")
@pass_ctx
def situation_rt(
    ctx: Context,
    unit: str | None,
    series: Path | None,
    si_mean: float | None,
    si_sd: float | None,
    si_distr: Path | None,
    window: int,
    first: datetime | None,
    last: datetime | None,
    missing_as_zero: bool,
    province: str | None,
    fmt: str,
) -> None:
    """R_t theo phương pháp Cori (như EpiEstim). / R_t by the Cori method, as EpiEstim."""
    if (unit is None) == (series is None):
        raise InputError(
            "Cần đúng một trong --unit hoặc --series.", "Give exactly one of --unit or --series."
        )
    if si_distr is not None and (si_mean is not None or si_sd is not None):
        raise InputError(
            "Dùng --si-distr hoặc --si-mean/--si-sd, không dùng cả hai.",
            "Use --si-distr or --si-mean/--si-sd, not both.",
        )
    if series is not None:
        dates, local, imported = read_rt_series(series)
        result = estimate_rt(
            local,
            imported,
            si_distr=_si(si_mean, si_sd, si_distr, len(local)),
            window=window,
            dates=dates,
        )
    else:
        assert unit is not None
        with ctx.session() as session:
            span = (first.date() if first else None, last.date() if last else None)
            days = 400 if span[0] is None or span[1] is None else (span[1] - span[0]).days + 1
            result, _basis = report.rt_for_unit(
                session,
                province or ctx.settings.province_code,
                unit,
                _si(si_mean, si_sd, si_distr, days),
                window=window,
                first=span[0],
                last=span[1],
                missing_as_zero=missing_as_zero,
            )
    for warning in result.warnings:
        vi, _, en = warning.partition("\n")
        click.echo(
            ("Cảnh báo: " + vi) if ctx.lang == "vi" else ("Warning: " + (en or vi)), err=True
        )
    rows = result.to_json()
    if fmt == "json":
        echo_json(rows)
    elif fmt == "csv":
        write_csv(
            [
                {k: v for k, v in r.items() if k != "quantiles"}
                | {f"q{key}": value for key, value in r["quantiles"].items()}  # type: ignore[attr-defined]
                for r in rows
            ]
        )
    else:
        for r in rows:
            q = r["quantiles"]
            low, high = (format_number(q[k], 2, ctx.lang) for k in ("0.025", "0.975"))  # type: ignore[index]
            click.echo(
                f"{r['date_end'] or r['t_end']}\tR={format_number(r['mean'], 2, ctx.lang)}\t"  # type: ignore[arg-type]
                f"[{low}; {high}]"
            )


def read_rt_series(path: Path) -> tuple[list[date], list[float], list[float] | None]:
    """Return dates, local and imported counts of a `date,local[,imported]` CSV."""
    import csv

    from loa.errors import Where
    from loa.situation.reading import parse_date

    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        if "date" not in columns or "local" not in columns:
            raise InputError(
                "Tệp cần các cột date,local (và imported nếu có).",
                "The file needs the columns date,local (and imported if any).",
                where=Where(file=path.name, line=1),
            )
        dates: list[date] = []
        local: list[float] = []
        imported: list[float] = []
        for line, row in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            try:
                dates.append(parse_date(row["date"]))
                local.append(float(row["local"]))
                imported.append(float(row.get("imported") or 0))
            except ValueError:
                raise InputError(
                    f"Dòng không đọc được: {row}. Ngày dạng YYYY-MM-DD, số ca là số.",
                    f"Row cannot be read: {row}. Dates as YYYY-MM-DD, counts as numbers.",
                    where=Where(file=path.name, line=line),
                ) from None
    return dates, local, (imported if "imported" in columns else None)


@situation.command("levels")
@click.option("--date", "day", type=DATE, required=True, help="Ngày đánh giá / assessment date.")
@click.option(
    "--rules",
    default=None,
    help="Bộ quy tắc hoặc tệp YAML (mặc định LOA_LEVEL_RULES) / preset or YAML file.",
)
@click.option("--level", type=LEVEL_CHOICE, default="commune")
@click.option("--province", default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text")
@pass_ctx
def situation_levels(
    ctx: Context, day: datetime, rules: str | None, level: str, province: str | None, fmt: str
) -> None:
    """Cấp độ dịch (Nghị quyết 128) của từng đơn vị. / Every unit's Resolution 128 level."""
    loaded = ctx.level_rules(rules)
    with ctx.session() as session:
        view = report.levels_on(
            session, province or ctx.settings.province_code, level, day.date(), loaded
        )
    rows = level_rows(view, ctx.lang)
    if fmt == "json":
        echo_json(rows)
    elif fmt == "csv":
        write_csv(
            [
                {k: v for k, v in r.items() if k not in ("distribution",)}
                | {"reasons": " ".join(r["reasons"])}
                for r in rows
            ]
        )
    else:
        print_levels(ctx, rows)


@situation.command("history")
@click.option(
    "--rules",
    default=None,
    help="Bộ quy tắc hoặc tệp YAML (mặc định LOA_LEVEL_RULES) / preset or YAML file.",
)
@click.option("--level", type=LEVEL_CHOICE, default="commune")
@click.option("--from", "first", type=DATE, default=None)
@click.option("--to", "last", type=DATE, default=None)
@click.option("--changes", is_flag=True, help="Chỉ các lần thay đổi cấp độ / only level changes.")
@click.option("--province", default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text")
@pass_ctx
def situation_history(
    ctx: Context,
    rules: str | None,
    level: str,
    first: datetime | None,
    last: datetime | None,
    changes: bool,
    province: str | None,
    fmt: str,
) -> None:
    """Cấp độ mọi tuần, hoặc các lần thay đổi và ngày áp dụng. / Weekly levels or changes."""
    from loa.situation.levels import level_changes

    loaded = ctx.level_rules(rules)
    with ctx.session() as session:
        area, history = report.level_history(
            session,
            province or ctx.settings.province_code,
            level,
            loaded,
            first.date() if first else None,
            last.date() if last else None,
        )
    if changes:
        rows: list[dict[str, object]] = [
            {
                "unit_code": c.unit_code,
                "unit_name": area.units[c.unit_code].name,
                "assessed_on": c.assessed_on.isoformat(),
                "effective_from": c.effective_from.isoformat(),
                "previous_level": c.previous_level,
                "level": c.level,
            }
            for c in level_changes(history)
        ]
    else:
        rows = [
            {
                "unit_code": code,
                "unit_name": area.units[code].name,
                "date": d.isoformat(),
                "level": int(history.level[u, i]) or None,
            }
            for u, code in enumerate(history.units)
            for i, d in enumerate(history.dates)
        ]
    if fmt == "json":
        echo_json(rows)
    elif fmt == "csv":
        write_csv(rows)
    else:
        for r in rows:
            click.echo("\t".join(str(v) for v in r.values()))
        if changes and not rows:
            ctx.say("Không có thay đổi cấp độ.", "No level change.")


@situation.command("conflicts")
@click.option("--date", "day", type=DATE, required=True, help="Ngày / date (YYYY-MM-DD).")
@click.option("--days", type=int, default=1, show_default=True, help="Số ngày đến --date / days.")
@click.option("--province", default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def situation_conflicts(
    ctx: Context, day: datetime, days: int, province: str | None, fmt: str
) -> None:
    """Các nguồn số liệu mâu thuẫn nhau. / Where the sources of figures disagree."""
    with ctx.session() as session:
        found = conflicts.conflicts_on(
            session, province or ctx.settings.province_code, day.date(), days=max(days, 1)
        )
    if fmt == "json":
        echo_json([c.to_json() for c in found])
        return
    if not found:
        ctx.say("Không có xung đột số liệu.", "No conflicting figures.")
        return
    for c in found:
        state = (
            t(ctx, "đã xử lý", "resolved")
            + f" ({c.resolution.actor}: {source_label(c.chosen, ctx.lang)})"
            if c.resolution
            else t(ctx, "CHƯA XỬ LÝ", "UNRESOLVED")
        )
        click.echo(f"{c.day.isoformat()}  [{state}]  {c.message(ctx.lang)}")


@situation.command("resolve")
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị / unit code.")
@click.option("--date", "day", type=DATE, required=True, help="Ngày / date (YYYY-MM-DD).")
@click.option(
    "--from",
    "first",
    type=DATE,
    default=None,
    help="Mọi xung đột chưa xử lý từ ngày này đến --date / every unresolved one since this date.",
)
@click.option(
    "--measure",
    type=click.Choice(list(MEASURES)),
    default="total",
    show_default=True,
    help="Chỉ số / measure.",
)
@click.option("--source", required=True, help="Nguồn được chọn / the source to use.")
@click.option("--actor", required=True, help="Người quyết định / who decides (login).")
@click.option("--reason", required=True, help="Lý do / why this source.")
@click.option("--province", default=None)
@pass_ctx
def situation_resolve(
    ctx: Context,
    unit_code: str,
    day: datetime,
    first: datetime | None,
    measure: str,
    source: str,
    actor: str,
    reason: str,
    province: str | None,
) -> None:
    """Chọn nguồn cho xung đột số liệu. / Resolve conflicts by choosing a source."""
    with ctx.session() as session:
        done = conflicts.resolve_conflicts(
            session,
            province_code=province or ctx.settings.province_code,
            unit_code=unit_code,
            first=(first or day).date(),
            last=day.date(),
            measure=measure,
            source=source,
            actor=actor,
            reason=reason,
        )
    for c in done:
        ctx.say(
            f"Đã chọn {source_label(c.chosen, 'vi')} cho {unit_code} ngày {c.day:%d/%m/%Y}.",
            f"Chose {source_label(c.chosen, 'en')} for {unit_code} on {c.day.isoformat()}.",
        )
