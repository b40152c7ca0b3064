"""Conflicts between sources end when corrected data agrees, and reopen when it disagrees again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from loa.services.situation import import_situation_file
from loa.services.situation_conflicts import conflicts_on, resolve_conflict
from loa.services.situation_report import indicators_on

DATA = Path(__file__).resolve().parents[1] / "data" / "situation"
DAY = date(2021, 12, 14)


def _import(session: Session, raw: bytes, name: str, source: str | None) -> None:
    import_situation_file(
        session, raw, name, province_code="24", today=date(2021, 12, 31), actor="t", source=source
    )


def test_corrected_data_ends_a_conflict_and_a_new_disagreement_reopens_a_resolved_one(
    session: Session,
) -> None:
    _import(session, (DATA / "portal_2021-12-01_14.csv").read_bytes(), "p.csv", "national_portal")
    _import(session, (DATA / "tam_di_2021-12-07_14.csv").read_bytes(), "t.csv", None)
    [before] = conflicts_on(session, "24", DAY)
    assert before.values == {"commune_reports": 44.0, "national_portal": 11.0}

    # The portal's corrected figure for 14/12 includes the commune's cases: no conflict left.
    _import(session, b"date,new_cases_raw\n2021-12-14,52\n", "p2.csv", "national_portal")
    assert conflicts_on(session, "24", DAY) == []
    _, [province] = indicators_on(session, "24", "province", DAY)
    assert province.new_cases == 52

    # A choice holds only for the values it saw.
    [earlier] = conflicts_on(session, "24", date(2021, 12, 13))
    chosen = resolve_conflict(
        session,
        province_code="24",
        unit_code="24",
        day=date(2021, 12, 13),
        measure="total",
        source="commune_reports",
        actor="hoa",
        reason="Báo cáo xã",
    )
    assert chosen.resolved and earlier.values["national_portal"] == 17.0
    _import(session, b"date,new_cases_raw\n2021-12-13,20\n", "p3.csv", "national_portal")
    [again] = conflicts_on(session, "24", date(2021, 12, 13))
    assert not again.resolved and again.values["national_portal"] == 20.0
