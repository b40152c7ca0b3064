"""The situation page answers first: levels, the board of units, R_t as a number."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from loa.directory.units import PopulationFigure
from loa.services.directory import import_population
from loa.services.situation import import_situation_file

from .conftest import Desk

DAY = date(2021, 5, 25)
PARK = "07807"  # Xã Quang Châu, Việt Yên
QUIET = "07660"  # reports only zeros
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined\n"


@pytest.fixture
def cases(session: Session) -> None:
    figures = [
        PopulationFigure(PARK, 20_000, 2019, False, 2),
        PopulationFigure(QUIET, 10_000, 2019, False, 3),
    ]
    import_population(session, figures, filename="p.csv", source="test", actor="test")
    days = [DAY - timedelta(days=d) for d in range(41, -1, -1)]
    rows = [f"{d},{PARK},{20 + i},0\n{d},{QUIET},0,0\n" for i, d in enumerate(days)]
    import_situation_file(
        session,
        (HEADER + "".join(rows)).encode(),
        "cases.csv",
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    session.commit()


def _row(page: str, code: str) -> str:
    board = page.split('data-testid="situation-table"')[1]
    return board.split(f'data-unit="{code}"')[1].split("</tr>")[0]


def test_board_puts_the_highest_level_first_with_figures_and_reasons_on_demand(
    desk: Desk, cases: None
) -> None:
    desk.user("an", "viewer")
    page = desk.client.get(f"/situation?day={DAY}").text
    board = page.split('data-testid="situation-table"')[1]
    assert re.findall(r'data-unit="(\d+)"', board)[0] == PARK  # the one commune at level 4
    row = _row(page, PARK)
    assert "level-4" in row and "Việt Yên" in row
    assert re.search(r'<td class="num">[\d.]+</td>', row)  # cases in 7 days, Vietnamese digits
    assert "<details" in row and "<li>" in row and "Kết luận" in row
    assert PARK not in re.sub(r"<[^>]+>", " ", row)  # named, never shown by code


def test_board_filters_by_district_and_level_and_pages_through(desk: Desk, cases: None) -> None:
    desk.user("an", "viewer")
    page = desk.client.get("/situation", params={"day": DAY, "district": "Việt Yên"}).text
    board = page.split('data-testid="situation-table"')[1]
    assert f'data-unit="{PARK}"' in board and f'data-unit="{QUIET}"' not in board
    top = desk.client.get("/situation", params={"day": DAY, "lvl": "4"}).text
    assert re.findall(r'data-unit="(\d+)"', top.split("situation-table")[1]) == [PARK]
    first = desk.client.get("/situation", params={"day": DAY, "sort": "name"}).text
    second = desk.client.get("/situation", params={"day": DAY, "sort": "name", "page": 2}).text
    units = re.findall(r'data-unit="(\d+)"', first.split("situation-table")[1])
    later = re.findall(r'data-unit="(\d+)"', second.split("situation-table")[1])
    assert len(units) == 20 and len(later) == 20 and not set(units) & set(later)


def test_current_rt_is_written_as_a_number_with_its_interval(desk: Desk, cases: None) -> None:
    desk.user("an", "viewer")
    page = desk.client.get("/situation", params={"day": DAY, "unit": PARK}).text
    found = re.search(
        r'data-testid="rt-now">.*?<strong>(\d+,\d\d)</strong>, khoảng tin cậy 95% '
        r"(\d+,\d\d)–(\d+,\d\d)",
        page,
        re.S,
    )
    assert found
    mean, low, high = (float(x.replace(",", ".")) for x in found.groups())
    assert low < mean < high and 0.5 < mean < 2  # steadily rising cases: R_t a little above 1
