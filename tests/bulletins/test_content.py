"""The bulletin's figures, changes, provenance, level changes and hotspots."""

from __future__ import annotations

import re
from datetime import date

from loa.bulletins.content import Bulletin, ImportIndex

from .conftest import PARK, QUIET


def test_changes_compare_with_yesterday_and_the_same_day_last_week(bulletin: Bulletin) -> None:
    new = bulletin.figure("new_cases")
    # Day 20: 9 + 1 = 10; day 19: 6; day 13: 1.
    assert (new.value, new.yesterday, new.last_week) == (10, 6, 1)
    assert (new.since_yesterday, new.since_last_week) == (4, 9)
    week = bulletin.figure("week_cases")
    assert (week.value, week.last_week) == (2 + 2 + 3 + 4 + 5 + 6 + 10, 7)


def test_week_figure_names_only_the_imports_of_its_windows(bulletin: Bulletin) -> None:
    week = bulletin.commune(QUIET).figure("week_cases")
    assert week.provenance.imports == (1, 2)  # this week (#2) and last week (#1) are compared
    assert "19 May 2021 – 25 May 2021" in week.provenance.en
    assert "19/05/2021 – 25/05/2021" in week.provenance.vi
    cumulative = bulletin.figure("cumulative_cases")
    assert cumulative.value == sum([1.0] * 14 + [2, 2, 3, 4, 5, 6, 9]) + 1
    assert "#1, #2" in cumulative.provenance.describe("en")


def test_import_index_keeps_only_the_dates_asked() -> None:
    index = ImportIndex(
        {"a": [(date(2021, 5, 1), 3), (date(2021, 5, 2), 4)], "b": [(date(2021, 5, 2), 5)]}
    )
    assert index.ids(["a"], date(2021, 5, 2), date(2021, 5, 9)) == (4,)
    assert index.ids(["a", "b"], date(2021, 5, 1), date(2021, 5, 2)) == (3, 4, 5)


def test_level_change_applies_two_days_after_assessment(bulletin: Bulletin) -> None:
    assert [(c.code, c.previous_level, c.level) for c in bulletin.level_changes] == [(PARK, 2, 3)]
    assert bulletin.level_changes[0].effective_from == date(2021, 5, 27)
    assert bulletin.raised and not bulletin.lowered


def test_hotspots_put_the_higher_level_first(bulletin: Bulletin) -> None:
    assert [h.code for h in bulletin.hotspots] == [PARK, QUIET]
    assert bulletin.highest_level == 3


def test_provenance_on_request_covers_every_figure_and_the_levels(bulletin: Bulletin) -> None:
    rows = bulletin.provenance("en")
    assert len(rows) == len(bulletin.figures) + 1
    assert all(row["computation"] and row["imports"] for row in rows)
    assert rows[-1]["value"] == {1: 1, 3: 1}


def test_provenance_is_written_for_a_person_where_it_is_made(bulletin: Bulletin) -> None:
    for lang in ("vi", "en"):
        text = " ".join(row["computation"] for row in bulletin.provenance(lang))
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\.\.|\bqd\d", text), text
    levels = bulletin.provenance("vi")[-1]["computation"]
    assert "Quyết định" in levels or "bộ quy tắc" in levels
