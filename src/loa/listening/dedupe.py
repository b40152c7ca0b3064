"""Near-duplicate posts grouped: the same text shared, copied with a few words changed.

MinHash LSH (datasketch) over word 3-grams of the match key: two posts whose sets of 3-grams
have a Jaccard similarity at or above `threshold` (0.7 by default) land in the same group,
with high probability, in time that does not grow with the number of posts already seen. A
candidate from the index is kept only if its estimated similarity really reaches the
threshold. Exact repeats (same match key) are found by a dictionary before any hashing.

A group is named by its first post; later posts join it. Matching and clustering run once
per group, and every member inherits the result.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from loa.listening.normalise import match_key

__all__ = ["DuplicateHit", "NearDuplicates", "shingles", "similarity"]


def shingles(key: str, size: int = 3) -> set[str]:
    """Return the word `size`-grams of a match key (the words themselves if it is shorter)."""
    words = key.split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _hash32(data: bytes) -> int:
    digest: int = struct.unpack("<I", hashlib.blake2b(data, digest_size=4).digest())[0]
    return digest


@dataclass(frozen=True)
class DuplicateHit:
    """Which group a post joined: the group's first post, and whether this post started it."""

    group: str
    is_new: bool
    similarity: float


class NearDuplicates:
    """An incremental index of posts: `add` returns the group a post belongs to."""

    def __init__(self, *, threshold: float = 0.7, num_perm: int = 64) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._exact: dict[str, str] = {}
        self._hashes: dict[str, MinHash] = {}
        self._group: dict[str, str] = {}

    def _minhash(self, words: set[str]) -> MinHash:
        signature = MinHash(num_perm=self.num_perm, seed=1, hashfunc=_hash32)
        signature.update_batch([w.encode() for w in sorted(words)])
        return signature

    def add(self, item_id: str, text: str, *, key: str | None = None) -> DuplicateHit:
        """Return the group of `item_id` after adding it (a new group if nothing is close)."""
        if item_id in self._group:
            return DuplicateHit(self._group[item_id], False, 1.0)
        key = match_key(text) if key is None else key
        if key in self._exact:
            group = self._group[self._exact[key]]
            self._group[item_id] = group
            return DuplicateHit(group, False, 1.0)
        self._exact[key] = item_id
        words = shingles(key)
        if not words:
            self._group[item_id] = item_id
            return DuplicateHit(item_id, True, 0.0)
        signature = self._minhash(words)
        best, best_similarity = None, 0.0
        for other in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._hashes[other]))
            if similarity >= self.threshold and similarity > best_similarity:
                best, best_similarity = str(other), similarity
        self._lsh.insert(item_id, signature)
        self._hashes[item_id] = signature
        group = self._group[best] if best is not None else item_id
        self._group[item_id] = group
        return DuplicateHit(group, best is None, best_similarity)

    def find(self, text: str, *, key: str | None = None) -> str | None:
        """Return the group a post would join, without adding it (None: it would start one)."""
        key = match_key(text) if key is None else key
        if key in self._exact:
            return self._group[self._exact[key]]
        words = shingles(key)
        if not words:
            return None
        signature = self._minhash(words)
        best, best_similarity = None, 0.0
        for other in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._hashes[other]))
            if similarity >= self.threshold and similarity > best_similarity:
                best, best_similarity = str(other), similarity
        return self._group[best] if best is not None else None

    def group_of(self, item_id: str) -> str | None:
        """Return the group of a post already added, or None."""
        return self._group.get(item_id)

    def __len__(self) -> int:
        return len(self._group)


def similarity(a: str, b: str) -> float:
    """Return the exact Jaccard similarity of two texts' 3-gram sets (for tests and tuning)."""
    x, y = shingles(match_key(a)), shingles(match_key(b))
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)
