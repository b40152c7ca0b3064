"""The layers hold: surfaces never query the store, the domain stays plain, no import cycles.

The import contracts live in pyproject.toml (`[tool.importlinter]`) and are drawn in
docs/architecture.md; `lint-imports` checks them in `make check`, and this test in `make test`.
The calls that build or run a query cannot be seen in imports alone, so they are read here.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SURFACES = [ROOT / "src" / "loa" / "web", ROOT / "src" / "loa" / "cli"]
QUERY_BUILDERS = {"select", "insert", "update", "delete", "func", "text", "and_", "or_"}
QUERY_RUNNERS = {"execute", "scalars", "scalar", "query"}
# What a surface may take from SQLAlchemy: the session and engine types, the database errors.
SQLALCHEMY_ALLOWED = {"sqlalchemy.orm": {"Session", "sessionmaker"}, "sqlalchemy": {"Engine"}}


def _surface_files() -> list[Path]:
    return sorted(p for folder in SURFACES for p in folder.rglob("*.py"))


def _query_calls(path: Path) -> list[str]:
    """Return 'file:line what' for each query a module builds, runs or imports the means for."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            module = node.module or ""
            if module == "sqlalchemy.exc":
                continue
            allowed = SQLALCHEMY_ALLOWED.get(module, set())
            found += [
                f"{where}:{node.lineno} imports {module}.{a.name}"
                for a in node.names
                if a.name not in allowed
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in QUERY_BUILDERS:
                found.append(f"{where}:{node.lineno} calls {func.id}(")
            elif isinstance(func, ast.Attribute) and func.attr in QUERY_RUNNERS:
                found.append(f"{where}:{node.lineno} calls .{func.attr}(")
    return found


def test_the_web_and_the_cli_build_and_run_no_query() -> None:
    found = [line for path in _surface_files() for line in _query_calls(path)]
    assert found == [], "a surface queries the store; move it into a service:\n" + "\n".join(found)


def test_the_scan_sees_a_query_in_a_surface(tmp_path: Path) -> None:
    module = ROOT / "src" / "loa" / "web" / "_layer_probe.py"
    module.write_text(
        "from sqlalchemy import select\n"
        "def rows(session):\n"
        "    return session.scalars(select(1)).all()\n",
        encoding="utf-8",
    )
    try:
        found = _query_calls(module)
    finally:
        module.unlink()
    assert [f.split(" ", 1)[1] for f in found] == [
        "imports sqlalchemy.select",
        "calls .scalars(",
        "calls select(",
    ]


def test_the_import_contracts_hold() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [str(linter), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


LONGEST = 500


def test_no_module_runs_past_500_lines_without_saying_why_at_its_top() -> None:
    long = [
        f"{p.relative_to(ROOT).as_posix()} ({n} lines)"
        for p in sorted((ROOT / "src" / "loa").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONGEST
        and not any(
            line.startswith("# Over 500 lines:")
            for line in p.read_text(encoding="utf-8").splitlines()[:15]
        )
    ]
    assert long == [], "split these, or say why at the top (# Over 500 lines: …):\n" + "\n".join(
        long
    )
