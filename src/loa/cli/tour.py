"""`loa tour`: what the demo holds and what to try next, in a few screens."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import click

from loa.cli.common import Context, pass_ctx, t
from loa.demo import DATA_DIR, SEED_FILE
from loa.errors import LoaError
from loa.formatting import format_date, format_number
from loa.services import directives as svc
from loa.services.directory import org_directory
from loa.services.situation_report import levels_on

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(tour)


@click.command()
@pass_ctx
def tour(ctx: Context) -> None:
    """Giới thiệu nhanh dữ liệu trình diễn. / A short tour of the demo."""
    with ctx.session() as session:
        directives = svc.list_directives(session)
        if not directives:
            ctx.say(
                "Chưa có văn bản nào. Chạy `loa demo` trước.",
                "No directive yet. Run `loa demo` first.",
            )
            return
        first = directives[-1]
        tasks = svc.list_tasks(session, directive_id=first.id)
        names = {o.org_id: o.name for o in org_directory(session)}
    parsed = first.parsed
    click.echo("=" * 72)
    click.echo(
        t(
            ctx,
            "LOA — bàn điều hành truyền thông phòng, chống dịch",
            "LOA — the epidemic communication desk",
        )
    )
    click.echo("=" * 72)
    issued = format_date(first.issued_on, ctx.lang) if first.issued_on else ""
    click.echo(f"{parsed.get('issuer_parent') or ''} {parsed.get('issuer') or ''}".strip())
    click.echo(f"{t(ctx, 'Văn bản', 'Dispatch')} {first.number_symbol}, {issued}")
    click.echo(f"{parsed.get('subject') or ''}")
    click.echo()
    by_item: dict[str, list[str]] = defaultdict(list)
    for v in tasks:
        owner = (
            names.get(v.org_id, v.org_id)
            if v.org_id
            else t(ctx, "(chưa giao) ", "(to assign) ") + v.assignee_name
        )
        by_item[v.item_no].append(f"#{v.id} {owner}")
    click.echo(
        t(
            ctx,
            f"{len(tasks)} nhiệm vụ, mỗi đơn vị một việc:",
            f"{len(tasks)} tasks, one per agency:",
        )
    )
    for item, owners in by_item.items():
        shown = "; ".join(owners[:4]) + (f"; … (+{len(owners) - 4})" if len(owners) > 4 else "")
        click.echo(f"  {t(ctx, 'Mục', 'Item')} {item} — {len(owners)}: {shown}")
    _situation(ctx)
    example = next((v.id for v in tasks if v.org_id), tasks[0].id if tasks else 1)
    click.echo()
    click.echo(t(ctx, "Thử tiếp:", "Try next:"))
    for command in (
        f"loa task update {example} --status doing --note 'Đã đăng 3 tin' --metric articles=3",
        f"loa task show {example}",
        "loa task list --org bg.so-tttt",
        "loa task remind --today 2021-11-20",
        f"loa directive report {first.id} --format docx",
        f"loa directive parse {DATA_DIR / SEED_FILE} --format json",
        "loa situation indicators --date 2021-05-25 --level district",
        "loa situation levels --date 2021-05-25 --level district",
        "loa situation history --level district --changes",
        "loa situation rt --unit 222 --from 2021-05-08 --to 2021-07-13 --missing-as-zero",
    ):
        click.echo(f"  .venv/bin/{command}")


def _situation(ctx: Context) -> None:
    """Print the district levels on a day of the 2021 outbreak, if case data are loaded."""
    day = date(2021, 5, 25)
    try:
        rules = ctx.level_rules()
        with ctx.session() as session:
            view = levels_on(session, ctx.settings.province_code, "district", day, rules)
    except LoaError:
        return
    click.echo()
    click.echo(
        t(
            ctx,
            f"Cấp độ dịch các huyện, {format_date(day, 'vi')} ({rules.name}):",
            f"District levels on {format_date(day, 'en')} ({rules.name}):",
        )
    )
    for record in view.assessment.at(day, ctx.lang, reasons=False):
        name = view.area.units[record.unit_code].name
        level = record.level or "—"
        rate = (
            "—"
            if record.incidence_per_100k is None
            else format_number(record.incidence_per_100k, 1, ctx.lang)
        )
        click.echo(
            f"  {name}: {t(ctx, 'cấp', 'level')} {level} ({rate} {t(ctx, 'ca/100.000 dân/tuần', 'cases/100,000/week')})"
        )
