"""Gathers what a day's bulletin reads from the store: indicators, levels and their imports."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.bulletins.content import ImportIndex, SituationSnapshot, UnitSnapshot
from loa.errors import InputError
from loa.services.directory import units_as_of
from loa.services.situation_report import levels_on
from loa.services.situation_series import AreaSeries, load_area, population_of, reported_span
from loa.situation.indicators import UnitIndicators, indicators_as_of
from loa.situation.reconcile import CHILDREN_SUM
from loa.situation.rules import LevelRules
from loa.store.situation_tables import DailyReportRow

__all__ = ["gather_snapshot", "import_index"]


def import_index(session: Session, codes: Sequence[str], last: date) -> ImportIndex:
    """Return, for each unit, the import id of the current version of each report up to `last`."""
    latest = (
        select(
            DailyReportRow.unit_code,
            DailyReportRow.date,
            func.max(DailyReportRow.version).label("version"),
        )
        .where(DailyReportRow.date <= last, DailyReportRow.unit_code.in_(list(codes)))
        .group_by(DailyReportRow.unit_code, DailyReportRow.date)
        .subquery()
    )
    query = select(DailyReportRow.unit_code, DailyReportRow.date, DailyReportRow.import_id).join(
        latest,
        (DailyReportRow.unit_code == latest.c.unit_code)
        & (DailyReportRow.date == latest.c.date)
        & (DailyReportRow.version == latest.c.version),
    )
    rows: dict[str, list[tuple[date, int]]] = {}
    for code, day, import_id in session.execute(query):
        rows.setdefault(code, []).append((day, import_id))
    return ImportIndex(rows)


def _by_code(found: list[UnitIndicators]) -> dict[str, UnitIndicators]:
    return {i.unit_code: i for i in found}


def _indicators(session: Session, area: AreaSeries, day: date) -> list[UnitIndicators]:
    population, estimated = population_of(session, area, day)
    return indicators_as_of(area.series, day, population, 7, population_estimated=estimated)


def gather_snapshot(
    session: Session, *, province_code: str, day: date, rules: LevelRules
) -> SituationSnapshot:
    """Return the province's situation on `day`, the day before and a week before."""
    units = {u.code: u for u in units_as_of(session, day, within=province_code)}
    province = units.get(province_code)
    if province is None:
        raise InputError(
            f"Không có tỉnh mã {province_code} vào {day.isoformat()}. Hãy chạy `loa demo` "
            "hoặc nạp danh mục hành chính.",
            f"There is no province {province_code} on {day.isoformat()}. Run `loa demo` or "
            "load the directory.",
        )
    days = (day, day - timedelta(days=1), day - timedelta(days=7))
    span = reported_span(session)
    if span is None:
        raise InputError(
            "Chưa có số liệu ca bệnh. Hãy nhập bằng `loa situation import FILE`.",
            "There are no case reports yet. Import some with `loa situation import FILE`.",
        )
    start = min(span[0], day - timedelta(days=13))
    # One load per level, then the indicators of each day from the same arrays: loading an
    # area reads the directory, which costs far more than the arithmetic.
    area = load_area(session, province_code, "province", start, day)
    commune_area = load_area(session, province_code, "commune", start, day)
    province_ind = [_by_code(_indicators(session, area, d)).get(province_code) for d in days]
    commune_ind = [_by_code(_indicators(session, commune_area, d)) for d in days]
    if province_ind[0] is None:
        raise InputError(
            f"Không tính được chỉ số của tỉnh {province_code} ngày {day.isoformat()}.",
            f"The indicators of province {province_code} on {day.isoformat()} cannot be computed.",
        )
    view = levels_on(session, province_code, "commune", day, rules)
    column = view.assessment.dates.index(day)
    level_of = {
        code: (
            int(view.assessment.level[u, column]),
            int(view.assessment.previous_level[u, column]),
        )
        for u, code in enumerate(view.assessment.units)
    }
    assumed = {name: where[:, column] for name, where in view.assessment.assumed().items()}
    assumptions_of = {
        code: tuple(name for name, where in assumed.items() if where[u])
        for u, code in enumerate(view.assessment.units)
    }
    basis = area.basis.get(province_code, "own reports")
    source = area.source_of(province_code, day)
    if source == CHILDREN_SUM:  # the reconciled figure is the communes' sum, not the series
        basis = "sum of districts"
    everyone = tuple(sorted(units))
    feeding = (province_code,) if basis == "own reports" else everyone
    province_snap = UnitSnapshot(
        code=province_code,
        name=province.name,
        parent_name=None,
        basis=basis,
        feeding_codes=feeding,
        today=province_ind[0],
        yesterday=province_ind[1],
        last_week=province_ind[2],
        source=source,
    )
    communes = []
    for code in commune_area.series.units:
        unit = commune_area.units[code]
        parent = units.get(unit.parent_code or "")
        level, previous = level_of.get(code, (0, 0))
        communes.append(
            UnitSnapshot(
                code=code,
                name=unit.name_with_type,
                parent_name=parent.name_with_type if parent else None,
                parent_code=unit.parent_code,
                basis=commune_area.basis.get(code, "own reports"),
                feeding_codes=(code,),
                today=commune_ind[0][code],
                yesterday=commune_ind[1].get(code),
                last_week=commune_ind[2].get(code),
                level=level or None,
                previous_level=previous if previous > 0 else None,
                provisional=bool(assumptions_of.get(code)),
                assumptions=assumptions_of.get(code, ()),
            )
        )
    imports = import_index(session, everyone, day)
    first_days = [d for rows in imports.rows.values() for d, _ in rows]
    return SituationSnapshot(
        province_code=province_code,
        province_name=province.name,
        day=day,
        province=province_snap,
        communes=tuple(communes),
        imports=imports,
        first_report=min(first_days, default=day),
        rules_name=rules.name,
        effective_after_days=math.ceil(rules.effective_after_hours / 24),
        window=7,
        conflicts=tuple(c for c in area.conflicts if c.day >= day - timedelta(days=6)),
        newest_report=max((d for d in first_days if d <= day), default=None),
    )
