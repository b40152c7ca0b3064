"""The level rules a province chose (LOA_LEVEL_RULES), read once for the desk, CLI and jobs.

One setting names them (a preset or the path of the province's own YAML file, docs/levels.md),
so the situation pages, `loa situation levels`, bulletins and the tour assess the same way.
"""

from __future__ import annotations

import functools
from pathlib import Path

from loa.errors import ConfigError
from loa.settings import Settings
from loa.situation.rules import LevelRules, list_presets, load_rules

__all__ = ["configured_rules", "rules_named", "rules_of_setting"]


def configured_rules(settings: Settings) -> LevelRules:
    """Return the rules LOA_LEVEL_RULES names; ConfigError naming the setting if it is wrong."""
    return rules_of_setting(settings.level_rules)


def rules_of_setting(value: str) -> LevelRules:
    """Return the rules a LOA_LEVEL_RULES value names; ConfigError naming the setting if wrong."""
    value = value.strip()
    try:
        return rules_named(value)
    except ConfigError as exc:
        raise ConfigError(
            f"Thiết lập LOA_LEVEL_RULES='{value}' không dùng được: {exc.message('vi')} "
            f"Đặt LOA_LEVEL_RULES là tên một bộ có sẵn ({', '.join(list_presets())}) hoặc "
            "đường dẫn tới tệp YAML của tỉnh (docs/levels.md).",
            f"The setting LOA_LEVEL_RULES='{value}' cannot be used: {exc.message('en')} "
            f"Set LOA_LEVEL_RULES to a preset ({', '.join(list_presets())}) or the path of "
            "the province's YAML file (docs/levels.md).",
        ) from exc


def rules_named(name_or_path: str) -> LevelRules:
    """Return the rules of a preset or YAML file, parsed again only when the file changes."""
    path = Path(name_or_path)
    stamp = path.stat().st_mtime_ns if name_or_path not in list_presets() and path.is_file() else 0
    return _load(name_or_path, stamp)


@functools.lru_cache(maxsize=8)
def _load(name_or_path: str, _stamp: int) -> LevelRules:
    # Parsing the YAML took 25 ms a page; the stamp makes an edited file count as new.
    return load_rules(name_or_path)
