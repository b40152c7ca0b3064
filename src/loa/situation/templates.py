"""Column templates for situation files, their header aliases, and which kind a file is.

Five kinds are recognised by their columns (see docs/formats/situation.md):

    daily          date, unit, new_cases_community, new_cases_quarantined [, deaths, severe, tests]
    vaccination    date, unit, pop_18plus, dose1_18plus, pop_50plus, full_50plus, ...
    capacity       date, unit, capacity_ok [, oxygen_at_station, ..., icu_beds]
    announced      [province,] district, commune, date, new_cases (the FEBaoCaoCovid layout)
    portal_series  date, new_cases_raw, deaths_raw (one province, named by an option)

Headers are matched through `loa.text.fold`, so case, diacritics, spaces and a trailing
"(...)" note do not matter: "Mã đơn vị", "ma_don_vi" and "MA DON VI (mã ĐVHC)" all mean unit_code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from loa.errors import DocumentError, Where
from loa.text import fold

__all__ = [
    "COLUMNS",
    "TEMPLATES",
    "Column",
    "Kind",
    "Template",
    "canonical_headers",
    "detect_kind",
    "header_key",
]

ValueType = Literal["date", "count", "flag", "text"]


class Kind(StrEnum):
    """The five layouts a situation file can have."""

    DAILY = "daily"
    VACCINATION = "vaccination"
    CAPACITY = "capacity"
    ANNOUNCED = "announced"
    PORTAL_SERIES = "portal_series"


@dataclass(frozen=True)
class Column:
    """One recognised column: its English name, Vietnamese headers, value type and meaning."""

    name: str
    vi: tuple[str, ...]
    value: ValueType
    meaning_vi: str
    meaning_en: str


@dataclass(frozen=True)
class Template:
    """The columns of one kind; each required entry is a group of which one must be present."""

    kind: Kind
    title_vi: str
    title_en: str
    required: tuple[tuple[str, ...], ...]
    optional: tuple[str, ...]
    # Columns that only this kind has; any of them makes a file this kind.
    markers: frozenset[str]

    def columns(self) -> tuple[str, ...]:
        """Return every column of the template, required first, in template order."""
        names = [name for group in self.required for name in group]
        return tuple(names + [n for n in self.optional if n not in names])

    def describe(self) -> str:
        """Return the template as one line, e.g. 'date, unit_code|unit_name, ... [, deaths]'."""
        parts = ["|".join(group) for group in self.required]
        text = ", ".join(parts)
        if self.optional:
            text += " [, " + ", ".join(self.optional) + "]"
        return text


def _c(
    name: str, vi: tuple[str, ...], value: ValueType, meaning_vi: str, meaning_en: str
) -> Column:
    return Column(name, vi, value, meaning_vi, meaning_en)


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        _c("date", ("ngày", "ngày báo cáo"), "date", "ngày số liệu", "date of the figures"),
        _c("unit_code", ("mã đơn vị", "mã ĐVHC"), "text", "mã đơn vị hành chính", "unit code"),
        _c("unit_name", ("tên đơn vị", "đơn vị"), "text", "tên đơn vị hành chính", "unit name"),
        _c(
            "new_cases_community",
            ("ca mới cộng đồng", "ca cộng đồng"),
            "count",
            "ca mắc mới phát hiện ở cộng đồng",
            "new cases found in the community",
        ),
        _c(
            "new_cases_quarantined",
            ("ca mới cách ly", "ca cách ly"),
            "count",
            "ca mắc mới phát hiện trong khu cách ly hoặc khu phong tỏa",
            "new cases found in quarantine or locked-down areas",
        ),
        _c(
            "new_cases",
            ("ca mới", "số ca mới", "ca nhiễm mới"),
            "count",
            "tổng số ca mắc mới",
            "total new cases",
        ),
        _c("deaths", ("tử vong", "số tử vong"), "count", "số ca tử vong", "deaths"),
        _c(
            "severe",
            ("nặng", "ca nặng"),
            "count",
            "ca phải thở oxy hoặc thở máy",
            "cases needing oxygen or ventilation",
        ),
        _c("tests", ("xét nghiệm", "số xét nghiệm"), "count", "số mẫu xét nghiệm", "tests done"),
        _c(
            "pop_18plus",
            ("dân số 18+", "dân số 18 trở lên"),
            "count",
            "số người từ 18 tuổi",
            "people aged 18+",
        ),
        _c(
            "dose1_18plus",
            ("mũi 1 18+", "mũi 1 18 trở lên"),
            "count",
            "người từ 18 tuổi đã tiêm ít nhất 1 mũi",
            "people 18+ with at least one dose",
        ),
        _c(
            "pop_50plus",
            ("dân số 50+", "dân số 50 trở lên"),
            "count",
            "số người từ 50 tuổi",
            "people aged 50+",
        ),
        _c(
            "full_50plus",
            ("đủ mũi 50+", "đủ mũi 50 trở lên"),
            "count",
            "người từ 50 tuổi đã tiêm đủ liều",
            "people 50+ fully vaccinated",
        ),
        _c(
            "pop_65plus",
            ("dân số 65+", "dân số 65 trở lên"),
            "count",
            "số người từ 65 tuổi",
            "people aged 65+",
        ),
        _c(
            "full_65plus",
            ("đủ mũi 65+", "đủ mũi 65 trở lên"),
            "count",
            "người từ 65 tuổi đã tiêm đủ liều",
            "people 65+ fully vaccinated",
        ),
        _c(
            "capacity_ok",
            ("đạt năng lực", "đủ năng lực"),
            "flag",
            "đạt tiêu chí năng lực y tế (có/không)",
            "meets the treatment-capacity criterion (yes/no)",
        ),
        _c(
            "oxygen_at_station",
            ("oxy tại trạm", "trạm y tế có oxy"),
            "flag",
            "trạm y tế xã có oxy (có/không)",
            "commune health station has oxygen (yes/no)",
        ),
        _c(
            "mobile_station_plan",
            ("phương án trạm lưu động", "trạm y tế lưu động"),
            "flag",
            "có phương án trạm y tế lưu động (có/không)",
            "plan for mobile medical stations (yes/no)",
        ),
        _c(
            "community_care_plan",
            ("phương án tổ chăm sóc cộng đồng", "tổ chăm sóc cộng đồng"),
            "flag",
            "có phương án tổ chăm sóc người nhiễm tại cộng đồng (có/không)",
            "plan for community care teams (yes/no)",
        ),
        _c(
            "icu_beds",
            ("giường ICU", "giường hồi sức"),
            "count",
            "số giường hồi sức tích cực",
            "intensive-care beds",
        ),
        _c("province", ("tỉnh", "tỉnh thành"), "text", "tỉnh công bố", "announcing province"),
        _c("district", ("huyện", "quận huyện"), "text", "tên huyện", "district name"),
        _c("commune", ("xã", "xã phường"), "text", "tên xã", "commune name"),
        _c(
            "new_cases_raw",
            ("ca mới thô",),
            "count",
            "ca mới theo cổng quốc gia",
            "new cases as the national portal gives them",
        ),
        _c(
            "deaths_raw",
            ("tử vong thô",),
            "count",
            "tử vong theo cổng quốc gia",
            "deaths as the national portal gives them",
        ),
    )
}

_UNIT = ("unit_code", "unit_name")

TEMPLATES: dict[Kind, Template] = {
    t.kind: t
    for t in (
        Template(
            Kind.DAILY,
            "báo cáo ca bệnh hằng ngày",
            "daily case reports",
            (("date",), _UNIT, ("new_cases_community",), ("new_cases_quarantined",)),
            ("new_cases", "deaths", "severe", "tests"),
            frozenset({"new_cases_community", "new_cases_quarantined", "severe", "tests"}),
        ),
        Template(
            Kind.VACCINATION,
            "số liệu tiêm chủng",
            "vaccination snapshots",
            (("date",), _UNIT, ("pop_18plus",), ("dose1_18plus",)),
            ("pop_50plus", "full_50plus", "pop_65plus", "full_65plus"),
            frozenset(
                {"pop_18plus", "dose1_18plus", "pop_50plus", "full_50plus"}
                | {"pop_65plus", "full_65plus"}
            ),
        ),
        Template(
            Kind.CAPACITY,
            "năng lực điều trị",
            "treatment-capacity snapshots",
            (("date",), _UNIT, ("capacity_ok",)),
            ("oxygen_at_station", "mobile_station_plan", "community_care_plan", "icu_beds"),
            frozenset(
                {"capacity_ok", "oxygen_at_station", "mobile_station_plan"}
                | {"community_care_plan", "icu_beds"}
            ),
        ),
        Template(
            Kind.ANNOUNCED,
            "ca mới đã công bố theo huyện/xã",
            "announced new cases by district/commune",
            (("date",), ("district",), ("new_cases",)),
            ("province", "commune"),
            frozenset({"district", "commune"}),
        ),
        Template(
            Kind.PORTAL_SERIES,
            "chuỗi ngày của tỉnh từ cổng quốc gia",
            "province daily series from the national portal",
            (("date",), ("new_cases_raw",)),
            ("deaths_raw",),
            frozenset({"new_cases_raw", "deaths_raw"}),
        ),
    )
}

_NOTE = re.compile(r"\(.*?\)|\[.*?\]")
_NON_KEY = re.compile(r"[^a-z0-9+]+")


def header_key(header: str) -> str:
    """Return the matching key of a header: folded, notes in brackets dropped, '_' joined.

    >>> header_key("Mã đơn vị (mã ĐVHC)")
    'ma_don_vi'
    >>> header_key("Dân số 18 +")
    'dan_so_18+'
    """
    bare = _NOTE.sub(" ", fold(header.lstrip("\ufeff")))
    key = _NON_KEY.sub("_", bare).strip("_")
    return key.replace("_+", "+")


_ALIASES: dict[str, str] = {}
for _col in COLUMNS.values():
    for _alias in (_col.name, *_col.vi):
        _ALIASES[header_key(_alias)] = _col.name


def canonical_headers(headers: list[str]) -> list[str | None]:
    """Return the English column name for each header, None where a header is not known."""
    return [_ALIASES.get(header_key(h)) for h in headers]


def _expected_lines() -> str:
    return "\n".join(f"  - {t.kind.value}: {t.describe()}" for t in TEMPLATES.values())


def detect_kind(headers: list[str], *, file: str | None = None) -> Kind:
    """Return the kind whose columns the headers carry; raise DocumentError if none or several."""
    where = Where(file=file, line=1)
    names = canonical_headers(headers)
    present = {n for n in names if n is not None}
    doubled = sorted({n for n in present if names.count(n) > 1})
    if doubled:
        cols = ", ".join(doubled)
        raise DocumentError(
            f"Cột {cols} xuất hiện hai lần trong dòng tiêu đề. Hãy xóa hoặc đổi tên một cột.",
            f"Column {cols} appears twice in the header row. Delete or rename one of them.",
            where=where,
        )
    # A unit column means a template with unit_code/unit_name, never the announced layout.
    candidates = [
        t
        for t in TEMPLATES.values()
        if t.markers & present and not (t.kind is Kind.ANNOUNCED and present & set(_UNIT))
    ]
    seen = ", ".join(h for h in headers if h.strip()) or "(trống / empty)"
    if not candidates:
        expected = _expected_lines()
        raise DocumentError(
            f"Không nhận ra loại tệp từ các cột: {seen}. Dòng đầu tiên phải là tiêu đề cột "
            f"theo một trong các mẫu sau (tên tiếng Việt cũng được):\n{expected}",
            f"Cannot tell the kind of file from its columns: {seen}. The first row must hold "
            f"column headers from one of these templates (Vietnamese names also work):\n{expected}",
            where=where,
        )
    if len(candidates) > 1:
        kinds = ", ".join(t.kind.value for t in candidates)
        raise DocumentError(
            f"Tệp trộn cột của nhiều loại ({kinds}). Hãy tách thành mỗi loại một tệp.",
            f"The file mixes columns of several kinds ({kinds}). Split it, one kind per file.",
            where=where,
        )
    template = candidates[0]
    missing = ["|".join(g) for g in template.required if not present & set(g)]
    if missing:
        cols = ", ".join(missing)
        raise DocumentError(
            f"Tệp {template.title_vi} thiếu cột {cols}. Mẫu cần: {template.describe()}.",
            f"The {template.title_en} file lacks column {cols}. "
            f"The template needs: {template.describe()}.",
            where=where,
        )
    return template.kind
