"""The data officer's commands: import, indicators, R_t and levels, as typed at the terminal."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

EPIESTIM = Path(__file__).resolve().parents[1] / "data" / "epiestim"


def test_rt_from_a_series_file_reproduces_epiestim_example_1(loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    series = tmp_path / "flu2009.csv"
    with (EPIESTIM / "Flu2009_incidence.csv").open() as src, series.open("w") as out:
        out.write("date,local\n")
        for row in csv.DictReader(src):
            out.write(f"{row['dates']},{row['I']}\n")
    result = loa(
        "situation",
        "rt",
        "--series",
        str(series),
        "--si-distr",
        str(EPIESTIM / "Flu2009_si_distr.json"),
        "--format",
        "json",
    )
    windows = json.loads(result.stdout)
    expected = list(csv.DictReader((EPIESTIM / "expected_Example1_R.csv").open()))
    assert [(w["t_start"], w["t_end"]) for w in windows] == [
        (int(float(e["t_start"])), int(float(e["t_end"]))) for e in expected
    ]
    for got, want in zip(windows, expected, strict=True):
        assert got["mean"] == pytest.approx(float(want["Mean(R)"]), abs=1e-9)
        assert got["std"] == pytest.approx(float(want["Std(R)"]), abs=1e-9)
        assert got["quantiles"]["0.025"] == pytest.approx(
            float(want["Quantile.0.025(R)"]), abs=1e-9
        )
        assert got["quantiles"]["0.5"] == pytest.approx(float(want["Median(R)"]), abs=1e-9)
        assert got["quantiles"]["0.975"] == pytest.approx(
            float(want["Quantile.0.975(R)"]), abs=1e-9
        )
        assert got["date_end"] == want["date_end"]


def test_rt_needs_exactly_one_source(loa) -> None:  # type: ignore[no-untyped-def]
    result = loa("situation", "rt", ok=False)
    assert result.exit_code == 2 and "--unit" in result.output and "--series" in result.output


def test_demo_case_data_gives_levels_with_reasons_and_districts(demo_loa) -> None:  # type: ignore[no-untyped-def]
    communes = json.loads(
        demo_loa("situation", "levels", "--date", "2021-05-25", "--format", "json").stdout
    )
    assert len(communes) == 209
    keys = {
        "unit_code",
        "unit_name",
        "window_start",
        "window_end",
        "cases",
        "population",
        "incidence_per_100k",
        "dose1_18plus_share",
        "full_50plus_share",
        "band",
        "level",
        "reasons",
    }
    assert keys <= set(communes[0])
    assert {c["window_start"] for c in communes} == {"2021-05-19"}
    hot = [c for c in communes if c["level"] == 4]
    assert hot and all(c["reasons"] for c in hot)
    districts = json.loads(
        demo_loa(
            "situation", "levels", "--date", "2021-05-25", "--level", "district", "--format", "json"
        ).stdout
    )
    viet_yen = next(d for d in districts if d["unit_code"] == "222")
    assert viet_yen["basis"] == "own aggregate figures"
    assert viet_yen["distribution"]["communes"] == sum(viet_yen["distribution"]["counts"].values())
    english = demo_loa(
        "--lang", "en", "situation", "levels", "--date", "2021-05-25", "--level", "district"
    ).stdout
    assert "level" in english and "cấp" not in english


def test_level_changes_apply_48_hours_after_assessment(demo_loa) -> None:  # type: ignore[no-untyped-def]
    changes = json.loads(
        demo_loa(
            "situation", "history", "--level", "district", "--changes", "--format", "json"
        ).stdout
    )
    assert changes
    for change in changes:
        assessed = change["assessed_on"]
        assert change["effective_from"] > assessed
        assert change["previous_level"] != change["level"]


def test_bad_situation_file_lists_rows_and_saves_them_for_correction(loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
        "2021-05-18,07201,3,1,0,0,100\n2099-01-01,07201,1,0,0,0,1\n2021-05-19,99999,1,0,0,0,1\n",
        encoding="utf-8",
    )
    rejected = tmp_path / "rejected.csv"
    result = loa("situation", "import", str(bad), "--rejected-out", str(rejected), ok=False)
    assert result.exit_code == 2
    assert "dòng 3" in result.output and "line 3" in result.output and "dòng 4" in result.output
    rows = list(csv.DictReader(rejected.open(encoding="utf-8")))
    assert [r["date"] for r in rows] == ["2099-01-01", "2021-05-19"] and all(
        r["error"] for r in rows
    )
    partial = loa("situation", "import", str(bad), "--partial", "--format", "json")
    assert json.loads(partial.stdout)["rows_new"] == 1
