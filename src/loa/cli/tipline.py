"""`loa tipline check` and `loa tipline zalo-tokens`: connecting the province's Zalo OA."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click

from loa.cli.common import Context, echo_json, pass_ctx, t
from loa.errors import LoaError
from loa.formatting import format_date
from loa.http import HttpxTransport, Request
from loa.services.zalo import ZaloCheck, check_zalo, save_tokens, signed_test_event

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(tipline)


@click.group()
def tipline() -> None:
    """Đường dây tin báo (Zalo OA). / The tipline (Zalo Official Account)."""


@tipline.command("check")
@click.option(
    "--url",
    default=None,
    help="Địa chỉ webhook Zalo của bàn điều hành để gửi thử một sự kiện có chữ ký "
    "(vd. https://loa.example.vn/tipline/v1/zalo) / the desk's Zalo webhook URL to send a "
    "signed test event to.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def check(ctx: Context, url: str | None, fmt: str) -> None:
    """Kiểm tra cấu hình Zalo OA. / Check the Zalo OA set-up."""
    now = datetime.now(UTC)
    checks = check_zalo(ctx.settings, now=now)
    if url:
        raw, header = signed_test_event(ctx.settings, now=now)
        headers = {"Content-Type": "application/json", "X-ZEvent-Signature": header}
        answer = HttpxTransport().send(Request("POST", url, headers, raw))
        checks.append(_url_check(url, answer.status))
    if fmt == "json":
        echo_json([asdict(c) for c in checks])
    else:
        for c in checks:
            click.echo(("✓ " if c.ok else "✗ ") + t(ctx, c.vi, c.en))
    if not all(c.ok for c in checks):
        raise SystemExit(1)


def _url_check(url: str, status: int) -> ZaloCheck:
    if status == 200:
        return ZaloCheck(True, f"{url}: nhận sự kiện thử (200)", f"{url}: test event taken (200)")
    why_vi, why_en = {
        401: ("chữ ký bị từ chối: khóa bí mật OA hoặc mã ứng dụng của máy chủ khác với ở đây",
              "signature refused: the server's OA secret or app id differs from these"),
        599: ("không kết nối được", "no connection"),
    }.get(status, (f"mã trả lời {status}", f"answered {status}"))  # fmt: skip
    return ZaloCheck(False, f"{url}: {why_vi}", f"{url}: {why_en}")


@tipline.command("zalo-tokens")
@click.option(
    "--access-token",
    prompt="Access token",
    hide_input=True,
    help="Mã truy cập OA / the OA access token.",
)
@click.option(
    "--refresh-token",
    prompt="Refresh token",
    hide_input=True,
    help="Mã làm mới (dùng một lần) / the single-use refresh token.",
)
@click.option(
    "--expires-in",
    type=click.IntRange(min=60),
    default=90_000,
    show_default=True,
    help="Số giây mã truy cập còn hiệu lực (expires_in của Zalo) / seconds the access token "
    "is valid (Zalo's expires_in).",
)
@pass_ctx
def zalo_tokens(ctx: Context, access_token: str, refresh_token: str, expires_in: int) -> None:
    """Lưu mã truy cập của OA (niêm phong). / Store the OA's tokens (sealed)."""
    if not access_token.strip() or not refresh_token.strip():
        raise LoaError(
            "Cần cả mã truy cập và mã làm mới từ lần cấp quyền OA (xem docs/zalo.md).",
            "Both the access token and the refresh token of the OA's authorisation are needed "
            "(see docs/zalo.md).",
        )
    tokens = save_tokens(
        ctx.settings, access_token.strip(), refresh_token.strip(), expires_in, now=datetime.now(UTC)
    )
    local = tokens.expires_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    until = f"{local:%H:%M} {format_date(local.date(), ctx.lang)}"
    ctx.say(
        f"Đã lưu mã truy cập Zalo OA (niêm phong), hiệu lực đến {until}; Loa tự làm mới trước khi hết hạn.",
        f"Zalo OA tokens stored (sealed), valid until {until}; Loa refreshes them before they expire.",
    )
