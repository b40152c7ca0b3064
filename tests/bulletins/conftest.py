"""A small synthetic province: two communes (one with an industrial park), 21 days of reports."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from loa.bulletins.content import (
    Bulletin,
    ImportIndex,
    SituationSnapshot,
    UnitSnapshot,
    build_bulletin,
)
from loa.bulletins.issuer import IssuerProfile, load_issuer
from loa.bulletins.messages import load_messages
from loa.bulletins.risk_groups import RiskGroups, RiskSite
from loa.situation.indicators import DailySeries, indicators_as_of

DAY = date(2021, 5, 25)
START = DAY - timedelta(days=20)
PARK = "07807"  # Xã Quang Châu
QUIET = "07759"  # Xã Thượng Lan


def _cases() -> dict[str, list[float]]:
    # Days 0..20; the park commune doubles in the last week; the quiet one has one case.
    park = [1.0] * 14 + [2, 2, 3, 4, 5, 6, 9]
    quiet = [0.0] * 20 + [1]
    return {PARK: park, QUIET: quiet, "24": [a + b for a, b in zip(park, quiet, strict=True)]}


def make_snapshot() -> SituationSnapshot:
    """Return the snapshot of the synthetic province on DAY (imports #1 before day 14, #2 after)."""
    cases = _cases()
    codes = list(cases)
    series = DailySeries.from_arrays(codes, START, total=np.array([cases[c] for c in codes]))
    population = {PARK: 20_000, QUIET: 10_000, "24": 30_000}

    def on(day: date) -> dict[str, object]:
        return {i.unit_code: i for i in indicators_as_of(series, day, population)}

    today, yesterday, week = on(DAY), on(DAY - timedelta(days=1)), on(DAY - timedelta(days=7))
    imports = ImportIndex(
        {
            code: [(START + timedelta(days=d), 1 if d < 14 else 2) for d in range(21)]
            for code in codes
        }
    )

    def unit(code: str, name: str, level: int | None, previous: int | None) -> UnitSnapshot:
        return UnitSnapshot(
            code=code,
            name=name,
            parent_name="Huyện Việt Yên" if code != "24" else None,
            basis="own reports",
            feeding_codes=(code,),
            today=today[code],  # type: ignore[arg-type]
            yesterday=yesterday[code],  # type: ignore[arg-type]
            last_week=week[code],  # type: ignore[arg-type]
            level=level,
            previous_level=previous,
        )

    return SituationSnapshot(
        province_code="24",
        province_name="Bắc Giang",
        day=DAY,
        province=unit("24", "Bắc Giang", None, None),
        communes=(unit(PARK, "Xã Quang Châu", 3, 2), unit(QUIET, "Xã Thượng Lan", 1, 1)),
        imports=imports,
        first_report=START,
        rules_name="qd4800-2021",
    )


RISK = RiskGroups(
    ("general", "elderly", "schools"),
    (RiskSite("KCN Quang Châu", "workers", (PARK,), "confirmed", "to_verify"),),
)


@pytest.fixture
def snapshot() -> SituationSnapshot:
    """The synthetic province's snapshot."""
    return make_snapshot()


@pytest.fixture
def bulletin(snapshot: SituationSnapshot) -> Bulletin:
    """The synthetic province's bulletin, with Loa's own message library."""
    return build_bulletin(snapshot, load_messages(), RISK)


@pytest.fixture
def issuer() -> IssuerProfile:
    """Loa's bundled issuer profile."""
    return load_issuer()
