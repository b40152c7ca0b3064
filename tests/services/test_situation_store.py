"""Importing situation files into the store: versions, idempotence, rejection, set-aside rows."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.directory.units import PopulationFigure
from loa.errors import DocumentError
from loa.events import utcnow
from loa.services.directory import import_population
from loa.services.situation import import_situation_file
from loa.services.situation_report import indicators_on, levels_on, rt_for_unit
from loa.services.situation_versions import store_daily_columns, store_records
from loa.situation.daily_columns import DailyColumns
from loa.situation.records import DailyRecord
from loa.situation.rules import load_rules
from loa.situation.serial_interval import discretise_gamma_si
from loa.store.situation_tables import DailyReportRow, SituationImportRow

TODAY = date(2021, 12, 31)
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"


def _import(session: Session, text: str, name: str = "daily.csv", **kw: object):  # type: ignore[no-untyped-def]
    return import_situation_file(
        session,
        text.encode(),
        name,
        province_code="24",
        today=TODAY,
        actor="test",
        **kw,  # type: ignore[arg-type]
    )


def test_same_file_twice_changes_nothing(session: Session) -> None:
    text = HEADER + "2021-05-18,07201,3,1,0,0,100\n2021-05-18,07204,0,2,0,0,50\n"
    first = _import(session, text)
    again = _import(session, text)
    assert (first.status, first.rows_new) == ("imported", 2)
    assert (again.status, again.import_id) == ("unchanged", first.import_id)
    assert session.scalar(select(func.count()).select_from(DailyReportRow)) == 2


def test_corrected_figure_is_a_new_version_and_the_old_stays(session: Session) -> None:
    _import(session, HEADER + "2021-05-18,07201,3,1,0,0,100\n")
    fixed = _import(
        session, HEADER + "2021-05-18,07201,5,1,0,0,100\n2021-05-19,07201,1,0,0,0,80\n", "fixed.csv"
    )
    assert (fixed.rows_corrected, fixed.rows_new) == (1, 1)
    versions = session.scalars(
        select(DailyReportRow)
        .where(DailyReportRow.unit_code == "07201", DailyReportRow.date == date(2021, 5, 18))
        .order_by(DailyReportRow.version)
    ).all()
    assert [(v.version, v.new_cases_community) for v in versions] == [(1, 3), (2, 5)]
    assert versions[1].import_id == fixed.import_id != versions[0].import_id
    _, found = indicators_on(session, "24", "commune", date(2021, 5, 19))
    tho_xuong = next(i for i in found if i.unit_code == "07201")
    assert tho_xuong.cumulative_cases == 5 + 1 + 1


def test_rejected_file_stores_nothing_but_keeps_the_raw_file(session: Session) -> None:
    text = HEADER + "2021-05-18,07201,3,1,0,0,100\n2021-05-19,07201,-2,0,0,0,100\n"
    outcome = _import(session, text)
    assert outcome.status == "rejected"
    assert [(p.line, p.column) for p in outcome.errors] == [(3, "new_cases_community")]
    assert session.scalar(select(func.count()).select_from(DailyReportRow)) == 0
    kept = session.get(SituationImportRow, outcome.import_id)
    assert kept is not None and kept.raw == text.encode() and kept.status == "rejected"
    partial = _import(session, text, partial=True)
    assert (partial.status, partial.rows_new) == ("partial", 1)
    assert "-2" in partial.rejected_csv and "error" in partial.rejected_csv.splitlines()[0]


def test_file_of_unknown_shape_is_refused_and_recorded(session: Session) -> None:
    with pytest.raises(DocumentError) as err:
        _import(session, "a,b,c\n1,2,3\n")
    assert err.value.where.line == 1
    assert session.scalar(select(func.count()).select_from(SituationImportRow)) == 1


def test_rows_of_other_provinces_are_set_aside_and_reported(session: Session) -> None:
    text = "province,district,commune,date,new_cases\nBắc Giang,Việt Yên,Quang Châu,2021-05-18,4\nBắc Giang,Ba Đồn,Quảng Châu,2021-05-18,1\n"
    outcome = _import(session, text, "announced.csv")
    assert outcome.status == "imported" and outcome.rows_new == 1
    assert [p.line for p in outcome.set_aside] == [3]
    assert "Quảng Bình" in outcome.set_aside[0].vi


def test_complete_file_fills_the_days_it_does_not_mention_with_zeros(session: Session) -> None:
    text = "province,district,commune,date,new_cases\nBắc Giang,Việt Yên,Quang Châu,2021-05-18,4\nBắc Giang,Việt Yên,Quang Châu,2021-05-20,2\n"
    _import(session, text, "announced.csv", complete=True)
    _, found = indicators_on(session, "24", "commune", date(2021, 5, 20), window=3)
    assert all(i.missing_days == [] for i in found)
    assert len(found) == 209
    quang_chau = [i for i in found if i.window_cases == 6]
    assert len(quang_chau) == 1 and sum(i.window_cases or 0 for i in found) == 6


def test_levels_explain_the_figures_and_districts_show_their_communes(session: Session) -> None:
    import_population(
        session,
        [
            PopulationFigure("222", 180000, 2019, False, 2),
            PopulationFigure("07759", 10000, 2019, True, 3),
        ],
        filename="p.csv",
        source="test",
        actor="test",
    )
    rows = "".join(f"2021-05-{d:02d},07759,{6 if d >= 15 else 0},0,0,0,0\n" for d in range(1, 22))
    _import(session, HEADER + rows)
    rules = load_rules("qd4800-2021")
    view = levels_on(session, "24", "commune", date(2021, 5, 21), rules)
    record = next(r for r in view.assessment.at(date(2021, 5, 21)) if r.unit_code == "07759")
    assert record.cases == 42 and record.population == 10000 and record.population_estimated
    assert record.incidence_per_100k == pytest.approx(420.0)
    assert record.band == 4 and record.level == 4
    assert any("420" in reason for reason in record.reasons)
    district = levels_on(session, "24", "district", date(2021, 5, 21), rules)
    spread = next(d for d in district.distribution if d.unit_code == "222")
    assert spread.counts.get(4) == 1 and spread.highest == 4


def test_rt_refuses_missing_days_unless_told_they_are_zero(session: Session) -> None:
    rows = "".join(f"2021-05-{d:02d},07759,{d},0,0,0,0\n" for d in range(1, 20) if d != 10)
    _import(session, HEADER + rows)
    si = discretise_gamma_si(4.7, 2.9, max_days=30)
    with pytest.raises(Exception) as err:
        rt_for_unit(session, "24", "07759", si, first=date(2021, 5, 1), last=date(2021, 5, 19))
    assert "2021-05-10" in str(err.value)
    result, basis = rt_for_unit(
        session,
        "24",
        "07759",
        si,
        first=date(2021, 5, 1),
        last=date(2021, 5, 19),
        missing_as_zero=True,
    )
    assert basis == "own reports" and result.windows
    assert any("zero" in w for w in result.warnings)


def test_vaccination_snapshot_lifts_coverage_and_lowers_the_level(session: Session) -> None:
    import_population(
        session,
        [PopulationFigure("07759", 100000, 2019, False, 2)],
        filename="p.csv",
        source="test",
        actor="test",
    )
    # About 3 community cases a week in 100,000 people: band 1.
    rows = "".join(f"2021-11-{d:02d},07759,{1 if d % 2 else 0},0,0,0,0\n" for d in range(1, 15))
    _import(session, HEADER + rows)
    rules = load_rules("qd4800-2021")
    before = levels_on(session, "24", "commune", date(2021, 11, 14), rules).assessment
    unvaccinated = before.unit_level("07759", date(2021, 11, 14))
    vaccination = (
        "date,unit_code,pop_18plus,dose1_18plus,pop_50plus,full_50plus,pop_65plus,full_65plus\n"
        "2021-11-10,07759,70000,63000,30000,27000,10000,9500\n"
    )
    outcome = _import(session, vaccination, "vaccination.csv")
    assert outcome.kind == "vaccination" and outcome.rows_new == 1
    after = levels_on(session, "24", "commune", date(2021, 11, 14), rules).assessment
    covered = after.unit_level("07759", date(2021, 11, 14))
    assert covered.dose1_18plus_share == pytest.approx(0.9)
    assert covered.full_50plus_share == pytest.approx(0.9)
    assert unvaccinated.band == covered.band == 1
    assert covered.level is not None and unvaccinated.level is not None
    assert covered.level < unvaccinated.level
    assert any("90" in reason for reason in covered.reasons)


# ---- storing daily figures in bulk (services.situation_versions) ----------------------------


def _new_import(session: Session) -> int:
    row = SituationImportRow(
        filename="t.csv",
        sha256=f"{session.scalar(select(func.count()).select_from(SituationImportRow))}",
        raw=b"",
        kind="daily",
        status="imported",
        report={},
        imported_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row.id


def _daily(code: str, day: int, *counts: int | None, line: int = 2) -> DailyRecord:
    return DailyRecord(date(2021, 5, day), code, *counts, line=line)  # type: ignore[arg-type]


def _stored(session: Session) -> list[tuple[object, ...]]:
    rows = session.execute(
        select(
            DailyReportRow.unit_code,
            DailyReportRow.date,
            DailyReportRow.version,
            DailyReportRow.import_id,
            DailyReportRow.line,
            DailyReportRow.new_cases_community,
            DailyReportRow.new_cases_quarantined,
            DailyReportRow.new_cases_total,
            DailyReportRow.deaths,
            DailyReportRow.severe,
            DailyReportRow.tests,
        ).order_by(DailyReportRow.unit_code, DailyReportRow.date, DailyReportRow.version)
    )
    return [tuple(r) for r in rows]


def test_bulk_store_keeps_same_figures_and_versions_changed_ones(session: Session) -> None:
    first = [
        _daily("07201", 18, 3, 1, 4, 0, None, 100, line=2),
        _daily("07201", 19, None, None, None, None, None, None, line=3),
        _daily("07204", 18, 0, 2, 2, 0, 0, 50, line=4),
    ]
    one = _new_import(session)
    assert store_daily_columns(session, one, DailyColumns.from_records(first)) == (3, 0, 0)
    two = _new_import(session)
    assert store_daily_columns(session, two, DailyColumns.from_records(first)) == (0, 0, 3)
    changed = [
        first[0],
        _daily("07201", 19, 0, 0, 0, None, None, None, line=7),  # unknown -> zero: a correction
        _daily("07204", 18, 0, 2, 2, 0, 0, 51, line=8),
        _daily("07204", 19, 1, 0, 1, 0, 0, 9, line=9),
    ]
    three = _new_import(session)
    assert store_daily_columns(session, three, DailyColumns.from_records(changed)) == (1, 2, 1)
    assert _stored(session) == [
        ("07201", date(2021, 5, 18), 1, one, 2, 3, 1, 4, 0, None, 100),
        ("07201", date(2021, 5, 19), 1, one, 3, None, None, None, None, None, None),
        ("07201", date(2021, 5, 19), 2, three, 7, 0, 0, 0, None, None, None),
        ("07204", date(2021, 5, 18), 1, one, 4, 0, 2, 2, 0, 0, 50),
        ("07204", date(2021, 5, 18), 2, three, 8, 0, 2, 2, 0, 0, 51),
        ("07204", date(2021, 5, 19), 1, three, 9, 1, 0, 1, 0, 0, 9),
    ]


def test_bulk_store_gives_the_counts_and_rows_of_the_row_by_row_store(session: Session) -> None:
    rng = random.Random(5)

    def batch(n: int) -> list[DailyRecord]:
        picked = rng.sample([(c, d) for c in ("07201", "07204", "07207") for d in range(1, 31)], n)
        return [
            _daily(c, d, *(rng.choice([None, 0, 1, 2]) for _ in range(6)), line=i + 2)
            for i, (c, d) in enumerate(picked)
        ]

    first, second = batch(40), batch(60)
    repeated = {(r.unit_code, r.date) for r in second[:30]}
    third = second[:30] + [r for r in batch(60) if (r.unit_code, r.date) not in repeated]
    batches = [first, second, third]
    by_rows = [store_records(session, _new_import(session), b) for b in batches]
    stored_by_rows = [r[:3] + r[4:] for r in _stored(session)]  # import ids differ
    session.execute(DailyReportRow.__table__.delete())
    by_columns = [
        store_daily_columns(session, _new_import(session), DailyColumns.from_records(b))
        for b in batches
    ]
    assert by_columns == by_rows
    assert by_rows[1][1] > 0 and by_rows[2][2] > 0  # corrections and unchanged rows happened
    assert [r[:3] + r[4:] for r in _stored(session)] == stored_by_rows


def test_a_unit_and_day_given_twice_are_versioned_one_after_the_other(session: Session) -> None:
    twice = [_daily("07201", 18, 1, 0, 1, 0, 0, 5, line=2), _daily("07201", 18, 2, 0, 2, 0, 0, 5)]
    done = store_daily_columns(session, _new_import(session), DailyColumns.from_records(twice))
    assert done == (1, 1, 0)
    assert [(r[2], r[5]) for r in _stored(session)] == [(1, 1), (2, 2)]


def test_codes_that_copy_cannot_carry_are_stored_all_the_same(session: Session) -> None:
    odd = [_daily("24\tx", 18, 1, 0, 1, None, 0, 5), _daily("24\\y", 18, 0, 0, 0, 0, 0, 0)]
    first = _new_import(session)
    assert store_daily_columns(session, first, DailyColumns.from_records(odd)) == (2, 0, 0)
    assert [r[0] for r in _stored(session)] == ["24\tx", "24\\y"]
    assert _stored(session)[0][8] is None
    again = store_daily_columns(session, _new_import(session), DailyColumns.from_records(odd))
    assert again == (0, 0, 2)


def test_daily_file_the_array_reader_cannot_read_is_imported_the_same(session: Session) -> None:
    text = HEADER + '"2021-05-18","07201",3,1,0,0,100\n2021-05-19,07201,-2,0,0,0,100\n'
    outcome = _import(session, text, partial=True)
    assert (outcome.status, outcome.rows_new) == ("partial", 1)
    assert outcome.rejected_csv.splitlines()[1].startswith("2021-05-19,07201,'-2,0,0,0,100,")
    assert "dòng 3" in outcome.rejected_csv and "line 3" in outcome.rejected_csv


def test_complete_daily_file_fills_missing_communes_with_zeros(session: Session) -> None:
    outcome = _import(session, HEADER + "2021-05-18,07201,3,1,0,0,100\n", complete=True)
    assert (outcome.rows_accepted, outcome.rows_new) == (1, 209)
    zeros = session.scalar(
        select(func.count())
        .select_from(DailyReportRow)
        .where(DailyReportRow.line == 0, DailyReportRow.new_cases_total == 0)
    )
    assert zeros == 208
