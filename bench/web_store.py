"""A national-scale store for the web benches: 10,599 communes, a year of daily reports.

`national_store(seed)` gives a migrated SQLite file holding the national directory, a
population for every unit, Bắc Giang's organisations, the seed dispatch and its tasks, a bench
admin and API token, and 365 days of synthetic daily reports for every commune (3,868,635
rows). Building it takes a few minutes, so the file is kept under bench/out/, keyed by the
seed; later runs reuse it.

`national_store(seed, pg_url)` builds the same store in a PostgreSQL database of its own
(`createdb -h 127.0.0.1 -U postgres loa_bench`; its name must contain "bench", as the build
empties it first), the reports loaded with COPY. What it holds is noted under bench/out/
(token, seed), so later runs reuse it too.

Either way, the store is then migrated to the head (an older cached file gains the newer
tables) and the situation snapshot of the bench's province is built, as the job that follows
an import does; the time it took is reported.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from loa.demo import DATA_DIR, SEED_FILE
from loa.directory.orgs import load_bundled_orgs
from loa.services.accounts import create_token, create_user
from loa.services.directives import import_directive
from loa.services.directory import load_national_directory, save_organisations
from loa.services.situation_snapshot import ensure_snapshot
from loa.settings import Settings
from loa.store.db import make_engine
from loa.store.migrate import upgrade
from loa.store.situation_tables import SituationImportRow
from loa.store.tables import AdminUnitRow, PopulationRow

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
FIRST = date(2021, 1, 1)
DAYS = 365
PASSWORD = "bench-password-2021"
FORMAT = 1  # bump when what the store holds changes, so cached files are rebuilt


@dataclass(frozen=True)
class NationalStore:
    """A built store and what a client needs to use it."""

    path: Path
    token: str
    communes: int
    rows: int
    build_seconds: float
    pg_url: str | None = None
    snapshot_ms: float = 0.0

    @property
    def url(self) -> str:
        """Return the SQLAlchemy URL of the store."""
        return self.pg_url or f"sqlite:///{self.path}"

    @property
    def kind(self) -> str:
        """Return the store's engine, as the figures name it."""
        return "PostgreSQL" if self.pg_url else "SQLite"


def _seed_dispatch() -> bytes:
    return (DATA_DIR / SEED_FILE).read_bytes()


def _units(session: Session) -> tuple[list[str], dict[str, str | None], dict[str, str]]:
    rows = session.execute(
        select(AdminUnitRow.code, AdminUnitRow.level, AdminUnitRow.parent_code)
    ).all()
    communes = sorted(r.code for r in rows if r.level == "commune")
    return communes, {r.code: r.parent_code for r in rows}, {r.code: r.level for r in rows}


def _population(
    rng: np.random.Generator, communes: list[str], parent: dict[str, str | None]
) -> dict[str, int]:
    people = dict(
        zip(communes, rng.lognormal(math.log(8_000), 0.6, len(communes)).astype(int), strict=True)
    )
    totals = dict(people)
    for code, count in people.items():
        up = parent.get(code)
        while up:
            totals[up] = totals.get(up, 0) + int(count)
            up = parent.get(up)
    return {code: max(int(n), 300) for code, n in totals.items()}


def _daily_cases(
    rng: np.random.Generator,
    communes: list[str],
    province_of: dict[str, str],
    people: dict[str, int],
) -> np.ndarray:
    """Return community cases per commune and day: one to three waves per province."""
    t = np.arange(DAYS)
    curves: dict[str, np.ndarray] = {}
    for province in sorted(set(province_of.values())):
        curve = np.zeros(DAYS)
        for _ in range(int(rng.integers(1, 4))):
            peak, width = rng.uniform(20, DAYS - 5), rng.uniform(8, 30)
            height = rng.lognormal(math.log(4), 1.0)  # cases per 100,000 a day at the peak
            curve += height * np.exp(-0.5 * ((t - peak) / width) ** 2)
        curves[province] = curve
    rate = np.vstack([curves[province_of[c]] for c in communes])
    scale = np.array([people[c] / 100_000 for c in communes])[:, None]
    local = rng.lognormal(0.0, 0.8, len(communes))[:, None]
    cases: np.ndarray = rng.poisson(rate * scale * local)
    return cases


def _report_rows(
    communes: list[str], community: np.ndarray, quarantined: np.ndarray, import_id: int
) -> Iterator[tuple[object, ...]]:
    days = [(FIRST + timedelta(days=i)).isoformat() for i in range(DAYS)]
    line = 1
    for u, code in enumerate(communes):
        for d, day in enumerate(days):
            line += 1
            c, q = int(community[u, d]), int(quarantined[u, d])
            yield (code, day, 1, import_id, line, c, q, c + q, None, None, None)


def _fill(url: str, seed: int) -> tuple[str, int, list[str], np.ndarray, np.ndarray, int]:
    """Return (token, import id, communes, community, quarantined cases) after filling `url`
    with everything but the daily reports (migrated, directory, people, dispatch, users)."""
    engine = make_engine(url)
    upgrade(engine)
    rng = np.random.default_rng(seed)
    with Session(engine) as session:
        load_national_directory(session)
        save_organisations(session, load_bundled_orgs(), actor="bench")
        create_user(session, "admin", PASSWORD, role="admin", actor="bench")
        _, token = create_token(session, "bench", role="viewer", actor="bench")
        import_directive(session, _seed_dispatch(), "427-CV-BTGTU.txt", actor="bench")
        communes, parent, level = _units(session)
        people = _population(rng, communes, parent)
        session.execute(
            insert(PopulationRow),
            [
                {
                    "unit_code": c,
                    "year": 2021,
                    "population": n,
                    "estimated": True,
                    "source": "bench",
                }
                for c, n in people.items()
            ],
        )
        imported = SituationImportRow(
            filename="bench-national.csv",
            sha256="0" * 64,
            raw=b"",
            kind="daily",
            status="imported",
            rows_accepted=len(communes) * DAYS,
            rows_new=len(communes) * DAYS,
            rows_corrected=0,
            report={"problems": [], "set_aside": []},
            imported_at=datetime.now(UTC),
        )
        session.add(imported)
        session.commit()
        import_id = imported.id
    engine.dispose()

    def province(code: str) -> str:
        while level.get(code) != "province":
            code = parent[code] or code
        return code

    province_of = {c: province(c) for c in communes}
    community = _daily_cases(rng, communes, province_of, people)
    quarantined = rng.binomial(community, 0.3)
    return token, import_id, communes, community, quarantined, len(communes) * DAYS


def build(path: Path, seed: int) -> NationalStore:
    """Return the store built at `path` from scratch (a few minutes)."""
    started = time.perf_counter()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    token, import_id, communes, community, quarantined, rows = _fill(f"sqlite:///{building}", seed)
    db = sqlite3.connect(building)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    with db:
        db.executemany(
            "INSERT INTO daily_reports (unit_code, date, version, import_id, line,"
            " new_cases_community, new_cases_quarantined, new_cases_total, deaths, severe, tests)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _report_rows(communes, community, quarantined, import_id),
        )
    db.execute("ANALYZE")
    db.close()
    building.rename(path)
    store = NationalStore(path, token, len(communes), rows, time.perf_counter() - started)
    path.with_suffix(".json").write_text(
        json.dumps(
            {
                "token": store.token,
                "communes": store.communes,
                "rows": store.rows,
                "build_seconds": store.build_seconds,
            }
        )
    )
    return store


def build_pg(url: str, info: Path, seed: int) -> NationalStore:
    """Return the store built from scratch in the PostgreSQL database at `url` (minutes)."""
    name = make_url(url).database or ""
    if "bench" not in name:
        raise SystemExit(
            f"refusing to empty database {name!r}: the bench's database name must contain "
            "'bench' (createdb -h 127.0.0.1 -U postgres loa_bench)"
        )
    started = time.perf_counter()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    token, import_id, communes, community, quarantined, rows = _fill(url, seed)
    engine = make_engine(url)
    with engine.begin() as conn:
        raw: Any = conn.connection.driver_connection
        columns = (
            "unit_code, date, version, import_id, line, new_cases_community,"
            " new_cases_quarantined, new_cases_total, deaths, severe, tests"
        )
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY daily_reports ({columns}) FROM STDIN") as copy,
        ):
            for row in _report_rows(communes, community, quarantined, import_id):
                copy.write_row(row)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    engine.dispose()
    store = NationalStore(
        info, token, len(communes), rows, time.perf_counter() - started, pg_url=url
    )
    info.write_text(
        json.dumps(
            {
                "token": token,
                "communes": store.communes,
                "rows": rows,
                "build_seconds": store.build_seconds,
                "url": url,
            }
        )
    )
    return store


def _snapshot(store: NationalStore) -> NationalStore:
    """Return `store` migrated to the head, with its province's snapshot (and its build time)."""
    engine = make_engine(store.url)
    upgrade(engine)
    with Session(engine) as session:
        found = ensure_snapshot(session, Settings().province_code, None)
        session.commit()
    engine.dispose()
    return replace(store, snapshot_ms=found.build_ms if found else 0.0)


def national_store(seed: int, pg_url: str | None = None) -> NationalStore:
    """Return the cached store for `seed` (in PostgreSQL at `pg_url`), building it if missing."""
    OUT.mkdir(parents=True, exist_ok=True)
    if pg_url:
        info = OUT / f"web-national-pg-{make_url(pg_url).database}-seed{seed}-v{FORMAT}.json"
        if info.exists() and json.loads(info.read_text()).get("url") == pg_url:
            kept = json.loads(info.read_text())
            store = NationalStore(
                info, kept["token"], kept["communes"], kept["rows"], kept["build_seconds"],
                pg_url=pg_url,
            )  # fmt: skip
        else:
            store = build_pg(pg_url, info, seed)
        return _snapshot(store)
    path = OUT / f"web-national-seed{seed}-v{FORMAT}.db"
    info = path.with_suffix(".json")
    if path.exists() and info.exists():
        kept = json.loads(info.read_text())
        return _snapshot(
            NationalStore(
                path, kept["token"], kept["communes"], kept["rows"], kept["build_seconds"]
            )
        )
    return _snapshot(build(path, seed))
