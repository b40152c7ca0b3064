"""`loa worker` and `loa jobs ...`: run the queue, submit long work, follow its progress."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx, t
from loa.jobs import submit as jobs_submit
from loa.jobs.queue import require_postgresql
from loa.services import jobs as svc
from loa.services.jobs import JobView

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(worker)
    root.add_command(jobs)


@click.command()
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=None,
    help="Số việc chạy cùng lúc (mặc định LOA_WORKER_CONCURRENCY) / jobs at a time.",
)
@click.option(
    "--queue",
    "queues",
    multiple=True,
    help="Chỉ nhận việc của hàng đợi này; lặp lại được (mặc định mọi hàng) / queue to take from.",
)
@click.option("--once", is_flag=True, help="Dừng khi hết việc / stop when the queue is empty.")
@click.option("--name", default=None, help="Tên worker trong nhật ký / worker name in logs.")
@pass_ctx
def worker(
    ctx: Context, concurrency: int | None, queues: tuple[str, ...], once: bool, name: str | None
) -> None:
    """Chạy worker nhận việc từ hàng đợi (PostgreSQL). / Run a worker (PostgreSQL)."""
    from loa.jobs.worker import run_worker

    require_postgresql(ctx.engine)
    with ctx.session():
        pass  # the store must be initialised before any job touches it
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    chosen = list(queues) or [q.strip() for q in ctx.settings.worker_queues.split(",") if q.strip()]
    ctx.say(
        f"Worker bắt đầu; hàng đợi: {', '.join(chosen) or 'tất cả'}.",
        f"Worker starting; queues: {', '.join(chosen) or 'all'}.",
    )
    run_worker(
        ctx.engine, ctx.settings, queues=chosen, concurrency=concurrency, once=once, name=name
    )


@click.group()
def jobs() -> None:
    """Công việc nền: gửi, theo dõi, thử lại. / Background jobs."""


def _progress(ctx: Context, v: JobView) -> str:
    amount = f"{v.done}" if v.total is None else f"{v.done}/{v.total}"
    pct = f" ({v.percent:.0f}%)" if v.percent is not None else ""
    return f"{amount}{pct}"


def _print(ctx: Context, v: JobView) -> None:
    click.echo(f"{t(ctx, 'Công việc', 'Job')} {v.id}: {v.kind} [{v.status}]")
    click.echo(f"  {t(ctx, 'tiến độ', 'progress')}: {_progress(ctx, v)}")
    click.echo(
        f"  {t(ctx, 'hàng đợi', 'queue')}: {v.queue}; {t(ctx, 'lần thử', 'attempts')}: {v.attempts}"
    )
    if v.message:
        click.echo(f"  {t(ctx, 'ghi chú', 'note')}: {v.message}")
    if v.error_vi:
        click.echo(f"  {t(ctx, 'lỗi', 'error')}: {v.error_vi if ctx.lang == 'vi' else v.error_en}")
    if v.result:
        for key, value in v.result.items():
            if key != "message":
                click.echo(f"  {key}: {value}")


@jobs.command("list")
@click.option("--status", default=None, help="queued|running|retrying|succeeded|failed")
@click.option("--kind", default=None, help="Loại việc / job kind (situation_import, ...).")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def jobs_list(ctx: Context, status: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """Liệt kê công việc, mới nhất trước. / List jobs, newest first."""
    with ctx.session() as session:
        found = svc.list_runs(session, status=status, kind=kind, limit=limit)
    if fmt == "json":
        echo_json([v.to_json() for v in found])
        return
    for v in found:
        click.echo(
            f"{v.id}\t{v.kind}\t{v.status}\t{_progress(ctx, v)}\t{v.created_at:%Y-%m-%d %H:%M}"
        )


@jobs.command("show")
@click.argument("job_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def jobs_show(ctx: Context, job_id: int, fmt: str) -> None:
    """Xem một công việc và tiến độ (đã xong/tổng). / Show a job and its progress."""
    with ctx.session() as session:
        view = svc.get_run(session, job_id)
    if fmt == "json":
        echo_json(view.to_json())
        return
    _print(ctx, view)


@jobs.command("retry")
@click.argument("job_id", type=int)
@pass_ctx
def jobs_retry(ctx: Context, job_id: int) -> None:
    """Thử lại một công việc đã thất bại. / Retry a failed job."""
    with ctx.session():
        pass
    jobs_submit.retry(ctx.engine, ctx.settings, job_id, actor=cli_actor())
    _report(ctx, job_id, wait=False)


def _report(ctx: Context, run_id: int, *, wait: bool, timeout: float = 3600) -> None:
    if jobs_submit.uses_queue(ctx.engine) and not wait:
        ctx.say(
            f"Đã đưa vào hàng đợi: công việc {run_id}. Theo dõi: `loa jobs show {run_id}`.",
            f"Queued as job {run_id}. Follow it with `loa jobs show {run_id}`.",
        )
        return
    last: list[str] = []

    def show(v: JobView) -> None:
        line = f"{v.status} {_progress(ctx, v)}"
        if not last or last[-1] != line:
            last.append(line)
            click.echo(f"{t(ctx, 'Công việc', 'Job')} {run_id}: {line}", err=True)

    view = jobs_submit.wait_for(ctx.engine, run_id, timeout=timeout, on_progress=show)
    _print(ctx, view)
    if view.status == "failed":
        raise SystemExit(2)


@jobs.group("submit")
def jobs_submit_group() -> None:
    """Gửi một việc dài (chạy nền trên PostgreSQL). / Submit long work."""


_WAIT = click.option(
    "--wait", is_flag=True, help="Chờ xong và in kết quả / wait for the job and print its outcome."
)


@jobs_submit_group.command("situation-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--partial", is_flag=True, help="Nhập các dòng đúng / keep the good rows.")
@click.option("--complete", is_flag=True, help="Ngày không nhắc tới là 0 / absent days are zeros.")
@click.option("--province", default=None, help="Mã tỉnh / province code.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None)
@_WAIT
@pass_ctx
def submit_situation(
    ctx: Context,
    file: Path,
    partial: bool,
    complete: bool,
    province: str | None,
    today: datetime | None,
    wait: bool,
) -> None:
    """Nhập tệp số liệu tình hình như một công việc. / Import a situation file as a job."""
    with ctx.session():
        pass
    run_id = jobs_submit.submit(
        ctx.engine,
        ctx.settings,
        kind="situation_import",
        args={
            "partial": partial,
            "complete": complete,
            "province_code": province or ctx.settings.province_code,
            "today": jobs_submit.today_iso(today.date() if today else None),
        },
        upload=(file.read_bytes(), file.name),
        actor=cli_actor(),
    )
    _report(ctx, run_id, wait=wait)


@jobs_submit_group.command("directive-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_WAIT
@pass_ctx
def submit_directive(ctx: Context, file: Path, wait: bool) -> None:
    """Nhập văn bản chỉ đạo như một công việc. / Import a directive as a job."""
    with ctx.session():
        pass
    run_id = jobs_submit.submit(
        ctx.engine,
        ctx.settings,
        kind="directive_import",
        upload=(file.read_bytes(), file.name),
        actor=cli_actor(),
    )
    _report(ctx, run_id, wait=wait)


@jobs_submit_group.command("situation-snapshot")
@click.option("--province", default=None, help="Mã tỉnh / province code.")
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]), default=None)
@_WAIT
@pass_ctx
def submit_snapshot(ctx: Context, province: str | None, day: datetime | None, wait: bool) -> None:
    """Tính sẵn tình hình một ngày cho các trang. / Build the situation snapshot of a day."""
    with ctx.session():
        pass
    run_id = jobs_submit.submit(
        ctx.engine,
        ctx.settings,
        kind="situation_snapshot",
        args={
            "province_code": province or ctx.settings.province_code,
            "day": day.date().isoformat() if day else None,
        },
        actor="cli",
    )
    _report(ctx, run_id, wait=wait)


@jobs_submit_group.command("reminders")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--days", type=int, default=3, show_default=True, help="Sắp đến hạn trong N ngày.")
@_WAIT
@pass_ctx
def submit_reminders(ctx: Context, today: datetime | None, days: int, wait: bool) -> None:
    """Gửi nhắc việc quá hạn/sắp đến hạn (một lần mỗi ngày). / Send task reminders (once a day)."""
    with ctx.session():
        pass
    day = jobs_submit.today_iso(today.date() if today else None)
    run_id = jobs_submit.submit(
        ctx.engine,
        ctx.settings,
        kind="task_reminders",
        args={"day": day, "horizon_days": days},
        actor=cli_actor(),
        dedupe_key=f"task_reminders:{day}",
    )
    _report(ctx, run_id, wait=wait)
