"""`loa serve`, `loa users ...`, `loa tokens ...`: the web desk and who may use it."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session

from loa.cli.common import Context, cli_actor, echo_json, pass_ctx, t
from loa.formatting import format_date, format_number
from loa.services import accounts, desk_sessions
from loa.store.storage_errors import check_writable

__all__ = ["register"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
# Why a session ended, as stored (desk_sessions.ended_why), in words.
ENDED_WHY = {
    "signed out": ("đã đăng xuất", "signed out"),
    "password": ("đổi mật khẩu", "password changed"),
    "role": ("đổi vai trò hoặc tổ chức", "role or organisation changed"),
    "disabled": ("tài khoản bị khóa", "account disabled"),
    "idle": ("quá 10 giờ không dùng", "unused for 10 hours"),
    "ended by admin": ("quản trị viên kết thúc", "ended by an administrator"),
}


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(serve)
    root.add_command(users)
    root.add_command(tokens)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe / address.")
@click.option("--port", default=8000, show_default=True, type=int, help="Cổng / port.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Số tiến trình phục vụ (PostgreSQL khi nhiều hơn 1) / server processes "
    "(PostgreSQL when more than one).",
)
@click.option(
    "--warm-up/--no-warm-up",
    default=True,
    show_default=True,
    help="Nạp mô hình so khớp trước khi mở cổng / load the matching model before serving.",
)
@pass_ctx
def serve(ctx: Context, host: str, port: int, workers: int, warm_up: bool) -> None:
    """Chạy bàn điều hành web. / Serve the web desk."""
    import uvicorn

    from loa.services.listening import listen_salt
    from loa.web.app import WARM_UP_VARIABLE, create_app, secret_key

    with ctx.session() as session:  # refuses with a clear message when `loa init` has not run
        if warm_up and workers == 1:
            _warm_listening(ctx, session)
    # A damaged or read-only store is refused here, with what to do, not found by the first user.
    check_writable(ctx.engine)
    settings = ctx.settings
    if settings.cookie_secure is None:
        # Browsers treat localhost as secure, but plain http://127.0.0.1 would drop a Secure cookie.
        settings = settings.model_copy(update={"cookie_secure": host not in LOCAL_HOSTS})
    ctx.say(f"Bàn điều hành Loa: http://{host}:{port}/", f"Loa desk: http://{host}:{port}/")
    # Loa reads X-Forwarded-For itself, only from LOA_TRUSTED_PROXIES (see loa.web.deps);
    # uvicorn's own handling would believe any header sent from 127.0.0.1.
    if workers == 1:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=False,
            forwarded_allow_ips="",
        )
        return
    if ctx.engine.dialect.name == "sqlite":
        ctx.say(
            "Lưu ý: SQLite chỉ cho một tiến trình ghi mỗi lúc; nhiều tiến trình nên dùng PostgreSQL.",
            "Note: SQLite lets one process write at a time; several processes want PostgreSQL.",
        )
    # Made once here, so that the worker processes read them instead of racing to create them.
    secret_key(settings)
    listen_salt(settings)
    os.environ["LOA_COOKIE_SECURE"] = "true" if settings.cookie_secure else "false"
    # Each process loads the matching model itself, before it takes requests.
    os.environ[WARM_UP_VARIABLE] = "1" if warm_up else "0"
    if warm_up:
        ctx.say(
            f"Mỗi tiến trình nạp mô hình so khớp tin ({settings.listen_embedder}) trước khi "
            "nhận yêu cầu.",
            f"Each process loads the claim-matching model ({settings.listen_embedder}) "
            "before it takes requests.",
        )
    uvicorn.run(
        "loa.web.app:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        forwarded_allow_ips="",
    )


def _warm_listening(ctx: Context, session: Session) -> None:
    """Load the matching model and the library's matcher now, saying so (vi/en)."""
    from loa.services.listening import warm_up

    name = ctx.settings.listen_embedder
    ctx.say(
        f"Đang nạp mô hình so khớp tin ({name}) và thư viện tin đã kiểm chứng…",
        f"Loading the claim-matching model ({name}) and the fact-check library…",
    )
    warm = warm_up(session, ctx.settings)
    seconds = format_number(warm.seconds, 1, lang=ctx.lang)
    count = format_number(warm.factchecks, lang=ctx.lang)
    ctx.say(
        f"Đã nạp mô hình so khớp và {count} tin đã kiểm chứng trong {seconds} giây.",
        f"Claim-matching model and {count} fact-checks loaded in {seconds} s.",
    )


@click.group()
def users() -> None:
    """Người dùng bàn điều hành web. / Users of the web desk."""


def _ask_password() -> str:
    value: str = click.prompt(
        "Mật khẩu / password", hide_input=True, confirmation_prompt=True, err=True
    )
    return value


@users.command("add")
@click.argument("login")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True, help="Vai trò / role.")
@click.option("--org", "org_id", default=None, help="Tổ chức (báo cáo viên) / organisation.")
@click.option("--name", "display_name", default="", help="Họ tên / display name.")
@click.option("--password", default=None, help="Mật khẩu (mặc định: hỏi) / password (prompted).")
@pass_ctx
def users_add(
    ctx: Context, login: str, role: str, org_id: str | None, display_name: str, password: str | None
) -> None:
    """Thêm người dùng. / Add a user."""
    secret = password or _ask_password()
    with ctx.session() as session:
        user = accounts.create_user(
            session,
            login,
            secret,
            role=role,
            org_id=org_id,
            display_name=display_name,
            actor=cli_actor(),
        )
    ctx.say(f"Đã thêm {user.login} ({user.role}).", f"Added {user.login} ({user.role}).")


@users.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def users_list(ctx: Context, fmt: str) -> None:
    """Liệt kê người dùng. / List users."""
    with ctx.session() as session:
        found = accounts.list_users(session)
    if fmt == "json":
        echo_json([u.__dict__ for u in found])
        return
    for u in found:
        state = "" if u.active else t(ctx, " (đã khóa)", " (disabled)")
        click.echo(f"{u.login}\t{u.role}\t{u.org_id or ''}{state}")


@users.command("passwd")
@click.argument("login")
@click.option("--password", default=None, help="Mật khẩu mới (mặc định: hỏi) / new password.")
@pass_ctx
def users_passwd(ctx: Context, login: str, password: str | None) -> None:
    """Đổi mật khẩu. / Change a password."""
    secret = password or _ask_password()
    with ctx.session() as session:
        accounts.set_password(session, login, secret, actor=cli_actor())
    ctx.say("Đã đổi mật khẩu.", "Password changed.")


@users.command("role")
@click.argument("login")
@click.argument("role", type=click.Choice(accounts.ROLES))
@click.option("--org", "org_id", default=None, help="Tổ chức / organisation.")
@click.option(
    "--disable/--enable", default=None, help="Khóa hoặc mở tài khoản / disable or enable."
)
@pass_ctx
def users_role(
    ctx: Context, login: str, role: str, org_id: str | None, disable: bool | None
) -> None:
    """Đổi vai trò, tổ chức. / Change a user's role and scope."""
    active = None if disable is None else not disable
    with ctx.session() as session:
        user = accounts.set_role(
            session, login, role=role, org_id=org_id, active=active, actor=cli_actor()
        )
    ctx.say(f"{user.login}: {user.role}.", f"{user.login}: {user.role}.")


def _when(ctx: Context, moment: datetime) -> str:
    local = moment.astimezone(LOCAL_TIME)
    return f"{local:%H:%M} {format_date(local.date(), ctx.lang)}"


@users.command("sessions")
@click.argument("login", required=False)
@click.option(
    "--end", "end_id", type=int, default=None, help="Kết thúc phiên số ID / end session ID."
)
@click.option(
    "--end-all", "end_login", default=None, metavar="LOGIN", help="Kết thúc mọi phiên / end all."
)
@click.option("--ended", is_flag=True, help="Kể cả phiên đã kết thúc / include ended sessions.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def users_sessions(
    ctx: Context,
    login: str | None,
    end_id: int | None,
    end_login: str | None,
    ended: bool,
    fmt: str,
) -> None:
    """Liệt kê hoặc kết thúc phiên đăng nhập. / List or end signed-in sessions."""
    with ctx.session() as session:
        if end_id is not None:
            desk_sessions.end_session_by_id(session, end_id, actor=cli_actor())
            ctx.say(f"Đã kết thúc phiên {end_id}.", f"Session {end_id} ended.")
            return
        if end_login is not None:
            count = desk_sessions.end_sessions_of(session, end_login, actor=cli_actor())
            ctx.say(
                f"Đã kết thúc {count} phiên của {end_login}.",
                f"Ended {count} session(s) of {end_login}.",
            )
            return
        found = desk_sessions.list_sessions(session, login, ended=ended)
    if fmt == "json":
        echo_json([s.__dict__ for s in found])
        return
    if not found:
        ctx.say("Không có phiên nào đang mở.", "No open sessions.")
    for item in found:
        why_vi, why_en = ENDED_WHY.get(item.ended_why or "", (item.ended_why, item.ended_why))
        state = (
            t(ctx, f"đã kết thúc: {why_vi}", f"ended: {why_en}")
            if item.ended_at
            else t(ctx, "đang mở", "open")
        )
        click.echo(
            f"{item.id}\t{item.login}\t{t(ctx, 'từ', 'since')} {_when(ctx, item.created_at)}\t"
            f"{t(ctx, 'dùng lần cuối', 'last used')} {_when(ctx, item.last_seen_at)}\t"
            f"{item.ip}\t{state}"
        )


@click.group()
def tokens() -> None:
    """Mã truy cập API cho máy khách. / API tokens for machine clients."""


@tokens.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(accounts.ROLES),
    default=None,
    help="Vai trò (mặc định viewer) / role (default viewer).",
)
@click.option("--org", "org_id", default=None, help="Tổ chức / organisation scope.")
@click.option(
    "--user",
    default=None,
    help="Cấp cho người dùng này: mã mang vai trò của họ / issue to this person (their role).",
)
@pass_ctx
def tokens_create(
    ctx: Context, name: str, role: str | None, org_id: str | None, user: str | None
) -> None:
    """Tạo mã; mã chỉ hiện một lần. / Create a token, shown once."""
    with ctx.session() as session:
        info, secret = accounts.create_token(
            session, name, role=role, org_id=org_id, user=user, actor=cli_actor()
        )
    ctx.say(
        f"Mã {info.id} ({info.role}), lưu lại ngay:", f"Token {info.id} ({info.role}), keep it now:"
    )
    click.echo(secret)


@tokens.command("list")
@pass_ctx
def tokens_list(ctx: Context) -> None:
    """Liệt kê mã. / List tokens."""
    with ctx.session() as session:
        found = accounts.list_tokens(session)
    for tok in found:
        state = t(ctx, "đã thu hồi", "revoked") if tok.revoked else ""
        owner = tok.user or ""
        click.echo(
            f"{tok.id}\t{tok.name}\t{tok.prefix}…\t{tok.role}\t{tok.org_id or ''}\t{owner}\t{state}"
        )


@tokens.command("revoke")
@click.argument("token_id", type=int)
@pass_ctx
def tokens_revoke(ctx: Context, token_id: int) -> None:
    """Thu hồi mã. / Revoke a token."""
    with ctx.session() as session:
        accounts.revoke_token(session, token_id, actor=cli_actor())
    ctx.say("Đã thu hồi.", "Revoked.")
