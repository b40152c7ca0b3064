"""Wherever the desk asks for a unit, a name typed without tone marks is enough."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from loa.services.situation import import_situation_file

from .conftest import Desk

DAY = date(2021, 5, 25)
PARK = "07807"  # Xã Quang Châu, Việt Yên


@pytest.fixture
def cases(session: Session) -> None:
    days = [DAY - timedelta(days=d) for d in range(20, -1, -1)]
    rows = "".join(f"{d},{PARK},{3 + i},0\n" for i, d in enumerate(days))
    import_situation_file(
        session,
        ("date,unit_code,new_cases_community,new_cases_quarantined\n" + rows).encode(),
        "cases.csv",
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    session.commit()


def _heading(page: str) -> str:
    found = re.search(r'<h2 id="h-charts">(.*?)</h2>', page)
    assert found
    return found.group(1)


def test_situation_trends_of_a_commune_typed_without_diacritics(desk: Desk, cases: None) -> None:
    desk.user("an", "viewer")
    page = desk.client.get("/situation", params={"day": DAY.isoformat(), "unit": "quang chau"}).text
    assert "Quang Châu" in _heading(page)
    assert '<option value="Quang Châu, Việt Yên">' in page  # the picker offers names
    by_code = desk.client.get("/situation", params={"day": DAY.isoformat(), "unit": PARK}).text
    assert _heading(by_code) == _heading(page)


def test_a_name_of_no_unit_says_so_and_shows_the_province(desk: Desk, cases: None) -> None:
    desk.user("an", "viewer")
    page = desk.client.get("/situation", params={"day": DAY.isoformat(), "unit": "xyz abc"}).text
    assert "toàn tỉnh" in _heading(page)
    assert "Không tìm thấy xã hoặc huyện" in page
