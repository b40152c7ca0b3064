"""A command, an option or a setting that is not documented is not finished."""

from __future__ import annotations

from pathlib import Path

import click

from loa.cli import cli
from loa.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _docs_text() -> str:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _commands(group: click.Group, prefix: str = "loa") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


def test_every_command_is_documented() -> None:
    text = _docs_text()
    missing = [path for path, _ in _commands(cli) if f"`{path}" not in text]
    assert missing == []


def test_every_option_of_every_command_is_documented() -> None:
    text = _docs_text()
    missing = []
    for path, command in _commands(cli):
        for param in command.params:
            documented = any(opt in text for opt in param.opts)
            if isinstance(param, click.Option) and not param.hidden and not documented:
                missing.append(f"{path} {param.opts[0]}")
    assert missing == []


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [
        f"LOA_{name.upper()}"
        for name in Settings.model_fields
        if f"`LOA_{name.upper()}`" not in text
    ]
    assert missing == []


def test_every_plugin_group_is_documented() -> None:
    from loa.plugins import GROUPS

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert [group for group in GROUPS if f"| `{group}` |" not in text] == []
