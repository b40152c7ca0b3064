"""`loa listen ...`: ingest posts, match claims, fact-checks, narratives, alerts, concerns,
retention, and the rapid-response cards."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import click

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx, t
from loa.cli.listening_kinds import listen_classify, listen_reclassify
from loa.cli.listening_library import factchecks
from loa.errors import InputError
from loa.formatting import format_number
from loa.http import HttpxTransport
from loa.listening.kinds import Kind
from loa.listening.response import VERDICT_CHOICES
from loa.services import listening as svc
from loa.services.accounts import person_of
from loa.services.listening import IngestReport
from loa.services.listening import response as rsp
from loa.services.listening.response import CardView
from loa.services.listening_sources import SourceContext, default_sources, ingest_from, receive
from loa.services.publishing import channels_from_settings

__all__ = ["register"]

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
ACTOR = click.option("--actor", default=None, help="Người thực hiện / who acts (default: login).")


def register(root: click.Group) -> None:
    """Add `loa listen` to the root group."""
    root.add_command(listen)


@click.group()
def listen() -> None:
    """Lắng nghe dư luận và phản ứng nhanh. / Social listening and rapid response."""


listen.add_command(factchecks)
listen.add_command(listen_classify)
listen.add_command(listen_reclassify)


def _print_report(ctx: Context, report: IngestReport, fmt: str) -> None:
    if fmt == "json":
        data = asdict(report)
        data["problems"] = [
            {"line": p.line, "severity": p.severity, "vi": p.vi, "en": p.en, "file": p.file}
            for p in report.problems
        ]
        echo_json(data)
        return
    ctx.say(
        f"Đã lưu {report.stored} bài ({report.duplicates} trùng lặp, {report.matched} khớp "
        f"tin đã kiểm chứng, {report.feedback} ý kiến/phản ánh/câu hỏi, {report.narratives_new} câu "
        f"chuyện mới); {report.already_known} bài đã có; {report.errors} dòng lỗi.",
        f"Stored {report.stored} posts ({report.duplicates} near-duplicates, {report.matched} "
        f"matching a fact-check, {report.feedback} opinions/complaints/questions, "
        f"{report.narratives_new} new narratives); {report.already_known} already known; "
        f"{report.errors} bad lines.",
    )
    if report.kinds:
        kinds = ", ".join(
            f"{Kind(k).label_vi if ctx.lang == 'vi' else Kind(k).label_en}: {n}"
            for k, n in sorted(report.kinds.items(), key=lambda kv: list(Kind).index(Kind(kv[0])))
        )
        click.echo(f"  {t(ctx, 'Theo loại', 'By kind')}: {kinds}")
    for p in report.problems:
        click.echo(f"  [{p.severity}] {p.message(ctx.lang)}")


@listen.command("ingest")
@click.argument("source")
@FORMAT
@ACTOR
@pass_ctx
def listen_ingest(ctx: Context, source: str, fmt: str, actor: str | None) -> None:
    """Nhập bài từ tệp JSONL/CSV hoặc nguồn RSS/Atom. / Ingest an export file or a feed URL."""
    context = SourceContext(
        ctx.settings, svc.make_embedder(ctx.settings), cli_actor(actor), HttpxTransport()
    )
    with ctx.session() as session:
        report = ingest_from(session, source, context)
    _print_report(ctx, report, fmt)


@listen.command("sources")
@FORMAT
@pass_ctx
def listen_sources(ctx: Context, fmt: str) -> None:
    """Liệt kê các nguồn bài viết và phần bổ sung đăng ký chúng. / List the listening sources."""
    rows = default_sources().describe()
    if fmt == "json":
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['name']}\t{r['description']}\t{r['plugin']}")


@listen.command("add")
@click.argument("text")
@click.option("--district", default=None, help="Huyện / district (name or code).")
@click.option("--commune", default=None, help="Xã / commune (name or code).")
@click.option(
    "--source", "source", default="manual", show_default=True,
    help="Nguồn nhận bài (vd. tipline cho tin báo qua điện thoại) / the source the post came to.",
)  # fmt: skip
@FORMAT
@ACTOR
@pass_ctx
def listen_add(
    ctx: Context, text: str, district: str | None, commune: str | None, source: str, fmt: str,
    actor: str | None,
) -> None:  # fmt: skip
    """Nhập tay một bài. / Enter one post by hand."""
    context = SourceContext(ctx.settings, svc.make_embedder(ctx.settings), cli_actor(actor))
    message = {"text": text, "district": district, "commune": commune}
    with ctx.session() as session:
        receipt = receive(session, source, message, context)
    if receipt.status != "accepted" and not receipt.report.problems and fmt != "json":
        ctx.say(f"Không lưu: {receipt.message}", f"Not stored: {receipt.message}")
    _print_report(ctx, receipt.report, fmt)


@listen.command("match")
@click.argument("text")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True)
@FORMAT
@pass_ctx
def listen_match(ctx: Context, text: str, top: int, fmt: str) -> None:
    """Tìm tin đã kiểm chứng khớp với nội dung. / Find fact-checks for a text."""
    with ctx.session() as session:
        results = svc.match_text(session, text, embedder=svc.make_embedder(ctx.settings), top=top)
    rows = [
        {
            "factcheck_id": r.factcheck_id, "claim": r.claim, "verdict": r.verdict.value,
            "score": r.score, "decision": r.decision.value,
        }
        for r in results
    ]  # fmt: skip
    if fmt == "json":
        echo_json(rows)
        return
    for r in results:
        click.echo(f"{r.score:.3f}  {r.decision.value:8} {r.verdict.label_vi}: {r.claim}")


@listen.command("narratives")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@FORMAT
@pass_ctx
def listen_narratives(ctx: Context, since: Any, limit: int, fmt: str) -> None:
    """Các câu chuyện chưa có tin kiểm chứng. / Narratives that match no fact-check."""
    with ctx.session() as session:
        views = svc.list_narratives(session, since=since.date() if since else None, limit=limit)
    if fmt == "json":
        echo_json([asdict(v) for v in views])
        return
    for v in views:
        click.echo(f"#{v.id} [{v.topic}] {v.size} {t(ctx, 'bài', 'posts')}: {v.representative}")
        click.echo(
            f"    {t(ctx, 'theo ngày', 'per day')}: {v.volume}  {t(ctx, 'vùng', 'areas')}: {v.areas}"
        )


@listen.command("alerts")
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]), default=None)
@FORMAT
@ACTOR
@pass_ctx
def listen_alerts(ctx: Context, day: Any, fmt: str, actor: str | None) -> None:
    """Phát hiện câu chuyện tăng đột biến. / Detect narratives that spike."""
    chosen = day.date() if day else date.today()
    with ctx.session() as session:
        views = svc.detect_alerts(
            session, day=chosen, settings=ctx.settings, actor=cli_actor(actor)
        )
    if fmt == "json":
        echo_json([asdict(v) for v in views])
        return
    if not views:
        ctx.say("Không có cảnh báo.", "No alerts.")
    for v in views:
        mark = t(ctx, "MỚI", "NEW") if v.new else ""
        click.echo(
            f"{mark} #{v.narrative_id} {format_number(v.observed, 0, ctx.lang)} > "
            f"{format_number(v.upper, 1, ctx.lang)} ({t(ctx, 'kỳ vọng', 'expected')} "
            f"{format_number(v.expected, 1, ctx.lang)}): {v.representative}"
        )


@listen.command("concerns")
@click.option("--week", type=click.DateTime(["%Y-%m-%d"]), required=True)
@FORMAT
@pass_ctx
def listen_concerns(ctx: Context, week: Any, fmt: str) -> None:
    """Ý kiến, phản ánh, câu hỏi của người dân trong tuần. / A week's public concerns."""
    with ctx.session() as session:
        rows = svc.public_concerns(session, week=week.date())
    if fmt == "json":
        echo_json([asdict(r) for r in rows])
        return
    for r in rows:
        kind = Kind(r.kind).label_vi if ctx.lang == "vi" else Kind(r.kind).label_en
        click.echo(f"{r.count:5}  {kind:<20} {r.topic_label} — {r.district_code or '?'}")


@listen.command("purge")
@click.option("--days", type=click.IntRange(min=0), default=None, help="LOA_RAW_TEXT_DAYS.")
@ACTOR
@pass_ctx
def listen_purge(ctx: Context, days: int | None, actor: str | None) -> None:
    """Xoá nội dung gốc quá hạn lưu giữ. / Delete raw text past the retention period."""
    with ctx.session() as session:
        done = svc.purge_raw_text(
            session, days=ctx.settings.raw_text_days if days is None else days,
            actor=cli_actor(actor),
        )  # fmt: skip
    ctx.say(
        f"Đã xoá nội dung của {done.items} bài và {done.replies} địa chỉ trả lời.",
        f"Cleared the text of {done.items} posts and {done.replies} reply addresses.",
    )


# ------------------------------------------------------------------ response cards


def _show_card(ctx: Context, view: CardView, fmt: str) -> None:
    card = view.card
    if fmt == "json":
        data = asdict(card)
        data["hours_to_correction"] = view.hours_to_correction
        data["deliveries"] = view.deliveries
        echo_json(data)
        return
    click.echo(f"{t(ctx, 'Thẻ', 'Card')} {card.id} [{card.state.value}] {card.claim}")
    if card.team:
        click.echo(f"  {t(ctx, 'tổ', 'team')}: {card.team}")
    for e in card.evidence:
        click.echo(f"  {t(ctx, 'bằng chứng', 'evidence')}: {e.source} — {e.note}")
    if card.correction:
        click.echo(f"  {card.correction}")
    if view.hours_to_correction is not None:
        click.echo(f"  {t(ctx, 'thời gian đến đính chính', 'time to correction')}: "
                   f"{view.hours_to_correction} h")  # fmt: skip


@listen.group("respond")
def respond() -> None:
    """Thẻ phản ứng nhanh: giao, bằng chứng, soạn, duyệt, phát hành. / Response cards."""


@respond.command("open")
@click.option("--narrative", type=int, default=None)
@click.option("--claim", default=None)
@click.option("--supersedes", type=int, default=None)
@click.option(
    "--relabel-reason", default="",
    help="Lý do coi tin là cần kiểm chứng khi hệ thống xếp là ý kiến / why it is a claim.",
)  # fmt: skip
@FORMAT
@ACTOR
@pass_ctx
def respond_open(
    ctx: Context, narrative: int | None, claim: str | None, supersedes: int | None,
    relabel_reason: str, fmt: str, actor: str | None,
) -> None:  # fmt: skip
    """Mở thẻ cho một câu chuyện hoặc một tin cần kiểm chứng. / Open a card on a claim."""
    with ctx.session() as session:
        view, new = rsp.open_card_for(
            session, actor=cli_actor(actor), narrative_id=narrative, claim=claim,
            supersedes=supersedes, relabel_reason=relabel_reason,
        )  # fmt: skip
    if not new and fmt != "json":
        ctx.say(
            f"Câu chuyện {narrative} đã có thẻ {view.card.id} đang xử lý; tiếp tục thẻ đó.",
            f"Narrative {narrative} already has card {view.card.id} in progress; carry on with it.",
        )
    _show_card(ctx, view, fmt)


@respond.command("assign")
@click.argument("card_id", type=int)
@click.option("--team", required=True)
@FORMAT
@ACTOR
@pass_ctx
def respond_assign(ctx: Context, card_id: int, team: str, fmt: str, actor: str | None) -> None:
    """Giao thẻ cho tổ phản ứng nhanh. / Assign a card to a team."""
    with ctx.session() as session:
        view = rsp.assign_card(session, card_id, team=team, actor=cli_actor(actor))
    _show_card(ctx, view, fmt)


@respond.command("evidence")
@click.argument("card_id", type=int)
@click.option("--source", required=True)
@click.option("--note", default="")
@FORMAT
@ACTOR
@pass_ctx
def respond_evidence(
    ctx: Context, card_id: int, source: str, note: str, fmt: str, actor: str | None
) -> None:
    """Thêm bằng chứng. / Attach evidence."""
    with ctx.session() as session:
        view = rsp.add_evidence(session, card_id, source=source, note=note, actor=cli_actor(actor))
    _show_card(ctx, view, fmt)


@respond.command("draft")
@click.argument("card_id", type=int)
@click.option(
    "--truth", required=True,
    help="Câu «Sự thật là ...» (hoặc lý do, với y_kien_phan_anh) / what is true (or why not a claim).",
)  # fmt: skip
@click.option(
    "--verdict", type=click.Choice(list(VERDICT_CHOICES)), required=True,
    help="Kết luận; y_kien_phan_anh: không phải tin cần kiểm chứng / the verdict.",
)  # fmt: skip
@FORMAT
@ACTOR
@pass_ctx
def respond_draft(
    ctx: Context, card_id: int, truth: str, verdict: str, fmt: str, actor: str | None
) -> None:
    """Soạn đính chính, hoặc đóng thẻ không phải tin cần kiểm chứng. / Draft or close."""
    with ctx.session() as session:
        who = cli_actor(actor)
        view = rsp.draft_card(
            session, card_id, truth=truth, actor=who, verdict=verdict,
            user_id=person_of(session, who),
        )  # fmt: skip
    _show_card(ctx, view, fmt)


@respond.command("approve")
@click.argument("card_id", type=int)
@FORMAT
@ACTOR
@pass_ctx
def respond_approve(ctx: Context, card_id: int, fmt: str, actor: str | None) -> None:
    """Duyệt (người thứ hai). / Approve (a second person)."""
    with ctx.session() as session:
        who = cli_actor(actor)
        view = rsp.approve_card(session, card_id, actor=who, user_id=person_of(session, who))
    _show_card(ctx, view, fmt)


@respond.command("reject")
@click.argument("card_id", type=int)
@click.option("--reason", required=True)
@FORMAT
@ACTOR
@pass_ctx
def respond_reject(ctx: Context, card_id: int, reason: str, fmt: str, actor: str | None) -> None:
    """Trả lại để soạn lại. / Send back for a new draft."""
    with ctx.session() as session:
        view = rsp.reject_card(session, card_id, reason=reason, actor=cli_actor(actor))
    _show_card(ctx, view, fmt)


@respond.command("publish")
@click.argument("card_id", type=int)
@click.option("--channel", "channel_names", multiple=True, help="Kênh / channel, repeatable.")
@FORMAT
@ACTOR
@pass_ctx
def respond_publish(
    ctx: Context, card_id: int, channel_names: tuple[str, ...], fmt: str, actor: str | None
) -> None:
    """Phát hành đính chính đã duyệt. / Publish an approved correction."""
    with ctx.session() as session:
        registry, channels = channels_from_settings(session, ctx.settings, channel_names)
        done = rsp.publish_card(
            session, card_id, actor=cli_actor(actor), settings=ctx.settings, registry=registry,
            channels=channels, replier=rsp.reply_sender(ctx.settings, ctx.settings.bulletin_dir),
            office_dir=ctx.settings.bulletin_dir,
        )  # fmt: skip
    _show_card(ctx, done.card, fmt)
    if fmt == "text":
        for d in done.deliveries:
            click.echo(f"  {d.channel}: {d.status} {d.detail}")
        ctx.say(
            f"  Trả lời người gửi tin: {done.replies_sent} đã gửi, {done.replies_failed} lỗi.",
            f"  Replies to tipline senders: {done.replies_sent} sent, {done.replies_failed} failed.",
        )


@listen.command("replies")
@click.option(
    "--retry-failed", is_flag=True, help="Gửi lại cả các trả lời lỗi / also resend failed replies."
)
@pass_ctx
def listen_replies(ctx: Context, retry_failed: bool) -> None:
    """Gửi đính chính đã phát hành cho người gửi tin đang chờ. / Send owed corrections to tipline senders."""
    replier = rsp.reply_sender(ctx.settings, ctx.settings.bulletin_dir)
    if replier is None:
        raise InputError(
            "Chưa đặt cổng nhắn tin LOA_TIPLINE_REPLY_URL; các trả lời vẫn chờ.",
            "No messaging gateway is set (LOA_TIPLINE_REPLY_URL); replies keep waiting.",
        )
    with ctx.session() as session:
        sent, failed = rsp.send_owed_replies(
            session, settings=ctx.settings, replier=replier, office_dir=ctx.settings.bulletin_dir,
            retry_failed=retry_failed,
        )  # fmt: skip
    ctx.say(f"Đã gửi {sent}, lỗi {failed}.", f"Sent {sent}, failed {failed}.")


@respond.command("list")
@click.option("--state", default=None)
@FORMAT
@pass_ctx
def respond_list(ctx: Context, state: str | None, fmt: str) -> None:
    """Liệt kê thẻ. / List cards."""
    with ctx.session() as session:
        views = rsp.list_cards(session, state=state)
    if fmt == "json":
        echo_json([asdict(v.card) | {"hours_to_correction": v.hours_to_correction} for v in views])
        return
    for v in views:
        click.echo(f"{v.card.id:4} [{v.card.state.value:9}] {v.card.claim}")


@respond.command("show")
@click.argument("card_id", type=int)
@FORMAT
@pass_ctx
def respond_show(ctx: Context, card_id: int, fmt: str) -> None:
    """Xem một thẻ. / Show a card."""
    with ctx.session() as session:
        view = rsp.get_card(session, card_id)
    _show_card(ctx, view, fmt)
