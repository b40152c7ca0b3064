"""`loa situation ...`: case data in; indicators, R_t and levels out."""

from __future__ import annotations

import click

__all__ = ["register"]


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(situation)


@click.group()
def situation() -> None:
    """Tình hình dịch: số liệu, chỉ số, R_t, cấp độ. / The epidemic situation."""
