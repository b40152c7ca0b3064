"""Turns situation results into rows for JSON/CSV and into readable Vietnamese or English text."""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import date
from typing import Any

import click

from loa.cli.common import Context, t
from loa.formatting import format_number, write_csv_rows
from loa.services.situation_report import LevelsView
from loa.services.situation_series import AreaSeries
from loa.situation.indicators import UnitIndicators
from loa.situation.levels import assumption_text

__all__ = ["indicators_rows", "level_rows", "print_indicators", "print_levels", "write_csv"]

LEVEL_NAMES = {
    "vi": {1: "cấp 1 (xanh)", 2: "cấp 2 (vàng)", 3: "cấp 3 (cam)", 4: "cấp 4 (đỏ)"},
    "en": {1: "level 1 (green)", 2: "level 2 (yellow)", 3: "level 3 (orange)", 4: "level 4 (red)"},
}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def indicators_rows(area: AreaSeries, found: list[UnitIndicators]) -> list[dict[str, Any]]:
    """Return one JSON-ready row per unit, with its name and the basis of its figures."""
    rows = []
    for item in found:
        row = {k: _plain(v) for k, v in asdict(item).items()}
        row["unit_name"] = area.units[item.unit_code].name
        row["basis"] = area.basis[item.unit_code]
        rows.append(row)
    return rows


def level_rows(view: LevelsView, lang: str) -> list[dict[str, Any]]:
    """Return one row per unit on the view's date, reasons in `lang`."""
    distribution = {d.unit_code: d for d in view.distribution}
    rows = []
    for record in view.assessment.at(view.day, lang):
        row = {k: _plain(v) for k, v in asdict(record).items()}
        row["reasons"] = list(record.reasons)
        row["assumptions"] = list(record.assumptions)
        row["unit_name"] = view.area.units[record.unit_code].name
        row["figures_basis"] = view.area.basis[record.unit_code]
        spread = distribution.get(record.unit_code)
        if spread is not None:
            row["distribution"] = {
                "basis": spread.basis,
                "communes": spread.children,
                "counts": {str(k): v for k, v in sorted(spread.counts.items())},
                "highest": spread.highest,
            }
        rows.append(row)
    return rows


def write_csv(rows: list[dict[str, Any]]) -> None:
    """Print rows as CSV with a header (lists and dicts as text)."""
    if not rows:
        return
    fields = list(rows[0])
    lines: list[list[object]] = [list(fields)]
    for row in rows:
        values = [row.get(k) for k in fields]
        lines.append(["; ".join(map(str, v)) if isinstance(v, list) else v for v in values])
    write_csv_rows(sys.stdout, lines)


def _n(ctx: Context, value: float | None, decimals: int = 0) -> str:
    return "—" if value is None else format_number(value, decimals, ctx.lang)


def print_indicators(ctx: Context, rows: list[dict[str, Any]]) -> None:
    """Print one line per unit: cases that day, 7-day sum, per 100k, change, missing days."""
    click.echo(
        t(
            ctx,
            "đơn vị\tca mới\t7 ngày\t/100k/tuần\tso tuần trước\tcộng dồn\tngày thiếu",
            "unit\tnew\t7 days\t/100k/week\tweek on week\tcumulative\tmissing days",
        )
    )
    for r in rows:
        change = r["week_on_week_change"]
        click.echo(
            f"{r['unit_code']} {r['unit_name']}\t{_n(ctx, r['new_cases'])}\t{_n(ctx, r['window_cases'])}\t"
            f"{_n(ctx, r['per_100k_week'], 1)}{' *' if r['population_estimated'] else ''}\t"
            f"{'' if change is None else ('+' if change > 0 else '')}{_n(ctx, change)}\t"
            f"{_n(ctx, r['cumulative_cases'])}\t{len(r['missing_days'])}"
        )
    if any(r["population_estimated"] for r in rows):
        ctx.say("* dân số ước tính", "* estimated population")


def print_levels(ctx: Context, rows: list[dict[str, Any]]) -> None:
    """Print each unit's level with the reasons behind it."""
    names = LEVEL_NAMES[ctx.lang]
    for r in rows:
        level = names.get(r["level"], t(ctx, "chưa xác định", "no level"))
        if r.get("provisional"):
            level += f" ({assumption_text(r['assumptions'], ctx.lang)})"
        click.echo(f"{r['unit_code']} {r['unit_name']}: {level}")
        for reason in r["reasons"]:
            click.echo(f"    - {reason}")
        spread = r.get("distribution")
        if spread:
            counts = ", ".join(
                f"{names.get(int(k), t(ctx, 'chưa xác định', 'no level'))}: {v}"
                for k, v in spread["counts"].items()
            )
            click.echo(
                t(ctx, f"    Phân bố cấp độ các xã: {counts}", f"    Communes by level: {counts}")
            )
