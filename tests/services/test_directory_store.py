from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from loa.directory.units import PopulationFigure
from loa.errors import RowError
from loa.services.directory import (
    import_population,
    load_national_directory,
    population_as_of,
    units_as_of,
)


def test_directory_loads_once_and_again_changes_nothing(session: Session) -> None:
    assert load_national_directory(session) == 0  # the fixture loaded it already
    communes = units_as_of(session, date(2021, 11, 4), level="commune", within="24")
    assert len(communes) == 209


def test_units_are_dated_so_the_2021_structure_is_gone_after_the_2025_reform(
    session: Session,
) -> None:
    assert len(units_as_of(session, date(2021, 6, 1), level="province")) == 63
    assert units_as_of(session, date(2025, 8, 1), level="province") == []


def test_population_import_is_all_or_nothing(session: Session) -> None:
    good = PopulationFigure("24", 1803950, 2019, False, 2)
    bad = PopulationFigure("99999", 10, 2019, False, 3)
    with pytest.raises(RowError) as err:
        import_population(session, [good, bad], filename="p.csv", source="test", actor="t")
    assert err.value.where.line == 3
    assert population_as_of(session, date(2021, 1, 1), ["24"]) == {}


def test_population_as_of_takes_latest_year_not_after_the_date(session: Session) -> None:
    figures = [
        PopulationFigure("24", 1803950, 2019, False, 2),
        PopulationFigure("24", 1850000, 2021, True, 3),
    ]
    import_population(session, figures, filename="p.csv", source="test", actor="t")
    assert population_as_of(session, date(2020, 6, 1), ["24"])["24"].value == 1803950
    latest = population_as_of(session, date(2022, 1, 1), ["24"])["24"]
    assert (latest.value, latest.estimated) == (1850000, True)
