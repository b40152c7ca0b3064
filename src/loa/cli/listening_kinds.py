"""`loa listen classify` and `loa listen reclassify`: what kind of text a post is (a claim, an
opinion, a complaint, a question), for one text or for every stored post again."""

from __future__ import annotations

from dataclasses import asdict

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx, t
from loa.formatting import format_number
from loa.listening.kinds import Kind, classify
from loa.services.listen_reclassify import reclassify_items

__all__ = ["listen_classify", "listen_reclassify"]

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
ACTOR = click.option("--actor", default=None, help="Người thực hiện / who acts (default: login).")


@click.command("classify")
@click.argument("text")
@FORMAT
@pass_ctx
def listen_classify(ctx: Context, text: str, fmt: str) -> None:
    """Loại tin: cần kiểm chứng, ý kiến, phản ánh, câu hỏi. / Claim, opinion, complaint, question."""
    found = classify(text)
    if fmt == "json":
        echo_json(found.as_dict(ctx.lang))
        return
    label = found.kind.label_vi if ctx.lang == "vi" else found.kind.label_en
    asked = t(ctx, " (được hỏi lại)", " (asked)") if found.asked else ""
    click.echo(f"{found.kind.value}{asked}: {label} — {found.confidence:.2f}")
    click.echo(f"  {found.reason(ctx.lang)}")


@click.command("reclassify")
@click.option(
    "--dry-run", is_flag=True, help="Chỉ liệt kê, không ghi. / List only, change nothing."
)
@FORMAT
@ACTOR
@pass_ctx
def listen_reclassify(ctx: Context, dry_run: bool, fmt: str, actor: str | None) -> None:
    """Phân loại lại các bài đã lưu. / Classify stored posts again (kinds)."""
    with ctx.session() as session:
        done = reclassify_items(session, dry_run=dry_run, actor=cli_actor(actor))
    if fmt == "json":
        echo_json(asdict(done))
        return
    n = len(done.changes)
    if dry_run:
        ctx.say(f"Thử (không ghi): {n} trong {done.checked} bài sẽ đổi loại.",
                f"Dry run (nothing written): {n} of {done.checked} posts would change kind.")  # fmt: skip
    else:
        ctx.say(f"Đã đổi loại {n} trong {done.checked} bài; mỗi thay đổi được ghi vào nhật ký.",
                f"Changed the kind of {n} of {done.checked} posts; each change is in the audit log.")  # fmt: skip
    for before, after, count in done.moves():
        old, new = Kind(before), Kind(after)
        click.echo(f"  {t(ctx, old.label_vi, old.label_en)} → {t(ctx, new.label_vi, new.label_en)}: "
                   f"{format_number(count)}")  # fmt: skip
    if done.purged:
        ctx.say(f"{done.purged} bài đã xoá nội dung (hết hạn lưu) nên giữ loại cũ.",
                f"{done.purged} posts had their text purged (retention) and keep their kind.")  # fmt: skip
