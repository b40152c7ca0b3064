"""A bulletin's figures: each value on the day, the day before and a week before, and its
`Provenance` (the situation imports its rows came from, and the computation, in vi and en)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from loa.formatting import format_number

__all__ = ["FIGURE_LABELS", "Figure", "ImportIndex", "Provenance"]

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "new_cases": ("Ca mắc mới trong ngày", "New cases today"),
    "week_cases": ("Ca mắc trong 7 ngày", "Cases in the last 7 days"),
    "per_100k_week": ("Ca mới/100.000 dân/tuần", "New cases per 100,000 per week"),
    "cumulative_cases": ("Tổng số ca từ đầu đợt dịch", "Total cases since the outbreak began"),
}


@dataclass(frozen=True)
class ImportIndex:
    """Which situation import each current report row came from: unit -> [(date, import id)]."""

    rows: Mapping[str, Sequence[tuple[date, int]]] = field(default_factory=dict)

    def ids(self, codes: Sequence[str], first: date, last: date) -> tuple[int, ...]:
        """Return the sorted import ids of the rows of `codes` dated first..last."""
        found = {
            import_id
            for code in codes
            for day, import_id in self.rows.get(code, ())
            if first <= day <= last
        }
        return tuple(sorted(found))


@dataclass(frozen=True)
class Provenance:
    """Where a figure comes from: the situation imports and the computation, in vi and en."""

    imports: tuple[int, ...]
    vi: str
    en: str

    def describe(self, lang: str = "vi") -> str:
        """Return the computation and its imports as one sentence."""
        ids = ", ".join(f"#{i}" for i in self.imports) or ("không có" if lang == "vi" else "none")
        text = self.vi if lang == "vi" else self.en
        return f"{text}; {'lần nhập' if lang == 'vi' else 'imports'} {ids}"

    def to_json(self) -> dict[str, Any]:
        """Return the provenance as JSON-ready data."""
        return {"imports": list(self.imports), "computation_vi": self.vi, "computation_en": self.en}


@dataclass(frozen=True)
class Figure:
    """One figure on the day, the day before and a week before, with its provenance."""

    key: str
    value: float | None
    yesterday: float | None
    last_week: float | None
    provenance: Provenance
    decimals: int = 0

    def label(self, lang: str = "vi") -> str:
        """Return the figure's name in `lang`."""
        vi, en = FIGURE_LABELS.get(self.key, (self.key, self.key))
        return vi if lang == "vi" else en

    @property
    def since_yesterday(self) -> float | None:
        """Return the change since the day before (None if either value is unknown)."""
        return _diff(self.value, self.yesterday)

    @property
    def since_last_week(self) -> float | None:
        """Return the change since the same day a week before."""
        return _diff(self.value, self.last_week)

    def shown(self, value: float | None = None, lang: str = "vi") -> str:
        """Return a value (default: the figure's) formatted; 'chưa có số liệu' when unknown."""
        value = self.value if value is None else value
        if value is None:
            return "chưa có số liệu" if lang == "vi" else "no data"
        return format_number(value, self.decimals, lang)

    def to_json(self) -> dict[str, Any]:
        """Return the figure as JSON-ready data."""
        return {
            "key": self.key,
            "value": self.value,
            "yesterday": self.yesterday,
            "last_week": self.last_week,
            "since_yesterday": self.since_yesterday,
            "since_last_week": self.since_last_week,
            "provenance": self.provenance.to_json(),
        }


def _diff(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before
