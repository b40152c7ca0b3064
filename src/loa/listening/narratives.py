"""Narratives: posts that match no fact-check, clustered as they arrive.

Single-pass ("leader") clustering on sentence embeddings: a post joins the narrative whose
centroid is most similar to it when the cosine reaches `threshold`, otherwise it starts a new
one. The centroid is the normalised running mean of the members, so a narrative drifts with
what people say. It needs no number of clusters in advance, costs one matrix product per
post, and never re-reads old posts, which is what a stream of posts needs.

Each narrative keeps the member closest to its centroid as its representative text, and its
volume per day and per area; the store keeps the same figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from loa.listening.topics import Topic

__all__ = ["Narrative", "NarrativeIndex", "Placement", "centroid_from_json", "centroid_to_json"]

Vector = npt.NDArray[np.float32]


@dataclass
class Narrative:
    """A cluster of similar claims, with what the office needs to see of it."""

    id: int
    centroid: Vector
    representative: str
    representative_cosine: float
    size: int = 0
    topics: Counter[str] = field(default_factory=Counter)
    days: Counter[date] = field(default_factory=Counter)
    areas: Counter[str] = field(default_factory=Counter)

    @property
    def topic(self) -> Topic:
        """Return the most frequent topic of the members (OTHER only if nothing else)."""
        named = [(n, t) for t, n in self.topics.items() if t != Topic.OTHER]
        return Topic(max(named)[1]) if named else Topic.OTHER


@dataclass(frozen=True)
class Placement:
    """Where a post went: the narrative, whether it started it, and its cosine to it."""

    narrative_id: int
    is_new: bool
    cosine: float


def _unit(vector: npt.ArrayLike) -> Vector:
    row = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(row))
    return row / norm if norm else row


class NarrativeIndex:
    """Narratives held in memory; `place` puts one embedded post into one of them."""

    def __init__(self, *, threshold: float = 0.85, next_id: int = 1) -> None:
        self.threshold = threshold
        self.narratives: dict[int, Narrative] = {}
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._matrix: Vector | None = None
        self._next_id = next_id

    def load(self, narrative: Narrative) -> None:
        """Add a narrative kept from earlier (from the store).

        A centroid of another width (made with earlier features) is kept for its counts but
        cannot be joined: comparing vectors of two feature spaces would mean nothing.
        """
        narrative.centroid = _unit(narrative.centroid)
        if self._matrix is not None and narrative.centroid.shape[0] != self._matrix.shape[1]:
            self.narratives[narrative.id] = narrative
            self._next_id = max(self._next_id, narrative.id + 1)
            return
        self.narratives[narrative.id] = narrative
        self._rows[narrative.id] = len(self._ids)
        self._ids.append(narrative.id)
        row = narrative.centroid[None, :]
        self._matrix = row if self._matrix is None else np.vstack([self._matrix, row])
        self._next_id = max(self._next_id, narrative.id + 1)

    def nearest(self, vector: Vector) -> tuple[int | None, float]:
        """Return the closest narrative's id and cosine (None, 0.0 when there are none)."""
        if self._matrix is None or self._matrix.shape[1] != np.shape(vector)[-1]:
            return None, 0.0
        cosines = self._matrix @ _unit(vector)
        best = int(np.argmax(cosines))
        return self._ids[best], float(cosines[best])

    def place(self, text: str, vector: npt.ArrayLike) -> Placement:
        """Return where a post went: the nearest narrative it is close enough to, or a new one.

        Volume is counted apart (`count`), once per post, near-duplicates included.
        """
        unit = _unit(vector)
        best, cosine = self.nearest(unit)
        if best is None or cosine < self.threshold:
            narrative = Narrative(self._next_id, unit, text, 1.0)
            self._next_id += 1
            self.load(narrative)
            return Placement(narrative.id, True, 1.0)
        self._join(self.narratives[best], text, unit)
        return Placement(best, False, cosine)

    def count(
        self, narrative_id: int, *, day: date, topic: Topic, area: str | None = None
    ) -> Narrative:
        """Return the narrative after counting one more post of it on `day` in `area`."""
        narrative = self.narratives[narrative_id]
        narrative.size += 1
        narrative.topics[topic.value] += 1
        narrative.days[day] += 1
        if area:
            narrative.areas[area] += 1
        return narrative

    def _join(self, narrative: Narrative, text: str, unit: Vector) -> None:
        size = max(narrative.size, 1)
        centroid = _unit(narrative.centroid * size + unit)
        narrative.centroid = centroid
        assert self._matrix is not None
        self._matrix[self._rows[narrative.id]] = centroid
        cosine = float(centroid @ unit)
        if cosine > narrative.representative_cosine:
            narrative.representative, narrative.representative_cosine = text, cosine

    def as_list(self) -> list[Narrative]:
        """Return the narratives, largest first."""
        return sorted(self.narratives.values(), key=lambda n: (-n.size, n.id))


def centroid_to_json(vector: Vector) -> list[float]:
    """Return a centroid as a list of floats rounded for storage."""
    return [round(float(x), 5) for x in vector]


def centroid_from_json(values: Any) -> Vector:
    """Return a stored centroid as a unit vector."""
    return _unit(np.asarray(values, dtype=np.float32))
