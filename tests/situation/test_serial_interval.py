"""Serial-interval distributions against R's EpiEstim `discr_si` and a hand derivation.

`expected_discr_si.csv` and the `si_distr` of `expected_Example3.json` were written by EpiEstim
itself (see tests/data/epiestim/README.md). The first entries are also re-derived here from the
formula of Cori et al. 2013 (web appendix 11) with a gamma CDF written out as its power series,
so the check does not lean on scipy.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from loa.errors import ConfigError
from loa.situation.serial_interval import (
    discretise_gamma_si,
    load_si_distr,
    validate_si_distr,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "epiestim"


def _gamma_cdf_series(x: float, shape: float, scale: float) -> float:
    """Return P(X <= x) for a gamma variable, from the series of the lower incomplete gamma."""
    if x <= 0:
        return 0.0
    z = x / scale
    term = 1.0 / shape
    total = term
    n = 0
    while term > 1e-18 * total:
        n += 1
        term *= z / (shape + n)
        total += term
    return total * math.exp(shape * math.log(z) - z - math.lgamma(shape))


def _discr_si_by_hand(k: int, mean: float, sd: float) -> float:
    """Return w_k from the web-appendix formula, term by term."""
    a = ((mean - 1) / sd) ** 2
    b = sd**2 / (mean - 1)

    def cdf(x: float) -> float:
        return _gamma_cdf_series(x, a, b)

    def cdf1(x: float) -> float:
        return _gamma_cdf_series(x, a + 1, b)

    value = k * cdf(k) + (k - 2) * cdf(k - 2) - 2 * (k - 1) * cdf(k - 1)
    value += a * b * (2 * cdf1(k - 1) - cdf1(k - 2) - cdf1(k))
    return max(0.0, value)


def _epiestim_discr_si() -> dict[tuple[float, float], np.ndarray]:
    by_params: dict[tuple[float, float], list[float]] = defaultdict(list)
    with (DATA / "expected_discr_si.csv").open() as f:
        for row in csv.DictReader(f):
            by_params[(float(row["mean"]), float(row["sd"]))].append(float(row["w"]))
    return {key: np.array(values) for key, values in by_params.items()}


@pytest.mark.parametrize("params", sorted(_epiestim_discr_si()))
def test_discretised_gamma_matches_epiestim_discr_si(params: tuple[float, float]) -> None:
    expected = _epiestim_discr_si()[params]
    got = discretise_gamma_si(*params, max_days=expected.size - 1)
    assert got.shape == expected.shape
    # The formula subtracts terms of size k, so R and numpy round differently around 1e-14.
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_flu_2009_parametric_serial_interval_matches_hand_derivation() -> None:
    got = discretise_gamma_si(2.6, 1.5, max_days=10)
    assert got[0] == 0.0
    for k in range(1, 6):
        assert got[k] == pytest.approx(_discr_si_by_hand(k, 2.6, 1.5), abs=1e-13)
    # Digits as EpiEstim prints them for this documented example.
    assert got[1:4] == pytest.approx([2.331721e-01, 3.585794e-01, 1.981108e-01], abs=1e-7)


def test_parametric_serial_interval_equals_the_one_epiestim_used_for_flu_2009() -> None:
    example = json.loads((DATA / "expected_Example3.json").read_text())
    n_days = len(example["local"])
    got = discretise_gamma_si(2.6, 1.5, max_days=n_days - 1)
    # EpiEstim pads the vector with one 0 at position T.
    expected = np.array(example["si_distr"])
    assert expected[-1] == 0.0
    np.testing.assert_allclose(got, expected[:-1], rtol=0, atol=1e-14)


def test_discretised_gamma_keeps_the_mean_of_the_serial_interval() -> None:
    w = discretise_gamma_si(4.7, 2.9, max_days=200)
    assert float(np.sum(w * np.arange(w.size))) == pytest.approx(4.7, abs=1e-9)


def test_default_length_stops_once_the_tail_is_negligible() -> None:
    w = discretise_gamma_si(6.8, 4.1)
    long = discretise_gamma_si(6.8, 4.1, max_days=w.size + 50)
    np.testing.assert_array_equal(w, long[: w.size])
    assert np.cumsum(w)[-1] >= 1 - 1e-6
    assert np.cumsum(w)[-2] < 1 - 1e-6


@pytest.mark.parametrize(
    ("mean", "sd", "max_days"),
    [(1.0, 1.0, None), (0.5, 1.0, None), (4.0, 0.0, None), (4.0, -1.0, 10), (4.0, 2.0, 0)],
)
def test_impossible_gamma_parameters_are_refused_in_both_languages(
    mean: float, sd: float, max_days: int | None
) -> None:
    with pytest.raises(ConfigError) as err:
        discretise_gamma_si(mean, sd, max_days=max_days)
    assert err.value.vi and err.value.en and err.value.vi != err.value.en


@pytest.mark.parametrize(
    ("w", "needle"),
    [
        ([0.1, 0.5, 0.4], "day 0"),
        ([0.0, 1.2, -0.2], "negative"),
        ([0.0, 0.5, 0.4], "sum to 1"),
        ([0.0, float("nan"), 1.0], "not a number"),
        ([[0.0, 1.0]], "list of at least 2"),
        ([0.0], "list of at least 2"),
    ],
)
def test_invalid_serial_interval_distribution_is_refused(w: list[float], needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        validate_si_distr(np.array(w))
    assert needle in err.value.en
    assert err.value.vi != err.value.en


def test_distribution_within_epiestim_tolerance_of_one_is_accepted() -> None:
    w = validate_si_distr(np.array([0.0, 0.5, 0.495]))
    assert w.dtype == np.float64 and w.sum() == pytest.approx(0.995)


@pytest.mark.parametrize(
    "name",
    ["Flu1918", "Flu2009", "Measles1861", "SARS2003", "Smallpox1972", "covid_deaths_2020_uk"],
)
def test_epiestim_distributions_load_with_day_zero_first(name: str) -> None:
    path = DATA / f"{name}_si_distr.json"
    w = load_si_distr(path)
    assert w[0] == 0.0
    np.testing.assert_array_equal(w, json.loads(path.read_text()))


def test_loading_a_mean_and_sd_file_points_to_discretise(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_si_distr(DATA / "mers_2014_15_si.json")
    assert "discretise_gamma_si" in err.value.en


def test_loading_broken_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "si.json"
    path.write_text("[0.0,\n 0.5,\n oops]")
    with pytest.raises(ConfigError) as err:
        load_si_distr(path)
    assert err.value.where.file == str(path)
    assert err.value.where.line == 3


def test_loading_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_si_distr(tmp_path / "absent.json")
    assert "does not exist" in err.value.en


def test_loading_a_list_with_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "si.json"
    path.write_text('[0, "0.5", 0.5]')
    with pytest.raises(ConfigError) as err:
        load_si_distr(path)
    assert "list of numbers" in err.value.en


def test_loaded_distribution_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "si.json"
    path.write_text("[0.2, 0.8]")
    with pytest.raises(ConfigError) as err:
        load_si_distr(path)
    assert err.value.where.file == str(path)
