"""Loads the Bắc Giang demonstration: organisations, population, the seed dispatch, case data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from loa.demo import CASE_FILES, CASE_SOURCES, CENSUS_FILE, DATA_DIR, LIBRARY_FILE, SEED_FILE
from loa.directory.census import complete_population, read_partial_census
from loa.directory.orgs import load_bundled_orgs
from loa.errors import LoaError
from loa.services.accounts import create_demo_accounts
from loa.services.demo_listening import ListeningDemo, load_demo_listening
from loa.services.directives import DirectiveImport, import_directive
from loa.services.directory import import_population, save_organisations, units_as_of
from loa.services.listening import import_factchecks
from loa.services.situation import ImportOutcome, import_situation_file
from loa.settings import Settings

__all__ = ["DemoResult", "load_demo"]

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


def load_demo(
    session: Session,
    folder: Path = DATA_DIR,
    *,
    province_code: str = "24",
    actor: str = "demo",
    settings: Settings | None = None,
) -> DemoResult:
    """Load the demonstration set in `folder` (the shipped one by default); a rerun changes nothing.

    The seed dispatch is required; a missing census, library or case file is noted and skipped,
    so an office's own set (`loa demo --from DIR`) may hold only part of it.
    """
    seed = folder / SEED_FILE
    if not seed.is_file():
        raise LoaError(
            f"Không có văn bản mẫu {SEED_FILE} trong thư mục {folder}. "
            "Thư mục trình diễn cần có tệp này (xem docs/formats/demo.md).",
            f"{folder} has no seed dispatch {SEED_FILE}. "
            "A demonstration folder needs it (see docs/formats/demo.md).",
        )
    result = DemoResult()
    result.organisations_added, _ = save_organisations(session, load_bundled_orgs(), actor=actor)
    result.accounts = create_demo_accounts(session, actor=actor)
    census = folder / CENSUS_FILE
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
    result.directive = import_directive(session, seed.read_bytes(), seed.name, actor=actor)
    library = folder / LIBRARY_FILE
    if library.is_file():
        checks = import_factchecks(
            session, library.read_text(encoding="utf-8"), actor=actor, file=library.name
        )
        result.factchecks_added = checks.added
    for name, complete in CASE_FILES:
        path = folder / name
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
            source=CASE_SOURCES.get(name),
        )
        result.case_imports.append(outcome)
    if settings is not None:
        result.listening = load_demo_listening(session, settings, actor=actor, folder=folder)
    return result
