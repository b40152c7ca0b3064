"""`loa task split` and `loa task merge`: the corrections the directive page offers, from a shell."""

from __future__ import annotations

from datetime import date

import click

from loa.cli.common import Context, pass_ctx
from loa.cli.directives import task
from loa.errors import InputError
from loa.services.directive_review import TaskPart, merge_tasks, split_task

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add split and merge to `loa task` (the group itself comes from loa.cli.directives)."""
    task.add_command(task_split)
    task.add_command(task_merge)


def read_part(text: str) -> TaskPart:
    """Read one `--part` value: ORG[,YYYY-MM-DD[,TEXT]]; an empty field keeps the task's own."""
    org, _, rest = text.partition(",")
    day, _, duty = rest.partition(",")
    deadline = None
    if day.strip():
        try:
            deadline = date.fromisoformat(day.strip())
        except ValueError as exc:
            raise InputError(
                f"Hạn '{day.strip()}' trong --part '{text}' không hợp lệ; viết NĂM-THÁNG-NGÀY, "
                "ví dụ 2021-11-30.",
                f"The deadline '{day.strip()}' in --part '{text}' is not valid; write "
                "YEAR-MONTH-DAY, e.g. 2021-11-30.",
            ) from exc
    return TaskPart(org_id=org.strip() or None, text=duty.strip() or None, deadline=deadline)


@click.command("split")
@click.argument("task_id", type=int)
@click.option(
    "--part",
    "parts",
    multiple=True,
    required=True,
    help="Một phần: MÃ_TỔ_CHỨC[,NĂM-THÁNG-NGÀY[,NỘI DUNG]], ô trống giữ như cũ; lặp lại cho "
    "mỗi phần (ít nhất hai). / One part: ORG[,YYYY-MM-DD[,TEXT]], empty keeps the task's own; "
    "repeat per part (two or more).",
)
@click.option("--actor", default="cli", help="Người sửa / who makes the change.")
@pass_ctx
def task_split(ctx: Context, task_id: int, parts: tuple[str, ...], actor: str) -> None:
    """Tách một nhiệm vụ thành nhiều phần. / Split a task into parts."""
    wanted = [read_part(p) for p in parts]
    with ctx.session() as session:
        ids = split_task(session, task_id=task_id, parts=wanted, actor=actor)
    shown = ", ".join(f"#{i}" for i in ids)
    ctx.say(
        f"Đã tách nhiệm vụ {task_id} thành {len(ids)} phần: {shown}.",
        f"Task {task_id} split into {len(ids)} parts: {shown}.",
    )


@click.command("merge")
@click.argument("keep", type=int)
@click.argument("others", type=int, nargs=-1, required=True)
@click.option("--text", default=None, help="Nội dung chung / the text of the merged duty.")
@click.option("--actor", default="cli", help="Người sửa / who makes the change.")
@pass_ctx
def task_merge(
    ctx: Context, keep: int, others: tuple[int, ...], text: str | None, actor: str
) -> None:
    """Gộp các nhiệm vụ cùng văn bản vào một (KEEP giữ lại). / Merge tasks into KEEP."""
    with ctx.session() as session:
        merge_tasks(session, keep=keep, merge=list(others), actor=actor, text=text)
    shown = ", ".join(f"#{i}" for i in others)
    ctx.say(
        f"Đã gộp {shown} vào nhiệm vụ #{keep}; các nhiệm vụ gộp vào được đóng, lịch sử vẫn giữ.",
        f"Merged {shown} into task #{keep}; the tasks merged in are closed, their history kept.",
    )
