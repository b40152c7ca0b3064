"""`loa situation ...`: case data in; indicators, R_t and levels out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from loa.cli.common import Context, Number, echo_json, pass_ctx, t
from loa.cli.situation_import import situation_import
from loa.cli.situation_output import (
    indicators_rows,
    level_rows,
    print_indicators,
    print_levels,
    write_csv,
)
from loa.errors import InputError
from loa.formatting import format_number
from loa.services import situation_conflicts as conflicts
from loa.services import situation_report as report
from loa.services import situation_rt as rt
from loa.situation.reconcile import MEASURES, source_label

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(situation)


@click.group()
def situation() -> None:
    """Tình hình dịch: số liệu, chỉ số, R_t, cấp độ. / The epidemic situation."""


situation.add_command(situation_import)


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
    if series is not None:
        result = rt.rt_of_series(
            series, window=window, si_mean=si_mean, si_sd=si_sd, si_distr=si_distr
        )
    else:
        assert unit is not None
        span = (first.date() if first else None, last.date() if last else None)
        days = 400 if span[0] is None or span[1] is None else (span[1] - span[0]).days + 1
        si = rt.serial_interval(days=days, mean=si_mean, sd=si_sd, distr=si_distr)
        with ctx.session() as session:
            result, _basis = report.rt_for_unit(
                session,
                province or ctx.settings.province_code,
                unit,
                si,
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
