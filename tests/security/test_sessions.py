"""Attack 1: a copied session cookie kept working after sign-out, a new password or disabling.

The cookie now carries only a random session id; the session lives in the store and ends
at sign-out, on a password, role or scope change, when the account is disabled, when an
administrator ends it (`loa users sessions --end`), and after 10 hours without use.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loa.events import utcnow
from loa.services.accounts import set_password, set_role
from loa.settings import Settings
from loa.store.web_tables import DeskSessionRow

from .conftest import Desk


def _stolen(desk: Desk) -> Desk:
    """Return another browser holding a copy of the desk client's session cookie."""
    thief = desk.other()
    thief.client.cookies.set("loa_session", desk.client.cookies["loa_session"])
    return thief


def _signed_in(browser: Desk) -> bool:
    page = browser.client.get("/")
    if page.status_code == 303:
        assert page.headers["location"].startswith("/login")
        return False
    assert page.status_code == 200, page.text[:300]
    return True


def test_cookie_holds_a_random_id_not_the_login(desk: Desk) -> None:
    desk.user("lan", "comms")
    import base64
    import json

    payload = desk.client.cookies["loa_session"].split(".")[0]
    data = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert "lan" not in json.dumps(data) and len(data["sid"]) >= 40
    # The store keeps only its digest: a copy of the database opens no session.
    import hashlib

    row = desk.session.scalar(select(DeskSessionRow))
    assert row is not None and row.secret_hash == hashlib.sha256(data["sid"].encode()).hexdigest()


def test_sign_out_ends_a_copied_cookie(desk: Desk) -> None:
    desk.user("lan", "comms")
    thief = _stolen(desk)
    assert _signed_in(thief)
    token = desk.csrf("/")
    assert desk.client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert not _signed_in(thief)
    # Nor can the copy write: the API answers as to a stranger.
    answer = thief.client.patch("/api/v1/tasks/1", json={"status": "done"})
    assert answer.status_code in (401, 403)


def test_new_password_ends_every_session(desk: Desk, session: Session) -> None:
    desk.user("lan", "comms")
    thief = _stolen(desk)
    set_password(session, "lan", "another-long-password", actor="cli")
    session.commit()
    assert not _signed_in(thief)
    assert not _signed_in(desk)


def test_disable_then_enable_does_not_revive(desk: Desk, session: Session) -> None:
    desk.user("lan", "comms")
    thief = _stolen(desk)
    set_role(session, "lan", role="comms", active=False, actor="cli")
    session.commit()
    assert not _signed_in(thief)
    set_role(session, "lan", role="comms", active=True, actor="cli")
    session.commit()
    assert not _signed_in(thief)


def test_role_change_ends_sessions_and_the_next_one_has_the_new_role(
    desk: Desk, session: Session
) -> None:
    desk.user("lan", "comms")
    set_role(session, "lan", role="viewer", actor="cli")
    session.commit()
    assert not _signed_in(desk)
    assert desk.sign_in("lan").status_code == 303
    assert desk.client.get("/api/v1/me").json()["role"] == "viewer"


def test_unchanged_role_keeps_the_session(desk: Desk, session: Session) -> None:
    desk.user("lan", "comms")
    set_role(session, "lan", role="comms", actor="cli")
    session.commit()
    assert _signed_in(desk)


def test_session_expires_after_ten_idle_hours(desk: Desk, session: Session) -> None:
    desk.user("lan", "comms")
    assert _signed_in(desk)
    session.execute(update(DeskSessionRow).values(last_seen_at=utcnow() - timedelta(hours=11)))
    session.commit()
    assert not _signed_in(desk)
    row = session.scalar(select(DeskSessionRow))
    assert row is not None and row.ended_why == "idle"


def test_a_forged_or_unknown_id_is_no_session(desk: Desk) -> None:
    desk.user("lan", "comms")
    forged = desk.other()
    # Signed with the right key (as if the key leaked) but naming no session in the store.
    import base64
    import json

    from itsdangerous import TimestampSigner

    body = base64.b64encode(json.dumps({"sid": "x" * 43, "login": "lan"}).encode())
    cookie = TimestampSigner("test-secret").sign(body).decode()
    forged.client.cookies.set("loa_session", cookie)
    assert not _signed_in(forged)


def test_cli_lists_and_ends_sessions(loa: object, tmp_path: Path) -> None:
    from sqlalchemy.orm import Session as OrmSession

    from loa.store.db import make_engine

    run = loa  # the `loa` command on its own SQLite store
    env = run.env  # type: ignore[attr-defined]
    run("users", "add", "lan", "--role", "comms", "--password", "correct-horse-battery")  # type: ignore[operator]
    engine = make_engine(env["LOA_DATABASE_URL"])
    settings = Settings(
        database_url=env["LOA_DATABASE_URL"], data_dir=tmp_path, secret_key="test-secret"
    )
    with OrmSession(engine, expire_on_commit=False) as store:
        first, second = Desk(store, settings), Desk(store, settings)
        assert first.sign_in("lan").status_code == 303
        assert second.sign_in("lan").status_code == 303
        listed = run("users", "sessions", "lan").output  # type: ignore[operator]
        rows = [line.split("\t") for line in listed.splitlines()]
        assert len(rows) == 2 and all(r[1] == "lan" and "đang mở" in r[-1] for r in rows)
        newest = rows[0][0]
        assert "Đã kết thúc phiên" in run("users", "sessions", "--end", newest).output  # type: ignore[operator]
        assert _signed_in(first) and not _signed_in(second)
        assert "1 phiên" in run("users", "sessions", "--end-all", "lan").output  # type: ignore[operator]
        assert not _signed_in(first)
        assert "Không có phiên" in run("users", "sessions").output  # type: ignore[operator]
        ended = run("users", "sessions", "lan", "--ended", "--format", "json").output  # type: ignore[operator]
        assert ended.count('"ended_why"') == 2
        listed = run("users", "sessions", "lan", "--ended").output  # type: ignore[operator]
        assert "đã kết thúc: quản trị viên kết thúc" in listed
        missing = run("users", "sessions", "--end", "999", ok=False)  # type: ignore[operator]
        assert missing.exit_code != 0 and "999" in missing.output
        run("users", "passwd", "lan", "--password", "another-long-password")  # type: ignore[operator]
    engine.dispose()
