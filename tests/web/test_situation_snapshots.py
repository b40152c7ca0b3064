"""The situation is computed once per version of the data and served from its snapshot.

An import or a resolution of a conflict gives a new snapshot (the page shows the new figures,
the snapshot names the imports it was built from); an unchanged snapshot answers 304 to the
ETag it gave; static files have hashed names cached for a year.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from tests.support.situation import import_two_sources

from loa.directory.units import PopulationFigure
from loa.services.accounts import create_token
from loa.services.directory import import_population, load_national_directory
from loa.services.situation import import_situation_file
from loa.services.situation_parts import PART_NAMES
from loa.services.situation_snapshot import current_snapshot, ensure_snapshot
from loa.services.situation_views import daily_cases, rt_points
from loa.store.situation_tables import SnapshotPartRow, SnapshotRow
from loa.store.tables import AdminUnitRow
from loa.web.situation_data import situation_view

from .conftest import Desk

DAY = date(2021, 5, 25)
PARK = "07807"  # Xã Quang Châu, Việt Yên
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined\n"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cases(session: Session) -> int:
    """Six weeks of a commune's cases, 20 a day rising by one; returns the import's id."""
    import_population(
        session,
        [PopulationFigure(PARK, 20_000, 2019, False, 2)],
        filename="p.csv",
        source="test",
        actor="test",
    )
    days = [DAY - timedelta(days=d) for d in range(41, -1, -1)]
    rows = [f"{d},{PARK},{20 + i},0\n" for i, d in enumerate(days)]
    outcome = import_situation_file(
        session,
        (HEADER + "".join(rows)).encode(),
        "cases.csv",
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    session.commit()
    return outcome.import_id


def _week_cases(page: str) -> str:
    row = page.split('data-testid="situation-table"')[1].split(f'data-unit="{PARK}"')[1]
    found = re.findall(r'<td class="num">([\d.,]+)</td>', row.split("</tr>")[0])
    assert found, row[:400]
    return found[0]


def _token(desk: Desk) -> dict[str, str]:
    _, secret = create_token(desk.session, "radio", role="viewer", actor="test")
    desk.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_an_import_from_the_page_builds_a_new_snapshot_with_the_new_figures(
    desk: Desk, cases: int
) -> None:
    office = desk.user("dat", "data")
    page = office.client.get("/situation").text
    assert _week_cases(page) == "406"  # 55 + 56 + ... + 61
    before = current_snapshot(desk.session, "24", None)
    assert before is not None and before.imports == [cases] and before.day == DAY

    correction = f"{HEADER}{DAY},{PARK},1000,0\n".encode()
    sent = office.client.post(
        "/situation/import",
        data={"csrf_token": office.csrf("/situation")},
        files={"file": ("sua.csv", correction, "text/csv")},
    )
    assert sent.status_code == 303
    after = current_snapshot(desk.session, "24", None)  # built by the import itself
    assert after is not None and after.id != before.id and after.stamp != before.stamp
    assert len(after.imports) == 2 and cases in after.imports

    page = office.client.get("/situation").text
    assert _week_cases(page) == "1.345"  # 406 - 61 + 1000, Vietnamese thousands
    provenance = page.split('data-testid="situation-provenance"')[1].split("</p>")[0]
    assert "2 lần nhập" in provenance and "sua.csv" in provenance

    shown = office.client.get("/api/v1/situation/snapshot").json()
    assert [i["filename"] for i in shown["imports"]] == ["cases.csv", "sua.csv"]
    assert shown["day"] == DAY.isoformat()


def test_resolving_a_conflict_builds_a_new_snapshot_that_shows_it_resolved(
    desk: Desk, session: Session
) -> None:
    import_two_sources(session)
    session.commit()
    office = desk.user("hoa", "data")
    page = office.client.get("/situation").text
    assert page.count('data-resolved="no"') == 7
    before = current_snapshot(session, "24", None)
    assert before is not None and len(before.imports) == 2
    answer = office.client.post(
        "/situation/conflicts/resolve",
        data={
            "csrf_token": office.csrf("/situation"),
            "unit_code": "24",
            "day": "2021-12-14",
            "measure": "total",
            "source": "commune_reports",
            "reason": "Báo cáo xã mới hơn",
        },
    )
    assert answer.status_code == 303
    after = current_snapshot(session, "24", None)
    assert after is not None and after.id != before.id
    page = office.client.get("/situation").text
    assert page.count('data-resolved="no"') == 6 and page.count('data-resolved="yes"') == 1


def test_an_unchanged_answer_is_a_304_until_the_data_changes(
    desk: Desk, session: Session, cases: int
) -> None:
    auth = _token(desk)
    first = desk.client.get("/api/v1/situation/levels", headers=auth)
    etag = first.headers["etag"]
    assert first.status_code == 200 and first.headers["last-modified"].endswith("GMT")
    assert "private" in first.headers["cache-control"]
    again = desk.client.get("/api/v1/situation/levels", headers={**auth, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = desk.client.get(
        "/api/v1/situation/levels?level=district", headers={**auth, "If-None-Match": etag}
    )
    assert other.status_code == 200  # another answer, another tag

    import_situation_file(
        session,
        f"{HEADER}{DAY},{PARK},1000,0\n".encode(),
        "sua.csv",
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    session.commit()
    changed = desk.client.get("/api/v1/situation/levels", headers={**auth, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    park = next(c for c in changed.json() if c["unit_code"] == PARK)
    was = next(c for c in first.json() if c["unit_code"] == PARK)
    assert park["incidence_per_100k"] > was["incidence_per_100k"]


def test_a_page_is_304_only_for_the_session_that_holds_it(desk: Desk, cases: int) -> None:
    desk.user("an", "viewer")
    first = desk.client.get("/situation")
    etag = first.headers["etag"]
    assert desk.client.get("/situation", headers={"If-None-Match": etag}).status_code == 304
    assert (
        desk.client.get("/situation?level=district", headers={"If-None-Match": etag}).status_code
        == 200
    )
    other = Desk(desk.session, desk.app.state.settings).user("binh", "viewer")
    seen = other.client.get("/situation", headers={"If-None-Match": etag})
    assert seen.status_code == 200 and "binh" in seen.text  # their own name and CSRF token
    desk.client.get("/situation?lang=en")  # the session now asks for English
    english = desk.client.get("/situation", headers={"If-None-Match": etag})
    assert english.status_code == 200 and english.headers["etag"] != etag
    assert 'lang="en"' in english.text


def test_static_files_have_hashed_names_cached_for_a_year(desk: Desk) -> None:
    page = desk.client.get("/login").text
    found = re.search(r'href="(/static/loa\.[0-9a-f]{12}\.css)"', page)
    assert found, page[:600]
    hashed = desk.client.get(found.group(1))
    assert hashed.status_code == 200 and "immutable" in hashed.headers["cache-control"]
    plain = desk.client.get("/static/loa.css")
    assert plain.status_code == 200 and plain.content == hashed.content
    assert "immutable" not in plain.headers.get("cache-control", "")
    assert desk.client.get("/static/loa.000000000000.css").status_code == 404


def test_the_situation_web_modules_do_not_read_the_store_themselves() -> None:
    for name in ("src/loa/web/situation_data.py", "src/loa/web/areas/situation.py"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert not re.search(r"loa\.store\.\w*tables|select\(|session\.execute\(|\.scalars\(", text)


def test_a_communes_series_and_rt_come_from_the_snapshot_as_computed(
    session: Session, cases: int
) -> None:
    view = situation_view(session, "24", None)
    assert view is not None and view.snapshot is not None
    live = daily_cases(session, "24", PARK, DAY, days=90)
    assert view.cases(PARK) == live and live[-1] == (DAY, 61.0)
    points, _ = view.rt(PARK)
    expected, _ = rt_points(live)
    assert (
        [(p.day, round(p.mean, 6)) for p in points if p.mean == p.mean]
        == [(p.day, round(p.mean, 6)) for p in expected if p.mean == p.mean]
        != []
    )


def test_snapshots_of_older_data_are_deleted_once_two_days_old(
    session: Session, cases: int
) -> None:
    old = ensure_snapshot(session, "24", None)
    assert old is not None
    session.execute(
        update(SnapshotRow)
        .where(SnapshotRow.id == old.id)
        .values(built_at=datetime.now(UTC) - timedelta(days=3))
    )
    import_situation_file(
        session,
        f"{HEADER}{DAY},{PARK},1000,0\n".encode(),
        "sua.csv",
        province_code="24",
        today=date(2021, 12, 31),
        actor="test",
    )
    new = ensure_snapshot(session, "24", None)
    assert new is not None and new.stamp != old.stamp
    kept = session.execute(select(SnapshotRow.id, SnapshotRow.stamp)).all()
    assert [tuple(k) for k in kept] == [(new.id, new.stamp)]  # the old one is gone
    parts = session.scalars(select(SnapshotPartRow.snapshot_id)).all()
    assert set(parts) == {new.id} and len(parts) == len(PART_NAMES)


def test_a_population_corrected_in_place_gives_a_new_snapshot_with_the_new_rate(
    desk: Desk, session: Session, cases: int
) -> None:
    auth = _token(desk)
    first = desk.client.get("/api/v1/situation/levels", headers=auth)
    before = current_snapshot(session, "24", None)
    assert before is not None
    import_population(
        session,
        [PopulationFigure(PARK, 40_000, 2019, False, 2)],  # the same row, a corrected figure
        filename="p2.csv",
        source="test",
        actor="test",
    )
    session.commit()
    assert current_snapshot(session, "24", None) is None  # the old one no longer counts
    again = desk.client.get(
        "/api/v1/situation/levels", headers={**auth, "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 200
    was = next(c for c in first.json() if c["unit_code"] == PARK)
    now = next(c for c in again.json() if c["unit_code"] == PARK)
    assert now["incidence_per_100k"] == pytest.approx(was["incidence_per_100k"] / 2, rel=0.01)


def test_reloading_the_directory_gives_a_new_snapshot(session: Session, cases: int) -> None:
    before = ensure_snapshot(session, "24", None)
    assert before is not None
    session.execute(delete(AdminUnitRow).where(AdminUnitRow.code == PARK))
    assert load_national_directory(session, actor="test") > 0  # the units are put back
    session.commit()
    assert current_snapshot(session, "24", None) is None
    after = ensure_snapshot(session, "24", None)
    assert after is not None and after.id != before.id and after.stamp != before.stamp
