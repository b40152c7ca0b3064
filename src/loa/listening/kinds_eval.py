"""How well `kinds.classify` tells claims from feedback, on labelled texts.

The two figures that matter: the share of non-claims (opinions, complaints, questions, other)
taken for claims, since each of those could end as a correction that calls an opinion false
(target at most 2%); and the share of claims found (target at least 90%).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loa.errors import InputError
from loa.listening.kinds import Kind

__all__ = ["KindScore", "LabelledText", "load_kinds", "score_kinds"]


@dataclass(frozen=True)
class LabelledText:
    """One text of the evaluation set with its kind, its split and how it was typed."""

    text: str
    kind: Kind
    asked: bool
    typed: str
    split: str


@dataclass(frozen=True)
class KindScore:
    """A confusion matrix (gold kind, predicted kind) and the two target figures."""

    confusion: dict[tuple[Kind, Kind], int]
    total: int

    def _count(self, gold: Callable[[Kind], bool], pred: Callable[[Kind], bool]) -> int:
        return sum(n for (g, p), n in self.confusion.items() if gold(g) and pred(p))

    @property
    def non_claims_as_claims(self) -> float:
        """Return the share of non-claims classified as claims (target <= 0.02)."""
        others = self._count(lambda g: not g.is_claim, lambda _p: True)
        wrong = self._count(lambda g: not g.is_claim, lambda p: p.is_claim)
        return wrong / others if others else 0.0

    @property
    def claims_found(self) -> float:
        """Return the share of claims classified as claims (target >= 0.90)."""
        claims = self._count(lambda g: g.is_claim, lambda _p: True)
        found = self._count(lambda g: g.is_claim, lambda p: p.is_claim)
        return found / claims if claims else 0.0

    @property
    def accuracy(self) -> float:
        """Return the share of texts given their exact kind."""
        right = sum(n for (g, p), n in self.confusion.items() if g is p)
        return right / self.total if self.total else 0.0

    def table(self) -> str:
        """Return the confusion matrix as text: one row per gold kind, one column per guess."""
        kinds = list(Kind)
        head = "gold \\ guess".ljust(12) + "".join(k.value[:9].rjust(10) for k in kinds)
        rows = [
            g.value.ljust(12) + "".join(str(self.confusion.get((g, p), 0)).rjust(10) for p in kinds)
            for g in kinds
        ]
        return "\n".join([head, *rows])


def load_kinds(path: Path) -> list[LabelledText]:
    """Return the labelled texts of a kinds.jsonl file; refuse a line without a known kind."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                LabelledText(
                    text=str(row["text"]), kind=Kind(row["kind"]), asked=bool(row.get("asked")),
                    typed=str(row.get("typed", "diacritics")), split=str(row["split"]),
                )
            )  # fmt: skip
        except (ValueError, KeyError) as err:
            raise InputError(
                f"{path}, dòng {n}: cần các trường text, kind (claim, opinion, complaint, "
                f"question, other) và split ({err}).",
                f"{path}, line {n}: needs text, kind (claim, opinion, complaint, question, "
                f"other) and split ({err}).",
            ) from err
    return out


def score_kinds(
    texts: Sequence[LabelledText], guess: Callable[[str], Kind], *, split: str | None = None,
    typed: Iterable[str] | None = None,
) -> KindScore:  # fmt: skip
    """Return the confusion matrix of `guess` on the texts (of one split or typing if given)."""
    forms = set(typed) if typed is not None else None
    chosen = [
        t for t in texts
        if (split is None or t.split == split) and (forms is None or t.typed in forms)
    ]  # fmt: skip
    confusion = Counter((t.kind, guess(t.text)) for t in chosen)
    return KindScore(dict(confusion), len(chosen))
