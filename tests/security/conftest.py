"""The desk as an attacker meets it, on SQLite and PostgreSQL: a browser-like client that can sign in.

Every test here reproduces one attack found when the desk was probed (issue 13) and checks that
it now fails, with the `session` fixture of tests/conftest.py (both stores). The desk is the one
the pages are tested on (tests/support/desk.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.support.desk import PASSWORD, Desk, cheap_hashes, desk, settings

from loa.directory.orgs import load_bundled_orgs
from loa.services.accounts import create_user
from loa.services.directives import import_directive, list_tasks
from loa.services.directory import save_organisations
from loa.services.situation import import_situation_file

__all__ = [
    "DAY", "HEADER", "OWN", "PARK", "PASSWORD", "Desk", "bearer", "cheap_hashes", "desk",
    "office", "own_task", "settings",
]  # fmt: skip

DAY = date(2021, 5, 25)
PARK = "07807"
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
#: The reporter's agency (Sở Thông tin và Truyền thông), which the seed dispatch gives tasks.
OWN = "bg.so-tttt"


@pytest.fixture
def office(desk: Desk) -> Desk:
    """A desk with a fortnight of cases, `lan` (comms) signed in and `minh` (comms) known."""
    days = [DAY - timedelta(days=d) for d in range(14, -1, -1)]
    rows = "".join(f"{d},{PARK},{5 + i},0,0,0,10\n" for i, d in enumerate(days))
    import_situation_file(
        desk.session,
        (HEADER + rows).encode(),
        "a.csv",
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    create_user(desk.session, "minh", PASSWORD, role="comms", actor="test")
    return desk.user("lan", "comms")


@pytest.fixture
def own_task(desk: Desk, seed_path: Path) -> int:
    """The id of a task of the reporter's agency, from the seed dispatch."""
    save_organisations(desk.session, load_bundled_orgs(), actor="test")
    import_directive(desk.session, seed_path.read_bytes(), seed_path.name, actor="test")
    desk.session.commit()
    return list_tasks(desk.session, org_id=OWN)[0].id


def bearer(token: str) -> dict[str, str]:
    """Return the header that authenticates with an API token."""
    return {"Authorization": f"Bearer {token}"}
