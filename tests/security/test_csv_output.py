"""Finding 12: every CSV Loa writes neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from loa.services.situation import import_situation_file

SRC = Path(__file__).resolve().parents[2] / "src" / "loa"
HEADER = "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
ATTACKS = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+1", "-2+3"]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_rejected_rows_file_writes_no_formula_cells(session: Session) -> None:
    rows = "2021-05-18,07201,3,1,0,0,100\n" + "".join(
        f'2021-05-19,"{attack}",1,0,0,0,100\n' for attack in ATTACKS
    )
    outcome = import_situation_file(
        session, (HEADER + rows).encode(), "daily.csv", province_code="24",
        today=date(2021, 12, 31), partial=True, actor="test",
    )  # fmt: skip
    assert outcome.status == "partial" and outcome.rows_accepted == 1
    written = [row[1] for row in _cells(outcome.rejected_csv)[1:]]
    assert written == ["'" + attack for attack in ATTACKS]
    every_cell = [cell for row in _cells(outcome.rejected_csv) for cell in row]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_rejected_rows_file_written_by_the_cli_is_neutralised(loa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "daily.csv"
    source.write_text(HEADER + "2021-05-18,07201,3,1,0,0,100\n2021-05-19,=1+1,@A1,0,0,0,100\n")
    out = tmp_path / "rejected.csv"
    loa("situation", "import", str(source), "--partial", "--rejected-out", str(out),
        "--today", "2021-12-31")  # fmt: skip
    row = _cells(out.read_text(encoding="utf-8"))[1]
    assert row[:3] == ["2021-05-19", "'=1+1", "'@A1"]


def test_every_csv_writer_in_loa_goes_through_the_one_helper() -> None:
    writers = []
    for path in SRC.rglob("*.py"):
        if path.name == "formatting.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(", text):
            writers.append(str(path.relative_to(SRC)))
    assert writers == []


def test_numbers_loa_computes_stay_numbers() -> None:
    from loa.formatting import write_csv_rows

    out = io.StringIO()
    write_csv_rows(out, [["unit", "change"], ["=HYPERLINK(1)", -5], ["\tA", "\rB"], ["Xã A", 3.5]])
    assert _cells(out.getvalue()) == [
        ["unit", "change"], ["'=HYPERLINK(1)", "-5"], ["'\tA", "'\rB"], ["Xã A", "3.5"]
    ]  # fmt: skip
