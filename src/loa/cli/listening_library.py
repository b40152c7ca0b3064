"""`loa listen factchecks ...`: the fact-check library (ClaimReview) in and out, and searched
the way the desk's library page searches it (one service, `search_library`)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx
from loa.services import listening as svc

__all__ = ["factchecks"]

ACTOR = click.option("--actor", default=None, help="Người thực hiện / who acts (default: login).")


@click.group("factchecks")
def factchecks() -> None:
    """Thư viện tin đã kiểm chứng (ClaimReview). / The fact-check library."""


@factchecks.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ACTOR
@pass_ctx
def factchecks_import(ctx: Context, file: Path, actor: str | None) -> None:
    """Nhập ClaimReview JSON-LD. / Import ClaimReview JSON-LD."""
    with ctx.session() as session:
        done = svc.import_factchecks(
            session, file.read_text(encoding="utf-8"), actor=cli_actor(actor), file=file.name
        )
    ctx.say(
        f"Thêm {done.added}, thay {done.replaced} tin đã kiểm chứng.",
        f"Added {done.added}, replaced {done.replaced} fact-checks.",
    )


@factchecks.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def factchecks_export(ctx: Context, file: Path) -> None:
    """Xuất thư viện ra ClaimReview JSON-LD. / Export the library as ClaimReview."""
    with ctx.session() as session:
        text = svc.export_factchecks(session)
    file.write_text(text, encoding="utf-8")
    ctx.say(f"Đã ghi {file}.", f"Wrote {file}.")


@factchecks.command("search")
@click.argument("query", default="")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def factchecks_search(ctx: Context, query: str, limit: int, fmt: str) -> None:
    """Tìm trong thư viện, như trang Thư viện. / Search the library as the desk does."""
    with ctx.session() as session:
        found = svc.search_library(session, query=query, limit=limit)
    if fmt == "json":
        echo_json([{**asdict(c), "created_at": c.created_at.isoformat()} for c in found])
        return
    for c in found:
        click.echo(f"{c.id}\t{c.verdict}\t{c.claim}")
    if not found:
        ctx.say("Không tìm thấy tin đã kiểm chứng nào.", "No fact-check found.")
