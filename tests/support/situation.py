"""Case data put into the test's store the way an officer imports it: rows of a CSV, or the
two files whose figures conflict (the portal's province series and a commune's own file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from loa.services.situation import import_situation_file

__all__ = ["HEADER", "import_rows", "import_two_sources"]

DATA = Path(__file__).resolve().parents[1] / "data" / "situation"
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"


def import_rows(session: Session, rows: list[str], name: str) -> int:
    """Return the import id of `rows` (lines under HEADER) imported as the file `name`."""
    outcome = import_situation_file(
        session,
        (HEADER + "".join(rows)).encode(),
        name,
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    return outcome.import_id


def import_two_sources(session: Session) -> None:
    """Import the portal's series for 1–14/12/2021 and Xã Tam Dị's own file (they disagree)."""
    for name, source in (
        ("portal_2021-12-01_14.csv", "national_portal"),
        ("tam_di_2021-12-07_14.csv", None),
    ):
        import_situation_file(
            session,
            (DATA / name).read_bytes(),
            name,
            province_code="24",
            today=date(2021, 12, 31),
            actor="test",
            source=source,
        )
