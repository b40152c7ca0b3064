"""Loads and queries the directory (units, population, organisations) in the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from loa.directory.orgs import Organisation, OrgDirectory
from loa.directory.units import (
    STRUCTURE_2021_SOURCE,
    AdminUnit,
    PopulationFigure,
    load_2021_units,
)
from loa.errors import RowError, Where
from loa.events import DomainEvent
from loa.services.events import record
from loa.store.tables import AdminUnitRow, OrganisationRow, PopulationRow

__all__ = [
    "PopulationImport",
    "import_population",
    "load_national_directory",
    "org_directory",
    "population_as_of",
    "save_organisations",
    "unit_names",
    "units_as_of",
]


def load_national_directory(session: Session, *, actor: str = "system") -> int:
    """Store the 2021 national structure once; return how many units were added (0 if present).

    A load is recorded as an event of the directory: the situation's snapshots are stamped
    with the newest such event, so pages computed on the old units are no longer current.
    """
    units = load_2021_units()
    present = session.scalar(
        select(func.count())
        .select_from(AdminUnitRow)
        .where(AdminUnitRow.source == STRUCTURE_2021_SOURCE)
    )
    if present == len(units):
        return 0
    session.execute(delete(AdminUnitRow).where(AdminUnitRow.source == STRUCTURE_2021_SOURCE))
    session.execute(
        insert(AdminUnitRow),
        [
            {
                "code": u.code,
                "name": u.name,
                "name_with_type": u.name_with_type,
                "unit_type": u.unit_type,
                "level": u.level,
                "parent_code": u.parent_code,
                "valid_from": u.valid_from,
                "valid_to": u.valid_to,
                "name_key": u.name_key,
                "source": STRUCTURE_2021_SOURCE,
            }
            for u in units
        ],
    )
    record(
        session,
        DomainEvent(
            kind="directory.loaded",
            subject_type="directory",
            subject_id=STRUCTURE_2021_SOURCE[:120],
            actor=actor,
            after={"units": len(units)},
        ),
    )
    return len(units)


def _as_unit(row: AdminUnitRow) -> AdminUnit:
    return AdminUnit(
        code=row.code,
        name=row.name,
        name_with_type=row.name_with_type,
        unit_type=row.unit_type,
        level=row.level,
        parent_code=row.parent_code,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def units_as_of(
    session: Session,
    day: date,
    *,
    level: str | None = None,
    within: str | None = None,
) -> list[AdminUnit]:
    """Return the units in force on `day`, optionally of one level and inside one unit."""
    in_force = (
        AdminUnitRow.valid_from <= day,
        or_(AdminUnitRow.valid_to.is_(None), AdminUnitRow.valid_to >= day),
    )
    query = select(AdminUnitRow).where(*in_force)
    if level:
        query = query.where(AdminUnitRow.level == level)
    if within is not None:
        # Provinces hold districts hold communes: the unit and two generations below it.
        codes = {within}
        frontier = [within]
        for _ in range(2):
            frontier = list(
                session.scalars(
                    select(AdminUnitRow.code).where(
                        AdminUnitRow.parent_code.in_(frontier), *in_force
                    )
                )
            )
            codes.update(frontier)
        query = query.where(AdminUnitRow.code.in_(codes))
    return [_as_unit(r) for r in session.scalars(query.order_by(AdminUnitRow.code))]


@dataclass(frozen=True)
class PopulationImport:
    """What a population import did: rows stored and how many were estimates."""

    stored: int
    estimated: int


def import_population(
    session: Session, figures: Sequence[PopulationFigure], *, filename: str, source: str, actor: str
) -> PopulationImport:
    """Store population figures all or nothing; unknown unit codes reject the whole file."""
    known = set(session.scalars(select(AdminUnitRow.code)))
    unknown = [f for f in figures if f.unit_code not in known]
    if unknown:
        first = unknown[0]
        raise RowError(
            f"Mã đơn vị '{first.unit_code}' không có trong danh mục ({len(unknown)} dòng như vậy). "
            "Hãy kiểm tra mã theo danh mục hành chính (loa units list) rồi nhập lại; chưa có gì được lưu.",
            f"Unit code '{first.unit_code}' is not in the directory ({len(unknown)} such rows). "
            "Check the codes against `loa units list` and import again; nothing was stored.",
            where=Where(file=filename, line=first.line, column="unit_code"),
        )
    changed = 0
    for fig in figures:
        existing = session.scalar(
            select(PopulationRow).where(
                PopulationRow.unit_code == fig.unit_code, PopulationRow.year == fig.year
            )
        )
        if existing is None:
            session.add(
                PopulationRow(
                    unit_code=fig.unit_code,
                    year=fig.year,
                    population=fig.population,
                    estimated=fig.estimated,
                    source=source,
                )
            )
            changed += 1
        elif (existing.population, existing.estimated, existing.source) != (
            fig.population,
            fig.estimated,
            source,
        ):
            existing.population = fig.population
            existing.estimated = fig.estimated
            existing.source = source
            changed += 1
    if changed:
        record(
            session,
            DomainEvent(
                kind="population.imported",
                subject_type="population",
                subject_id=filename,
                actor=actor,
                after={"rows": len(figures), "changed": changed, "source": source},
            ),
        )
    return PopulationImport(len(figures), sum(1 for f in figures if f.estimated))


@dataclass(frozen=True)
class Population:
    """A unit's population as used on a date: the figure, its year and whether it is estimated."""

    value: int
    year: int
    estimated: bool


def population_as_of(
    session: Session, day: date, codes: Iterable[str] | None = None
) -> dict[str, Population]:
    """Return each unit's population: the latest year not after `day`, else the earliest known."""
    query = select(PopulationRow)
    if codes is not None:
        query = query.where(PopulationRow.unit_code.in_(list(codes)))
    best: dict[str, PopulationRow] = {}
    for row in session.scalars(query.order_by(PopulationRow.year)):
        current = best.get(row.unit_code)
        if current is None or row.year <= day.year:
            best[row.unit_code] = row
    return {code: Population(r.population, r.year, r.estimated) for code, r in best.items()}


def save_organisations(
    session: Session, orgs: Sequence[Organisation], *, actor: str
) -> tuple[int, int]:
    """Insert or update organisations by id; return (added, updated)."""
    added = updated = 0
    for org in orgs:
        values = {
            "name": org.name,
            "short_name": org.short_name,
            "aliases": list(org.aliases),
            "kind": org.kind,
            "level": org.level,
            "parent_id": org.parent_id,
            "unit_code": org.unit_code or None,
            "members": list(org.members),
        }
        row = session.get(OrganisationRow, org.org_id)
        if row is None:
            session.add(OrganisationRow(org_id=org.org_id, **values))
            added += 1
            record(
                session,
                DomainEvent(
                    "organisation.created", "organisation", org.org_id, actor, after=values
                ),
            )
        else:
            before = {k: getattr(row, k) for k in values}
            if before != values:
                for key, value in values.items():
                    setattr(row, key, value)
                updated += 1
                record(
                    session,
                    DomainEvent(
                        "organisation.updated", "organisation", org.org_id, actor, before, values
                    ),
                )
    session.flush()
    return added, updated


def stored_organisations(session: Session) -> list[Organisation]:
    """Return every stored organisation, ordered by id."""
    return [
        Organisation(
            org_id=r.org_id,
            name=r.name,
            short_name=r.short_name,
            aliases=tuple(r.aliases),
            kind=r.kind,
            level=r.level,
            parent_id=r.parent_id,
            unit_code=r.unit_code or "",
            members=tuple(r.members),
        )
        for r in session.scalars(select(OrganisationRow).order_by(OrganisationRow.org_id))
    ]


def org_directory(session: Session) -> OrgDirectory:
    """Return a matcher over the stored organisations."""
    return OrgDirectory(stored_organisations(session))


def unit_names(session: Session, codes: list[str]) -> dict[str, str]:
    """Return the name (with its type) of each unit code found in the directory."""
    if not codes:
        return {}
    rows = session.execute(
        select(AdminUnitRow.code, AdminUnitRow.name_with_type)
        .where(AdminUnitRow.code.in_(codes))
        .order_by(AdminUnitRow.valid_from)
    )
    return {code: name for code, name in rows}
