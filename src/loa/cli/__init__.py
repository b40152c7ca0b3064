"""The `loa` command: a thin layer that parses arguments and calls loa.services."""

from __future__ import annotations

import os
import sys

import click

from loa.cli.common import Context, fail
from loa.errors import LoaError
from loa.plugins import plugins
from loa.store.storage_errors import (
    is_storage_full,
    storage_fault,
    storage_full_error,
    store_name,
)

__all__ = ["cli", "main"]


class LoaGroup(click.Group):
    """A group that turns any LoaError into a bilingual message and exit status 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except LoaError as exc:
            fail(exc)
        except Exception as exc:
            if is_storage_full(exc):
                fail(
                    storage_full_error(
                        exc, doing_vi="chạy lệnh này", doing_en="running this command"
                    )
                )
            settings = getattr(ctx.obj, "settings", None)
            url = settings.resolved_database_url() if settings is not None else ""
            fault = storage_fault(exc, store_name(url))
            if fault is not None:
                fail(fault)
            raise


@click.group(
    cls=LoaGroup,
    help="Loa: bàn điều hành truyền thông phòng, chống dịch của tỉnh.\n\n"
    "Loa: a province's epidemic communication desk.",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Ngôn ngữ thông báo / message language (mặc định LOA_LANG hoặc vi).",
)
@click.version_option(package_name="loa")
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """Root group: holds the shared context (settings, engine)."""
    ctx.obj = Context.create(lang)


# Commands come from the `loa.cli` entry-point group (loa.plugins): Loa's own areas are
# listed there exactly as a third party's package would list its own.
for _plugin in plugins("loa.cli"):
    _plugin.loaded(cli)


def main() -> None:
    """Run the CLI; a LoaError becomes a bilingual message and exit status 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception:
        if os.environ.get("LOA_DEBUG"):
            raise
        click.echo(
            "Lỗi ngoài dự kiến; chạy lại với LOA_DEBUG=1 để xem chi tiết và báo cho nhóm phát triển.\n"
            "Unexpected error; run again with LOA_DEBUG=1 for details and report it to the developers.",
            err=True,
        )
        sys.exit(1)
