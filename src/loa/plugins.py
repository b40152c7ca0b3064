"""One way to plug into Loa: entry-point groups, which Loa's own parts use too.

A plugin is a distribution that names, in its `pyproject.toml`, a function per group:

    group                   the entry point's object          what it does
    ─────────────────────   ───────────────────────────────   ──────────────────────────────
    loa.cli                 register(root: click.Group)       adds `loa` commands
    loa.desk_areas          register(desk: loa.web.desk.Desk)  adds pages, API routes, menu
                                                               items and overview panels
    loa.channels            register(registry: ChannelRegistry) adds publishing channels
    loa.listening_sources   register(registry: SourceRegistry)  adds places posts come from
    loa.jobs                a module: importing it runs its    adds worker jobs and batch
                            @job / @batch_handler decorators   handlers

Loa's own commands, areas, channels, sources and jobs are listed in Loa's `pyproject.toml`
under the same groups (`DEFAULT_PLUGINS` below repeats them, and a test keeps the two equal):
there is no second, private way in. When the installed metadata is older than the code (an
editable install made before an entry point was added), `DEFAULT_PLUGINS` still loads Loa's
own parts, so a checkout works before `pip install -e .` is run again; a third party's
plugin is found only once its package is installed. docs/plugins.md shows a whole plugin.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from loa.errors import ConfigError

__all__ = ["DEFAULT_PLUGINS", "GROUPS", "Plugin", "plugins"]

GROUPS = {
    "loa.cli": "lệnh `loa` / `loa` commands",
    "loa.desk_areas": "khu vực của bàn điều hành / desk areas",
    "loa.channels": "kênh phát hành / publishing channels",
    "loa.listening_sources": "nguồn bài viết / where posts come from",
    "loa.jobs": "công việc nền / worker jobs",
}

_CLI = "backup bulletins directives directory geo jobs listening situation task_review tipline tour web"
_AREAS = (
    "admin api api_docs bulletins bulletins_api directives listening listening_api "
    "listening_board overview situation situation_api tipline"
)

#: Loa's own plugins, group → (name, object reference), exactly as in pyproject.toml.
DEFAULT_PLUGINS: dict[str, tuple[tuple[str, str], ...]] = {
    "loa.cli": tuple((name, f"loa.cli.{name}:register") for name in _CLI.split()),
    "loa.desk_areas": tuple((name, f"loa.web.areas.{name}:register") for name in _AREAS.split()),
    "loa.channels": (("builtin", "loa.channels.builtin:register"),),
    "loa.listening_sources": (("builtin", "loa.services.listening_sources:register"),),
    "loa.jobs": (
        ("definitions", "loa.jobs.definitions"),
        ("listening", "loa.jobs.listening"),
        ("snapshots", "loa.jobs.snapshots"),
    ),
}


@dataclass(frozen=True)
class Plugin:
    """One entry point of a group: its name, the object it names, and that object."""

    group: str
    name: str
    value: str
    loaded: Any

    @property
    def is_loas_own(self) -> bool:
        """Return True for the parts Loa itself ships."""
        return self.value.startswith("loa.")


def _load(group: str, name: str, value: str) -> Any:
    from importlib import import_module

    module, _, attr = value.partition(":")
    try:
        found: Any = import_module(module)
        for part in attr.split(".") if attr else ():
            found = getattr(found, part)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(
            f"Không nạp được phần bổ sung '{name}' = '{value}' (nhóm {group}): {exc}. "
            "Hãy cài lại gói chứa nó hoặc gỡ gói đó.",
            f"Could not load the plugin '{name}' = '{value}' (group {group}): {exc}. "
            "Reinstall the package that provides it, or remove that package.",
        ) from exc
    return found


def plugins(group: str) -> list[Plugin]:
    """Return the plugins of `group`: Loa's own first (in their listed order), then the rest."""
    if group not in GROUPS:
        raise ConfigError(
            f"Không có nhóm phần bổ sung '{group}'; các nhóm: {', '.join(GROUPS)}.",
            f"There is no plugin group '{group}'; groups: {', '.join(GROUPS)}.",
        )
    installed = {ep.value: ep.name for ep in entry_points(group=group)}
    own = DEFAULT_PLUGINS[group]
    own_values = {value for _name, value in own}
    others = sorted((name, value) for value, name in installed.items() if value not in own_values)
    return [
        Plugin(group, name, value, _load(group, name, value)) for name, value in (*own, *others)
    ]
