"""A clone works anywhere: nothing in Loa, its tests or its benches reads a folder outside it.

A person who clones Loa has only the repository. The demo's data ships in the package
(`src/loa/demo/data/`) and the suite's under `tests/data/`; these tests fail when code or docs
point at a data folder beside the checkout again, or when the demo set loses a file.
"""

from __future__ import annotations

import re
from pathlib import Path

from loa.demo import CASE_FILES, CENSUS_FILE, DATA_DIR, LIBRARY_FILE, SEED_FILE

ROOT = Path(__file__).resolve().parents[1]
# Built from parts so that this file does not match itself.
_FOLDER = "sha" + "red"
OUTSIDE = re.compile(
    "|".join(
        (
            rf"\.\./{_FOLDER}\b",  # the sibling folder, relative
            rf"/work/{_FOLDER}\b",  # an absolute path on a development machine
            rf"\b{_FOLDER}/(seed|data|dispatches|hooks)\b",  # shared/seed/…, shared/data/…
            rf"[\"']{_FOLDER}[\"']\s*\)?\s*/",  # a path joined from the folder name
            rf"/\s*[\"']{_FOLDER}[\"']",
            rf"find_{_FOLDER}",
            rf"--{_FOLDER}\b",
        )
    )
)
SCANNED = ("src", "tests", "bench", "docs", "deploy", "scripts", ".ci")
SUFFIXES = {".py", ".md", ".txt", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".sh", ".j2", ".html"}


def _files() -> list[Path]:
    found = [ROOT / "Makefile", ROOT / "README.md", ROOT / "pyproject.toml"]
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and (
                path.suffix in SUFFIXES or path.parent.name in {".ci", "scripts"}
            ):
                found.append(path)
    return [p for p in found if p.exists() and p != Path(__file__).resolve()]


def test_no_file_reads_a_folder_beside_the_checkout() -> None:
    hits = []
    for path in _files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == [], "copy what Loa needs into the repository, with its sources:\n" + "\n".join(
        hits
    )


def test_the_guard_catches_the_forms_a_path_outside_takes() -> None:
    outside = (
        f'SEED = Path("/work/{_FOLDER}/seed/427-CV-BTGTU.txt")',
        f'for folder in (ROOT.parent / "{_FOLDER}", ROOT / "{_FOLDER}"):',
        f"loa directive parse ../{_FOLDER}/seed/427-CV-BTGTU.txt",
        f'loa("demo", "--{_FOLDER}", str(path))',
    )
    inside = (
        "from docx.shared import Pt",
        "the tipline's shared secret",
        "a shared copy without diacritics joins the original group",
    )
    assert all(OUTSIDE.search(line) for line in outside)
    assert not any(OUTSIDE.search(line) for line in inside)


def test_the_demo_set_ships_every_file_it_loads_with_its_sources() -> None:
    names = [SEED_FILE, CENSUS_FILE, LIBRARY_FILE, *(name for name, _ in CASE_FILES)]
    missing = [name for name in names if not (DATA_DIR / name).is_file()]
    assert missing == []
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    shipped = [p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.is_file()]
    unsourced = [name for name in shipped if name != "SOURCES.md" and name not in sources]
    assert unsourced == []


def test_the_package_data_patterns_take_every_demo_file() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("[tool.setuptools.package-data]", 1)[1].split("\n[", 1)[0]
    patterns = re.findall(r'"([^"]+)"', block)
    for path in DATA_DIR.rglob("*"):
        if path.is_file():
            relative = path.relative_to(DATA_DIR.parents[1]).as_posix()  # demo/data/…
            assert any(
                Path(relative).match(p) or Path(relative).match(p.replace("**/", ""))
                for p in patterns
            ), f"{relative} would not ship in the wheel"
