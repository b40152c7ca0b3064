"""`loa backup` and `loa restore` round-trip a populated store."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner
from tests.conftest import pg_schema

from loa.cli import cli


def _run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _snapshot(env: dict[str, str]) -> dict[str, object]:
    return {
        "directives": json.loads(_run(env, "directive", "list", "--format", "json")),
        "tasks": json.loads(_run(env, "task", "list", "--format", "json")),
        "levels": json.loads(
            _run(
                env,
                "situation",
                "levels",
                "--date",
                "2021-06-01",
                "--level",
                "district",
                "--format",
                "json",
            )
        ),
    }


def test_backup_and_restore_round_trip_a_populated_store(demo_loa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tasks = json.loads(demo_loa("task", "list", "--format", "json").output)
    demo_loa(
        "task",
        "update",
        str(tasks[0]["id"]),
        "--status",
        "done",
        "--note",
        "xong",
        "--metric",
        "articles=4",
    )
    before = _snapshot(demo_loa.env)
    archive = tmp_path / "loa.backup.gz"
    demo_loa("backup", str(archive))
    with gzip.open(archive, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())
    assert header["format"] == "loa-backup"

    fresh = {**demo_loa.env, "LOA_DATABASE_URL": f"sqlite:///{tmp_path / 'restored.db'}"}
    _run(fresh, "init", "--empty")
    _run(fresh, "restore", str(archive))
    assert _snapshot(fresh) == before
    history = json.loads(_run(fresh, "task", "show", str(tasks[0]["id"]), "--format", "json"))[
        "history"
    ]
    assert history[-1]["note"] == "xong"
    # New rows after a restore get fresh ids.
    _run(fresh, "task", "update", str(tasks[1]["id"]), "--status", "doing")

    # Restoring twice is refused: the target already holds data, and nothing changes.
    again = CliRunner().invoke(cli, ["restore", str(archive)], env=fresh)
    assert again.exit_code == 2 and "already holds data" in again.output


def test_restore_into_postgresql(demo_loa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(demo_loa.env)
    archive = tmp_path / "loa.backup.gz"
    demo_loa("backup", str(archive))
    with pg_schema("loa_restore") as url:
        env = {**demo_loa.env, "LOA_DATABASE_URL": url}
        _run(env, "init", "--empty")
        _run(env, "restore", str(archive))
        assert _snapshot(env) == before
        tasks = json.loads(_run(env, "task", "list", "--format", "json"))
        _run(
            env,
            "task",
            "update",
            str(tasks[0]["id"]),
            "--status",
            "doing",
            "--note",
            "sau khôi phục",
        )


def test_damaged_backup_is_refused_with_a_message(loa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "not-a-backup.gz"
    bogus.write_bytes(b"hello")
    result = loa("restore", str(bogus), ok=False)
    assert result.exit_code == 2 and "not a Loa backup" in result.output
