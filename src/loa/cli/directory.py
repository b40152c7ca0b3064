"""`loa init`, `loa demo`, `loa units ...` and `loa orgs ...`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx, t
from loa.demo import DATA_DIR
from loa.directory.orgs import read_orgs_file
from loa.directory.units import read_population_file
from loa.formatting import format_number
from loa.services import directory as svc
from loa.services.demo import load_demo
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
            added = svc.load_national_directory(session, actor=cli_actor())
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


ROLE_LABELS = {
    "admin": ("quản trị tỉnh", "provincial administrator"),
    "comms": ("cán bộ truyền thông", "communication officer"),
    "data": ("cán bộ số liệu", "data officer"),
    "rapid": ("tổ phản ứng nhanh", "rapid-response team"),
    "reporter": ("báo cáo viên cơ quan", "agency reporter"),
    "viewer": ("người xem", "viewer"),
}


@click.command()
@click.option(
    "--from",
    "folder",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Thư mục dữ liệu trình diễn của cơ quan (mặc định: bộ Bắc Giang đi kèm Loa) / "
    "an office's own demonstration folder (default: the Bắc Giang set shipped with Loa).",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="Chỉ in tài khoản trình diễn; phần tóm tắt ra stderr / print only the demo accounts; "
    "the summary goes to stderr.",
)
@pass_ctx
def demo(ctx: Context, folder: Path | None, quiet: bool) -> None:
    """Nạp dữ liệu trình diễn Bắc Giang. / Load the Bắc Giang demonstration."""
    with ctx.session() as session:
        result = load_demo(
            session,
            folder or DATA_DIR,
            province_code=ctx.settings.province_code,
            settings=ctx.settings,
        )

    def say(vi: str, en: str) -> None:
        click.echo(t(ctx, vi, en), err=quiet)

    say("Dữ liệu trình diễn đã nạp:", "Demonstration data loaded:")
    if result.directive is not None:
        d = result.directive
        say(
            f"  Văn bản mẫu số {d.directive_id}: {format_number(d.tasks)} nhiệm vụ "
            f"({format_number(d.to_assign)} chưa giao)" + ("" if d.created else " — đã có sẵn"),
            f"  Seed dispatch {d.directive_id}: {format_number(d.tasks, lang='en')} tasks "
            f"({format_number(d.to_assign, lang='en')} to assign)"
            + ("" if d.created else " — already loaded"),
        )
    say(
        f"  Dân số: {format_number(result.population_rows)} đơn vị "
        f"({format_number(result.population_estimated)} số ước tính); tổ chức mới: "
        f"{format_number(result.organisations_added)}",
        f"  Population: {format_number(result.population_rows, lang='en')} units "
        f"({format_number(result.population_estimated, lang='en')} estimated); new organisations: "
        f"{format_number(result.organisations_added, lang='en')}",
    )
    if result.unmatched_census_rows:
        shown = ", ".join(result.unmatched_census_rows)
        say(
            f"  Dòng điều tra dân số không khớp đơn vị: {shown}",
            f"  Census rows not matched: {shown}",
        )
    if result.case_imports:
        new = sum(o.rows_new for o in result.case_imports)
        aside = sum(len(o.set_aside) for o in result.case_imports)
        bad = sum(len(o.errors) for o in result.case_imports)
        files = len(result.case_imports)
        say(
            f"  Số liệu ca bệnh: {files} tệp, {format_number(new)} số liệu mới, "
            f"{format_number(aside)} dòng tỉnh khác để riêng, {format_number(bad)} dòng lỗi",
            f"  Case data: {files} files, {format_number(new, lang='en')} new figures, "
            f"{format_number(aside, lang='en')} rows of other provinces set aside, "
            f"{format_number(bad, lang='en')} rejected rows",
        )
    if result.factchecks_added:
        say(
            f"  Thư viện tin đã kiểm chứng (ví dụ, không phải tin chính thức): "
            f"{format_number(result.factchecks_added)} mục",
            f"  Fact-check library (examples, not official fact-checks): "
            f"{format_number(result.factchecks_added, lang='en')} entries",
        )
    if result.listening is not None and result.listening.posts:
        heard = result.listening
        say(
            f"  Dư luận (bài ví dụ viết cho Loa): {format_number(heard.posts)} bài, "
            f"{heard.narratives} câu chuyện, {heard.alerts} cảnh báo, một đính chính đã phát hành",
            f"  Listening (example posts written for Loa): {heard.posts} posts, "
            f"{heard.narratives} narratives, {heard.alerts} alerts, one correction published",
        )
    for note in result.notes:
        say(f"  Bỏ qua: {note}", f"  Skipped: {note}")
    if result.accounts:
        ctx.say(
            "Tài khoản trình diễn (vai trò, tên đăng nhập, mật khẩu — mật khẩu chỉ in một lần, "
            "hãy ghi lại):",
            "Demo accounts (role, login, password — passwords are printed once; note them):",
        )
        width = max(len(t(ctx, *ROLE_LABELS[role])) for _, role, _ in result.accounts)
        for login, role, password in result.accounts:
            click.echo(f"  {t(ctx, *ROLE_LABELS[role]):{width}}  {login:10} {password}")
    else:
        ctx.say(
            "Tài khoản trình diễn đã có từ trước; đặt mật khẩu mới: loa users passwd TÊN",
            "The demo accounts already exist; set a new password: loa users passwd LOGIN",
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
            session, figures, filename=file.name, source=source or file.name, actor=cli_actor()
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
        added, updated = svc.save_organisations(session, found, actor=cli_actor())
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
