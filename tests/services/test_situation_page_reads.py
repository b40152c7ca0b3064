"""One read of a province's reports gives the same levels and series as a read per question."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from sqlalchemy.orm import Session

from loa.services.situation import import_situation_file
from loa.services.situation_series import area_from, load_area, read_province
from loa.situation.rules import load_rules
from loa.web.situation_data import daily_cases, page_reads, unit_levels

DAY = date(2021, 7, 31)
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"


def _import(session: Session, text: str, name: str) -> None:
    import_situation_file(
        session, text.encode(), name, province_code="24", today=date(2021, 12, 31), actor="test"
    )


def _reports(session: Session) -> None:
    days = [DAY - timedelta(days=k) for k in range(80)]
    rows = "".join(f"{d},07759,{d.day % 5},1,0,0,0\n" for d in days)
    rows += "".join(f"{d},07201,{d.day % 3},0,0,0,0\n" for d in days[::2])
    # The district reports on its own early in the quarter only: outside the levels' weeks.
    rows += "2021-05-10,222,9,0,0,0,0\n"
    _import(session, HEADER + rows, "daily.csv")
    _import(session, HEADER + f"{DAY - timedelta(days=3)},07759,40,0,0,0,0\n", "fixed.csv")


def test_area_taken_from_a_longer_read_equals_its_own_read(session: Session) -> None:
    _reports(session)
    reads = read_province(session, "24", DAY - timedelta(days=89), DAY)
    first = DAY - timedelta(days=33)
    for level in ("commune", "district", "province"):
        alone = load_area(session, "24", level, first, DAY)
        taken = area_from(reads, level, first, DAY)
        assert taken.series.units == alone.series.units
        assert taken.basis == alone.basis and taken.parent_of == alone.parent_of
        for name in ("community", "quarantined", "total", "deaths", "severe"):
            np.testing.assert_array_equal(getattr(taken.series, name), getattr(alone.series, name))
    district = area_from(reads, "district", first, DAY)
    assert district.basis["222"] == "sum of communes"
    assert area_from(reads, "district", reads.first, DAY).basis["222"] == "own reports"


def test_corrected_figure_is_read_at_its_latest_version(session: Session) -> None:
    _reports(session)
    cases = dict(daily_cases(session, "24", "07759", DAY, days=10))
    assert cases[DAY - timedelta(days=3)] == 40


def test_page_read_once_shows_what_separate_reads_show(session: Session) -> None:
    _reports(session)
    rules = load_rules("qd4800-2021")
    reads = page_reads(session, "24", DAY, level_rules=rules, days=90)
    for level in ("commune", "district"):
        assert unit_levels(
            session, "24", DAY, level_rules=rules, level=level, reads=reads
        ) == unit_levels(session, "24", DAY, level_rules=rules, level=level)
    for unit in ("24", "222", "07759", "07201", "99999"):
        assert daily_cases(session, "24", unit, DAY, days=60, reads=reads) == daily_cases(
            session, "24", unit, DAY, days=60
        )
