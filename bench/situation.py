"""Situation at national scale: 10,599 communes x 365 days, measured against a per-unit baseline.

Run `.venv/bin/python bench/situation.py` (about a minute). It writes a synthetic national
daily-report CSV (seeded: provincial epidemic waves, a few hundred empty cells) into a temporary
folder, then times, with the peak memory of each step:

  (a) import: read + validate the file into arrays (`validate_daily`) and a DailySeries;
  (b) indicators as of the last day for every commune, district and province;
  (c) R_t for every commune (`estimate_rt_many`, parametric serial interval 4.7 / 2.9 days);
  (d) levels for every week (52 assessments) under the qd4800-2021 rules.

The baseline, run in the same process, is a straightforward per-unit implementation
(csv.DictReader rows into dicts, Python loops per commune, `estimate_rt` per commune, level
rules per commune and week). It runs on a random 300-commune subsample and is extrapolated
linearly to 10,599 communes. Its results are checked against the optimised ones on the
subsample, so the two do the same work. Storing rows in SQLite is timed apart, for one month of
national data, as an informational figure: it is not part of the compute target.
"""

from __future__ import annotations

import csv
import math
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from loa.directory.units import load_2021_units
from loa.errors import InputError
from loa.situation.columnar import ColumnarReport, validate_daily
from loa.situation.indicators import DailySeries, aggregate, indicators_as_of
from loa.situation.levels import assess_series
from loa.situation.reading import CellError, parse_count, parse_date, table_from_bytes
from loa.situation.rt import estimate_rt, estimate_rt_many
from loa.situation.rules import LevelRules, load_rules
from loa.situation.serial_interval import discretise_gamma_si
from loa.situation.templates import Kind
from loa.situation.validation import UnitMatch, validate

T = TypeVar("T")
SEED = 2021
START = date(2021, 1, 1)
DAYS = 365
TODAY = date(2022, 1, 15)
SAMPLE = 300
TARGET_SECONDS = 10.0
TARGET_BYTES = 2 * 1024**3
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests"
COUNT_COLUMNS = ("new_cases_community", "new_cases_quarantined", "deaths", "severe", "tests")


# ---------------------------------------------------------------- machine and measuring


def machine() -> str:
    """Return the CPU model, the cores this process may use, the memory and Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{model}, nproc {cores}, {memory:.0f} GiB RAM, Python {platform.python_version()}, "
        f"numpy {np.__version__}"
    )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _peak_rss() -> int:
    """Return the peak resident memory in bytes (since the last reset where supported)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _reset_peak() -> bool:
    # Linux lets a process reset its own peak RSS, so each step gets its own peak.
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Step:
    """One measured step: wall seconds and peak resident memory during it."""

    name: str
    seconds: float
    peak_bytes: int
    cpu_seconds: float


def measure(name: str, work: Callable[[], T], steps: list[Step]) -> T:
    """Return work()'s result after timing it and recording its peak memory in `steps`."""
    _reset_peak()
    began, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall = time.perf_counter() - began
    steps.append(Step(name, wall, _peak_rss(), time.process_time() - cpu))
    return result


def mib(n: float) -> str:
    return f"{n / 1024**2:,.0f} MiB"


# ---------------------------------------------------------------- synthetic national file


@dataclass
class Country:
    """The 2021 directory as the bench needs it."""

    communes: list[str]
    district_of: dict[str, str]
    province_of_district: dict[str, str]


def country() -> Country:
    """Return the 10,599 communes with their districts and provinces."""
    units = load_2021_units()
    communes = sorted(u.code for u in units if u.level == "commune")
    parent = {u.code: u.parent_code or "" for u in units}
    districts = {parent[c] for c in communes}
    return Country(communes, {c: parent[c] for c in communes}, {d: parent[d] for d in districts})


def synthetic_file(land: Country, folder: Path) -> tuple[Path, dict[str, int]]:
    """Write the national daily CSV; return its path and each commune's population."""
    rng = np.random.default_rng(SEED)
    n = len(land.communes)
    people = np.clip(rng.lognormal(math.log(7_500), 0.6, n), 500, 120_000).astype(np.int64)
    provinces = sorted(set(land.province_of_district.values()))
    province_index = {p: i for i, p in enumerate(provinces)}
    home = np.array(
        [province_index[land.province_of_district[land.district_of[c]]] for c in land.communes]
    )
    # Each province has one to three waves (Gaussian in time), daily cases per 100,000.
    t = np.arange(DAYS)
    curve = np.full((len(provinces), DAYS), 0.05)
    for p in range(len(provinces)):
        for _ in range(rng.integers(1, 4)):
            peak, width = rng.uniform(20, DAYS - 10), rng.uniform(7, 35)
            height = rng.lognormal(math.log(4), 1.2)
            curve[p] += height * np.exp(-0.5 * ((t - peak) / width) ** 2)
    spread = np.clip(rng.gamma(0.6, 1 / 0.6, n), 0, 6)
    rate = curve[home] * (people * spread / 100_000)[:, None]
    cases = rng.poisson(rate)
    quarantined = rng.binomial(cases, 0.4)
    community = cases - quarantined
    deaths = rng.binomial(cases, 0.004)
    severe = rng.binomial(cases, 0.03)
    tests = rng.poisson(15 + 12 * cases)
    table = np.stack([community, quarantined, deaths, severe, tests])  # [5, units, days]
    # A few hundred cells left empty, as offices do.
    for _ in range(400):
        column = rng.choice([0, 2, 2, 3, 3, 4, 4, 4])
        table[column, rng.integers(n), rng.integers(DAYS)] = -1
    top = int(table.max()) + 1
    text = [str(i) for i in range(top)] + [""]  # index -1 is the empty cell
    path = folder / "national-daily-2021.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        for d in range(DAYS):
            day = (START + timedelta(days=d)).isoformat()
            columns = [col[:, d].tolist() for col in table]
            out.write(
                "".join(
                    f"{day},{code},{text[a]},{text[b]},{text[c]},{text[e]},{text[f]}\n"
                    for code, a, b, c, e, f in zip(land.communes, *columns, strict=True)
                )
            )
    return path, dict(zip(land.communes, people.tolist(), strict=True))


def subsample_file(path: Path, keep: set[str], folder: Path) -> Path:
    """Return a copy of the file with only the rows of the communes in `keep`."""
    out_path = folder / "subsample.csv"
    with path.open(encoding="utf-8") as src, out_path.open("w", encoding="utf-8") as out:
        out.write(next(src))
        out.writelines(line for line in src if line[11:16] in keep)
    return out_path


class NationalResolver:
    """Finds every commune of the 2021 directory; the whole country is 'inside'."""

    def __init__(self, communes: list[str]) -> None:
        self.known = set(communes)
        self.calls = 0

    def __call__(self, code: str | None, name: str | None, on: date) -> UnitMatch:
        self.calls += 1
        return UnitMatch.found(code) if code in self.known else UnitMatch.not_found()


# ---------------------------------------------------------------- optimised path


@dataclass
class Optimised:
    report: ColumnarReport
    communes: DailySeries
    districts: DailySeries
    provinces: DailySeries
    rt_mean: np.ndarray
    levels: np.ndarray
    window_cases: dict[str, float | None]


def run_optimised(
    raw: bytes, land: Country, people: dict[str, int], rules: LevelRules, steps: list[Step]
) -> Optimised:
    """Return the results of steps (a)-(d), each measured into `steps`."""
    resolver = NationalResolver(land.communes)
    end = START + timedelta(days=DAYS - 1)

    def read() -> tuple[ColumnarReport, DailySeries]:
        report = validate_daily(
            raw,
            "national-daily-2021.csv",
            resolve_unit=resolver,
            today=TODAY,
            population=people.get,
            province_code="VN",
        )
        return report, report.accepted.to_series(land.communes, START, end)

    report, communes = measure("(a) import: read + validate to arrays", read, steps)
    district_people: dict[str, int | None] = {}
    for c, d in land.district_of.items():
        district_people[d] = (district_people.get(d) or 0) + people[c]
    province_people: dict[str, int | None] = {}
    for d, p in land.province_of_district.items():
        province_people[p] = (province_people.get(p) or 0) + (district_people[d] or 0)

    def indicators() -> tuple[DailySeries, DailySeries, dict[str, float | None]]:
        districts = aggregate(communes, land.district_of)
        provinces = aggregate(districts, land.province_of_district)
        found = indicators_as_of(communes, end, dict(people))
        indicators_as_of(districts, end, district_people)
        indicators_as_of(provinces, end, province_people)
        return districts, provinces, {i.unit_code: i.window_cases for i in found}

    districts, provinces, window = measure(
        "(b) indicators: communes, districts, provinces", indicators, steps
    )
    si = discretise_gamma_si(4.7, 2.9, max_days=DAYS - 1)

    def rt() -> np.ndarray:
        return np.asarray(estimate_rt_many(np.nan_to_num(communes.total), si_distr=si).mean)

    rt_mean = measure("(c) R_t: every commune", rt, steps)

    def levels() -> np.ndarray:
        return np.asarray(assess_series(communes, rules, dict(people)).level)

    level = measure("(d) levels: every commune, 52 weeks", levels, steps)
    return Optimised(report, communes, districts, provinces, rt_mean, level, window)


# ---------------------------------------------------------------- per-unit baseline


def plain_import(
    path: Path, known: set[str], people: dict[str, int]
) -> tuple[dict[str, dict[date, dict[str, int | None]]], int]:
    """Return rows by unit and day, and the number of problems: csv.DictReader, row by row."""
    by_unit: dict[str, dict[date, dict[str, int | None]]] = {}
    problems = 0
    with path.open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            try:
                day = parse_date(row["date"].strip())
                values = {name: parse_count(row[name].strip()) for name in COUNT_COLUMNS}
            except CellError:
                problems += 1
                continue
            code = row["unit_code"].strip()
            if day > TODAY or code not in known:
                problems += 1
                continue
            c, q = values["new_cases_community"], values["new_cases_quarantined"]
            values["new_cases_total"] = c + q if c is not None and q is not None else None
            days = by_unit.setdefault(code, {})
            if day in days and days[day] != values:
                problems += 1
            days[day] = values
    for code, days in by_unit.items():
        total = 0
        for day in sorted(days):
            total += (days[day]["new_cases_community"] or 0) + (
                days[day]["new_cases_quarantined"] or 0
            )
            if total > people[code]:
                problems += 1
                break
    return by_unit, problems


def plain_indicators(
    rows: dict[str, dict[date, dict[str, int | None]]], land: Country, people: dict[str, int]
) -> dict[str, float | None]:
    """Return each unit's cases in the last 7 days, with per-unit loops (communes up)."""
    end = START + timedelta(days=DAYS - 1)

    def one(days: dict[date, dict[str, int | None]], population: int) -> float | None:
        window = [days.get(end - timedelta(days=k)) for k in range(7)]
        previous = [days.get(end - timedelta(days=7 + k)) for k in range(7)]
        sums = []
        for span in (window, previous):
            reported = [v for v in span if v is not None]
            totals = [v["new_cases_total"] for v in reported]
            sums.append(None if not reported or None in totals else float(sum(totals)))  # type: ignore[arg-type]
        cumulative = 0
        for values in days.values():
            cumulative += values["new_cases_total"] or 0
        now = sums[0]
        _ = (None if now is None else now * 100_000 / population, cumulative, sums[1])
        return now

    def summed(children: list[dict[date, dict[str, int | None]]]) -> dict[date, dict[str, Any]]:
        out: dict[date, dict[str, Any]] = {}
        for days in children:
            for day, values in days.items():
                into = out.setdefault(day, {"new_cases_total": 0})
                if values["new_cases_total"] is None or into["new_cases_total"] is None:
                    into["new_cases_total"] = None
                else:
                    into["new_cases_total"] += values["new_cases_total"]
        return out

    found = {code: one(days, people[code]) for code, days in rows.items()}
    by_district: dict[str, list[dict[date, dict[str, int | None]]]] = {}
    for code, days in rows.items():
        by_district.setdefault(land.district_of[code], []).append(days)
    district_rows = {d: summed(children) for d, children in by_district.items()}
    for days in district_rows.values():
        one(days, 1)
    by_province: dict[str, list[dict[date, dict[str, Any]]]] = {}
    for d, days in district_rows.items():
        by_province.setdefault(land.province_of_district[d], []).append(days)
    for children in by_province.values():
        one(summed(children), 1)
    return found


def plain_rt(series: dict[str, list[float]], si: np.ndarray) -> dict[str, list[float]]:
    """Return R_t means per commune, calling estimate_rt once per commune."""
    out: dict[str, list[float]] = {}
    for code, cases in series.items():
        try:
            out[code] = [w.mean for w in estimate_rt(cases, si_distr=si).windows]
        except InputError:
            out[code] = []  # no case at all: only the prior
    return out


def plain_levels(
    series: dict[str, list[float]], people: dict[str, int], rules: LevelRules
) -> dict[str, list[int]]:
    """Return each commune's level at each weekly date, rule by rule (qd4800-2021 subset)."""
    assert rules.high_risk_target is not None
    out: dict[str, list[int]] = {}
    window = rules.window_days
    for code, daily in series.items():
        levels: list[int] = []
        for end in range(window - 1, DAYS, window):
            known = [v for v in daily[end - window + 1 : end + 1] if not math.isnan(v)]
            if not known:
                levels.append(0)
                continue
            cases = sum(known)
            incidence = round(cases * 100_000 / people[code], 9)
            band = 1 + sum(1 for edge in rules.incidence_bands if incidence >= edge)
            # Coverage is unknown in this file: 'below' by the rules, and the target missed.
            level = rules.matrix[band][1]
            if not (rules.high_risk_target.skip_when_no_cases and cases == 0):
                level = min(level + rules.high_risk_target.raise_by, rules.max_level)
            levels.append(level)
        out[code] = levels
    return out


# ---------------------------------------------------------------- the DB insert (informational)


def time_store(report: ColumnarReport, folder: Path, days: int) -> tuple[float, int]:
    """Return seconds to store `days` days of national records in a new SQLite, and the count.

    Stored as `loa situation import` stores a daily file: `store_daily_columns` from the
    validated columns, in one transaction.
    """
    from sqlalchemy.orm import Session

    from loa.events import utcnow
    from loa.services.situation_versions import store_daily_columns
    from loa.store.db import make_engine
    from loa.store.migrate import upgrade
    from loa.store.situation_tables import SituationImportRow

    engine = make_engine(f"sqlite:///{folder / 'store.db'}")
    upgrade(engine)
    cols = report.accepted
    part = cols.take(np.flatnonzero(cols.day < cols.day.min() + days))
    with Session(engine) as session:
        row = SituationImportRow(
            filename="national.csv", sha256="0" * 64, raw=b"", kind="daily",
            status="imported", report={}, imported_at=utcnow(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        began = time.perf_counter()
        store_daily_columns(session, row.id, part)
        session.commit()
        seconds = time.perf_counter() - began
    engine.dispose()
    return seconds, len(part)


# ---------------------------------------------------------------- report


def main() -> int:
    print("Situation at national scale (bench/situation.py)")
    print(f"machine: {machine()}")
    print(f"load average before: {_load()} (other processes on these cores slow every figure)")
    land = country()
    rules = load_rules("qd4800-2021")
    with tempfile.TemporaryDirectory(prefix="loa-bench-") as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        path, people = synthetic_file(land, folder)
        raw = path.read_bytes()
        print(
            f"input: {len(land.communes):,} communes x {DAYS} days = "
            f"{len(land.communes) * DAYS:,} rows, {len(raw) / 1024**2:.0f} MiB CSV "
            f"(generated in {time.perf_counter() - began:.1f} s, seed {SEED})"
        )
        steps: list[Step] = []
        fast = run_optimised(raw, land, people, rules, steps)
        del raw
        report = fast.report
        print(
            f"validated: {report.rows_read:,} rows read, {len(report.accepted):,} accepted, "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )

        # Baseline on a subsample, extrapolated.
        rng = np.random.default_rng(SEED + 1)
        sample = sorted(rng.choice(land.communes, SAMPLE, replace=False).tolist())
        small = subsample_file(path, set(sample), folder)
        scale = len(land.communes) / SAMPLE
        base: list[Step] = []
        rows, _ = measure(
            "(a) import",
            lambda: plain_import(small, set(land.communes), people),
            base,
        )
        plain_window = measure("(b) indicators", lambda: plain_indicators(rows, land, people), base)
        index = {c: i for i, c in enumerate(land.communes)}
        totals = {c: np.nan_to_num(fast.communes.total[index[c]]).tolist() for c in sample}
        daily = np.where(
            np.isnan(fast.communes.community), fast.communes.total, fast.communes.community
        )
        cases = {c: daily[index[c]].tolist() for c in sample}
        si = discretise_gamma_si(4.7, 2.9, max_days=DAYS - 1)
        plain_rt_mean = measure("(c) R_t", lambda: plain_rt(totals, si), base)
        plain_level = measure("(d) levels", lambda: plain_levels(cases, people, rules), base)
        row_path: list[Step] = []
        small_raw = small.read_bytes()
        measure(
            "row validator",
            lambda: validate(
                table_from_bytes(small_raw, small.name),
                Kind.DAILY,
                resolve_unit=NationalResolver(land.communes),
                today=TODAY,
                population=people.get,
                province_code="VN",
            ),
            row_path,
        )

        # The two paths must agree on the subsample, or the ratio means nothing.
        same_window = all(
            (plain_window[c] is None and fast.window_cases[c] is None)
            or plain_window[c] == fast.window_cases[c]
            for c in sample
        )
        rt_gap = max(
            (
                float(np.max(np.abs(np.array(plain_rt_mean[c]) - fast.rt_mean[index[c]])))
                for c in sample
                if plain_rt_mean[c]
            ),
            default=0.0,
        )
        level_same = sum(plain_level[c] == fast.levels[index[c]].tolist() for c in sample)
        store_seconds, stored = time_store(report, folder, 31)

    total = sum(s.seconds for s in steps)
    peak = max(s.peak_bytes for s in steps)
    print()
    print(f"{'step':<44}{'wall':>9}{'cpu':>8}{'peak RSS':>11}{'baseline*':>11}{'ratio':>8}")
    base_total = 0.0
    for s, b in zip(steps, base, strict=True):
        extrapolated = b.seconds * scale
        base_total += extrapolated
        print(
            f"{s.name:<44}{s.seconds:>8.2f}s{s.cpu_seconds:>7.2f}s{mib(s.peak_bytes):>11}"
            f"{extrapolated:>10.1f}s{s.seconds / extrapolated:>8.3f}"
        )
    cpu_total = sum(s.cpu_seconds for s in steps)
    print(
        f"{'total (a)-(d)':<44}{total:>8.2f}s{cpu_total:>7.2f}s{mib(peak):>11}"
        f"{base_total:>10.1f}s{total / base_total:>8.3f}"
    )
    print(
        f"* baseline: straightforward per-unit Python on {SAMPLE} random communes, "
        f"x{scale:.1f} to {len(land.communes):,} (linear extrapolation); "
        "ratio = optimised / baseline (wall)"
    )
    print("  cpu: CPU seconds of this process (all its threads); on a busy machine it shows what")
    print("  the wall time would be with the cores to itself (R_t's matrix products use 2 threads)")
    row_seconds = row_path[0].seconds * scale
    print(
        f"  Loa's row validator (table_from_bytes + validate) on the same subsample: "
        f"{row_path[0].seconds:.2f}s, extrapolated {row_seconds:.0f}s; (a) is "
        f"{row_seconds / steps[0].seconds:.0f}x faster"
    )
    print(
        f"  checks on the subsample: window cases equal: {'yes' if same_window else 'NO'}; "
        f"R_t means differ by at most {rt_gap:.1e}; levels equal for {level_same}/{SAMPLE} "
        "communes"
    )
    print()
    print(f"load average after: {_load()}")
    verdict = "met" if total < TARGET_SECONDS else "MISSED"
    print(
        f"compute (a)-(d): {total:.2f} s wall ({cpu_total:.2f} s CPU) against the "
        f"{TARGET_SECONDS:.0f} s target: {verdict}"
    )
    verdict = "met" if peak < TARGET_BYTES else "MISSED"
    print(f"peak memory (largest step peak RSS): {mib(peak)} against 2 GiB: {verdict}")
    print(
        f"informational, not in the target: storing 31 days of national rows ({stored:,} "
        f"records) in a new SQLite file took {store_seconds:.1f} s "
        f"({stored / store_seconds:,.0f} rows/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
