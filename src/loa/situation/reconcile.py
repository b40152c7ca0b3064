"""Picks one figure per unit, day and measure from several sources, and finds where they disagree.

A unit's daily figure can come from more than one place: the province's own commune reports
(or, for a district or the province, the sum of its communes' reports), a series the province
keeps for itself, the national portal. Loa picks one by a declared precedence
(`SOURCE_PRECEDENCE`, editable as `LOA_SOURCE_PRECEDENCE`) and never hides a disagreement:
where two sources give different figures for the same unit, day and measure, or where the
chosen figure is below the sum of the unit's children, it records a `Conflict`. An officer
resolves a conflict by choosing a source (`Resolution`); a resolution holds while the values
it was made on stay the same, so new data reopens the question instead of being ignored.

    sources (own reports by source, sum of children)
        -> first known value in precedence order, per measure      (reconciled figure)
        -> cells where known values differ / chosen < children sum (conflicts)
        -> resolution for the cell, if its values still stand       (chosen source)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from loa.formatting import format_date

__all__ = [
    "CHILDREN_SUM",
    "MEASURES",
    "MEASURE_LABELS",
    "SOURCE_LABELS",
    "SOURCE_PRECEDENCE",
    "Conflict",
    "Reconciled",
    "Resolution",
    "reconcile",
    "source_label",
]

FloatArray = npt.NDArray[np.float64]

#: The measures a daily report carries, as `DailySeries` names them.
MEASURES = ("community", "quarantined", "total", "deaths", "severe")
#: The province's own commune reports; for a district or the province, the sum of its communes.
CHILDREN_SUM = "commune_reports"
#: Declared order of trust, first wins (the default of the LOA_SOURCE_PRECEDENCE setting).
SOURCE_PRECEDENCE = ("commune_reports", "province_series", "national_portal")

SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "commune_reports": ("báo cáo của các xã (tỉnh tự tổng hợp)", "the province's commune reports"),
    "province_series": ("chuỗi số liệu của tỉnh", "the province's own series"),
    "national_portal": ("cổng thông tin quốc gia", "the national portal"),
}
MEASURE_LABELS: dict[str, tuple[str, str]] = {
    "community": ("ca mắc mới trong cộng đồng", "new community cases"),
    "quarantined": ("ca mắc mới trong khu cách ly", "new cases in quarantine"),
    "total": ("ca mắc mới", "new cases"),
    "deaths": ("ca tử vong", "deaths"),
    "severe": ("ca nặng", "severe cases"),
}


def source_label(source: str, lang: str = "vi") -> str:
    """Return a source's name as a person reads it (the code itself for an unknown source)."""
    vi, en = SOURCE_LABELS.get(source, (source, source))
    return vi if lang == "vi" else en


@dataclass(frozen=True)
class Resolution:
    """An officer's choice of source for one unit, day and measure, on the values then known."""

    unit_code: str
    day: date
    measure: str
    source: str
    values: dict[str, float]
    actor: str
    reason: str
    at: datetime | None = None

    def holds_for(self, values: Mapping[str, float]) -> bool:
        """Return whether the choice still applies: same values, chosen source still there."""
        return self.source in values and dict(values) == self.values


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one unit's figure for one day and measure."""

    unit_code: str
    day: date
    measure: str
    kind: str  # "sources_differ" | "below_children"
    values: dict[str, float]  # source -> its figure (a partial children's sum included)
    chosen: str  # the source whose figure is used now
    children_reporting: str | None = None  # "3/12" where the children's sum is partial
    resolution: Resolution | None = None
    unit_name: str | None = None  # "Tỉnh Bắc Giang", for people; the code where unknown

    @property
    def resolved(self) -> bool:
        """Return whether an officer has chosen a source for this conflict."""
        return self.resolution is not None

    def message(self, lang: str = "vi") -> str:
        """Return one sentence that says what disagrees, in `lang`."""
        shown = "; ".join(
            f"{source_label(s, lang)}: {_number(v)}" for s, v in sorted(self.values.items())
        )
        vi_measure, en_measure = MEASURE_LABELS.get(self.measure, (self.measure, self.measure))
        unit = self.unit_name or self.unit_code
        partial = (
            f"; {self.children_reporting} "
            + ("đơn vị cấp dưới đã báo cáo" if lang == "vi" else "units below reported")
            if self.children_reporting
            else ""
        )
        if self.kind == "below_children":
            if lang == "vi":
                return (
                    f"Số {vi_measure} của {unit} ngày {self.day:%d/%m/%Y} "
                    f"thấp hơn tổng của các đơn vị cấp dưới ({shown}{partial})."
                )
            return (
                f"{en_measure.capitalize()} of {unit} on {format_date(self.day, 'en')} "
                f"is below the sum of its units ({shown}{partial})."
            )
        if lang == "vi":
            return (
                f"Các nguồn cho số {vi_measure} của {unit} ngày {self.day:%d/%m/%Y} "
                f"khác nhau ({shown})."
            )
        return (
            f"Sources differ on {en_measure} of {unit} on {format_date(self.day, 'en')} ({shown})."
        )

    def to_json(self) -> dict[str, Any]:
        """Return the conflict as the CLI and the API print it."""
        r = self.resolution
        return {
            "unit_code": self.unit_code,
            "date": self.day.isoformat(),
            "measure": self.measure,
            "kind": self.kind,
            "values": self.values,
            "chosen": self.chosen,
            "children_reporting": self.children_reporting,
            "unit_name": self.unit_name,
            "resolved": r is not None,
            "resolution": None
            if r is None
            else {
                "source": r.source,
                "actor": r.actor,
                "reason": r.reason,
                "at": r.at.isoformat() if r.at else None,
            },
            "message": {"vi": self.message("vi"), "en": self.message("en")},
        }


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, eq=False)
class Reconciled:
    """One figure per unit, day and measure, the source each came from, and the conflicts."""

    values: dict[str, FloatArray]  # measure -> [units, days]
    chosen: dict[str, npt.NDArray[np.int64]]  # measure -> index into `sources`, -1: none
    sources: tuple[str, ...]
    conflicts: list[Conflict] = field(default_factory=list)

    def source_of(self, measure: str, unit: int, day: int) -> str | None:
        """Return the source of one figure, None where no source gave it."""
        at = int(self.chosen[measure][unit, day])
        return None if at < 0 else self.sources[at]


def _rank(source: str, precedence: Sequence[str]) -> tuple[int, str]:
    return (precedence.index(source), "") if source in precedence else (len(precedence), source)


def reconcile(
    units: Sequence[str],
    start: date,
    days: int,
    own: Mapping[str, Mapping[str, FloatArray]],
    *,
    children_sum: Mapping[str, FloatArray] | None = None,
    children_full: npt.NDArray[np.bool_] | None = None,
    children_reporting: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None,
    precedence: Sequence[str] = SOURCE_PRECEDENCE,
    resolutions: Mapping[tuple[str, date, str], Resolution] | None = None,
    names: Mapping[str, str] | None = None,
) -> Reconciled:
    """Return the reconciled figures of `units` from each source's arrays ([units, days]).

    `own` maps a source to its measures. The children's sum counts as the source
    `CHILDREN_SUM` where every child reported (`children_full`); where only some did it is a
    lower bound: it finds figures below it, and is the figure only where no source has one.
    """
    candidates: dict[str, Mapping[str, FloatArray]] = dict(own)
    full = children_full
    if children_sum is not None and full is not None:
        candidates[CHILDREN_SUM] = _with_sum(own.get(CHILDREN_SUM), children_sum, full)
    sources = tuple(sorted(candidates, key=lambda s: _rank(s, precedence)))
    shape = (len(units), days)
    values: dict[str, FloatArray] = {}
    chosen: dict[str, npt.NDArray[np.int64]] = {}
    conflicts: list[Conflict] = []
    found = resolutions or {}
    for measure in MEASURES:
        stack = (
            np.stack([np.asarray(candidates[s][measure], dtype=np.float64) for s in sources])
            if sources
            else np.full((0, *shape), np.nan)
        )
        known = ~np.isnan(stack)
        first = np.where(known.any(axis=0), known.argmax(axis=0), -1)
        picked = (
            np.take_along_axis(stack, np.maximum(first, 0)[None], axis=0)[0]
            if sources
            else (np.full(shape, np.nan))
        )
        picked = np.where(first >= 0, picked, np.nan)
        with np.errstate(invalid="ignore"):
            high = np.where(known, stack, -np.inf).max(axis=0, initial=-np.inf)
            low = np.where(known, stack, np.inf).min(axis=0, initial=np.inf)
        differ = (known.sum(axis=0) >= 2) & (high != low)
        below = np.zeros(shape, dtype=bool)
        if children_sum is not None and full is not None:
            bound = np.asarray(children_sum[measure], dtype=np.float64)
            with np.errstate(invalid="ignore"):
                below = ~full & ~np.isnan(bound) & ~np.isnan(picked) & (picked < bound)
            # With no other figure, a partial sum is the unit's figure (its `reporting` count
            # says how many children it covers), as `indicators.aggregate` documents.
            fallback = np.isnan(picked) & ~np.isnan(bound)
            picked = np.where(fallback, bound, picked)
            first = np.where(fallback, sources.index(CHILDREN_SUM), first)
        for u, d in zip(*np.nonzero(differ | below), strict=True):
            cell = {s: float(stack[i, u, d]) for i, s in enumerate(sources) if known[i, u, d]}
            reporting = None
            if below[u, d]:
                cell[CHILDREN_SUM] = float(np.asarray(children_sum[measure])[u, d])  # type: ignore[index]
                if children_reporting is not None:
                    got, of = children_reporting
                    reporting = f"{int(got[u, d])}/{int(of[u])}"
            day = start + timedelta(days=int(d))
            resolution = found.get((units[u], day, measure))
            if resolution is not None and not resolution.holds_for(cell):
                resolution = None
            source = sources[int(first[u, d])] if first[u, d] >= 0 else CHILDREN_SUM
            if resolution is not None:
                source = resolution.source
                picked[u, d] = cell[source]
                first[u, d] = sources.index(source) if source in sources else -1
            conflicts.append(
                Conflict(
                    units[u],
                    day,
                    measure,
                    "below_children" if below[u, d] else "sources_differ",
                    cell,
                    source,
                    reporting,
                    resolution,
                    (names or {}).get(units[u]),
                )
            )
        values[measure] = picked
        chosen[measure] = first.astype(np.int64)
    return Reconciled(values, chosen, sources, conflicts)


def _with_sum(
    reported: Mapping[str, FloatArray] | None,
    children_sum: Mapping[str, FloatArray],
    full: npt.NDArray[np.bool_],
) -> dict[str, FloatArray]:
    """Return the unit's own commune-report figures, the full children's sum where it has none."""
    out = {}
    for m in MEASURES:
        summed = np.where(full, children_sum[m], np.nan)
        out[m] = (
            summed if reported is None else np.where(np.isnan(reported[m]), summed, reported[m])
        )
    return out
