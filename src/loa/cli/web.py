"""`loa serve`, `loa users ...`, `loa tokens ...`: the web desk and who may use it."""

from __future__ import annotations

import click

from loa.cli.common import Context, echo_json, pass_ctx, t
from loa.formatting import format_number
from loa.services import accounts

__all__ = ["register"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(serve)
    root.add_command(users)
    root.add_command(tokens)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe / address.")
@click.option("--port", default=8000, show_default=True, type=int, help="Cổng / port.")
@click.option(
    "--warm-up/--no-warm-up",
    default=True,
    show_default=True,
    help="Nạp mô hình so khớp trước khi mở cổng / load the matching model before serving.",
)
@pass_ctx
def serve(ctx: Context, host: str, port: int, warm_up: bool) -> None:
    """Chạy bàn điều hành web. / Serve the web desk."""
    import uvicorn

    from loa.services.listening import warm_up as warm_listening
    from loa.web.app import create_app

    with ctx.session() as session:  # refuses with a clear message when `loa init` has not run
        if warm_up:
            name = ctx.settings.listen_embedder
            ctx.say(
                f"Đang nạp mô hình so khớp tin ({name}) và thư viện tin đã kiểm chứng…",
                f"Loading the claim-matching model ({name}) and the fact-check library…",
            )
            warm = warm_listening(session, ctx.settings)
            seconds = format_number(warm.seconds, 1, lang=ctx.lang)
            count = format_number(warm.factchecks, lang=ctx.lang)
            ctx.say(
                f"Đã nạp mô hình so khớp và {count} tin đã kiểm chứng trong {seconds} giây.",
                f"Claim-matching model and {count} fact-checks loaded in {seconds} s.",
            )
    settings = ctx.settings
    if settings.cookie_secure is None:
        # Browsers treat localhost as secure, but plain http://127.0.0.1 would drop a Secure cookie.
        settings = settings.model_copy(update={"cookie_secure": host not in LOCAL_HOSTS})
    ctx.say(f"Bàn điều hành Loa: http://{host}:{port}/", f"Loa desk: http://{host}:{port}/")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


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
            session, login, secret, role=role, org_id=org_id, display_name=display_name, actor="cli"
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
        accounts.set_password(session, login, secret, actor="cli")
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
            session, login, role=role, org_id=org_id, active=active, actor="cli"
        )
    ctx.say(f"{user.login}: {user.role}.", f"{user.login}: {user.role}.")


@click.group()
def tokens() -> None:
    """Mã truy cập API cho máy khách. / API tokens for machine clients."""


@tokens.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="viewer", show_default=True)
@click.option("--org", "org_id", default=None, help="Tổ chức / organisation scope.")
@pass_ctx
def tokens_create(ctx: Context, name: str, role: str, org_id: str | None) -> None:
    """Tạo mã; mã chỉ hiện một lần. / Create a token, shown once."""
    with ctx.session() as session:
        info, secret = accounts.create_token(session, name, role=role, org_id=org_id, actor="cli")
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
        click.echo(f"{tok.id}\t{tok.name}\t{tok.prefix}…\t{tok.role}\t{tok.org_id or ''}\t{state}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
@pass_ctx
def tokens_revoke(ctx: Context, token_id: int) -> None:
    """Thu hồi mã. / Revoke a token."""
    with ctx.session() as session:
        accounts.revoke_token(session, token_id, actor="cli")
    ctx.say("Đã thu hồi.", "Revoked.")
