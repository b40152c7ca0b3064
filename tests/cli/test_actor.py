"""Every `loa` command records its actor one way: `--actor`, else the login that runs it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from tests.conftest import LoaCli

from loa.cli.common import cli_actor
from loa.store.db import make_engine, session_scope
from loa.store.tables import EventRow


def _actors(loa: LoaCli, after: int = 0) -> dict[str, set[str]]:
    """Return who recorded the events after event `after`, by area."""
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    with session_scope(engine) as session:
        rows = session.execute(
            select(EventRow.kind, EventRow.actor).where(EventRow.id > after)
        ).all()
    engine.dispose()
    found: dict[str, set[str]] = {}
    for kind, actor in rows:
        found.setdefault(kind.split(".")[0], set()).add(actor)
    return found


def test_commands_of_every_area_record_the_login_that_runs_them(
    loa: LoaCli, tmp_path: Path
) -> None:
    loa.env = loa.env | {"LOGNAME": "thu-vanthu", "USER": "thu-vanthu"}
    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    with session_scope(engine) as session:
        before = session.scalar(select(func.max(EventRow.id))) or 0  # the store's own set-up
    engine.dispose()
    people = tmp_path / "population.csv"
    people.write_text("unit_code,population,year\n07807,20000,2021\n", encoding="utf-8")
    loa("units", "population", str(people))  # recorded "cli" before
    loa("listen", "respond", "open", "--claim", "Uống nước chanh gừng chữa khỏi covid")
    loa("users", "add", "lan", "--role", "viewer", "--password", "correct-horse-battery")
    actors = _actors(loa, after=before)
    assert len(actors) >= 3, actors
    assert set().union(*actors.values()) == {"thu-vanthu"}, actors


def test_the_actor_option_wins_over_the_login() -> None:
    assert cli_actor("  minh ") == "minh"
    assert cli_actor(None) == cli_actor("") != ""
