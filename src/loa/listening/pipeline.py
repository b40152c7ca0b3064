"""The listening pipeline over redacted items: de-duplicate, classify, match, cluster.

    Item ─► near-duplicate group ─► kind and topic ─► place ─► claim matching ─► narrative

Only the first post of a near-duplicate group is matched and clustered; the others inherit
its result, which is what keeps a flood of shares cheap. Texts new in a batch are embedded
once, in one batch: the matcher's embedder is wrapped in `CachingEmbedder`, so clustering
reuses the vectors matching computed. A post that matches a fact-check is linked to it; a
question or a complaint is feedback; any other claim joins or starts a narrative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from loa.listening.claimreview import FactCheck
from loa.listening.dedupe import NearDuplicates
from loa.listening.embedding import Embedder, Vectors
from loa.listening.items import Item
from loa.listening.matching import Decision, Matcher, MatchResult, Thresholds
from loa.listening.narratives import NarrativeIndex
from loa.listening.normalise import normalise
from loa.listening.places import Place, PlaceFinder
from loa.listening.topics import Kind, Topic, kind_of, topic_of

__all__ = ["CachingEmbedder", "GroupResult", "Pipeline", "Processed"]


class CachingEmbedder:
    """An embedder that remembers the query vectors of recent texts (bounded)."""

    def __init__(self, inner: Embedder, *, keep: int = 4096) -> None:
        self.inner = inner
        self.keep = keep
        self._queries: dict[str, Vectors] = {}

    @property
    def name(self) -> str:
        """Return the wrapped embedder's name."""
        return self.inner.name

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Return the query vectors, embedding only texts not seen recently."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._queries))
        if missing:
            if len(self._queries) + len(missing) > self.keep:
                self._queries.clear()
            for text, row in zip(missing, self.inner.embed_queries(missing), strict=True):
                self._queries[text] = row
        if not texts:
            return self.inner.embed_queries([])
        return np.stack([self._queries[t] for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Return the passage vectors (not cached: claims are embedded once and stored)."""
        return self.inner.embed_passages(texts)


@dataclass(frozen=True)
class GroupResult:
    """What the first post of a near-duplicate group was found to be; members inherit it."""

    kind: Kind
    topic: Topic
    best: MatchResult | None
    narrative_id: int | None


@dataclass(frozen=True)
class Processed:
    """One item after the pipeline: its group, kind, topic, area, match and narrative."""

    item: Item
    day: date
    group: str
    duplicate: bool
    kind: Kind
    topic: Topic
    district: Place | None
    commune: Place | None
    best: MatchResult | None
    narrative_id: int | None
    new_narrative: bool = False

    @property
    def matched(self) -> MatchResult | None:
        """Return the fact-check this item repeats, if matching called it a match."""
        return self.best if self.best and self.best.decision is Decision.MATCH else None


class Pipeline:
    """Holds the indexes of one ingest run; `process` takes a batch of items."""

    def __init__(
        self,
        factchecks: Sequence[FactCheck],
        embedder: Embedder,
        *,
        claim_vectors: Vectors | None = None,
        thresholds: Thresholds | None = None,
        duplicates: NearDuplicates | None = None,
        narratives: NarrativeIndex | None = None,
        places: PlaceFinder | None = None,
        top: int = 5,
        matcher: Matcher | None = None,
    ) -> None:
        self.embedder = CachingEmbedder(embedder)
        extra = {"thresholds": thresholds} if thresholds else {}
        if matcher is not None:
            # A matcher kept from an earlier run (its BM25 index is costly to build).
            matcher.embedder = self.embedder
        self.matcher = matcher or (
            Matcher(factchecks, self.embedder, claim_vectors=claim_vectors, **extra)
            if factchecks
            else None
        )
        self.duplicates = duplicates or NearDuplicates()
        self.narratives = narratives or NarrativeIndex()
        self.places = places
        self.top = top
        self.groups: dict[str, GroupResult] = {}

    def _area(self, item: Item) -> tuple[Place | None, Place | None]:
        if self.places is None:
            return None, None
        return self.places.find(item.text, item.area)

    def process(self, items: Sequence[Item], *, today: date) -> list[Processed]:
        """Return each item processed, in order; the indexes keep what was learnt."""
        hits = [self.duplicates.add(item.id, item.text, key=item.key) for item in items]
        fresh: dict[str, Item] = {}
        for item, hit in zip(items, hits, strict=True):
            if hit.group not in self.groups and hit.group not in fresh:
                fresh[hit.group] = item
        self._decide(list(fresh.items()))
        out = []
        for item, hit in zip(items, hits, strict=True):
            result = self.groups[hit.group]
            district, commune = self._area(item)
            day = item.created_at.date() if item.created_at else today
            is_first = fresh.get(hit.group) is item
            new_narrative = False
            if result.narrative_id is not None:
                narrative = self.narratives.narratives[result.narrative_id]
                new_narrative = is_first and narrative.size == 0
                self.narratives.count(
                    result.narrative_id, day=day, topic=result.topic,
                    area=district.code if district else None,
                )  # fmt: skip
            out.append(
                Processed(
                    item=item, day=day, group=hit.group, duplicate=not is_first,
                    kind=result.kind, topic=result.topic, district=district, commune=commune,
                    best=result.best, narrative_id=result.narrative_id,
                    new_narrative=new_narrative,
                )
            )  # fmt: skip
        return out

    def _decide(self, fresh: list[tuple[str, Item]]) -> None:
        if not fresh:
            return
        texts = [item.text for _, item in fresh]
        ranked = self.matcher.match_many(texts, self.top) if self.matcher else [[] for _ in texts]
        claims: list[tuple[str, Item, Kind, Topic, MatchResult | None]] = []
        for (group, item), results in zip(fresh, ranked, strict=True):
            best = results[0] if results else None
            kind, topic = kind_of(item.text), topic_of(item.text)
            if kind is Kind.CLAIM and not (best and best.decision is Decision.MATCH):
                claims.append((group, item, kind, topic, best))
            else:
                self.groups[group] = GroupResult(kind, topic, best, None)
        if not claims:
            return
        vectors = self.embedder.embed_queries([normalise(c[1].text) for c in claims])
        for (group, item, kind, topic, best), vector in zip(claims, vectors, strict=True):
            placement = self.narratives.place(item.text, vector)
            self.groups[group] = GroupResult(kind, topic, best, placement.narrative_id)
