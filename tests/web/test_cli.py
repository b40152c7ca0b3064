from __future__ import annotations

from typing import Any


def test_users_and_tokens_commands_manage_accounts(loa: Any) -> None:
    loa("users", "add", "lan", "--role", "viewer", "--password", "a-long-password")
    loa("users", "role", "lan", "admin")
    assert "lan\tadmin" in loa("users", "list").output
    loa("users", "passwd", "lan", "--password", "another-long-one")
    created = loa("tokens", "create", "radio", "--role", "viewer").output
    assert created.strip().splitlines()[-1].startswith("loa_")
    loa("tokens", "revoke", "1")
    assert "đã thu hồi" in loa("tokens", "list").output
    refused = loa(
        "users", "add", "kim", "--role", "reporter", "--password", "a-long-password", ok=False
    )
    assert refused.exit_code == 2
