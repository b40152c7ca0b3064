from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from loa.directory.census import complete_population, read_partial_census
from loa.directory.units import load_2021_units, read_population_csv
from loa.errors import RowError


def test_national_structure_has_every_unit_of_2021() -> None:
    units = load_2021_units()
    levels = Counter(u.level for u in units)
    assert levels == {"province": 63, "district": 705, "commune": 10599}
    bac_giang_districts = [u for u in units if u.parent_code == "24"]
    assert len(bac_giang_districts) == 10
    codes = {d.code for d in bac_giang_districts}
    assert sum(1 for u in units if u.parent_code in codes) == 209


def test_population_csv_accepts_vietnamese_headers_and_estimate_flag() -> None:
    data = "ma_don_vi,dân số,năm,ước tính\n24,1803950,2019,0\n07201,13191,2019,1\n".encode()
    figures = read_population_csv(data, "pop.csv")
    assert [(f.unit_code, f.population, f.estimated) for f in figures] == [
        ("24", 1803950, False),
        ("07201", 13191, True),
    ]


def test_population_csv_names_the_bad_line_and_column() -> None:
    data = b"unit_code,population,year\n24,1803950,2019\n07201,many,2019\n"
    with pytest.raises(RowError) as err:
        read_population_csv(data, "pop.csv")
    assert err.value.where.line == 3
    assert err.value.where.column == "population"
    assert "many" in err.value.vi and "many" in err.value.en


@pytest.mark.parametrize(("typed", "read"), [("1803950", 1803950), ("1 803 950", 1803950)])
def test_population_csv_reads_space_grouped_thousands(typed: str, read: int) -> None:
    data = f"unit_code,population,year\n24,{typed},2019\n".encode()
    assert read_population_csv(data, "pop.csv")[0].population == read


@pytest.mark.parametrize("typed", ["12.5", "1,5", "12.345", "-3"])
def test_population_csv_refuses_what_it_would_have_misread(typed: str) -> None:
    # "12.5" used to become 125 and "1,5" 15: thousands separators were simply dropped.
    data = f'unit_code,population,year\n24,"{typed}",2019\n'.encode()
    with pytest.raises(RowError) as err:
        read_population_csv(data, "pop.csv")
    assert err.value.where.column == "population" and typed in err.value.vi


def test_population_csv_without_required_column_says_which() -> None:
    with pytest.raises(RowError) as err:
        read_population_csv(b"unit_code,year\n24,2019\n", "pop.csv")
    assert "population" in err.value.en


def test_partial_census_keeps_known_figures_and_flags_estimates(demo_data: Path) -> None:
    path = demo_data / "bacgiang-2021" / "population_2019_census_partial.csv"
    rows = read_partial_census(path.read_bytes(), path.name)
    units = [u for u in load_2021_units() if u.code == "24" or u.parent_code == "24"]
    districts = {u.code for u in units if u.parent_code == "24"}
    units += [u for u in load_2021_units() if u.parent_code in districts]
    figures, unmatched = complete_population(rows, units, "24", 2019)
    by_code = {f.unit_code: f for f in figures}
    # Two 2019 communes were merged before 2021 and have no unit in the 2021 structure.
    assert [u.split(" (")[0] for u in unmatched] == ["Đức Thắng, Hiệp Hòa", "Phi Mô, Lạng Giang"]
    assert by_code["24"].population == 1803950 and not by_code["24"].estimated
    assert by_code["07201"].population == 13191 and not by_code["07201"].estimated  # Thọ Xương
    assert by_code["213"].population == 144473 and not by_code["213"].estimated
    communes = [f for f in figures if f.unit_code not in districts and f.unit_code != "24"]
    assert len(communes) == 209
    known = [f for f in communes if not f.estimated]
    assert len(known) == 16 + 25 + 12
    # Estimated districts share what the province total leaves after the known ones.
    district_total = sum(by_code[c].population for c in districts)
    assert abs(district_total - 1803950) < 10
    assert all(by_code[c].estimated for c in districts - {"213", "223", "217"})
