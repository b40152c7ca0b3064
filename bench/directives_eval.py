"""Score parse_dispatch on the evaluation set in tests/data/dispatches/ (NN-name.txt + .json).

Run `.venv/bin/python bench/directives_eval.py` for per-field accuracy, the overall accuracy and
the list of mismatches, or import `evaluate()`. Each of the 15 fields below counts once per
document. Lists are compared as whole values. `tasks` is right when the count matches and, task
by task, the assignee names, the deadline and the start of the text (the expected `text` holds
the item's opening words) match. `warnings` are diagnostics and are not scored.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loa.directives.parse import parse_dispatch

DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "dispatches"
FIELDS = (
    "system", "issuer", "issuer_parent", "doc_type", "number", "number_symbol", "place", "date",
    "subject", "urgency", "recipients", "references", "tasks", "signer", "distribution",
)  # fmt: skip


@dataclass
class EvalReport:
    """Per-field counts of right answers, the documents scored, and what went wrong."""

    documents: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    mismatches: list[str] = field(default_factory=list)

    def field_accuracy(self, name: str) -> float:
        """Return the share of documents whose `name` field was exactly right."""
        return self.right[name] / self.documents if self.documents else 0.0

    @property
    def overall(self) -> float:
        """Return the share of all (document, field) pairs that were exactly right."""
        total = self.documents * len(FIELDS)
        return sum(self.right.values()) / total if total else 0.0


def _task_key(task: dict[str, Any]) -> tuple[list[str], str | None]:
    return [a["name"] for a in task["assignees"]], task["deadline"]


def tasks_match(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    """Return True when the task lists agree on count, assignees, deadlines and text starts."""
    if len(got) != len(want):
        return False
    return all(
        _task_key(g) == _task_key(w) and g["text"].startswith(w["text"])
        for g, w in zip(got, want, strict=True)
    )


def evaluate(data_dir: Path = DATA_DIR) -> EvalReport:
    """Return the evaluation report for every NN-name.txt with an NN-name.json beside it."""
    report = EvalReport()
    for text_path in sorted(data_dir.glob("*.txt")):
        expected_path = text_path.with_suffix(".json")
        if not expected_path.exists():
            continue
        want = json.loads(expected_path.read_text(encoding="utf-8"))
        got = parse_dispatch(text_path.read_text(encoding="utf-8")).to_json()
        report.documents += 1
        for name in FIELDS:
            if name == "tasks":
                ok = tasks_match(got["tasks"], want["tasks"])
            else:
                ok = got[name] == want[name]
            if ok:
                report.right[name] += 1
            else:
                report.mismatches.append(
                    f"{text_path.stem}: {name}: got {json.dumps(got[name], ensure_ascii=False)}"
                    f" want {json.dumps(want[name], ensure_ascii=False)}"
                )
    return report


def main() -> int:
    """Print the report; return 0 when overall accuracy reaches 95%, else 1."""
    report = evaluate()
    print(f"documents: {report.documents}")
    for name in FIELDS:
        print(f"  {name:<14} {report.field_accuracy(name):6.1%}")
    print(f"overall: {report.overall:.1%}")
    if report.mismatches:
        print("mismatches:")
        for line in report.mismatches:
            print(f"  - {line}")
    return 0 if report.overall >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
