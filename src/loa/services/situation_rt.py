"""R_t inputs every surface shares: the serial interval (defaults included) and a case series file.

The desk's situation board, `loa situation rt` and the jobs take the serial interval from
`serial_interval` here, so a default changed in one place changes it everywhere.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from loa.errors import InputError, Where
from loa.situation.reading import parse_date
from loa.situation.rt import RtResult, estimate_rt
from loa.situation.serial_interval import discretise_gamma_si, load_si_distr

__all__ = ["SI_MEAN", "SI_SD", "RtSeries", "read_rt_series", "rt_of_series", "serial_interval"]

# Serial interval of COVID-19 in days (gamma mean and standard deviation) when none is given.
SI_MEAN, SI_SD = 4.7, 2.9


def serial_interval(
    *, days: int, mean: float | None = None, sd: float | None = None, distr: Path | None = None
) -> np.ndarray:
    """Return the serial-interval distribution asked for: a file, or a gamma (defaults filled in).

    Raises InputError when both a file and a mean or sd are given.
    """
    if distr is not None:
        if mean is not None or sd is not None:
            raise InputError(
                "Dùng --si-distr hoặc --si-mean/--si-sd, không dùng cả hai.",
                "Use --si-distr or --si-mean/--si-sd, not both.",
            )
        return load_si_distr(distr)
    return discretise_gamma_si(
        SI_MEAN if mean is None else mean, SI_SD if sd is None else sd, max_days=max(days - 1, 1)
    )


@dataclass(frozen=True)
class RtSeries:
    """A case series read from a file: its dates, local cases and imported cases (if given)."""

    dates: list[date]
    local: list[float]
    imported: list[float] | None


def read_rt_series(path: Path) -> RtSeries:
    """Return the dates, local and imported counts of a `date,local[,imported]` CSV."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        if "date" not in columns or "local" not in columns:
            raise InputError(
                "Tệp cần các cột date,local (và imported nếu có).",
                "The file needs the columns date,local (and imported if any).",
                where=Where(file=path.name, line=1),
            )
        dates: list[date] = []
        local: list[float] = []
        imported: list[float] = []
        for line, row in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            try:
                dates.append(parse_date(row["date"]))
                local.append(float(row["local"]))
                imported.append(float(row.get("imported") or 0))
            except ValueError:
                raise InputError(
                    f"Dòng không đọc được: {row}. Ngày dạng YYYY-MM-DD, số ca là số.",
                    f"Row cannot be read: {row}. Dates as YYYY-MM-DD, counts as numbers.",
                    where=Where(file=path.name, line=line),
                ) from None
    return RtSeries(dates, local, imported if "imported" in columns else None)


def rt_of_series(
    path: Path,
    *,
    window: int = 7,
    si_mean: float | None = None,
    si_sd: float | None = None,
    si_distr: Path | None = None,
) -> RtResult:
    """Return R_t of the case series in a `date,local[,imported]` CSV (Cori, as EpiEstim)."""
    series = read_rt_series(path)
    si = serial_interval(days=len(series.local), mean=si_mean, sd=si_sd, distr=si_distr)
    return estimate_rt(
        series.local, series.imported, si_distr=si, window=window, dates=series.dates
    )
