"""The deployment files name every setting and run the commands Loa has."""

from __future__ import annotations

from pathlib import Path

from loa.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_the_example_environment_lists_every_setting() -> None:
    text = (DEPLOY / "loa.env.example").read_text(encoding="utf-8")
    listed = {
        line.lstrip("# ").split("=", 1)[0]
        for line in text.splitlines()
        if line.lstrip("# ").startswith("LOA_") and "=" in line
    }
    missing = sorted(
        f"LOA_{n.upper()}" for n in Settings.model_fields if f"LOA_{n.upper()}" not in listed
    )
    assert missing == []


def test_the_units_and_compose_file_start_the_web_desk_and_workers() -> None:
    compose = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert '["loa", "worker"]' in compose and "postgres:" in compose
    assert "loa worker" in (DEPLOY / "loa-worker.service").read_text(encoding="utf-8")
    assert "loa serve" in (DEPLOY / "loa-web.service").read_text(encoding="utf-8")
    assert "loa serve" in (DEPLOY / "Containerfile").read_text(encoding="utf-8")
