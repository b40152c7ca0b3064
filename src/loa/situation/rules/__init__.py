"""Epidemic level rules read from YAML: the shipped presets and a province's own copies.

A rules file says how figures become a level (Resolution 128/NQ-CP). Loa ships
`qd4800-2021` and `qd218-2022`, each citing its source and listing, under `unconfirmed`, the
cells that could not be checked against the decision's annex. docs/levels.md explains every key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from loa.errors import ConfigError, Where

__all__ = [
    "CAPACITY_GRADES",
    "COVERAGE_INDICATORS",
    "RULE_KEYS",
    "CapacityMatrix",
    "CoverageRule",
    "DeathsRaise",
    "HighRiskTarget",
    "LevelRules",
    "Unconfirmed",
    "list_presets",
    "load_rules",
]

COVERAGE_INDICATORS = (
    "dose1_18plus_share",
    "full_18plus_share",
    "full_50plus_share",
    "full_65plus_share",
)
CAPACITY_GRADES = ("high", "medium", "low")


@dataclass(frozen=True)
class CoverageRule:
    """Vaccine coverage criterion: which share, and the cut-off that splits the matrix."""

    indicator: str
    cutoff: float


@dataclass(frozen=True)
class HighRiskTarget:
    """Raise the level when too few people at high risk are vaccinated."""

    indicator: str
    minimum: float
    raise_by: int = 1
    skip_when_no_cases: bool = True
    when_unknown: str = "missed"


@dataclass(frozen=True)
class DeathsRaise:
    """Raise the level when deaths per 100,000 per window are above a threshold."""

    above: float
    raise_by: int = 1


@dataclass(frozen=True)
class CapacityMatrix:
    """Level from (transmission level, response capacity grade), Decision 218 style."""

    levels: Mapping[int, Mapping[str, int]]
    when_unknown: str = "low"


@dataclass(frozen=True)
class Unconfirmed:
    """A key or cell of a rules file that could not be checked against its source."""

    key: str
    note: str = ""


@dataclass(frozen=True)
class LevelRules:
    """One rules file, validated. Field names follow the YAML keys (docs/levels.md)."""

    name: str
    window_days: int
    incidence_bands: tuple[float, ...]
    coverage: CoverageRule
    matrix: Mapping[int, tuple[int, int]]
    max_level: int = 4
    band_edge: str = "higher"
    when_coverage_unknown: str = "below"
    high_risk_target: HighRiskTarget | None = None
    capacity_failed: str = "ignore"
    when_capacity_unknown: str = "met"
    oxygen_bands: tuple[float, ...] | None = None
    deaths_raise: DeathsRaise | None = None
    top_level_needs_incidence_above: float | None = None
    capacity_matrix: CapacityMatrix | None = None
    effective_after_hours: int = 48
    description: str = ""
    source: str = ""
    unconfirmed: tuple[Unconfirmed, ...] = ()
    path: str | None = None

    @property
    def bands(self) -> int:
        """Return how many incidence bands the thresholds make."""
        return len(self.incidence_bands) + 1


# Every key a rules file may hold; docs/levels.md documents each (a test checks it).
RULE_KEYS = {
    "name",
    "description",
    "source",
    "unconfirmed",
    "window_days",
    "incidence_bands",
    "band_edge",
    "coverage",
    "when_coverage_unknown",
    "matrix",
    "high_risk_target",
    "capacity_failed",
    "when_capacity_unknown",
    "max_level",
    "oxygen_bands",
    "deaths_raise",
    "top_level_needs_incidence_above",
    "capacity_matrix",
    "effective_after_hours",
}
_REQUIRED = ("name", "window_days", "incidence_bands", "coverage", "matrix")


def list_presets() -> list[str]:
    """Return the names of the rules presets that ship with Loa."""
    folder = resources.files(__name__)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_rules(name_or_path: str | Path) -> LevelRules:
    """Return the rules of a preset name (see list_presets) or of a YAML file path."""
    text_name = str(name_or_path)
    if isinstance(name_or_path, str) and text_name in list_presets():
        resource = resources.files(__name__) / f"{text_name}.yaml"
        return _parse(resource.read_text(encoding="utf-8"), f"{text_name}.yaml (preset)")
    path = Path(name_or_path)
    if not path.is_file():
        presets = ", ".join(list_presets())
        raise ConfigError(
            f"Không tìm thấy tệp quy tắc cấp độ '{text_name}'. Dùng tên một bộ có sẵn "
            f"({presets}) hoặc đường dẫn tới tệp YAML.",
            f"No level rules file '{text_name}'. Give a preset name ({presets}) "
            "or the path of a YAML file.",
            where=Where(file=text_name),
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "Tệp quy tắc không phải văn bản UTF-8. Lưu lại tệp với mã UTF-8.",
            "The rules file is not UTF-8 text. Save it as UTF-8.",
            where=Where(file=str(path)),
        ) from exc
    return _parse(text, str(path))


class _Checker:
    """Validates one parsed rules file, raising bilingual ConfigErrors that name the key."""

    def __init__(self, file: str, lines: Mapping[str, int]) -> None:
        self.file = file
        self.lines = lines

    def fail(self, key: str, vi: str, en: str) -> ConfigError:
        top = key.split(".")[0]
        return ConfigError(
            f"Khóa '{key}': {vi}",
            f"Key '{key}': {en}",
            where=Where(file=self.file, line=self.lines.get(top), column=key),
        )

    def number(self, key: str, value: Any, *, low: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(
                key, f"cần một số, gặp {value!r}.", f"expected a number, got {value!r}."
            )
        if low is not None and value < low:
            raise self.fail(
                key, f"cần số >= {low}, gặp {value}.", f"expected >= {low}, got {value}."
            )
        return float(value)

    def integer(self, key: str, value: Any, *, low: int = 0, high: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(
                key,
                f"cần một số nguyên, gặp {value!r}.",
                f"expected a whole number, got {value!r}.",
            )
        if value < low or (high is not None and value > high):
            span = f"{low}..{high}" if high is not None else f">= {low}"
            raise self.fail(
                key, f"cần số nguyên trong {span}, gặp {value}.", f"expected {span}, got {value}."
            )
        return value

    def share(self, key: str, value: Any) -> float:
        number = self.number(key, value, low=0)
        if number > 1:
            raise self.fail(
                key,
                f"tỷ lệ viết dạng 0..1 (70% là 0.70), gặp {value}.",
                f"shares are written 0..1 (70% is 0.70), got {value}.",
            )
        return number

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            options = ", ".join(allowed)
            raise self.fail(
                key,
                f"cần một trong: {options}; gặp {value!r}.",
                f"expected one of: {options}; got {value!r}.",
            )
        return str(value)

    def mapping(self, key: str, value: Any) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "cần một bảng khóa: giá trị.", "expected a mapping (key: value).")
        return value

    def only(self, key: str, value: dict[Any, Any], allowed: set[str]) -> None:
        extra = sorted(str(k) for k in value if k not in allowed)
        if extra:
            raise self.fail(
                key,
                f"khóa lạ {', '.join(extra)}; các khóa hợp lệ: {', '.join(sorted(allowed))}.",
                f"unknown keys {', '.join(extra)}; valid keys: {', '.join(sorted(allowed))}.",
            )

    def bands(self, key: str, value: Any) -> tuple[float, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(
                key,
                "cần một danh sách ngưỡng, ví dụ [20, 50, 150].",
                "expected a list of thresholds, e.g. [20, 50, 150].",
            )
        edges = tuple(self.number(f"{key}[{i}]", v, low=0) for i, v in enumerate(value))
        if any(b <= a for a, b in pairwise(edges)):
            raise self.fail(
                key,
                f"các ngưỡng phải tăng dần, gặp {list(value)}.",
                f"thresholds must increase, got {list(value)}.",
            )
        return edges


def _key_lines(text: str) -> dict[str, int]:
    """Return the 1-based line of each top-level key, for error messages."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _parse(text: str, file: str) -> LevelRules:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            f"Tệp quy tắc không đúng cú pháp YAML: {exc}. Kiểm tra thụt lề và dấu ':'.",
            f"The rules file is not valid YAML: {exc}. Check indentation and colons.",
            where=Where(file=file, line=line),
        ) from exc
    check = _Checker(file, _key_lines(text))
    if not isinstance(data, dict):
        raise ConfigError(
            "Tệp quy tắc phải là một bảng khóa: giá trị (xem docs/levels.md).",
            "A rules file must be a mapping of keys to values (see docs/levels.md).",
            where=Where(file=file),
        )
    check.only("(top level)", data, RULE_KEYS)
    for key in _REQUIRED:
        if key not in data:
            raise check.fail(key, "bắt buộc nhưng không có.", "is required but missing.")
    max_level = check.integer("max_level", data.get("max_level", 4), low=1)
    window = check.integer("window_days", data["window_days"], low=1, high=366)
    bands = check.bands("incidence_bands", data["incidence_bands"])
    coverage = _coverage(check, data["coverage"])
    matrix = _matrix(check, data["matrix"], len(bands) + 1, max_level)
    rules = LevelRules(
        name=str(data["name"]),
        window_days=window,
        incidence_bands=bands,
        coverage=coverage,
        matrix=matrix,
        max_level=max_level,
        band_edge=check.choice("band_edge", data.get("band_edge", "higher"), ("higher", "lower")),
        when_coverage_unknown=check.choice(
            "when_coverage_unknown", data.get("when_coverage_unknown", "below"), ("below", "above")
        ),
        high_risk_target=_target(check, data.get("high_risk_target"), max_level),
        capacity_failed=check.choice(
            "capacity_failed", data.get("capacity_failed", "ignore"), ("no_lowering", "ignore")
        ),
        when_capacity_unknown=check.choice(
            "when_capacity_unknown", data.get("when_capacity_unknown", "met"), ("met", "failed")
        ),
        oxygen_bands=_oxygen(check, data.get("oxygen_bands"), len(bands)),
        deaths_raise=_deaths(check, data.get("deaths_raise"), max_level),
        top_level_needs_incidence_above=(
            None
            if data.get("top_level_needs_incidence_above") is None
            else check.number(
                "top_level_needs_incidence_above", data["top_level_needs_incidence_above"], low=0
            )
        ),
        capacity_matrix=_capacity(check, data.get("capacity_matrix"), max_level),
        effective_after_hours=check.integer(
            "effective_after_hours", data.get("effective_after_hours", 48), low=0
        ),
        description=str(data.get("description") or ""),
        source=str(data.get("source") or ""),
        unconfirmed=_unconfirmed(check, data.get("unconfirmed")),
        path=file,
    )
    return rules


def _coverage(check: _Checker, value: Any) -> CoverageRule:
    table = check.mapping("coverage", value)
    check.only("coverage", table, {"indicator", "cutoff"})
    return CoverageRule(
        indicator=check.choice("coverage.indicator", table.get("indicator"), COVERAGE_INDICATORS),
        cutoff=check.share("coverage.cutoff", table.get("cutoff")),
    )


def _matrix(check: _Checker, value: Any, bands: int, max_level: int) -> dict[int, tuple[int, int]]:
    table = check.mapping("matrix", value)
    wanted = list(range(1, bands + 1))
    if sorted(k for k in table if isinstance(k, int)) != wanted or len(table) != bands:
        raise check.fail(
            "matrix",
            f"cần đúng một dòng cho mỗi mức {wanted} (số ngưỡng + 1), gặp {list(table)}.",
            f"needs exactly one row per band {wanted} (thresholds + 1), got {list(table)}.",
        )
    matrix = {}
    for band in wanted:
        row = table[band]
        key = f"matrix.{band}"
        if not isinstance(row, list) or len(row) != 2:
            raise check.fail(
                key,
                "cần [cấp nếu bao phủ >= ngưỡng, cấp nếu dưới ngưỡng].",
                "expected [level if coverage >= cutoff, level if below].",
            )
        matrix[band] = (
            check.integer(f"{key}[0]", row[0], low=1, high=max_level),
            check.integer(f"{key}[1]", row[1], low=1, high=max_level),
        )
    return matrix


def _target(check: _Checker, value: Any, max_level: int) -> HighRiskTarget | None:
    if value is None:
        return None
    table = check.mapping("high_risk_target", value)
    check.only(
        "high_risk_target",
        table,
        {"indicator", "min", "raise_by", "skip_when_no_cases", "when_unknown"},
    )
    skip = table.get("skip_when_no_cases", True)
    if not isinstance(skip, bool):
        raise check.fail(
            "high_risk_target.skip_when_no_cases", "cần true hoặc false.", "expected true or false."
        )
    return HighRiskTarget(
        indicator=check.choice(
            "high_risk_target.indicator", table.get("indicator"), COVERAGE_INDICATORS
        ),
        minimum=check.share("high_risk_target.min", table.get("min")),
        raise_by=check.integer(
            "high_risk_target.raise_by", table.get("raise_by", 1), low=0, high=max_level
        ),
        skip_when_no_cases=skip,
        when_unknown=check.choice(
            "high_risk_target.when_unknown", table.get("when_unknown", "missed"), ("missed", "met")
        ),
    )


def _oxygen(check: _Checker, value: Any, edges: int) -> tuple[float, ...] | None:
    if value is None:
        return None
    bands = check.bands("oxygen_bands", value)
    if len(bands) != edges:
        raise check.fail(
            "oxygen_bands",
            f"cần {edges} ngưỡng, bằng số ngưỡng của incidence_bands.",
            f"needs {edges} thresholds, as many as incidence_bands.",
        )
    return bands


def _deaths(check: _Checker, value: Any, max_level: int) -> DeathsRaise | None:
    if value is None:
        return None
    table = check.mapping("deaths_raise", value)
    check.only("deaths_raise", table, {"above", "raise_by"})
    return DeathsRaise(
        above=check.number("deaths_raise.above", table.get("above"), low=0),
        raise_by=check.integer(
            "deaths_raise.raise_by", table.get("raise_by", 1), low=0, high=max_level
        ),
    )


def _capacity(check: _Checker, value: Any, max_level: int) -> CapacityMatrix | None:
    if value is None:
        return None
    table = check.mapping("capacity_matrix", value)
    check.only("capacity_matrix", table, {"levels", "when_unknown"})
    rows = check.mapping("capacity_matrix.levels", table.get("levels"))
    wanted = list(range(1, max_level + 1))
    if sorted(k for k in rows if isinstance(k, int)) != wanted or len(rows) != max_level:
        raise check.fail(
            "capacity_matrix.levels",
            f"cần đúng một dòng cho mỗi cấp {wanted}, gặp {list(rows)}.",
            f"needs exactly one row per level {wanted}, got {list(rows)}.",
        )
    levels: dict[int, dict[str, int]] = {}
    for level in wanted:
        key = f"capacity_matrix.levels.{level}"
        row = check.mapping(key, rows[level])
        if set(row) != set(CAPACITY_GRADES):
            raise check.fail(
                key,
                "cần đúng ba cột high, medium, low.",
                "needs exactly the three columns high, medium, low.",
            )
        levels[level] = {
            g: check.integer(f"{key}.{g}", row[g], low=1, high=max_level) for g in CAPACITY_GRADES
        }
    return CapacityMatrix(
        levels=levels,
        when_unknown=check.choice(
            "capacity_matrix.when_unknown", table.get("when_unknown", "low"), CAPACITY_GRADES
        ),
    )


def _unconfirmed(check: _Checker, value: Any) -> tuple[Unconfirmed, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise check.fail("unconfirmed", "cần một danh sách khóa.", "expected a list of keys.")
    items = []
    for i, item in enumerate(value):
        entry = item if isinstance(item, dict) else {"key": item}
        key = entry.get("key")
        if not isinstance(key, str) or key.split(".")[0].split("[")[0] not in RULE_KEYS:
            raise check.fail(
                f"unconfirmed[{i}]",
                f"'{key}' không phải khóa của tệp quy tắc.",
                f"'{key}' is not a key of the rules file.",
            )
        items.append(Unconfirmed(key=key, note=str(entry.get("note") or "")))
    return tuple(items)
