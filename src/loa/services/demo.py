"""Loads the Bắc Giang demonstration: organisations, population, the seed dispatch, case data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from loa.directory.census import complete_population, read_partial_census
from loa.directory.orgs import load_bundled_orgs
from loa.services.accounts import create_demo_accounts
from loa.services.demo_listening import ListeningDemo, load_demo_listening
from loa.services.directives import DirectiveImport, import_directive
from loa.services.directory import import_population, save_organisations, units_as_of
from loa.services.listening import import_factchecks
from loa.services.situation import ImportOutcome, import_situation_file
from loa.settings import Settings

__all__ = ["DemoResult", "find_shared", "load_demo"]

CENSUS_FILE = "data/bacgiang-2021/population_2019_census_partial.csv"
SEED_FILE = "seed/427-CV-BTGTU.txt"
# The dashboard's commune file lists only days with cases ("complete": absent days are zeros);
# the national portal's series is the province's own, every day.
CASE_FILES = (
    ("data/bacgiang-2021/bacgiang_2021_commune_daily_new_cases_FEBaoCaoCovid.csv", True),
    ("data/bacgiang-2021/national_portal_daily_cases_2020-2022.csv", False),
)
CENSUS_SOURCE = "Điều tra dân số 1/4/2019 (qua citypopulation.de); phần thiếu được ước tính"


@dataclass
class DemoResult:
    """What the demo loaded."""

    organisations_added: int = 0
    population_rows: int = 0
    population_estimated: int = 0
    unmatched_census_rows: list[str] = field(default_factory=list)
    directive: DirectiveImport | None = None
    case_imports: list[ImportOutcome] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # login, role, password
    factchecks_added: int = 0
    notes: list[str] = field(default_factory=list)
    listening: ListeningDemo | None = None


def find_shared(start: Path | None = None) -> Path | None:
    """Return the project's `shared/` folder (beside or above the checkout), if there is one."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "shared"
        if (candidate / SEED_FILE).exists():
            return candidate
        sibling = folder.parent / "shared"
        if (sibling / SEED_FILE).exists():
            return sibling
    return None


def demo_library() -> Path | None:
    """Return the example fact-check library of the checkout (tests/data/listening), if present.

    Its entries are examples written for Loa's evaluation set (example.vn addresses, author
    "Tổ phản ứng nhanh (ví dụ)"), not official fact-checks.
    """
    checkout = Path(__file__).resolve().parents[3]
    candidate = checkout / "tests" / "data" / "listening" / "factchecks.jsonld"
    return candidate if candidate.exists() else None


def load_demo(
    session: Session,
    shared: Path,
    *,
    province_code: str = "24",
    actor: str = "demo",
    settings: Settings | None = None,
) -> DemoResult:
    """Load the Bắc Giang demonstration from `shared`; running it again changes nothing."""
    result = DemoResult()
    result.organisations_added, _ = save_organisations(session, load_bundled_orgs(), actor=actor)
    result.accounts = create_demo_accounts(session, actor=actor)
    census = shared / CENSUS_FILE
    if census.exists():
        units = units_as_of(session, date(2021, 1, 1), within=province_code)
        rows = read_partial_census(census.read_bytes(), census.name)
        figures, unmatched = complete_population(rows, units, province_code, 2019)
        done = import_population(
            session, figures, filename=census.name, source=CENSUS_SOURCE, actor=actor
        )
        result.population_rows, result.population_estimated = done.stored, done.estimated
        result.unmatched_census_rows = unmatched
    else:
        result.notes.append(f"missing {census}")
    seed = shared / SEED_FILE
    result.directive = import_directive(session, seed.read_bytes(), seed.name, actor=actor)
    library = demo_library()
    if library is not None:
        checks = import_factchecks(
            session, library.read_text(encoding="utf-8"), actor=actor, file=library.name
        )
        result.factchecks_added = checks.added
    for name, complete in CASE_FILES:
        path = shared / name
        if not path.exists():
            result.notes.append(f"missing {path}")
            continue
        outcome = import_situation_file(
            session,
            path.read_bytes(),
            path.name,
            province_code=province_code,
            today=date(2022, 12, 31),
            partial=True,
            complete=complete,
            actor=actor,
        )
        result.case_imports.append(outcome)
    if settings is not None:
        result.listening = load_demo_listening(session, settings, actor=actor)
    return result
