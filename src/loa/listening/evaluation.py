"""Figures for claim matching on a labelled set: MAP@5, precision and recall of "match".

MAP@5 follows CLEF CheckThat! ("detecting previously fact-checked claims"): over the posts
that have a gold fact-check, the mean of 1/rank of that fact-check in the top five (0 if it
is not there). Precision of "match" counts every (post, fact-check) pair the matcher called
a match, over all posts, opinions and opposite claims included; recall is the share of posts
with a gold fact-check where that fact-check was called a match.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from loa.listening.matching import Decision, MatchResult

__all__ = ["LabelledPost", "Report", "VariantFigures", "evaluate", "format_report", "load_posts"]


@dataclass(frozen=True)
class LabelledPost:
    """A post of the evaluation set with its gold fact-check (None if it repeats none)."""

    id: str
    text: str
    variant: str
    split: str
    factcheck_id: str | None
    topic_id: str | None
    expected: str


def load_posts(path: Path) -> list[LabelledPost]:
    """Return the labelled posts of a posts.jsonl file."""
    posts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            posts.append(LabelledPost(**record))
    return posts


@dataclass(frozen=True)
class VariantFigures:
    """How one kind of post fared: gold found, called a match, wrongly called a match.

    `gold_matched` is the recall of "match" for the variant; `precision` the share of its
    matches that were right (1.0 when it had none).
    """

    posts: int
    reciprocal_rank: float
    gold_matched: float
    false_matches: int
    matches: int = 0

    @property
    def precision(self) -> float:
        """Return the share of this variant's matches that were the gold fact-check."""
        return (self.matches - self.false_matches) / self.matches if self.matches else 1.0


@dataclass(frozen=True)
class Report:
    """The figures for one split (or all posts)."""

    posts: int
    gold_posts: int
    map_at_5: float
    match_precision: float
    match_recall: float
    matches: int
    per_variant: dict[str, VariantFigures]


def _rank_of(gold: str, results: Sequence[MatchResult]) -> int | None:
    for rank, result in enumerate(results[:5], start=1):
        if result.factcheck_id == gold:
            return rank
    return None


def evaluate(posts: Sequence[LabelledPost], results: Sequence[Sequence[MatchResult]]) -> Report:
    """Return the figures for `posts`, given the matcher's results for each, in order."""
    precisions: list[float] = []
    true_matches = all_matches = recalled = 0
    by_variant: dict[str, list[tuple[float, bool, int, int]]] = defaultdict(list)
    for post, ranked in zip(posts, results, strict=True):
        matched = [r.factcheck_id for r in ranked if r.decision is Decision.MATCH]
        wrong = sum(1 for fid in matched if fid != post.factcheck_id)
        all_matches += len(matched)
        true_matches += len(matched) - wrong
        reciprocal = 0.0
        hit = False
        if post.factcheck_id is not None:
            rank = _rank_of(post.factcheck_id, ranked)
            reciprocal = 1.0 / rank if rank else 0.0
            precisions.append(reciprocal)
            hit = post.factcheck_id in matched
            recalled += hit
        by_variant[post.variant].append((reciprocal, hit, wrong, len(matched)))
    per_variant = {
        name: VariantFigures(
            posts=len(rows),
            reciprocal_rank=sum(r for r, _, _, _ in rows) / len(rows),
            gold_matched=sum(1 for _, h, _, _ in rows if h) / len(rows),
            false_matches=sum(w for _, _, w, _ in rows),
            matches=sum(m for _, _, _, m in rows),
        )
        for name, rows in sorted(by_variant.items())
    }
    return Report(
        posts=len(posts),
        gold_posts=len(precisions),
        map_at_5=sum(precisions) / len(precisions) if precisions else 0.0,
        match_precision=true_matches / all_matches if all_matches else 1.0,
        match_recall=recalled / len(precisions) if precisions else 0.0,
        matches=all_matches,
        per_variant=per_variant,
    )


def format_report(title: str, report: Report) -> str:
    """Return the report as a few aligned lines of text."""
    lines = [
        f"{title}: {report.posts} posts, {report.gold_posts} with a gold fact-check",
        f"  MAP@5 {report.map_at_5:.3f}   precision(match) {report.match_precision:.3f} "
        f"of {report.matches}   recall(match) {report.match_recall:.3f}",
        f"  {'variant':<24}{'posts':>6}{'MRR@5':>8}{'recall':>8}{'matches':>8}{'false':>6}"
        f"{'precision':>10}",
    ]
    for name, figures in report.per_variant.items():
        lines.append(
            f"  {name:<24}{figures.posts:>6}{figures.reciprocal_rank:>8.3f}"
            f"{figures.gold_matched:>8.3f}{figures.matches:>8}{figures.false_matches:>6}"
            f"{figures.precision:>10.3f}"
        )
    return "\n".join(lines)
