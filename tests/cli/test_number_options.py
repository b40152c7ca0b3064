"""Number options typed the way the chosen language writes numbers (`--si-mean 4,7`)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import LoaCli


def _series(tmp_path: Path) -> Path:
    path = tmp_path / "series.csv"
    days = [date(2021, 5, 1) + timedelta(days=i) for i in range(30)]
    path.write_text(
        "date,local\n" + "".join(f"{d.isoformat()},{5 + i % 7}\n" for i, d in enumerate(days)),
        encoding="utf-8",
    )
    return path


def test_a_decimal_option_reads_a_comma_in_vietnamese_and_a_point_in_english(
    loa: LoaCli, tmp_path: Path
) -> None:
    series = str(_series(tmp_path))
    vi = loa(
        "situation",
        "rt",
        "--series",
        series,
        "--si-mean",
        "4,7",
        "--si-sd",
        "2,9",
        "--format",
        "json",
    ).output
    en = loa(
        "--lang",
        "en",
        "situation",
        "rt",
        "--series",
        series,
        "--si-mean",
        "4.7",
        "--si-sd",
        "2.9",
        "--format",
        "json",
    ).output
    assert vi == en and '"mean"' in vi


def test_a_decimal_option_written_the_other_way_is_refused_with_the_right_form(
    loa: LoaCli, tmp_path: Path
) -> None:
    series = str(_series(tmp_path))
    result = loa(
        "situation", "rt", "--series", series, "--si-mean", "4.7", "--si-sd", "2,9", ok=False
    )
    assert result.exit_code == 2
    assert "4,7" in result.output and "--lang en" in result.output
    result = loa("situation", "rt", "--series", series, "--si-mean", "NaN", ok=False)
    assert result.exit_code == 2 and "not a finite number" in result.output
