"""Alerts: a narrative whose daily volume rises above what its last seven days predict.

The method is the one ECDC's epitweetr uses for tweet counts (its `ears_t_reweighted`, a
modified EARS C1 with Farrington-style down-weighting), rewritten here:

1. Baseline: the counts of the `baseline_days` (7) days before the day tested, zeros
   included for days without posts.
2. Down-weighting: a baseline day that was itself a spike (a past alert) would inflate the
   baseline and hide the next rise. Each day's externally studentised residual r* (its
   distance from the mean of the other days, in their standard deviations) is computed; a day
   with r* above the (1 - `alpha_outlier`) quantile of Student's t with n - 2 degrees of
   freedom gets the weight (threshold / r*)^`k_decay`, others weight 1; weights are scaled
   to sum to n.
3. Prediction interval: with the weighted mean ȳ and standard deviation s, the upper limit
   is U = ȳ + t(1 - `alpha`, n - 1) · s · √(1 + 1/n), the upper bound of a one-sided
   prediction interval for a new observation.
4. Alert: the day's count exceeds U and reaches `min_count` (a rise from 0 to 2 posts is not
   news). An alert is raised once: not again for the same narrative while an alert of the
   previous `quiet_days` stands.

Reference: Espinosa L. et al., epitweetr, ECDC (https://github.com/EU-ECDC/epitweetr), and
Farrington C.P. et al. (1996), J. R. Stat. Soc. A 159(3), 547-563, for the re-weighting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy.stats import t as student_t  # type: ignore[import-untyped]

__all__ = ["AlertRule", "Spike", "detect_spike", "upper_limit"]


@dataclass(frozen=True)
class AlertRule:
    """The parameters of spike detection (defaults as in epitweetr)."""

    baseline_days: int = 7
    alpha: float = 0.025
    alpha_outlier: float = 0.05
    k_decay: float = 4.0
    min_count: int = 5
    quiet_days: int = 3


@dataclass(frozen=True)
class Spike:
    """The evidence of one alert: the day's count against its baseline and limit."""

    day: date
    observed: int
    expected: float
    upper: float
    baseline: tuple[int, ...]
    weights: tuple[float, ...]

    def as_dict(self) -> dict[str, object]:
        """Return the evidence as plain JSON-ready data."""
        return {
            "day": self.day.isoformat(),
            "observed": self.observed,
            "expected": round(self.expected, 2),
            "upper": round(self.upper, 2),
            "baseline": list(self.baseline),
            "weights": [round(w, 3) for w in self.weights],
        }


def _weights(history: np.ndarray, rule: AlertRule) -> np.ndarray:
    n = len(history)
    mean = history.mean()
    residuals = history - mean
    others_sd = np.array([np.std(np.delete(history, i), ddof=1) for i in range(n)])
    with np.errstate(divide="ignore", invalid="ignore"):
        rstar = residuals / (others_sd * np.sqrt(1 - 1 / n))
    rstar = np.where(np.isfinite(rstar), rstar, np.where(residuals > 0, np.inf, 0.0))
    limit = float(student_t.ppf(1 - rule.alpha_outlier, df=n - 2))
    with np.errstate(divide="ignore"):
        down = np.where(rstar > limit, (limit / rstar) ** rule.k_decay, 1.0)
    return np.asarray(down, dtype=np.float64)


def upper_limit(
    history: Sequence[int], rule: AlertRule = AlertRule()
) -> tuple[float, float, list[float]]:
    """Return (expected, upper limit, weights) for the day after `history`."""
    values = np.asarray(history, dtype=np.float64)
    n = len(values)
    weights = _weights(values, rule)
    weights = weights / weights.sum() * n if weights.sum() > 0 else np.ones(n)
    expected = float(np.mean(weights * values))
    sd = float(np.sqrt(np.sum(weights * (values - expected) ** 2) / (n - 1)))
    quantile = float(student_t.ppf(1 - rule.alpha, df=n - 1))
    return expected, expected + quantile * sd * np.sqrt(1 + 1 / n), [float(w) for w in weights]


def detect_spike(
    counts: Mapping[date, int],
    day: date,
    *,
    rule: AlertRule = AlertRule(),
    past_alerts: Sequence[date] = (),
) -> Spike | None:
    """Return the spike on `day` if its count rises above the prediction interval, else None.

    `counts` is the narrative's volume per day (missing days count 0); `past_alerts` are the
    days it already alerted, so a rise that continues is not announced twice.
    """
    if any(timedelta(0) < day - d <= timedelta(days=rule.quiet_days) for d in past_alerts):
        return None
    if day in past_alerts:
        return None
    observed = int(counts.get(day, 0))
    if observed < rule.min_count:
        return None
    history = [
        int(counts.get(day - timedelta(days=i), 0)) for i in range(rule.baseline_days, 0, -1)
    ]
    expected, upper, weights = upper_limit(history, rule)
    if observed <= upper:
        return None
    return Spike(day, observed, expected, float(upper), tuple(history), tuple(weights))
