"""`loa units geometry FILE`: import unit boundaries from a GeoJSON FeatureCollection."""

from __future__ import annotations

from pathlib import Path

import click

from loa.cli.common import Context, cli_actor, pass_ctx
from loa.directory.boundaries import CODE_PROPERTIES, read_geojson
from loa.services import geo as svc

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add `geometry` to the `units` group (made by loa.cli.directory, loaded before this)."""
    group = root.commands.get("units")
    if isinstance(group, click.Group):
        group.add_command(units_geometry)


@click.command("geometry")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--code-property",
    default=None,
    help="Thuộc tính chứa mã đơn vị / property holding the unit code "
    f"(mặc định thử / tried by default: {', '.join(CODE_PROPERTIES)}).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Từ chối cả tệp nếu có mã không có trong danh mục / reject the file on any unknown code.",
)
@pass_ctx
def units_geometry(ctx: Context, file: Path, code_property: str | None, strict: bool) -> None:
    """Nhập ranh giới đơn vị từ GeoJSON. / Import unit boundaries from GeoJSON."""
    raw = file.read_bytes()
    boundaries = read_geojson(raw, file.name, code_property=code_property)
    with ctx.session() as session:
        done = svc.import_boundaries(
            session, boundaries, raw=raw, filename=file.name, actor=cli_actor(), strict=strict
        )
    ctx.say(
        f"Lần nhập {done.import_id}: lưu ranh giới của {done.stored} đơn vị "
        f"từ {done.features} đối tượng.",
        f"Import {done.import_id}: stored the boundaries of {done.stored} units "
        f"from {done.features} features.",
    )
    for u in done.unknown:
        ctx.say(
            f"  Bỏ qua features[{u.feature_index}]: mã {u.code} không có trong danh mục.",
            f"  Skipped features[{u.feature_index}]: code {u.code} is not in the directory.",
        )
