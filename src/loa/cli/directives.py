"""`loa directive ...` and `loa task ...`."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx, t
from loa.directives.metrics import decimal_metric_names, read_metric
from loa.directives.parse import parse_dispatch
from loa.directives.reading import read_document
from loa.directives.report import report_docx
from loa.directives.tasks import STATUS_LABELS, STATUSES, TaskView
from loa.directory.orgs import OrgDirectory, load_bundled_orgs
from loa.formatting import format_date, format_figure
from loa.services import directives as svc
from loa.services.directive_review import upward_report
from loa.services.directory import org_directory
from loa.services.events import history

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(directive)
    root.add_command(task)


def _today(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


@click.group()
def directive() -> None:
    """Văn bản chỉ đạo. / Directives."""


@directive.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@pass_ctx
def directive_parse(ctx: Context, file: Path, fmt: str) -> None:
    """Đọc một văn bản và in các thành phần. / Read a dispatch and print its parts."""
    read = read_document(file)
    directory = OrgDirectory(load_bundled_orgs())
    if ctx.store_exists():
        with ctx.session() as session:
            directory = org_directory(session)
    resolver = directory.resolve
    parsed = parse_dispatch(read.text, resolve_org=resolver).to_json()
    parsed["warnings"] = list(read.warnings) + list(parsed.get("warnings") or [])
    if fmt == "json":
        click.echo(json.dumps(parsed, ensure_ascii=False, indent=2))
        return
    for key in (
        "system",
        "issuer",
        "issuer_parent",
        "doc_type",
        "number_symbol",
        "place",
        "date",
        "subject",
        "urgency",
    ):
        click.echo(f"{key}: {parsed.get(key) or '—'}")
    click.echo(f"recipients: {'; '.join(parsed.get('recipients') or [])}")
    for task_ in parsed.get("tasks") or []:
        names = ", ".join(f"{a['name']} [{a.get('org_id') or '?'}]" for a in task_["assignees"])
        click.echo(f"  {task_['no']}. {names} — {task_.get('deadline') or ''}")
    for warning in parsed.get("warnings") or []:
        click.echo(t(ctx, "Cảnh báo: ", "Warning: ") + warning)


@directive.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--as-new-version",
    is_flag=True,
    help="Nhập thành phiên bản mới của văn bản cùng số, ký hiệu và cơ quan ban hành đã có. / "
    "Import as a new version of a stored document with the same number and issuer.",
)
@pass_ctx
def directive_import(ctx: Context, file: Path, fmt: str, as_new_version: bool) -> None:
    """Nhập văn bản và tạo nhiệm vụ. / Import a dispatch and create its tasks.

    Văn bản trùng số, ký hiệu và cơ quan ban hành với văn bản đã có thì không được nhập: Loa báo
    và gợi ý mở văn bản đã có hoặc nhập lại với --as-new-version. / A document with the number
    and issuer of a stored one is not imported: Loa says so and offers to open the stored one or
    to import it again with --as-new-version.
    """
    with ctx.session() as session:
        done = svc.import_directive(
            session, file.read_bytes(), file.name, actor=cli_actor(), as_new_version=as_new_version
        )
    if fmt == "json":
        echo_json(done.__dict__)
        return
    if done.created and done.previous_version_id is not None:
        ctx.say(
            f"Đã nhập văn bản số {done.directive_id}, phiên bản mới của văn bản số "
            f"{done.previous_version_id}: {done.tasks} nhiệm vụ, {done.to_assign} chưa giao được.",
            f"Imported directive {done.directive_id}, a new version of directive "
            f"{done.previous_version_id}: {done.tasks} tasks, {done.to_assign} still to assign.",
        )
    elif done.created:
        ctx.say(
            f"Đã nhập văn bản số {done.directive_id}: {done.tasks} nhiệm vụ, {done.to_assign} chưa giao được.",
            f"Imported directive {done.directive_id}: {done.tasks} tasks, {done.to_assign} still to assign.",
        )
    else:
        ctx.say(
            f"Văn bản này đã được nhập (số {done.directive_id}); không thay đổi gì.",
            f"This document was already imported (id {done.directive_id}); nothing changed.",
        )
    for warning in done.warnings:
        click.echo(t(ctx, "Cảnh báo: ", "Warning: ") + warning)


@directive.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def directive_list(ctx: Context, fmt: str) -> None:
    """Liệt kê văn bản đã nhập. / List imported directives."""
    with ctx.session() as session:
        rows = [
            {
                "id": r.id,
                "number_symbol": r.number_symbol,
                "date": r.issued_on.isoformat() if r.issued_on else None,
                "issuer": r.issuer,
                "subject": r.subject,
                "tasks": len(svc.list_tasks(session, directive_id=r.id)),
            }
            for r in svc.list_directives(session)
        ]
    if fmt == "json":
        echo_json(rows)
        return
    for r in rows:
        click.echo(
            f"{r['id']}\t{r['number_symbol'] or '—'}\t{r['date'] or '—'}\t{r['tasks']}\t{r['subject'] or ''}"
        )


@directive.command("show")
@click.argument("directive_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def directive_show(ctx: Context, directive_id: int, fmt: str) -> None:
    """Xem một văn bản và các nhiệm vụ. / Show a directive and its tasks."""
    with ctx.session() as session:
        row = svc.get_directive(session, directive_id)
        tasks = svc.list_tasks(session, directive_id=directive_id)
        parsed = row.parsed
    if fmt == "json":
        echo_json({"id": directive_id, "parsed": parsed, "tasks": [_task_json(v) for v in tasks]})
        return
    click.echo(f"{parsed.get('number_symbol') or '—'} — {parsed.get('issuer') or ''}")
    if row.issued_on:
        click.echo(f"{parsed.get('place') or ''}, {format_date(row.issued_on, ctx.lang)}")
    click.echo(parsed.get("subject") or "")
    _print_tasks(ctx, tasks)


@directive.command("report")
@click.argument("directive_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["docx", "json"]), default="docx")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Tệp kết quả (mặc định var/reports/...) / output file.",
)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None)
@pass_ctx
def directive_report(
    ctx: Context, directive_id: int, fmt: str, out: Path | None, today: datetime | None
) -> None:
    """Báo cáo kết quả thực hiện gửi cấp trên. / The summary report sent upward."""
    with ctx.session() as session:
        report = upward_report(session, directive_id, today=_today(today))
    if fmt == "json":
        echo_json(report.to_json())
        return
    target = out or ctx.settings.data_dir / "reports" / f"bao-cao-van-ban-{directive_id}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    report_docx(report).save(str(target))
    ctx.say(f"Đã ghi báo cáo: {target}", f"Report written: {target}")


@click.group()
def task() -> None:
    """Nhiệm vụ. / Tasks."""


def _task_json(v: TaskView) -> dict[str, object]:
    return {
        "id": v.id,
        "directive_id": v.directive_id,
        "item_no": v.item_no,
        "assignee_name": v.assignee_name,
        "org_id": v.org_id,
        "to_assign": v.org_id is None,
        "status": v.status,
        "deadline": v.deadline.isoformat() if v.deadline else None,
        "recurrence": v.recurrence,
        "metrics": v.metrics,
        "text": v.text,
        "merged_into": v.merged_into,
    }


def _print_tasks(ctx: Context, tasks: list[TaskView]) -> None:
    labels = STATUS_LABELS[ctx.lang]
    for v in tasks:
        owner = v.org_id or t(ctx, "(chưa giao) ", "(to assign) ") + v.assignee_name
        due = format_date(v.deadline, ctx.lang) if v.deadline else (v.recurrence or "—")
        metrics = ", ".join(f"{k}={format_figure(val, ctx.lang)}" for k, val in v.metrics.items())
        click.echo(f"#{v.id}\tmục {v.item_no}\t{labels[v.status]}\t{owner}\t{due}\t{metrics}")


@task.command("list")
@click.option("--org", default=None, help="Mã tổ chức (gồm cả đơn vị con) / organisation id.")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--overdue", is_flag=True, help="Chỉ việc quá hạn / only overdue tasks.")
@click.option("--to-assign", is_flag=True, help="Chỉ việc chưa giao / only tasks still to assign.")
@click.option("--directive", "directive_id", type=int, default=None)
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Ngày tính hạn / as of."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def task_list(
    ctx: Context,
    org: str | None,
    status: str | None,
    overdue: bool,
    to_assign: bool,
    directive_id: int | None,
    today: datetime | None,
    fmt: str,
) -> None:
    """Liệt kê nhiệm vụ. / List tasks."""
    with ctx.session() as session:
        tasks = svc.list_tasks(
            session,
            org_id=org,
            status=status,
            directive_id=directive_id,
            overdue_on=_today(today) if overdue else None,
            unassigned=to_assign,
        )
    if fmt == "json":
        echo_json([_task_json(v) for v in tasks])
    else:
        _print_tasks(ctx, tasks)


@task.command("show")
@click.argument("task_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def task_show(ctx: Context, task_id: int, fmt: str) -> None:
    """Xem nhiệm vụ và lịch sử thay đổi. / Show a task and its history."""
    with ctx.session() as session:
        view = svc.get_task(session, task_id)
        events = history(session, "task", str(task_id))
    if fmt == "json":
        echo_json({**_task_json(view), "history": [e.as_dict() for e in events]})
        return
    _print_tasks(ctx, [view])
    click.echo(view.text)
    if view.merged_into is not None:
        ctx.say(
            f"Đã gộp vào nhiệm vụ #{view.merged_into}.", f"Merged into task #{view.merged_into}."
        )
    for e in events:
        click.echo(f"  {e.at:%Y-%m-%d %H:%M} {e.actor} {e.kind} {e.after or ''} {e.note or ''}")


@task.command("update")
@click.argument("task_id", type=int)
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--note", default=None, help="Ghi chú, kết quả / note or result.")
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    help="TÊN=SỐ, số viết kiểu Việt Nam (1.250; 12,5) / NAME=NUMBER, English with --lang en.",
)
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--org", default=None, help="Giao cho tổ chức / assign to organisation id.")
@click.option(
    "--actor", default=None, help="Người cập nhật (mặc định tên đăng nhập) / who makes the change."
)
@pass_ctx
def task_update(
    ctx: Context,
    task_id: int,
    status: str | None,
    note: str | None,
    metrics: tuple[str, ...],
    deadline: datetime | None,
    org: str | None,
    actor: str | None,
) -> None:
    """Cập nhật trạng thái, ghi chú, chỉ số. / Update a task's status, note and metrics."""
    decimal_names = decimal_metric_names(ctx.settings.task_decimal_metrics)
    parsed_metrics = [
        read_metric(text, lang=ctx.lang, decimal_names=decimal_names) for text in metrics
    ]
    with ctx.session() as session:
        view = svc.update_task(
            session,
            task_id,
            actor=cli_actor(actor),
            status=status,
            note=note,
            metrics=parsed_metrics,
            decimal_metrics=decimal_names,
            deadline=deadline.date() if deadline else None,
            org_id=org,
        )
    _print_tasks(ctx, [view])


@task.command("remind")
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Ngày tính hạn / as of."
)
@click.option("--days", type=int, default=3, help="Sắp đến hạn trong N ngày / due within N days.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def task_remind(ctx: Context, today: datetime | None, days: int, fmt: str) -> None:
    """Việc đến hạn và quá hạn theo tổ chức. / What is due and overdue, per organisation."""
    as_of = _today(today)
    with ctx.session() as session:
        found = svc.reminders(session, as_of, horizon_days=days)
    if fmt == "json":
        echo_json(
            [
                {
                    "org_id": r.org_id,
                    "org_name": r.org_name,
                    "overdue": [_task_json(v) for v in r.overdue],
                    "due": [_task_json(v) for v in r.due],
                }
                for r in found
            ]
        )
        return
    if not found:
        ctx.say("Không có việc đến hạn hay quá hạn.", "Nothing due or overdue.")
    for r in found:
        click.echo(r.org_name or t(ctx, "(chưa giao)", "(to assign)"))
        for label, items in (
            (t(ctx, "quá hạn", "overdue"), r.overdue),
            (t(ctx, "đến hạn", "due"), r.due),
        ):
            for v in items:
                click.echo(f"  [{label}] #{v.id} mục {v.item_no}: {v.assignee_name}")
