"""The Bắc Giang demonstration set that ships inside Loa (see `data/SOURCES.md`).

`loa demo` loads it from here, so a clone or an installed wheel needs nothing beside it. An
office's own demonstration set can be given with `loa demo --from DIR`, laid out the same way.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CASE_FILES", "CENSUS_FILE", "DATA_DIR", "LIBRARY_FILE", "SEED_FILE"]

#: The folder of the demonstration set shipped with the package.
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Paths inside a demonstration folder (the shipped one or `--from DIR`).
SEED_FILE = "427-CV-BTGTU.txt"
CENSUS_FILE = "bacgiang-2021/population_2019_census_partial.csv"
LIBRARY_FILE = "listening/factchecks.jsonld"
#: Case series and whether each lists only days with cases ("complete": absent days are zeros).
#: The dashboard's commune file lists only days with cases; the national portal's series is the
#: province's own, every day.
CASE_FILES = (
    ("bacgiang-2021/bacgiang_2021_commune_daily_new_cases_FEBaoCaoCovid.csv", True),
    ("bacgiang-2021/national_portal_daily_cases_2020-2022.csv", False),
)
