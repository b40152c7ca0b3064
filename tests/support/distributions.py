"""Writes a distribution into a folder as `pip install` would leave it: tests' way to plug in.

Loa finds plugins only through installed entry points (loa.plugins). A test that needs a
plugin of its own (a third party's, or the fault tests' batch handler run by a `loa worker`
subprocess) writes one here and puts the folder on `sys.path` or `PYTHONPATH`: Loa reads it
through the very same `importlib.metadata` call as a real installed package, so there is no
test-only door in Loa itself.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_distribution"]


def write_distribution(
    site: Path,
    name: str,
    entry_points: dict[str, dict[str, str]],
    modules: dict[str, str] | None = None,
) -> Path:
    """Return `site` holding the distribution `name`: its modules and its entry points.

    `entry_points` maps a group (`loa.jobs`) to its entry points (name → `module:object`);
    `modules` maps a module's name to its source.
    """
    site.mkdir(parents=True, exist_ok=True)
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    groups = "\n".join(
        f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in entries.items())
        for group, entries in entry_points.items()
    )
    (info / "entry_points.txt").write_text(groups, encoding="utf-8")
    for module, source in (modules or {}).items():
        (site / f"{module}.py").write_text(source, encoding="utf-8")
    return site
