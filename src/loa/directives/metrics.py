"""A task's result figures: what each may hold, and reading one as a person types it.

Agencies report results as named figures (`articles=12`, `broadcasts=30`). A figure is a count
(a whole number, never negative) unless its name is declared a decimal figure in the setting
`LOA_TASK_DECIMAL_METRICS` (e.g. `airtime_minutes`, which may be 12,5). Every surface (CLI, desk
form, API) reads typed text with `read_metric_value` and the service checks every value, typed or
sent as a JSON number, with `check_metric`, so NaN, infinity and negative counts never reach the
store, whichever door they come through.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from loa.errors import InputError
from loa.formatting import check_number, parse_number

__all__ = [
    "MAX_NAME_LENGTH",
    "MetricKind",
    "check_metric",
    "decimal_metric_names",
    "metric_kind",
    "read_metric",
    "read_metric_value",
]

#: The longest metric name the store keeps.
MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class MetricKind:
    """What a figure may hold: a whole number or decimals, and its smallest value (None: any)."""

    whole: bool = True
    minimum: float | None = 0


COUNT = MetricKind()
DECIMAL = MetricKind(whole=False)


def decimal_metric_names(setting: str) -> frozenset[str]:
    """Return the names in a comma-separated setting such as 'airtime_minutes, coverage_percent'."""
    return frozenset(n.strip() for n in setting.split(",") if n.strip())


def metric_kind(name: str, decimal_names: Collection[str]) -> MetricKind:
    """Return the kind of the figure called `name`: a count unless declared decimal."""
    return DECIMAL if name in decimal_names else COUNT


def check_metric(name: str, value: float, decimal_names: Collection[str]) -> float:
    """Return the figure's value checked (finite, whole for a count, not negative); InputError if not."""
    _check_name(name)
    kind = metric_kind(name, decimal_names)
    return check_number(value, whole=kind.whole, minimum=kind.minimum, field=name)


def read_metric_value(name: str, text: str, *, lang: str, decimal_names: Collection[str]) -> float:
    """Return the value typed for figure `name`, read as `lang` writes numbers."""
    _check_name(name)
    kind = metric_kind(name, decimal_names)
    return parse_number(text, lang=lang, whole=kind.whole, minimum=kind.minimum, field=name)


def read_metric(text: str, *, lang: str, decimal_names: Collection[str]) -> tuple[str, float]:
    """Return (name, value) from 'NAME=VALUE' as typed on the CLI, e.g. 'articles=1.250'."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InputError(
            f"Chỉ số '{text}' sai dạng; hãy ghi TÊN=SỐ, ví dụ --metric articles=12.",
            f"Metric '{text}' is malformed; write NAME=NUMBER, e.g. --metric articles=12.",
        )
    return name, read_metric_value(name, value, lang=lang, decimal_names=decimal_names)


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > MAX_NAME_LENGTH:
        raise InputError(
            f"Tên chỉ số phải có từ 1 đến {MAX_NAME_LENGTH} ký tự (nhận được {len(name)}).",
            f"A metric name needs 1 to {MAX_NAME_LENGTH} characters (got {len(name)}).",
        )
