"""The situation page lists conflicts between sources and resolves them; R_t never fills gaps."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session
from tests.support.situation import import_two_sources

from loa.services.events import history
from loa.web.situation_data import rt_points

from .conftest import Desk


@pytest.fixture
def two_sources(session: Session) -> None:
    import_two_sources(session)
    session.commit()


def test_a_data_officer_resolves_every_day_of_a_conflict_from_the_page(
    desk: Desk, two_sources: None
) -> None:
    office = desk.user("hoa", "data")
    page = office.client.get("/situation?day=2021-12-14").text
    assert 'data-testid="conflicts-table"' in page
    assert page.count('data-resolved="no"') == 7  # 08..14/12 on the page's 7 days
    assert "cổng thông tin quốc gia" in page and "national_portal" not in page.split("<option")[0]
    answer = office.client.post(
        "/situation/conflicts/resolve",
        data={
            "csrf_token": office.csrf("/situation?day=2021-12-14"),
            "unit_code": "24",
            "day": "2021-12-14",
            "measure": "total",
            "source": "commune_reports",
            "reason": "Báo cáo xã mới hơn",
            "since": "2021-12-08",
            "shown": "2021-12-14",
        },
    )
    assert answer.status_code == 303
    page = office.client.get(answer.headers["location"]).text
    assert page.count('data-resolved="yes"') == 7 and 'data-resolved="no"' not in page
    assert "hoa: Báo cáo xã mới hơn" in page
    events = history(office.session, "figure", "24/2021-12-14/total")
    assert [e.kind for e in events] == ["situation.conflict_resolved"]
    assert events[0].actor == "hoa"


def test_a_viewer_sees_conflicts_but_cannot_resolve_them(desk: Desk, two_sources: None) -> None:
    viewer = desk.user("xem", "viewer")
    page = viewer.client.get("/situation?day=2021-12-14").text
    assert 'data-testid="conflicts-table"' in page and 'data-testid="resolve"' not in page


def test_the_api_lists_conflicts_and_levels_say_when_they_are_provisional(
    desk: Desk, two_sources: None
) -> None:
    office = desk.user("hoa", "data")
    listed = office.client.get("/api/v1/situation/conflicts?day=2021-12-14&days=1").json()
    assert [(c["unit_code"], c["values"]["national_portal"]) for c in listed] == [("24", 11.0)]
    levels = office.client.get("/api/v1/situation/levels?day=2021-12-14").json()
    assert all("provisional" in row and "assumptions" in row for row in levels)


def test_desk_rt_leaves_missing_days_blank_and_counts_them() -> None:
    start = date(2021, 6, 1)
    cases: list[tuple[date, float | None]] = [
        (start + timedelta(days=i), float(20 + i)) for i in range(30)
    ]
    for i in (15, 16):
        cases[i] = (cases[i][0], None)
    points, warnings = rt_points(cases)
    assert warnings[0].startswith("2 ngày không có báo cáo")
    assert "never" not in warnings[0] and "not counted as zero" in warnings[0]
    blank = {p.day for p in points if math.isnan(p.mean)}
    # Every window whose 7 days (or whose run start) touch the missing days is blank.
    assert cases[15][0] in blank and cases[16][0] in blank
    assert not math.isnan(next(p for p in points if p.day == cases[14][0]).mean)
    assert not math.isnan(points[-1].mean)
    # With zeros filled in, the days after the gap would look like a fall; they are not estimated.
    zeros = [(d, v if v is not None else 0.0) for d, v in cases]
    filled, _ = rt_points(zeros)
    assert {p.day for p in filled if math.isnan(p.mean)} == set()
