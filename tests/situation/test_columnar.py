"""Validating large daily files by columns: the same records and problems as `validate`."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from loa.errors import DocumentError, InputError
from loa.situation import columnar
from loa.situation.columnar import ColumnarReport, DailyColumns, validate_daily
from loa.situation.reading import table_from_bytes
from loa.situation.templates import Kind
from loa.situation.validation import DailyRecord, UnitMatch, ValidationReport, validate

TODAY = date(2021, 12, 31)
PROVINCE = "01"
# Commune codes of the province; 00019 ceases to exist after 15 March 2021.
OWN = {f"{i:05d}" for i in range(1, 21)}
NAMES = {"Quang Châu": "00001", "Vân Trung": "00002"}
OUTSIDE = {"00100", "00101"}
ENDS = {"00019": date(2021, 3, 15)}
POPULATION: dict[str, int | None] = {code: 10_000 for code in OWN}
POPULATION |= {"00009": None, "00010": 5, PROVINCE: 1_000_000}
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,new_cases,deaths,severe,tests"


class Resolver:
    """Answers by code (or by name for a few units) and counts how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, code: str | None, name: str | None, on: date) -> UnitMatch:
        self.calls += 1
        if code is None:
            code = NAMES.get(name or "")
        if code in ENDS and on > ENDS[code]:
            return UnitMatch.not_found()
        if code in OWN or code == PROVINCE:
            return UnitMatch.found(code)
        if code in OUTSIDE:
            return UnitMatch.outside(f"Xã {code}, Tỉnh khác")
        return UnitMatch.not_found(["Quang Châu (00001)"] if name else [])


def both(
    text: str | bytes, *, partial: bool = False
) -> tuple[ValidationReport, ColumnarReport, Resolver]:
    raw = text.encode() if isinstance(text, str) else text
    settings = {"today": TODAY, "population": POPULATION.get, "province_code": PROVINCE}
    slow = validate(
        table_from_bytes(raw, "f.csv"),
        Kind.DAILY,
        resolve_unit=Resolver(),
        partial=partial,
        **settings,  # type: ignore[arg-type]
    )
    resolver = Resolver()
    fast = validate_daily(raw, "f.csv", resolve_unit=resolver, partial=partial, **settings)  # type: ignore[arg-type]
    return slow, fast, resolver


def assert_same(slow: ValidationReport, fast: ColumnarReport) -> None:
    assert fast.accepted.records() == slow.daily
    assert fast.problems == slow.problems
    assert fast.set_aside == slow.set_aside
    assert fast.rows_read == slow.rows_read
    assert fast.ok == slow.ok
    assert fast.rejected_rows_csv() == slow.rejected_rows_csv()
    assert fast.rejected_rows_csv(include_set_aside=True) == slow.rejected_rows_csv(
        include_set_aside=True
    )


EVERY_KIND = f"""{HEADER},note
2021-05-01,00001,1,0,1,0,0,10,x
2021-05-01,00002,-1,0,,0,0,10,
2021-05-01,00003,abc,0,,0,0,10,
2021-05-01,00004,1.0,2,3,,,,
2021-05-01,00005, 3 ,0,,,,,

2021-13-01,00005,1,0,1,0,0,1
2021-02-29,00005,1,0,1,0,0,1
31/04/2021,00005,1,0,1,0,0,1
hôm qua,00005,1,0,1,0,0,1
,00006,1,0,1,0,0,1
2022-06-01,00006,1,0,1,0,0,1
2021-05-01,99999,1,0,1,0,0,1
2021-05-01,00100,1,0,1,0,0,1
2021-05-01,,1,0,1,0,0,1
,,,,
2021-05-02,00001,1,1,5,0,0,1
2021-05-03,00007,2,0,,0,0,1
2021-05-03,00007,2,0,,0,0,1
2021-05-03,00008,2,0,,0,0,1
2021-05-03,00008,3,0,,0,0,1
2021-05-03,00008,2,0,,0,0,1
2021-05-03,00009,2,0,,0,0,1
2021-05-01,00010,2,0,,0,0,1
2021-05-02,00010,2,1,,0,0,1
2021-05-03,00010,2,0,,0,0,1
2021-05-04,0011,1,0,,0,0,1
05/05/2021,00012,1,0,,0,0,1
5/5/2021,00013,1,0,,0,0,1
2021-03-10,00019,1,0,,0,0,1
2021-04-10,00019,1,0,,0,0,1
2021-05-06,00014,,,7,,,
2021-05-06,00015,1,,,,,
2021-05-07,00016,999999999999999999,0,,,,
"""


def test_every_kind_of_problem_gives_the_same_report_as_validate() -> None:
    slow, fast, _ = both(EVERY_KIND)
    assert slow.errors and slow.warnings and slow.set_aside  # the file exercises all three
    assert_same(slow, fast)


def test_counts_grouped_with_spaces_or_readable_two_ways_agree_with_validate() -> None:
    text = (
        f"{HEADER}\n"
        "2021-05-01,00001,1 250,0,,,,\n"
        "2021-05-01,00002,1\u00a0250,0,,,,\n"
        "2021-05-01,00003,1.000,0,,,,\n"
        "2021-05-01,00004,12 50,0,,,,\n"
    )
    slow, fast, _ = both(text, partial=True)
    assert_same(slow, fast)
    assert [(r.unit_code, r.new_cases_community) for r in slow.daily] == [
        ("00001", 1250),
        ("00002", 1250),
    ]
    messages = {p.line: p.en for p in slow.problems if p.severity == "error"}
    assert "reads two ways" in messages[4] and "not a number" in messages[5]


def test_rejected_rows_csv_lists_the_same_rows_and_messages_as_validate() -> None:
    slow, fast, _ = both(EVERY_KIND)
    written = fast.rejected_rows_csv(include_set_aside=True)
    lines = written.splitlines()
    assert lines[0] == f"{HEADER},note,error"
    # One CSV row per rejected or set-aside line, each carrying its messages in both languages.
    assert len(lines) - 1 == len({p.line for p in slow.errors + slow.set_aside})
    assert "2021-05-01,00003,abc,0,,0,0,10,," in written
    assert "tệp f.csv, dòng 4, cột new_cases_community: 'abc'" in written
    assert "file f.csv, line 4, column new_cases_community: 'abc'" in written
    assert written == slow.rejected_rows_csv(include_set_aside=True)


def test_partial_import_keeps_the_same_good_rows_as_validate() -> None:
    slow, fast, _ = both(EVERY_KIND, partial=True)
    assert slow.daily
    assert_same(slow, fast)


def test_semicolons_crlf_and_a_byte_order_mark_read_as_validate_reads_them() -> None:
    text = EVERY_KIND.replace(",", ";").replace("\n", "\r\n")
    slow, fast, _ = both(b"\xef\xbb\xbf" + text.encode(), partial=True)
    assert slow.daily
    assert_same(slow, fast)


def test_windows_vietnamese_file_reads_as_validate_reads_it() -> None:
    raw = EVERY_KIND.replace("note", "ghi chú").encode("cp1258")
    slow, fast, _ = both(raw, partial=True)
    assert_same(slow, fast)


def test_quoted_cells_fall_back_to_the_row_reader_with_the_same_outcome() -> None:
    text = EVERY_KIND.replace("2021-05-03,00007", '"2021-05-03","00007"')
    slow, fast, resolver = both(text, partial=True)
    assert_same(slow, fast)
    assert resolver.calls > 10  # the row reader asks once per row


@pytest.mark.parametrize("before", ["\n \n", ",,\n", "\r\n", "\r", "\x0c\n"])
def test_lines_before_the_header_count_as_validate_counts_them(before: str) -> None:
    slow, fast, _ = both(before + EVERY_KIND, partial=True)
    assert_same(slow, fast)


def test_units_given_by_name_resolve_as_validate_resolves_them() -> None:
    text = (
        "date,unit_name,new_cases_community,new_cases_quarantined\n"
        "2021-05-01,Quang Châu,1,0\n2021-05-01,Vân Trung,2,1\n2021-05-01,Quang Chau,1,0\n"
        "2021-05-02,Quang Châu,1,0\n"
    )
    slow, fast, _ = both(text, partial=True)
    assert len(slow.daily) == 3
    assert_same(slow, fast)


def test_resolver_is_asked_about_each_unit_at_most_on_its_first_and_last_day() -> None:
    lines = [HEADER]
    for day in range(60):
        when = date(2021, 1, 1) + timedelta(days=day)
        lines += [f"{when},{code},1,0,,0,0,5" for code in sorted(OWN - {"00019"})]
    slow, fast, resolver = both("\n".join(lines) + "\n")
    assert_same(slow, fast)
    assert resolver.calls <= 2 * (len(OWN) - 1)


def test_unit_that_ceases_within_the_file_is_rejected_from_that_day_as_validate_does() -> None:
    lines = [HEADER]
    for day in range(0, 120, 5):
        when = date(2021, 1, 1) + timedelta(days=day)
        lines.append(f"{when},00019,0,0,,0,0,5")
    slow, fast, _ = both("\n".join(lines), partial=True)
    assert slow.errors and slow.daily
    assert_same(slow, fast)


def random_file(seed: int, rows: int) -> str:
    rng = random.Random(seed)
    codes = sorted(OWN) + sorted(OUTSIDE) + ["99999", "", "0011", "1"]
    start = date(2021, 1, 1)
    out = [HEADER]

    def count() -> str:
        roll = rng.random()
        if roll < 0.02:
            return rng.choice(["-2", "x", "1.5", " 4", "1.0", "+3", "1 000"])
        if roll < 0.06:
            return ""
        return str(rng.choice([0, 0, 0, 1, 2, 3, 10, 250, 4000]))

    for _ in range(rows):
        when = start + timedelta(days=rng.randrange(400))
        roll = rng.random()
        written = (
            when.isoformat()
            if roll < 0.9
            else rng.choice([f"{when:%d/%m/%Y}", f"{when.day}/{when.month}/{when.year}", "", "?"])
        )
        c, q, t = count(), count(), ""
        if rng.random() < 0.1 and c.isdigit() and q.isdigit():
            t = str(int(c) + int(q) + rng.choice([0, 0, 1]))
        unit = rng.choice(codes) if rng.random() < 0.1 else rng.choice(sorted(OWN))
        out.append(f"{written},{unit},{c},{q},{t},{count()},{count()},{count()}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("dense", [0, 1000])
@pytest.mark.parametrize("partial", [True, False])
def test_random_file_of_two_thousand_rows_gives_the_same_report(
    partial: bool, dense: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Repeats and running totals are found on a (unit, day) grid or by sorting: try both.
    monkeypatch.setattr(columnar, "_DENSE", dense)
    slow, fast, resolver = both(random_file(7, 2000), partial=partial)
    assert len(slow.errors) > 50 and len(slow.problems) > len(slow.errors)
    assert_same(slow, fast)
    assert resolver.calls < 200


def test_columns_become_a_series_with_nan_where_no_report_came() -> None:
    text = (
        f"{HEADER}\n2021-05-01,00001,1,2,,0,,\n2021-05-03,00001,,,4,,,\n2021-05-02,00002,0,0,,,1,\n"
    )
    _, fast, _ = both(text)
    series = fast.accepted.to_series(["00001", "00002", "00003"])
    assert series.start == date(2021, 5, 1)
    nan = np.nan
    assert np.array_equal(
        series.total, [[3, nan, 4], [nan, 0, nan], [nan, nan, nan]], equal_nan=True
    )
    assert np.array_equal(
        series.community, [[1, nan, nan], [nan, 0, nan], [nan, nan, nan]], equal_nan=True
    )
    assert np.array_equal(series.severe[1], [nan, 1, nan], equal_nan=True)


def test_records_round_trip_through_columns() -> None:
    records = [
        DailyRecord(date(2021, 5, 2), "00002", 1, None, None, 0, None, 3, 7),
        DailyRecord(date(2021, 5, 1), "00001", 0, 0, 0, None, 1, None, 9),
    ]
    assert DailyColumns.from_records(records).records() == records


def test_a_vaccination_file_is_refused_with_a_message_in_both_languages() -> None:
    raw = b"date,unit_code,pop_18plus,dose1_18plus\n2021-05-01,00001,10,5\n"
    with pytest.raises(DocumentError) as caught:
        validate_daily(
            raw,
            "v.csv",
            resolve_unit=Resolver(),
            today=TODAY,
            population=POPULATION.get,
            province_code=PROVINCE,
        )
    assert "vaccination" in caught.value.en and "hằng ngày" in caught.value.vi


def test_count_too_large_to_store_is_refused_with_its_line() -> None:
    raw = f"{HEADER}\n2021-05-01,00009,1,0,,,,\n2021-05-02,00009,99999999999999999999,0,,,,\n"
    with pytest.raises(InputError) as caught:
        validate_daily(
            raw.encode(),
            "f.csv",
            resolve_unit=Resolver(),
            today=TODAY,
            population=POPULATION.get,
            province_code=PROVINCE,
        )
    assert caught.value.where.line == 3
