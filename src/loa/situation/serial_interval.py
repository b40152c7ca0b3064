"""Serial-interval distributions for the Cori R_t method, as R's EpiEstim builds and checks them.

A serial-interval distribution here is a 1-D array ``w`` where ``w[k]`` is the probability that
the serial interval is ``k`` days; ``w[0]`` must be 0 (a case cannot infect on its own day).

`discretise_gamma_si` reproduces EpiEstim's ``discr_si`` (Cori et al. 2013, web appendix 11):
the serial interval minus one day is gamma distributed, with shape ``(mean-1)^2/sd^2`` and scale
``sd^2/(mean-1)``, and it is discretised with a triangular kernel so that the discrete
distribution keeps the continuous mean. EpiEstim neither normalises nor truncates the result;
``estimate_R(method = "parametric_si")`` evaluates it on days ``0 .. T-1`` for a series of ``T``
days. Pass ``max_days=T-1`` to get exactly that vector.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from scipy import special  # type: ignore[import-untyped]

from loa.errors import ConfigError, Where

#: EpiEstim's `check_si_distr` accepts a distribution whose sum is within this of 1.
SUM_TOLERANCE = 0.01

#: Without `max_days`, the distribution stops once the mass left beyond it is below this.
TAIL_MASS = 1e-6

#: A distribution longer than this (about 27 years) is a typing error, not an epidemic.
MAX_LENGTH = 10_000


def discretise_gamma_si(mean: float, sd: float, max_days: int | None = None) -> np.ndarray:
    """Return the discretised shifted-gamma serial interval, index k = probability of k days.

    With `max_days`, the array covers days ``0 .. max_days`` exactly as EpiEstim's
    ``discr_si(0:max_days, mean, sd)``. Without it, the array stops at the first day by which
    the cumulative mass reaches ``1 - 1e-6`` (EpiEstim has no default length; this one keeps
    every day that matters and drops the long tail of zeros).
    """
    if not (math.isfinite(mean) and mean > 1):
        raise ConfigError(
            f"Trung bình khoảng nối tiếp phải lớn hơn 1 ngày (đang là {mean}). "
            "Hãy nhập trung bình tính theo ngày, ví dụ 4.7.",
            f"The mean serial interval must be greater than 1 day (got {mean}). "
            "Give the mean in days, for example 4.7.",
            where=Where(column="mean_si"),
        )
    if not (math.isfinite(sd) and sd > 0):
        raise ConfigError(
            f"Độ lệch chuẩn khoảng nối tiếp phải lớn hơn 0 (đang là {sd}).",
            f"The serial interval's standard deviation must be greater than 0 (got {sd}).",
            where=Where(column="std_si"),
        )
    if max_days is not None:
        if max_days < 1 or max_days >= MAX_LENGTH:
            raise ConfigError(
                f"Số ngày tối đa của khoảng nối tiếp phải từ 1 đến {MAX_LENGTH - 1} "
                f"(đang là {max_days}).",
                f"The serial interval's max_days must be between 1 and {MAX_LENGTH - 1} "
                f"(got {max_days}).",
                where=Where(column="max_days"),
            )
        return _discr_si(np.arange(max_days + 1, dtype=float), mean, sd)

    length = max(16, math.ceil(mean + 20 * sd))
    while length <= MAX_LENGTH:
        w = _discr_si(np.arange(length, dtype=float), mean, sd)
        reached = np.flatnonzero(np.cumsum(w) >= 1 - TAIL_MASS)
        if reached.size:
            return w[: reached[0] + 1]
        length *= 2
    raise ConfigError(
        f"Khoảng nối tiếp (trung bình {mean}, độ lệch chuẩn {sd}) dài hơn {MAX_LENGTH} ngày. "
        "Hãy kiểm tra đơn vị: trung bình và độ lệch chuẩn tính theo ngày.",
        f"The serial interval (mean {mean}, sd {sd}) runs past {MAX_LENGTH} days. "
        "Check the units: mean and sd are in days.",
        where=Where(column="std_si"),
    )


def _discr_si(k: np.ndarray, mean: float, sd: float) -> np.ndarray:
    """Return EpiEstim's `discr_si` evaluated at the days in `k` (no truncation, no scaling)."""
    shape = ((mean - 1) / sd) ** 2
    scale = sd**2 / (mean - 1)
    w = (
        k * _gamma_cdf(k, shape, scale)
        + (k - 2) * _gamma_cdf(k - 2, shape, scale)
        - 2 * (k - 1) * _gamma_cdf(k - 1, shape, scale)
    )
    w = w + shape * scale * (
        2 * _gamma_cdf(k - 1, shape + 1, scale)
        - _gamma_cdf(k - 2, shape + 1, scale)
        - _gamma_cdf(k, shape + 1, scale)
    )
    # Rounding leaves tiny negative values far in the tail; EpiEstim clips them to 0 too.
    return np.asarray(np.maximum(w, 0.0), dtype=float)


def _gamma_cdf(x: np.ndarray, shape: float, scale: float) -> np.ndarray:
    """Return the gamma CDF at `x`, 0 at and below 0 as R's pgamma gives."""
    positive = np.maximum(x, 0.0) / scale
    return np.where(x > 0, special.gammainc(shape, positive), 0.0)


def validate_si_distr(w: np.ndarray, *, source: str | None = None) -> np.ndarray:
    """Return `w` as a float array after checking it is a serial-interval distribution.

    The rules are EpiEstim's `check_si_distr`: one dimension, ``w[0] == 0``, no negative
    value, and a sum within 0.01 of 1. `source` names the file in error messages.
    """
    where = Where(file=source, column="si_distr")
    arr = np.asarray(w, dtype=float)
    if arr.ndim != 1 or arr.size < 2:
        raise ConfigError(
            "Phân phối khoảng nối tiếp phải là một danh sách ít nhất 2 số "
            "(phần tử thứ k là xác suất khoảng nối tiếp bằng k ngày, bắt đầu từ ngày 0).",
            "The serial-interval distribution must be a list of at least 2 numbers "
            "(entry k is the probability of a k-day serial interval, starting at day 0).",
            where=where,
        )
    if not np.all(np.isfinite(arr)):
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ConfigError(
            f"Phân phối khoảng nối tiếp có giá trị không hợp lệ ở ngày {bad}.",
            f"The serial-interval distribution has a value that is not a number at day {bad}.",
            where=where,
        )
    if arr[0] != 0:
        raise ConfigError(
            f"Xác suất ở ngày 0 của khoảng nối tiếp phải bằng 0 (đang là {arr[0]}). "
            "Danh sách bắt đầu từ ngày 0: hãy thêm số 0 vào đầu.",
            f"The serial interval's probability at day 0 must be 0 (got {arr[0]}). "
            "The list starts at day 0: put a 0 in front.",
            where=where,
        )
    if np.any(arr < 0):
        bad = int(np.flatnonzero(arr < 0)[0])
        raise ConfigError(
            f"Phân phối khoảng nối tiếp có xác suất âm ở ngày {bad} ({arr[bad]}).",
            f"The serial-interval distribution has a negative probability at day {bad} "
            f"({arr[bad]}).",
            where=where,
        )
    total = float(arr.sum())
    if abs(total - 1) > SUM_TOLERANCE:
        raise ConfigError(
            f"Tổng các xác suất của khoảng nối tiếp phải bằng 1 (sai số tối đa {SUM_TOLERANCE}); "
            f"đang là {total:.6g}.",
            f"The serial interval's probabilities must sum to 1 (within {SUM_TOLERANCE}); "
            f"they sum to {total:.6g}.",
            where=where,
        )
    return arr


def load_si_distr(path: str | Path) -> np.ndarray:
    """Return the serial-interval distribution stored in a JSON list (index 0 = day 0)."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "Không tìm thấy tệp phân phối khoảng nối tiếp.",
            "The serial-interval distribution file does not exist.",
            where=Where(file=name),
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Không đọc được tệp phân phối khoảng nối tiếp ({exc}).",
            f"Could not read the serial-interval distribution file ({exc}).",
            where=Where(file=name),
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"Tệp không phải JSON hợp lệ ({exc.msg}, cột {exc.colno}).",
            f"The file is not valid JSON ({exc.msg}, column {exc.colno}).",
            where=Where(file=name, line=exc.lineno),
        ) from None
    if isinstance(data, dict) and {"mean_si", "std_si"} <= data.keys():
        raise ConfigError(
            "Tệp này cho trung bình và độ lệch chuẩn, không phải một phân phối. "
            "Hãy dùng discretise_gamma_si(mean, sd) để tạo phân phối.",
            "This file gives a mean and a standard deviation, not a distribution. "
            "Use discretise_gamma_si(mean, sd) to build the distribution.",
            where=Where(file=name),
        )
    if not isinstance(data, list) or not all(
        isinstance(x, int | float) and not isinstance(x, bool) for x in data
    ):
        raise ConfigError(
            "Tệp phải chứa một danh sách JSON các số, ví dụ [0, 0.2, 0.5, 0.3].",
            "The file must hold a JSON list of numbers, for example [0, 0.2, 0.5, 0.3].",
            where=Where(file=name),
        )
    return validate_si_distr(np.asarray(data, dtype=float), source=name)
