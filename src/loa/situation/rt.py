"""Time-varying reproduction number R_t by the Cori method, exactly as R's EpiEstim computes it.

This mirrors ``EpiEstim::estimate_R(method = "non_parametric_si")`` (and ``"parametric_si"``
when the distribution comes from `discretise_gamma_si(mean, sd, max_days=T-1)`):

- all cases of day 1 count as imported (EpiEstim's ``process_I``); when imported cases are
  given and day 1 has local cases, they are moved with a warning, as EpiEstim does;
- total infectiousness ``Lambda_t = sum_{s>=1} w_s (local + imported)_{t-s}``;
- windows default to weekly sliding ones, ``t_start = 2 .. T-6``, ``t_end = 8 .. T`` (1-based);
- for a window, the posterior of R is gamma with shape ``a + sum(local)`` and scale
  ``1 / (1/b + sum(Lambda))``, the prior having shape ``(mean/sd)^2`` and scale ``sd^2/mean``;
  imported cases raise Lambda but never the numerator;
- windows whose ``t_end`` is not past the mean serial interval are dropped, silently in
  EpiEstim; here a warning says how many were dropped;
- EpiEstim warns when the first window holds fewer than ``ceil(1/cv^2 - a)`` cases (local plus
  imported, cv 0.3 by default); so does this module.

Where Loa differs on purpose, it refuses input EpiEstim would accept: a missing count (EpiEstim
reads NA as 0, but a day without a report is not a day without cases), a series with no case
at all, and a default series too short for two windows. Quantiles are gamma quantiles, as R's
``qgamma``; they agree with EpiEstim's stored outputs to about 1e-15.

`estimate_rt` handles one series; `estimate_rt_many` handles a matrix of series (units x days)
with matrix products instead of a loop over units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from scipy import special  # type: ignore[import-untyped]

from loa.errors import ConfigError, InputError, Where
from loa.formatting import format_number
from loa.situation.serial_interval import validate_si_distr

QUANTILE_LEVELS: tuple[float, ...] = (0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975)
QUANTILE_KEYS: tuple[str, ...] = tuple(str(q) for q in QUANTILE_LEVELS)


@dataclass(frozen=True)
class RtWindow:
    """The posterior of R over one window of days (1-based, both ends included)."""

    t_start: int
    t_end: int
    date_start: date | None
    date_end: date | None
    mean: float
    std: float
    quantiles: dict[str, float]


@dataclass(frozen=True)
class RtResult:
    """Estimates for each window kept, plus bilingual warnings ("vi\\nen")."""

    windows: list[RtWindow]
    warnings: list[str] = field(default_factory=list)
    si_mean: float = math.nan
    si_std: float = math.nan

    def to_json(self) -> list[dict[str, object]]:
        """Return one JSON-ready dict per window, dates as ISO strings or None."""
        return [
            {
                "t_start": w.t_start,
                "t_end": w.t_end,
                "date_start": w.date_start.isoformat() if w.date_start else None,
                "date_end": w.date_end.isoformat() if w.date_end else None,
                "mean": w.mean,
                "std": w.std,
                "quantiles": dict(w.quantiles),
            }
            for w in self.windows
        ]


@dataclass(frozen=True)
class RtArrays:
    """Estimates for many units: arrays shaped [units, windows] over the windows kept.

    `too_early[u]` is EpiEstim's coefficient-of-variation warning for unit u; `no_cases[u]`
    marks units with no case at all, whose estimates are the prior alone.
    """

    t_start: np.ndarray
    t_end: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    quantiles: dict[str, np.ndarray]
    too_early: np.ndarray
    no_cases: np.ndarray
    warnings: list[str] = field(default_factory=list)


def estimate_rt(
    local: Sequence[float] | np.ndarray,
    imported: Sequence[float] | np.ndarray | None = None,
    *,
    si_distr: np.ndarray,
    window: int = 7,
    t_start: Sequence[int] | None = None,
    t_end: Sequence[int] | None = None,
    mean_prior: float = 5.0,
    std_prior: float = 5.0,
    cv_posterior: float = 0.3,
    dates: Sequence[date] | None = None,
) -> RtResult:
    """Return the R_t posterior for each window of one daily case series (EpiEstim's rules)."""
    w = validate_si_distr(si_distr)
    a_prior, b_prior = _prior(mean_prior, std_prior, cv_posterior)
    loc = _counts(local, "local")
    imp = np.zeros_like(loc) if imported is None else _counts(imported, "imported")
    if imp.shape != loc.shape:
        raise _length_mismatch(loc.shape[-1], imp.shape[-1])
    warnings: list[str] = []
    moved = _move_first_day(loc, imp, warn=imported is not None)
    if moved:
        warnings.append(moved)
    n_days = loc.shape[0]
    total = loc + imp
    if not np.any(total > 0):
        raise InputError(
            "Chuỗi không có ca bệnh nào: không thể ước tính R_t.",
            "The series has no case at all: R_t cannot be estimated.",
            where=Where(column="local"),
        )
    starts, ends = _windows(n_days, window, t_start, t_end)
    if dates is not None:
        _check_dates(dates, n_days)
    si_mean, si_std = _si_moments(w)
    early = _too_early_warning(total, starts[0], ends[0], a_prior, cv_posterior)
    if early:
        warnings.append(early)

    # Lambda as EpiEstim's overall_infectivity: w_1..w_t against I_{t-1}..I_0 (w_0 is 0).
    lam = np.zeros(n_days)
    for day in range(1, n_days):
        span = min(day, w.size - 1)
        lam[day] = float(np.dot(w[1 : span + 1], total[day - 1 :: -1][:span]))

    keep, dropped = _keep_after_mean_si(starts, ends, si_mean)
    if dropped:
        warnings.append(dropped)
    starts, ends = starts[keep], ends[keep]
    shape = np.array([a_prior + loc[s - 1 : e].sum() for s, e in zip(starts, ends, strict=True)])
    lam_sums = np.array([lam[s - 1 : e].sum() for s, e in zip(starts, ends, strict=True)])
    scale = 1.0 / (1.0 / b_prior + lam_sums)
    silent = int(np.count_nonzero(lam_sums == 0))
    if silent:
        warnings.append(
            f"{silent} cửa sổ không có ca nào đang có khả năng lây (tổng khả năng lây bằng 0): "
            f"R_t ở đó chỉ là phân phối tiên nghiệm (trung bình {mean_prior:g}).\n"
            f"{silent} window(s) have no infectious case (total infectiousness 0): "
            f"their R_t is the prior alone (mean {mean_prior:g})."
        )
    mean, std, quants = _gamma_summary(shape, scale)
    windows = [
        RtWindow(
            t_start=int(s),
            t_end=int(e),
            date_start=dates[s - 1] if dates is not None else None,
            date_end=dates[e - 1] if dates is not None else None,
            mean=float(mean[i]),
            std=float(std[i]),
            quantiles={k: float(quants[k][i]) for k in QUANTILE_KEYS},
        )
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]
    return RtResult(windows=windows, warnings=warnings, si_mean=si_mean, si_std=si_std)


def estimate_rt_many(
    local: np.ndarray,
    imported: np.ndarray | None = None,
    *,
    si_distr: np.ndarray,
    window: int = 7,
    t_start: Sequence[int] | None = None,
    t_end: Sequence[int] | None = None,
    mean_prior: float = 5.0,
    std_prior: float = 5.0,
    cv_posterior: float = 0.3,
) -> RtArrays:
    """Return R_t posteriors for every unit (rows) of a units x days matrix of daily cases.

    Gives the same numbers as `estimate_rt` on each row, with two differences meant for
    thousands of communes at once: a unit without any case is not an error (it is flagged in
    `no_cases` and gets the prior), and per-unit warnings are boolean arrays.
    """
    w = validate_si_distr(si_distr)
    a_prior, b_prior = _prior(mean_prior, std_prior, cv_posterior)
    loc = _counts(local, "local", ndim=2)
    imp = np.zeros_like(loc) if imported is None else _counts(imported, "imported", ndim=2)
    if imp.shape != loc.shape:
        raise _length_mismatch(loc.shape[-1], imp.shape[-1])
    warnings: list[str] = []
    moved = _move_first_day(loc, imp, warn=imported is not None)
    if moved:
        warnings.append(moved)
    n_days = loc.shape[1]
    total = loc + imp
    starts, ends = _windows(n_days, window, t_start, t_end)
    si_mean, _ = _si_moments(w)

    # Lambda = total @ M with M[j, t] = w[t - j]: one BLAS product instead of a loop.
    lag = np.arange(n_days)[None, :] - np.arange(n_days)[:, None]
    in_si = (lag >= 1) & (lag < w.size)
    infectivity = np.where(in_si, w[np.clip(lag, 0, w.size - 1)], 0.0)
    lam = total @ infectivity

    days = np.arange(1, n_days + 1)[:, None]
    first = ((days >= starts[0]) & (days <= ends[0]))[:, 0]
    threshold = math.ceil(1 / cv_posterior**2 - a_prior)
    too_early = total[:, first].sum(axis=1) < threshold

    keep, dropped = _keep_after_mean_si(starts, ends, si_mean)
    if dropped:
        warnings.append(dropped)
    starts, ends = starts[keep], ends[keep]
    in_window = ((days >= starts[None, :]) & (days <= ends[None, :])).astype(float)
    shape = a_prior + loc @ in_window
    scale = 1.0 / (1.0 / b_prior + lam @ in_window)
    mean, std, quants = _gamma_summary(shape, scale)
    return RtArrays(
        t_start=starts,
        t_end=ends,
        mean=mean,
        std=std,
        quantiles=quants,
        too_early=too_early,
        no_cases=~np.any(total > 0, axis=1),
        warnings=warnings,
    )


def _gamma_summary(
    shape: np.ndarray, scale: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Return mean, sd and quantiles of gamma(shape, scale), elementwise."""
    # Shapes are 1 + a case count, so few distinct values: invert the gamma CDF once per value
    # and rescale (a gamma quantile is scale times the unit-scale quantile, as in R's qgamma).
    unique, where = np.unique(shape, return_inverse=True)
    where = where.reshape(shape.shape)
    quants = {
        key: special.gammaincinv(unique, level)[where] * scale
        for key, level in zip(QUANTILE_KEYS, QUANTILE_LEVELS, strict=True)
    }
    return shape * scale, np.sqrt(shape) * scale, quants


def _prior(mean_prior: float, std_prior: float, cv_posterior: float) -> tuple[float, float]:
    """Return the prior's gamma shape and scale after checking the settings."""
    for name, value in (
        ("mean_prior", mean_prior),
        ("std_prior", std_prior),
        ("cv_posterior", cv_posterior),
    ):
        if not (math.isfinite(value) and value > 0):
            raise ConfigError(
                f"Tham số {name} phải là một số lớn hơn 0 (đang là {value}).",
                f"The setting {name} must be a number greater than 0 (got {value}).",
                where=Where(column=name),
            )
    return (mean_prior / std_prior) ** 2, std_prior**2 / mean_prior


def _counts(values: Sequence[float] | np.ndarray, name: str, ndim: int = 1) -> np.ndarray:
    """Return daily counts as a float array (a copy) after refusing NaN and negatives."""
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            f"Cột {name} phải chỉ chứa số ca (số không âm).",
            f"Column {name} must hold case counts (non-negative numbers) only.",
            where=Where(column=name),
        ) from None
    if arr.ndim != ndim:
        shape = "một dãy số theo ngày" if ndim == 1 else "một bảng đơn vị x ngày"
        shape_en = "a sequence of daily counts" if ndim == 1 else "a units x days table"
        raise InputError(
            f"Cột {name} phải là {shape}.",
            f"Column {name} must be {shape_en}.",
            where=Where(column=name),
        )
    for bad, vi, en in (
        (
            ~np.isfinite(arr),
            "thiếu số ca (hoặc không phải số). Nếu ngày đó không có ca, hãy ghi 0",
            "the count is missing or not a number. If there were no cases that day, enter 0",
        ),
        (
            arr < 0,
            "số ca âm; số ca phải từ 0 trở lên",
            "the count is negative; it must be 0 or more",
        ),
    ):
        if np.any(bad):
            pos = np.argwhere(bad)[0]
            day = int(pos[-1]) + 1
            unit_vi = f"đơn vị {int(pos[0]) + 1}, " if ndim == 2 else ""
            unit_en = f"unit {int(pos[0]) + 1}, " if ndim == 2 else ""
            raise InputError(
                f"{unit_vi}ngày thứ {day}: {vi}.",
                f"{unit_en}day {day}: {en}.",
                where=Where(column=name),
            )
    return arr


def _length_mismatch(n_local: int, n_imported: int) -> InputError:
    """Return the error for local and imported series of different lengths."""
    return InputError(
        f"Số ngày của ca từ nơi khác đến ({n_imported}) khác số ngày của ca tại chỗ ({n_local}).",
        f"The imported series has {n_imported} days but the local one has {n_local}.",
        where=Where(column="imported"),
    )


def _move_first_day(loc: np.ndarray, imp: np.ndarray, *, warn: bool) -> str | None:
    """Move day-1 local cases to imported in place; return a warning if asked and needed."""
    first_local = loc[..., 0].copy()
    imp[..., 0] += first_local
    loc[..., 0] = 0
    if not warn or not np.any(first_local > 0):
        return None
    return (
        "Mọi ca của ngày đầu tiên được coi là ca từ nơi khác đến (như EpiEstim): "
        f"{first_local.sum():g} ca tại chỗ của ngày 1 đã được chuyển sang ca từ nơi khác đến.\n"
        "All cases of the first day count as imported (as in EpiEstim): "
        f"{first_local.sum():g} local case(s) of day 1 were moved to imported."
    )


def _windows(
    n_days: int, window: int, t_start: Sequence[int] | None, t_end: Sequence[int] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Return the 1-based window bounds, EpiEstim's weekly sliding ones by default."""
    if t_start is None and t_end is None:
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise ConfigError(
                f"Độ dài cửa sổ phải là số ngày nguyên dương (đang là {window}).",
                f"The window length must be a positive whole number of days (got {window}).",
                where=Where(column="window"),
            )
        if n_days < window + 2:
            raise InputError(
                f"Chuỗi số ca quá ngắn: có {n_days} ngày, cần ít nhất {window + 2} ngày để có "
                f"hai cửa sổ {window} ngày (ngày 1 chỉ dùng làm nguồn lây).",
                f"The case series is too short: it has {n_days} days, and two {window}-day "
                f"windows need at least {window + 2} (day 1 only seeds infections).",
                where=Where(column="local"),
            )
        starts = np.arange(2, n_days - window + 2)
        return starts, starts + window - 1
    if t_start is None or t_end is None or len(t_start) != len(t_end) or len(t_start) == 0:
        raise ConfigError(
            "Cần cho cả t_start và t_end, cùng số phần tử (ít nhất một cửa sổ).",
            "Give both t_start and t_end, with the same number of entries (at least one).",
            where=Where(column="t_start"),
        )
    starts = np.asarray(t_start, dtype=float)
    ends = np.asarray(t_end, dtype=float)
    for name, arr in (("t_start", starts), ("t_end", ends)):
        if np.any((arr < 2) | (arr > n_days) | (arr % 1 != 0)):
            raise ConfigError(
                f"{name} phải là các số nguyên từ 2 đến {n_days} (số ngày của chuỗi).",
                f"{name} must hold whole numbers from 2 to {n_days} (the series length).",
                where=Where(column=name),
            )
    if np.any(starts > ends):
        i = int(np.flatnonzero(starts > ends)[0])
        raise ConfigError(
            f"Cửa sổ {i + 1}: t_start ({starts[i]:g}) lớn hơn t_end ({ends[i]:g}).",
            f"Window {i + 1}: t_start ({starts[i]:g}) is after t_end ({ends[i]:g}).",
            where=Where(column="t_start"),
        )
    return starts.astype(int), ends.astype(int)


def _check_dates(dates: Sequence[date], n_days: int) -> None:
    """Refuse dates that are not one per day, consecutive and ascending (as EpiEstim)."""
    if len(dates) != n_days:
        raise InputError(
            f"Có {len(dates)} ngày tháng nhưng chuỗi số ca có {n_days} ngày.",
            f"There are {len(dates)} dates but the case series has {n_days} days.",
            where=Where(column="dates"),
        )
    for i in range(1, n_days):
        if dates[i] - dates[i - 1] != timedelta(days=1):
            raise InputError(
                f"Ngày tháng phải liên tiếp và tăng dần: sau {dates[i - 1].isoformat()} "
                f"lại là {dates[i].isoformat()} (dòng {i + 1}). Hãy thêm ngày thiếu với 0 ca.",
                f"Dates must be consecutive and ascending: {dates[i - 1].isoformat()} is "
                f"followed by {dates[i].isoformat()} (row {i + 1}). Add missing days with 0 cases.",
                where=Where(column="dates", line=i + 1),
            )


def _si_moments(w: np.ndarray) -> tuple[float, float]:
    """Return the mean and sd of a serial-interval distribution, unnormalised as EpiEstim."""
    k = np.arange(w.size)
    mean = float(np.sum(w * k))
    return mean, math.sqrt(max(float(np.sum(w * k**2)) - mean**2, 0.0))


def _too_early_warning(
    total: np.ndarray, start: int, end: int, a_prior: float, cv_posterior: float
) -> str | None:
    """Return EpiEstim's warning when the first window has too few cases for the target CV."""
    needed = math.ceil(1 / cv_posterior**2 - a_prior)
    have = float(total[start - 1 : end].sum())
    if have >= needed:
        return None
    return (
        f"Ước tính R_t quá sớm trong dịch: cửa sổ đầu tiên (ngày {start}-{end}) có {have:g} ca, "
        f"cần ít nhất {needed} ca để hệ số biến thiên hậu nghiệm không quá "
        f"{f'{cv_posterior:g}'.replace('.', ',')}.\n"
        f"R_t is estimated too early in the epidemic: the first window (days {start}-{end}) has "
        f"{have:g} cases; {needed} are needed for a posterior coefficient of variation of at "
        f"most {cv_posterior:g}."
    )


def _keep_after_mean_si(
    starts: np.ndarray, ends: np.ndarray, si_mean: float
) -> tuple[np.ndarray, str | None]:
    """Return which windows end after the mean serial interval, and a warning if any do not."""
    keep = ends > si_mean
    day_vi, day_en = format_number(si_mean, 2), format_number(si_mean, 2, "en")
    if not np.any(keep):
        raise InputError(
            f"Mọi cửa sổ đều kết thúc trước hoặc đúng ngày {day_vi} (trung bình khoảng nối "
            "tiếp), nên chưa ước tính được R_t. Hãy dùng chuỗi số ca dài hơn.",
            f"Every window ends on or before day {day_en} (the mean serial interval), so "
            "R_t cannot be estimated yet. Use a longer case series.",
            where=Where(column="t_end"),
        )
    dropped = int(np.count_nonzero(~keep))
    if not dropped:
        return keep, None
    return keep, (
        f"Đã bỏ {dropped} cửa sổ kết thúc trước hoặc đúng ngày {day_vi} (trung bình khoảng "
        "nối tiếp): quá sớm để ước tính, như EpiEstim.\n"
        f"Dropped {dropped} window(s) ending on or before day {day_en} (the mean serial "
        "interval): too early to estimate, as in EpiEstim."
    )
