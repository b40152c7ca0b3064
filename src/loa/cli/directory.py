"""`loa init`, `loa demo`, `loa units ...` and `loa orgs ...`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from loa.cli.common import Context, echo_json, pass_ctx
from loa.directory.orgs import read_orgs_file
from loa.directory.units import read_population_file
from loa.errors import LoaError
from loa.formatting import format_number
from loa.services import directory as svc
from loa.services.demo import find_shared, load_demo
from loa.store.migrate import upgrade

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(init)
    root.add_command(demo)
    root.add_command(units)
    root.add_command(orgs)


@click.command()
@click.option(
    "--empty", is_flag=True, help="Chỉ tạo bảng, không nạp danh mục (để khôi phục) / tables only."
)
@pass_ctx
def init(ctx: Context, empty: bool) -> None:
    """Tạo/nâng cấp cơ sở dữ liệu và nạp danh mục hành chính. / Create or upgrade the store."""
    upgrade(ctx.engine)
    added = 0
    if not empty:
        with ctx.session() as session:
            added = svc.load_national_directory(session)
    url = ctx.engine.url.render_as_string(hide_password=True)
    ctx.say(f"Cơ sở dữ liệu sẵn sàng: {url}", f"Database ready: {url}")
    if empty:
        ctx.say("Chỉ tạo bảng (--empty).", "Tables only (--empty).")
    elif added:
        ctx.say(
            f"Đã nạp {format_number(added)} đơn vị hành chính (cơ cấu năm 2021).",
            f"Loaded {format_number(added, lang='en')} administrative units (2021 structure).",
        )
    else:
        ctx.say(
            "Danh mục hành chính đã có sẵn.", "The administrative directory was already loaded."
        )


@click.command()
@click.option(
    "--shared",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Thư mục shared/ chứa dữ liệu mẫu / folder holding the demo data.",
)
@pass_ctx
def demo(ctx: Context, shared: Path | None) -> None:
    """Nạp dữ liệu trình diễn Bắc Giang. / Load the Bắc Giang demonstration."""
    folder = shared or find_shared()
    if folder is None:
        raise LoaError(
            "Không tìm thấy thư mục shared/ (seed/427-CV-BTGTU.txt). Hãy chỉ rõ bằng --shared.",
            "The shared/ folder (seed/427-CV-BTGTU.txt) was not found. Give it with --shared.",
        )
    with ctx.session() as session:
        result = load_demo(
            session, folder, province_code=ctx.settings.province_code, settings=ctx.settings
        )
    ctx.say(
        f"Tổ chức mới: {result.organisations_added}; dân số: {result.population_rows} đơn vị "
        f"({result.population_estimated} số ước tính).",
        f"New organisations: {result.organisations_added}; population: {result.population_rows} "
        f"units ({result.population_estimated} estimated).",
    )
    for name in result.unmatched_census_rows:
        ctx.say(f"  Không khớp đơn vị: {name}", f"  Unit not matched: {name}")
    if result.accounts:
        ctx.say(
            "Tài khoản trình diễn (mật khẩu chỉ in một lần, hãy ghi lại):",
            "Demo accounts (passwords are printed once; note them):",
        )
        for login, role, password in result.accounts:
            click.echo(f"  {login:10} {role:10} {password}")
    if result.factchecks_added:
        ctx.say(
            f"Thư viện tin đã kiểm chứng (ví dụ, không phải tin chính thức): {result.factchecks_added} mục.",
            f"Fact-check library (examples, not official fact-checks): {result.factchecks_added} entries.",
        )
    for outcome in result.case_imports:
        ctx.say(
            f"Số liệu ca bệnh: lần nhập {outcome.import_id} ({outcome.kind}) — {outcome.status}, "
            f"{outcome.rows_new} số liệu mới, {len(outcome.set_aside)} dòng tỉnh khác để riêng, "
            f"{len(outcome.errors)} dòng lỗi.",
            f"Case data: import {outcome.import_id} ({outcome.kind}) — {outcome.status}, "
            f"{outcome.rows_new} new figures, {len(outcome.set_aside)} rows of other provinces set aside, "
            f"{len(outcome.errors)} rejected rows.",
        )
    if result.listening is not None and result.listening.posts:
        heard = result.listening
        ctx.say(
            f"Dư luận (bài ví dụ viết cho Loa): {heard.posts} bài, {heard.narratives} câu chuyện, "
            f"{heard.alerts} cảnh báo, thẻ đính chính đã phát hành: {heard.published_card}.",
            f"Listening (example posts written for Loa): {heard.posts} posts, "
            f"{heard.narratives} narratives, {heard.alerts} alerts, published card: "
            f"{heard.published_card}.",
        )
    if result.directive is not None:
        d = result.directive
        ctx.say(
            f"Văn bản mẫu: số {d.directive_id}, {d.tasks} nhiệm vụ ({d.to_assign} chưa giao)"
            + ("" if d.created else " — đã có sẵn"),
            f"Seed dispatch: id {d.directive_id}, {d.tasks} tasks ({d.to_assign} to assign)"
            + ("" if d.created else " — already loaded"),
        )


@click.group()
def units() -> None:
    """Danh mục hành chính theo ngày. / Administrative units as of a date."""


@units.command("list")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default="2021-11-04",
    help="Ngày hiệu lực / as of date (YYYY-MM-DD).",
)
@click.option("--level", type=click.Choice(["province", "district", "commune"]), default=None)
@click.option("--within", default=None, help="Mã đơn vị cha / parent unit code, e.g. 24.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def units_list(ctx: Context, day: date, level: str | None, within: str | None, fmt: str) -> None:
    """Liệt kê đơn vị hành chính. / List administrative units."""
    as_of = day.date() if hasattr(day, "date") else day
    with ctx.session() as session:
        found = svc.units_as_of(session, as_of, level=level, within=within)
        population = svc.population_as_of(session, as_of, [u.code for u in found])
    if fmt == "json":
        echo_json(
            [
                {
                    **asdict(u),
                    "population": population[u.code].value if u.code in population else None,
                    "population_estimated": population[u.code].estimated
                    if u.code in population
                    else None,
                }
                for u in found
            ]
        )
        return
    for u in found:
        pop = population.get(u.code)
        figure = (
            ""
            if pop is None
            else format_number(pop.value, lang=ctx.lang) + (" *" if pop.estimated else "")
        )
        click.echo(f"{u.code}\t{u.name_with_type}\t{u.parent_code or ''}\t{figure}")
    if any(p.estimated for p in population.values()):
        ctx.say("* số ước tính", "* estimated figure")


@units.command("population")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="Nguồn số liệu / where the figures come from.")
@pass_ctx
def units_population(ctx: Context, file: Path, source: str | None) -> None:
    """Nhập dân số (unit_code,population,year[,estimated]). / Import population figures."""
    figures = read_population_file(file)
    with ctx.session() as session:
        done = svc.import_population(
            session, figures, filename=file.name, source=source or file.name, actor="cli"
        )
    ctx.say(
        f"Đã lưu dân số của {done.stored} đơn vị ({done.estimated} số ước tính).",
        f"Stored population for {done.stored} units ({done.estimated} estimated).",
    )


@click.group()
def orgs() -> None:
    """Tổ chức, bí danh, viết tắt. / Organisations and their aliases."""


@orgs.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def orgs_import(ctx: Context, file: Path) -> None:
    """Nhập tổ chức từ CSV/XLSX. / Import organisations from CSV or XLSX."""
    found = read_orgs_file(file)
    with ctx.session() as session:
        added, updated = svc.save_organisations(session, found, actor="cli")
    ctx.say(
        f"Thêm {added}, cập nhật {updated} tổ chức.",
        f"Added {added}, updated {updated} organisations.",
    )


@orgs.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def orgs_list(ctx: Context, fmt: str) -> None:
    """Liệt kê tổ chức. / List organisations."""
    with ctx.session() as session:
        found = svc.stored_organisations(session)
    if fmt == "json":
        echo_json([asdict(o) for o in found])
        return
    for org in found:
        click.echo(f"{org.org_id}\t{org.name}\t{org.short_name}\t{org.parent_id or ''}")
    ctx.say(f"{len(found)} tổ chức.", f"{len(found)} organisations.")


@orgs.command("match")
@click.argument("name")
@pass_ctx
def orgs_match(ctx: Context, name: str) -> None:
    """Tìm tổ chức theo tên (chấp nhận viết tắt, không dấu). / Find an organisation by name."""
    with ctx.session() as session:
        directory = svc.org_directory(session)
    matches = directory.match(name)
    if not matches:
        ctx.say("Không tìm thấy.", "No match.")
    for m in matches:
        click.echo(f"{m.org_id}\t{m.name}\t{m.score:.2f}\t{m.how}")
