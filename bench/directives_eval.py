"""Score the dispatch reader on the evaluation set in tests/data/dispatches/ (EVALSET.tsv).

Run `.venv/bin/python bench/directives_eval.py` for accuracy per field and per form, on all
documents and on the held-out third, the item-agency pairs, and the mismatches
(`--mismatches`; `--split dev` lists only the documents rules may be tuned on). `--ocr` reads
the scans with Tesseract again instead of the OCR text kept beside them. Or import `evaluate()`.

Each row of EVALSET.tsv names a file, its expected JSON, its form (web copy, plain text laid out
in two columns, DOCX, text PDF, scan, or a web excerpt cut short) and its split (`dev` or
`heldout`). A file is read as the reader reads it (`read_document`) and parsed. Every key of the
JSON contract is scored once per document, `signer` by its three parts. Lists are compared as
whole values; `tasks` is right when the count matches and, task by task, the deadline, the
recurrence and the start of the text (the expected `text` holds the item's opening words) do.
Agencies are scored as (item, agency) pairs: a pair is right when the item's parsed assignees
hold the expected name (case and spacing aside); the share is right pairs over the larger of
the expected and parsed counts, so a missing agency and a made-up one both count against.
`warnings` are diagnostics and are not scored.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loa.directives.parse import parse_dispatch
from loa.directives.reading import read_document

DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "dispatches"
HEADER_FIELDS = (
    "doc_type", "number_symbol", "issuer", "place", "date", "subject", "signer.name",
    "signer.position",
)  # fmt: skip
OTHER_FIELDS = (
    "system", "issuer_parent", "number", "urgency", "recipients", "references", "distribution",
    "signer.authority", "tasks",
)  # fmt: skip
FIELDS = HEADER_FIELDS + OTHER_FIELDS
FORMS = ("web", "plain", "text", "docx", "pdf", "scan", "excerpt")


@dataclass(frozen=True)
class Entry:
    """One row of EVALSET.tsv."""

    path: Path
    expected: Path
    form: str
    split: str


@dataclass
class Score:
    """Right answers out of all, for header fields, every field and agency pairs."""

    documents: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    pairs_right: int = 0
    pairs_total: int = 0
    pairs_expected: int = 0
    pairs_parsed: int = 0

    def field_accuracy(self, name: str) -> float:
        """Return the share of documents whose `name` field was exactly right."""
        return self.right[name] / self.documents if self.documents else 0.0

    @property
    def header(self) -> float:
        """Return the share of (document, header field) pairs that were right."""
        total = self.documents * len(HEADER_FIELDS)
        return sum(self.right[f] for f in HEADER_FIELDS) / total if total else 0.0

    @property
    def overall(self) -> float:
        """Return the share of all (document, field) pairs that were right."""
        total = self.documents * len(FIELDS)
        return sum(self.right.values()) / total if total else 0.0

    @property
    def pairs(self) -> float:
        """Return right (item, agency) pairs over the larger of expected and parsed counts."""
        return self.pairs_right / self.pairs_total if self.pairs_total else 1.0


@dataclass
class EvalReport:
    """Scores on all documents, per split and per form, and what went wrong."""

    all: Score = field(default_factory=Score)
    splits: dict[str, Score] = field(default_factory=dict)
    forms: dict[str, Score] = field(default_factory=dict)
    heldout_forms: dict[str, Score] = field(default_factory=dict)
    mismatches: list[tuple[str, str]] = field(default_factory=list)  # (split, line)

    @property
    def documents(self) -> int:
        """Return how many documents were scored."""
        return self.all.documents

    @property
    def overall(self) -> float:
        """Return the share of all (document, field) pairs that were right."""
        return self.all.overall


def load_entries(data_dir: Path = DATA_DIR) -> list[Entry]:
    """Return the rows of EVALSET.tsv."""
    entries = []
    for line in (data_dir / "EVALSET.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, expected, form, split = line.split("\t")
        entries.append(Entry(data_dir / name, data_dir / expected, form, split))
    return entries


def read_entry(entry: Entry, *, ocr: bool = False) -> str:
    """Return the text of an entry's file as the reader gets it (kept OCR text for scans)."""
    cached = entry.path.with_name(entry.path.name.replace(".tif", ".ocr.txt"))
    if entry.form == "scan" and not ocr and cached.exists():
        return cached.read_text(encoding="utf-8")
    return read_document(entry.path).text


def _get(data: dict[str, Any], name: str) -> Any:
    if name.startswith("signer."):
        signer = data.get("signer") or {}
        return signer.get(name.split(".", 1)[1])
    return data[name]


def _task_key(task: dict[str, Any]) -> tuple[str | None, str | None]:
    return task["deadline"], task["recurrence"]


def tasks_match(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    """Return True when the task lists agree on count, deadlines, recurrences and text starts."""
    if len(got) != len(want):
        return False
    return all(
        _task_key(g) == _task_key(w) and g["text"].startswith(w["text"])
        for g, w in zip(got, want, strict=True)
    )


def _name_key(name: str) -> str:
    return " ".join(name.casefold().replace(",", " ").split()).strip(" ;.")


def agency_pairs(tasks: list[dict[str, Any]]) -> set[tuple[int, str]]:
    """Return the (item position, agency name) pairs of a task list."""
    return {(i, _name_key(a["name"])) for i, t in enumerate(tasks) for a in t["assignees"]}


def _score(score: Score, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    score.documents += 1
    wrong = []
    for name in FIELDS:
        if name == "tasks":
            ok = tasks_match(got["tasks"], want["tasks"])
        else:
            ok = _get(got, name) == _get(want, name)
        if ok:
            score.right[name] += 1
        else:
            wrong.append(name)
    got_pairs, want_pairs = agency_pairs(got["tasks"]), agency_pairs(want["tasks"])
    score.pairs_right += len(got_pairs & want_pairs)
    score.pairs_total += max(len(got_pairs), len(want_pairs))
    score.pairs_expected += len(want_pairs)
    score.pairs_parsed += len(got_pairs)
    return wrong


def evaluate(data_dir: Path = DATA_DIR, *, ocr: bool = False) -> EvalReport:
    """Return the evaluation report over every row of EVALSET.tsv."""
    report = EvalReport()
    for entry in load_entries(data_dir):
        want = json.loads(entry.expected.read_text(encoding="utf-8"))
        got = parse_dispatch(read_entry(entry, ocr=ocr)).to_json()
        scores = [
            report.all,
            report.splits.setdefault(entry.split, Score()),
            report.forms.setdefault(entry.form, Score()),
        ]
        if entry.split == "heldout":
            scores.append(report.heldout_forms.setdefault(entry.form, Score()))
        for score in scores:
            wrong = _score(score, got, want)
        label = entry.path.relative_to(data_dir)
        for name in wrong:
            line = f"{label}: {name}: got {_show(got, name)} want {_show(want, name)}"
            report.mismatches.append((entry.split, line))
        got_pairs, want_pairs = agency_pairs(got["tasks"]), agency_pairs(want["tasks"])
        for i, name in sorted(want_pairs - got_pairs):
            report.mismatches.append((entry.split, f"{label}: agency missing: item {i}: {name}"))
        for i, name in sorted(got_pairs - want_pairs):
            report.mismatches.append((entry.split, f"{label}: agency extra: item {i}: {name}"))
    return report


def _show(data: dict[str, Any], name: str) -> str:
    value = _get(data, name)
    if name == "tasks":
        value = [(t["no"], t["deadline"], t["recurrence"], t["text"][:40]) for t in value]
    return json.dumps(value, ensure_ascii=False)


def _table(title: str, columns: dict[str, Score]) -> list[str]:
    names = list(columns)
    lines = [f"{title:<18}" + "".join(f"{n:>9}" for n in names)]
    lines.append(f"{'documents':<18}" + "".join(f"{columns[n].documents:>9}" for n in names))
    for f in FIELDS:
        lines.append(f"  {f:<16}" + "".join(f"{columns[n].field_accuracy(f):>9.0%}" for n in names))
    lines.append(f"{'header fields':<18}" + "".join(f"{columns[n].header:>9.1%}" for n in names))
    lines.append(f"{'all fields':<18}" + "".join(f"{columns[n].overall:>9.1%}" for n in names))
    lines.append(f"{'agency pairs':<18}" + "".join(f"{columns[n].pairs:>9.1%}" for n in names))
    return lines


def main(argv: list[str]) -> int:
    """Print the report; return 0 when the held-out targets are met, else 1."""
    report = evaluate(ocr="--ocr" in argv)
    split = argv[argv.index("--split") + 1] if "--split" in argv else None
    columns = {"all": report.all, **report.splits}
    print("\n".join(_table("by split", columns)))
    print()
    print(
        "\n".join(_table("by form (all)", {f: report.forms[f] for f in FORMS if f in report.forms}))
    )
    print()
    held = {f: report.heldout_forms[f] for f in FORMS if f in report.heldout_forms}
    print("\n".join(_table("by form (held-out)", held)))
    heldout = report.splits.get("heldout", Score())
    scans = report.forms.get("scan", Score())
    print()
    print(
        f"held-out: header fields {heldout.header:.1%} (target 95%), agency pairs "
        f"{heldout.pairs:.1%} (target 90%; {heldout.pairs_right} right of "
        f"{heldout.pairs_expected} expected, {heldout.pairs_parsed} parsed)"
    )
    print(f"scans ({scans.documents}): header fields {scans.header:.1%} (target 80%)")
    if "--mismatches" in argv:
        print("mismatches:")
        for where, line in report.mismatches:
            if split is None or where == split:
                print(f"  - {line}")
    met = heldout.header >= 0.95 and heldout.pairs >= 0.90 and scans.header >= 0.80
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
