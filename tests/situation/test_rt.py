"""R_t by the Cori method, checked against R's EpiEstim itself and against the formulas.

How each dataset in tests/data/epiestim/ is tested (see the README there for provenance):

- EpiEstim outputs, to 1e-9 absolute on every column (mean, sd, every quantile):
  Example 1 (Flu2009, non-parametric SI, t_start 2:26, t_end 8:32) from EpiEstim's stored
  output; Examples 2 and 3 (parametric SI 2.6/1.5; Example 2 with local and imported cases)
  from EpiEstim's `tests/expected_output/*.rds`; and the default weekly windows on every
  incidence dataset (Flu1918, Flu2009, SARS2003, Measles1861, Smallpox1972, COVID deaths UK
  2020 with their own SI distributions; MERS 2014-15 with local and imported cases and its
  parametric SI 6.8/4.1; flu 2009 NYC school and MockRotavirus with a parametric SI, because
  their SI comes as interval-censored data that EpiEstim fits by MCMC, which Loa does not do),
  written by `make_expected.R` with R 4.2.2 and EpiEstim 2.2-4. The same run records whether
  EpiEstim raised its "too early" (posterior CV) warning for each dataset.
- An independent re-derivation: `_reference_rt` below is a plain loop over the formulas with
  scipy.stats.gamma, used on series no EpiEstim run covers (random series, edge cases).
- Dataset facts: imported MERS cases raise Lambda but not the numerator; the vectorised
  `estimate_rt_many` agrees with `estimate_rt` to 1e-12 on every dataset and on random units.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from scipy import stats  # type: ignore[import-untyped]

from loa.errors import ConfigError, InputError, LoaError
from loa.situation.rt import QUANTILE_KEYS, RtResult, estimate_rt, estimate_rt_many
from loa.situation.serial_interval import discretise_gamma_si, load_si_distr

DATA = Path(__file__).resolve().parents[1] / "data" / "epiestim"
COLUMNS = [
    "Mean(R)",
    "Std(R)",
    "Quantile.0.025(R)",
    "Quantile.0.05(R)",
    "Quantile.0.25(R)",
    "Median(R)",
    "Quantile.0.75(R)",
    "Quantile.0.95(R)",
    "Quantile.0.975(R)",
]
PARAMETRIC_SI = {
    "mers_2014_15": (6.8, 4.1),
    "flu_2009_NYC_school": (2.6, 1.5),
    "MockRotavirus": (2.5, 1.5),
}
DATASETS = [
    "Flu1918",
    "Flu2009",
    "SARS2003",
    "Measles1861",
    "Smallpox1972",
    "covid_deaths_2020_uk",
    "mers_2014_15",
    "flu_2009_NYC_school",
    "MockRotavirus",
]


def _series(name: str) -> tuple[list[float], list[float] | None, list[date] | None]:
    """Return local cases, imported cases (or None) and dates (or None) of a dataset."""
    path = DATA / f"{name}_incidence.json"
    if path.exists():
        return [float(x) for x in json.loads(path.read_text())], None, None
    with (DATA / f"{name}_incidence.csv").open() as f:
        rows = list(csv.DictReader(f))
    dates = [date.fromisoformat(r["dates"]) for r in rows]
    if "local" in rows[0]:
        return [float(r["local"]) for r in rows], [float(r["imported"]) for r in rows], dates
    column = "I" if "I" in rows[0] else "Incidence"
    return [float(r[column]) for r in rows], None, dates


def _si_for(name: str, n_days: int) -> np.ndarray:
    """Return the SI EpiEstim used: the dataset's own, or discr_si over days 0..T-1."""
    if name in PARAMETRIC_SI:
        return discretise_gamma_si(*PARAMETRIC_SI[name], max_days=n_days - 1)
    return load_si_distr(DATA / f"{name}_si_distr.json")


def _table(result: RtResult) -> np.ndarray:
    """Return the estimates as rows of t_start, t_end, mean, std, quantiles."""
    return np.array(
        [
            [w.t_start, w.t_end, w.mean, w.std, *(w.quantiles[k] for k in QUANTILE_KEYS)]
            for w in result.windows
        ]
    )


def _expected_csv(path: Path) -> np.ndarray:
    with path.open() as f:
        rows = list(csv.DictReader(f))
    return np.array([[float(r[c]) for c in ["t_start", "t_end", *COLUMNS]] for r in rows])


def _reference_rt(
    local: Sequence[float] | np.ndarray,
    imported: Sequence[float] | np.ndarray | None,
    w: Sequence[float] | np.ndarray,
    t_start: Sequence[int],
    t_end: Sequence[int],
    mean_prior: float = 5.0,
    std_prior: float = 5.0,
) -> np.ndarray:
    """Return the Cori estimates from the formulas, one plain loop at a time."""
    n = len(local)
    loc = list(local)
    imp = list(imported) if imported is not None else [0.0] * n
    imp[0] += loc[0]
    loc[0] = 0.0
    total = [loc[t] + imp[t] for t in range(n)]
    weights = list(w) + [0.0] * n
    mean_si = sum(k * x for k, x in enumerate(w))
    lam = [0.0] * n
    for t in range(1, n):
        for s in range(1, t + 1):
            lam[t] += weights[s] * total[t - s]
    a, b = (mean_prior / std_prior) ** 2, std_prior**2 / mean_prior
    rows = []
    for s, e in zip(t_start, t_end, strict=True):
        if e <= mean_si:
            continue
        shape = a + sum(loc[s - 1 : e])
        scale = 1 / (1 / b + sum(lam[s - 1 : e]))
        posterior = stats.gamma(shape, scale=scale)
        quantiles = [posterior.ppf(float(q)) for q in QUANTILE_KEYS]
        rows.append([s, e, posterior.mean(), posterior.std(), *quantiles])
    return np.array(rows)


def _flu2009() -> tuple[list[float], list[date], np.ndarray]:
    local, _, dates = _series("Flu2009")
    assert dates is not None
    return local, dates, load_si_distr(DATA / "Flu2009_si_distr.json")


def test_flu2009_example_reproduces_epiestim_output() -> None:
    local, dates, w = _flu2009()
    result = estimate_rt(local, si_distr=w, t_start=range(2, 27), t_end=range(8, 33), dates=dates)
    expected = _expected_csv(DATA / "expected_Example1_R.csv")
    np.testing.assert_allclose(_table(result), expected, rtol=0, atol=1e-9)
    with (DATA / "expected_Example1_R.csv").open() as f:
        expected_dates = [(r["date_start"], r["date_end"]) for r in csv.DictReader(f)]
    got_dates = [(w["date_start"], w["date_end"]) for w in result.to_json()]
    assert got_dates == expected_dates
    assert result.warnings == []


@pytest.mark.parametrize("example", [2, 3])
def test_parametric_examples_reproduce_epiestim_output(example: int) -> None:
    data = json.loads((DATA / f"expected_Example{example}.json").read_text())
    w = discretise_gamma_si(2.6, 1.5, max_days=len(data["local"]) - 1)
    result = estimate_rt(
        data["local"],
        data["imported"],
        si_distr=w,
        t_start=data["config"]["t_start"],
        t_end=data["config"]["t_end"],
    )
    expected = np.column_stack(
        [data["config"]["t_start"], data["config"]["t_end"]] + [data["R"][c] for c in COLUMNS]
    )
    np.testing.assert_allclose(_table(result), expected, rtol=0, atol=1e-9)
    assert result.si_mean == pytest.approx(data["si_moments"]["mean"], abs=1e-12)
    assert result.si_std == pytest.approx(data["si_moments"]["std"], abs=1e-12)


@pytest.mark.parametrize("name", DATASETS)
def test_default_weekly_windows_reproduce_epiestim_on_every_dataset(name: str) -> None:
    local, imported, _ = _series(name)
    result = estimate_rt(local, imported, si_distr=_si_for(name, len(local)))
    expected = _expected_csv(DATA / f"expected_default_{name}_R.csv")
    np.testing.assert_allclose(_table(result), expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", DATASETS)
def test_too_early_warning_is_given_exactly_when_epiestim_gives_it(name: str) -> None:
    with (DATA / "expected_warnings.csv").open() as f:
        expected = {r["dataset"]: r["cv_warning"] == "TRUE" for r in csv.DictReader(f)}
    local, imported, _ = _series(name)
    result = estimate_rt(local, imported, si_distr=_si_for(name, len(local)))
    warned = any("too early" in text for text in result.warnings)
    assert warned == expected[name]
    many = estimate_rt_many(
        np.array([local]),
        None if imported is None else np.array([imported]),
        si_distr=_si_for(name, len(local)),
    )
    assert bool(many.too_early[0]) == expected[name]


@pytest.mark.parametrize("name", DATASETS)
def test_many_units_agree_with_one_unit_at_a_time(name: str) -> None:
    local, imported, _ = _series(name)
    w = _si_for(name, len(local))
    single = _table(estimate_rt(local, imported, si_distr=w))
    rng = np.random.default_rng(7)
    # Row 0 is the dataset; the others are shuffled copies, so units differ.
    rows = np.array([local] + [rng.permutation(local) for _ in range(4)])
    imp = None if imported is None else np.array([imported] * 5)
    many = estimate_rt_many(rows, imp, si_distr=w)
    got = np.column_stack(
        [many.t_start, many.t_end, many.mean[0], many.std[0]]
        + [many.quantiles[k][0] for k in QUANTILE_KEYS]
    )
    np.testing.assert_allclose(got, single, rtol=0, atol=1e-12)
    for u in range(1, 5):
        one = _table(estimate_rt(rows[u], None if imp is None else imp[u], si_distr=w))
        np.testing.assert_allclose(many.mean[u], one[:, 2], rtol=0, atol=1e-12)
        np.testing.assert_allclose(many.quantiles["0.975"][u], one[:, -1], rtol=0, atol=1e-12)


def test_random_series_match_the_formulas_written_out() -> None:
    rng = np.random.default_rng(2021)
    w = discretise_gamma_si(4.7, 2.9)
    local = rng.poisson(rng.gamma(2.0, 3.0, size=60)).astype(float)
    imported = rng.poisson(0.5, size=60).astype(float)
    starts, ends = list(range(2, 50, 3)), list(range(12, 60, 3))
    result = estimate_rt(
        local, imported, si_distr=w, t_start=starts, t_end=ends, mean_prior=2.0, std_prior=1.0
    )
    expected = _reference_rt(local, imported, w, starts, ends, mean_prior=2.0, std_prior=1.0)
    np.testing.assert_allclose(_table(result), expected, rtol=0, atol=1e-9)


def test_mers_imported_cases_raise_infectiousness_but_not_the_numerator() -> None:
    local, imported, _ = _series("mers_2014_15")
    assert imported is not None
    w = _si_for("mers_2014_15", len(local))
    with_imports = estimate_rt(local, imported, si_distr=w)
    # Keep day 1's imported case: EpiEstim needs a seed, and it is imported either way.
    only_seed = estimate_rt(local, [imported[0]] + [0.0] * (len(local) - 1), si_distr=w)
    for a, b in zip(with_imports.windows, only_seed.windows, strict=True):
        local_in_window = sum(local[a.t_start - 1 : a.t_end])
        shape = (a.mean / a.std) ** 2
        assert shape == pytest.approx(1 + local_in_window, abs=1e-9)
        assert (b.mean / b.std) ** 2 == pytest.approx(shape, abs=1e-9)
        assert a.mean <= b.mean + 1e-12
    assert (
        sum(a.mean < b.mean for a, b in zip(with_imports.windows, only_seed.windows, strict=True))
        > 100
    )


def test_first_day_cases_count_as_imported() -> None:
    local, dates, w = _flu2009()
    as_local = estimate_rt([10.0, *local[1:]], si_distr=w, dates=dates)
    as_imported = estimate_rt(
        [0.0, *local[1:]], [10.0] + [0.0] * (len(local) - 1), si_distr=w, dates=dates
    )
    assert _table(as_local).tolist() == _table(as_imported).tolist()
    assert not any("day 1" in text for text in as_local.warnings)


def test_local_cases_on_day_one_are_moved_with_a_warning_when_imports_are_given() -> None:
    local, _, w = _flu2009()
    result = estimate_rt([4.0, *local[1:]], [1.0] + [0.0] * (len(local) - 1), si_distr=w)
    reference = estimate_rt([0.0, *local[1:]], [5.0] + [0.0] * (len(local) - 1), si_distr=w)
    assert _table(result).tolist() == _table(reference).tolist()
    assert any("4 local case(s) of day 1" in text for text in result.warnings)


@pytest.mark.parametrize(("cases", "warned"), [(10.0, True), (11.0, False)])
def test_too_early_warning_needs_eleven_cases_in_the_first_window(
    cases: float, warned: bool
) -> None:
    # Prior shape 1 and cv 0.3: EpiEstim wants ceil(1/0.09 - 1) = 11 cases in days 2..8.
    local = [1.0, cases] + [0.0] * 6 + [3.0] * 10
    w = np.array([0.0, 0.5, 0.5])
    result = estimate_rt(local, si_distr=w)
    assert any("too early" in text for text in result.warnings) == warned


def test_windows_ending_before_the_mean_serial_interval_are_dropped_with_a_warning() -> None:
    local, _, _ = _series("Smallpox1972")
    w = load_si_distr(DATA / "Smallpox1972_si_distr.json")
    result = estimate_rt(local, si_distr=w)
    assert result.si_mean == pytest.approx(22.383)
    assert result.windows[0].t_end == 23
    assert len(result.windows) == len(local) - 7 - 15
    assert any("Dropped 15 window(s)" in text for text in result.warnings)


def test_windows_without_infectious_cases_are_flagged_as_prior_only() -> None:
    local = [3.0] + [1.0] * 9 + [0.0] * 10 + [2.0] * 5
    w = np.array([0.0, 1.0])
    result = estimate_rt(local, si_distr=w)
    silent = [x for x in result.windows if x.t_start >= 12 and x.t_end <= 20]
    assert silent and all(x.mean == pytest.approx(5.0) for x in silent)
    assert any("prior alone" in text for text in result.warnings)


def test_to_json_gives_iso_dates_and_all_quantiles() -> None:
    local, dates, w = _flu2009()
    rows = estimate_rt(local, si_distr=w, dates=dates).to_json()
    assert rows[0]["date_start"] == "2009-04-28" and rows[0]["date_end"] == "2009-05-04"
    assert rows[-1]["t_end"] == len(local)
    assert list(rows[0]) == [
        "t_start",
        "t_end",
        "date_start",
        "date_end",
        "mean",
        "std",
        "quantiles",
    ]
    quantiles = rows[0]["quantiles"]
    assert isinstance(quantiles, dict)
    assert list(quantiles) == ["0.025", "0.05", "0.25", "0.5", "0.75", "0.95", "0.975"]
    assert json.loads(json.dumps(rows)) == rows
    undated = estimate_rt(local, si_distr=w).to_json()
    assert undated[0]["date_start"] is None and undated[0]["date_end"] is None


def test_sliding_windows_follow_the_window_length() -> None:
    local, _, w = _flu2009()
    result = estimate_rt(local, si_distr=w, window=14)
    assert [(x.t_start, x.t_end) for x in result.windows[:2]] == [(2, 15), (3, 16)]
    assert result.windows[-1].t_end == len(local)
    assert len(result.windows) == len(local) - 14


def _assert_bilingual(err: LoaError) -> None:
    assert err.vi and err.en and err.vi != err.en


@pytest.mark.parametrize(
    ("local", "kwargs", "error", "needle"),
    [
        ([1.0] * 8, {}, InputError, "too short"),
        ([1.0, 2.0, -1.0] + [1.0] * 10, {}, InputError, "day 3: the count is negative"),
        ([1.0, float("nan")] + [1.0] * 10, {}, InputError, "day 2: the count is missing"),
        ([0.0] * 20, {}, InputError, "no case at all"),
        ([1.0] * 20, {"imported": [0.0] * 19}, InputError, "imported series has 19 days"),
        ([1.0] * 20, {"t_start": [1], "t_end": [8]}, ConfigError, "t_start must hold"),
        ([1.0] * 20, {"t_start": [2], "t_end": [21]}, ConfigError, "t_end must hold"),
        ([1.0] * 20, {"t_start": [9], "t_end": [8]}, ConfigError, "after t_end"),
        ([1.0] * 20, {"t_start": [2, 3], "t_end": [8]}, ConfigError, "same number"),
        ([1.0] * 20, {"window": 0}, ConfigError, "window length"),
        ([1.0] * 20, {"mean_prior": 0.0}, ConfigError, "mean_prior"),
        ([1.0] * 20, {"std_prior": -1.0}, ConfigError, "std_prior"),
        ([1.0] * 20, {"t_start": [2], "t_end": [2]}, InputError, "mean serial interval"),
    ],
)
def test_bad_input_gives_a_bilingual_error(
    local: list[float], kwargs: dict[str, object], error: type[LoaError], needle: str
) -> None:
    w = np.array([0.0, 0.2, 0.3, 0.3, 0.2])
    with pytest.raises(error) as err:
        estimate_rt(local, si_distr=w, **kwargs)  # type: ignore[arg-type]
    assert needle in err.value.en
    _assert_bilingual(err.value)


def test_dates_must_be_consecutive_days() -> None:
    local, dates, w = _flu2009()
    gap = dates[:10] + dates[11:] + [date(2009, 5, 29)]
    with pytest.raises(InputError) as err:
        estimate_rt(local, si_distr=w, dates=gap)
    assert "consecutive" in err.value.en and err.value.where.line == 11
    with pytest.raises(InputError):
        estimate_rt(local, si_distr=w, dates=dates[:-1])


def test_many_units_flag_empty_units_instead_of_failing() -> None:
    local, _, w = _flu2009()
    rows = np.array([local, [0.0] * len(local)])
    many = estimate_rt_many(rows, None, si_distr=w)
    assert many.no_cases.tolist() == [False, True]
    np.testing.assert_allclose(many.mean[1], 5.0)


def test_many_units_report_where_a_count_is_bad() -> None:
    rows = np.ones((3, 20))
    rows[2, 4] = -2
    with pytest.raises(InputError) as err:
        estimate_rt_many(rows, None, si_distr=np.array([0.0, 1.0]))
    assert "unit 3, day 5" in err.value.en
    with pytest.raises(InputError):
        estimate_rt_many(np.ones(20), None, si_distr=np.array([0.0, 1.0]))
