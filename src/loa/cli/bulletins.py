"""`loa bulletin ...` and `loa channels list`: make, approve, publish and correct bulletins."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from loa.bulletins.checks import SEVERITY_LABELS
from loa.channels.registry import default_registry
from loa.cli.common import Context, cli_actor, echo_json, fail, pass_ctx, t
from loa.errors import ChecksFailed
from loa.formatting import format_number
from loa.services import bulletins as svc
from loa.services.accounts import person_of
from loa.services.publishing import channels_from_settings

__all__ = ["register"]

DATE = click.DateTime(["%Y-%m-%d"])
KIND = click.Choice(list(svc.KINDS))
ROLE_HELP = "Vai trò: comms_officer hoặc admin / role: comms_officer or admin."


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(bulletin)
    root.add_command(channels)


def _actor_options(func: Any) -> Any:
    func = click.option("--role", default="comms_officer", show_default=True, help=ROLE_HELP)(func)
    return click.option(
        "--actor", default=None, help="Người thực hiện (mặc định tên đăng nhập) / who acts."
    )(func)


@click.group()
def bulletin() -> None:
    """Bản tin hằng ngày: thông cáo, bài cổng, bài phát thanh. / The daily bulletin."""


def _make_options(ctx: Context, audio: bool, no_verbalise: bool) -> dict[str, Any]:
    options: dict[str, Any] = {"audio": audio, "office_dir": ctx.settings.bulletin_dir}
    if no_verbalise:
        options["verbalise"] = lambda text: text
    return options


def _print_files(ctx: Context, made: svc.MadeBulletin, fmt: str) -> None:
    if fmt == "json":
        echo_json(
            [f.to_json() | {"id": made.bulletin_id, "problems": made.problems} for f in made.files]
        )
        return
    ctx.say(
        f"Bản tin số {made.bulletin_id} (phiên bản {made.version}) là bản nháp; cần người khác duyệt.",
        f"Bulletin {made.bulletin_id} (version {made.version}) is a draft; another person must approve it.",
    )
    _print_problems(ctx, made.problems)
    for f in made.files:
        extra = f"\t{f.audio_path}\t{f.duration_s}s" if f.audio_path else ""
        click.echo(f"{f.kind}\t{f.unit_code or '-'}\t{f.path}{extra}")


@bulletin.command("make")
@click.option("--date", "day", type=DATE, required=True, help="Ngày của bản tin / bulletin date.")
@click.option("--kind", type=KIND, required=True, help="press | portal | radio.")
@click.option("--unit", default=None, help="Mã xã hoặc huyện (radio) / commune or district code.")
@click.option("--audio", is_flag=True, help="Đọc thành âm thanh (radio) / render audio.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi tệp (mặc định $LOA_DATA_DIR/bulletins) / output folder.",
)
@click.option(
    "--bulletin-lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Ngôn ngữ bản tin / language of the bulletin.",
)
@click.option(
    "--rules",
    default=None,
    help="Bộ quy tắc cấp độ (mặc định LOA_LEVEL_RULES) / level rules (default LOA_LEVEL_RULES).",
)
@click.option("--province", default=None, help="Mã tỉnh / province code.")
@click.option(
    "--no-verbalise",
    is_flag=True,
    help="Để nguyên chữ số (bản nháp, không đọc được) / keep digits (draft only).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_actor_options
@pass_ctx
def bulletin_make(
    ctx: Context,
    day: datetime,
    kind: str,
    unit: str | None,
    audio: bool,
    out_dir: Path | None,
    bulletin_lang: str,
    rules: str | None,
    province: str | None,
    no_verbalise: bool,
    fmt: str,
    actor: str | None,
    role: str,
) -> None:
    """Dựng bản tin của một ngày và lưu làm bản nháp. / Make a day's bulletin as a draft."""
    with ctx.session() as session:
        made = svc.make_bulletin(
            session,
            day=day.date(),
            kind=kind,
            out_dir=out_dir or ctx.settings.data_dir / "bulletins",
            actor=cli_actor(actor),
            role=role,
            author_user_id=person_of(session, cli_actor(actor)),
            province_code=province or ctx.settings.province_code,
            unit_code=unit,
            lang=bulletin_lang,
            rules_name=rules or ctx.settings.level_rules.strip(),
            **_make_options(ctx, audio, no_verbalise),
        )
    _print_files(ctx, made, fmt)


@bulletin.command("list")
@click.option("--date", "day", type=DATE, default=None, help="Chỉ ngày này / only this date.")
@click.option("--kind", type=KIND, default=None, help="Chỉ loại này / only this kind.")
@click.option(
    "--state",
    type=click.Choice(["draft", "approved", "published"]),
    default=None,
    help="Chỉ trạng thái này / only this state.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def bulletin_list(
    ctx: Context, day: datetime | None, kind: str | None, state: str | None, fmt: str
) -> None:
    """Liệt kê các phiên bản bản tin. / List bulletin versions."""
    with ctx.session() as session:
        rows = svc.list_bulletins(session, day=day.date() if day else None, kind=kind, state=state)
    if fmt == "json":
        echo_json(rows)
        return
    for r in rows:
        click.echo(
            f"{r['id']}\t{r['date']}\t{r['kind']}\tv{r['version']}\t{r['state']}\t{r['title']}"
        )


@bulletin.command("show")
@click.argument("bulletin_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def bulletin_show(ctx: Context, bulletin_id: int, fmt: str) -> None:
    """Xem một bản tin và nguồn gốc từng số liệu. / Show a bulletin and its provenance."""
    with ctx.session() as session:
        data = svc.show_bulletin(session, bulletin_id)
    if fmt == "json":
        echo_json(data)
        return
    click.echo(f"{data['id']}\tv{data['version']}\t{data['state']}\t{data['title']}")
    if data["change_what"]:
        click.echo(
            t(ctx, "Đính chính: ", "Correction: ") + f"{data['change_what']} — {data['change_why']}"
        )
    click.echo(t(ctx, "Nguồn gốc số liệu:", "Where the figures come from:"))
    for row in data["content"].get("provenance", []):
        click.echo(f"  {row['figure']}: {row['value']} — {row['computation']}")
    for f in data["files"]:
        click.echo(f"  {f['kind']}\t{f['unit_code'] or '-'}\t{f['path']}")
    _print_problems(ctx, data["problems"])
    if data["acknowledgement"]:
        click.echo(
            t(ctx, "Xác nhận cảnh báo: ", "Warnings acknowledged: ") + data["acknowledgement"]
        )
    for d in data["deliveries"]:
        click.echo(f"  {d['channel']}\t{d['status']}\t{d['detail']}")


def _print_problems(ctx: Context, problems: list[dict[str, Any]]) -> None:
    """Print each problem with its label and severity in the chosen language (never the code)."""
    if not problems:
        ctx.say("Kiểm tra: không có vấn đề.", "Checks: no problems.")
        return
    ctx.say(f"Kiểm tra: {len(problems)} vấn đề.", f"Checks: {len(problems)} problems.")
    for p in problems:
        severity = SEVERITY_LABELS.get(p["severity"], ("?", "?"))[0 if ctx.lang == "vi" else 1]
        label = p["label"] if ctx.lang == "vi" else p["label_en"]
        message = p["message"] if ctx.lang == "vi" else p["message_en"]
        click.echo(f"  [{severity}] {label}: {message}")


@bulletin.command("approve")
@click.argument("bulletin_id", type=int)
@click.option(
    "--acknowledge",
    "acknowledgement",
    default=None,
    help="Xác nhận đã xem các cảnh báo (bắt buộc khi có cảnh báo) / acknowledge the warnings.",
)
@_actor_options
@pass_ctx
def bulletin_approve(
    ctx: Context, bulletin_id: int, acknowledgement: str | None, actor: str | None, role: str
) -> None:
    """Duyệt bản nháp (người duyệt khác người soạn). / Approve a draft (not its author)."""
    try:
        with ctx.session() as session:
            who = cli_actor(actor)
            done = svc.approve_bulletin(
                session,
                bulletin_id,
                actor=who,
                role=role,
                user_id=person_of(session, who),
                acknowledgement=acknowledgement,
                office_dir=ctx.settings.bulletin_dir,
            )
    except ChecksFailed as exc:
        _print_problems(ctx, exc.problems)
        fail(exc)
    ctx.say(
        f"Đã duyệt bản tin {bulletin_id} ({done.approved_by}).",
        f"Bulletin {bulletin_id} approved by {done.approved_by}.",
    )


@bulletin.command("publish")
@click.argument("bulletin_id", type=int)
@click.option(
    "--channel",
    "channel_names",
    multiple=True,
    help="Kênh (lặp lại được; mặc định mọi kênh đã cấu hình) / channel, repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_actor_options
@pass_ctx
def bulletin_publish(
    ctx: Context,
    bulletin_id: int,
    channel_names: tuple[str, ...],
    fmt: str,
    actor: str | None,
    role: str,
) -> None:
    """Phát hành bản đã duyệt qua các kênh chính thức. / Publish an approved bulletin."""
    with ctx.session() as session:
        registry, chosen = channels_from_settings(session, ctx.settings, channel_names)
        deliveries = svc.publish_bulletin(
            session,
            bulletin_id,
            actor=cli_actor(actor),
            role=role,
            registry=registry,
            channels=chosen,
            office_dir=ctx.settings.bulletin_dir,
        )
    rows = [
        {"channel": d.channel, "status": d.status, "detail": d.detail, "locations": d.locations}
        for d in deliveries
    ]
    if fmt == "json":
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['channel']}\t{r['status']}\t{r['detail']}")


@bulletin.command("correct")
@click.argument("bulletin_id", type=int)
@click.option("--what", required=True, help="Thay đổi gì / what changed.")
@click.option("--why", required=True, help="Vì sao / why.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi tệp / output folder.",
)
@click.option("--audio", is_flag=True, help="Đọc thành âm thanh (radio) / render audio.")
@click.option("--no-verbalise", is_flag=True, help="Để nguyên chữ số / keep digits.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_actor_options
@pass_ctx
def bulletin_correct(
    ctx: Context,
    bulletin_id: int,
    what: str,
    why: str,
    out_dir: Path | None,
    audio: bool,
    no_verbalise: bool,
    fmt: str,
    actor: str | None,
    role: str,
) -> None:
    """Đính chính bản đã phát hành: phiên bản mới. / Correct a published bulletin (new version)."""
    with ctx.session() as session:
        made = svc.correct_bulletin(
            session,
            bulletin_id,
            actor=cli_actor(actor),
            role=role,
            author_user_id=person_of(session, cli_actor(actor)),
            what=what,
            why=why,
            out_dir=out_dir or ctx.settings.data_dir / "bulletins",
            **_make_options(ctx, audio, no_verbalise),
        )
    _print_files(ctx, made, fmt)


@bulletin.command("audio")
@click.argument("bulletin_id", type=int)
@click.argument("unit_code")
@click.option("--actor", default=None, help="Người thực hiện (mặc định tên đăng nhập) / who acts.")
@pass_ctx
def bulletin_audio(ctx: Context, bulletin_id: int, unit_code: str, actor: str | None) -> None:
    """Đọc bài phát thanh của một xã thành âm thanh. / Speak one commune's script as audio."""
    with ctx.session() as session:
        seconds = svc.render_commune_audio(session, bulletin_id, unit_code, actor=cli_actor(actor))
    ctx.say(
        f"Đã làm âm thanh cho xã {unit_code}: {format_number(seconds, 1)} giây.",
        f"Audio made for commune {unit_code}: {format_number(seconds, 1, lang='en')} s.",
    )


@click.group()
def channels() -> None:
    """Kênh phát hành. / Publishing channels."""


@channels.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def channels_list(fmt: str) -> None:
    """Liệt kê các kênh đã đăng ký và plugin của chúng. / List registered channels."""
    rows = default_registry().describe()
    if fmt == "json":
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['name']}\t{r['plugin']}\t{r['description']}")
