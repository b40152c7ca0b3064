"""Reads the numbers back out of a rendered bulletin: digits as Vietnamese write them, and words.

A loudspeaker script says "bốn mươi tư ca" where the data said 44; the checks before
approval (`bulletins/checks.py`) read the text the listener will hear, not the figures the
template was given, so a template or verbaliser slip cannot pass unnoticed. The word reader
is the inverse of `verbalise.number_words`.
"""

from __future__ import annotations

import re

__all__ = ["numbers_in", "words_to_numbers"]

_DIGIT = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_SCALE = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "tỷ": 1_000_000_000}
_NUMBER_WORDS = {*_DIGIT, *_SCALE, "mười", "mươi", "trăm", "linh", "lẻ"}
_VI_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\w.,])\d+(?:,\d+)?")
_EN_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.,])\d+(?:\.\d+)?")


class _Reader:
    """Builds one number from a run of number words; `feed` says when a new one starts."""

    def __init__(self) -> None:
        self.done: list[float] = []
        self._reset()

    def _reset(self) -> None:
        self.total = 0
        self.group = 0
        self.pending: int | None = None
        self.started = False
        self.last_digit = False

    def flush(self) -> None:
        if self.started:
            self.done.append(float(self.total + self.group + (self.pending or 0)))
        self._reset()

    def feed(self, word: str) -> None:
        if word in _DIGIT:
            if self.last_digit:
                self.flush()
            self.pending = _DIGIT[word]
            self.started = self.last_digit = True
            return
        self.last_digit = False
        if word in ("linh", "lẻ"):
            return
        if word == "mười":
            self.group += 10
        elif word == "mươi":
            self.group += (self.pending or 0) * 10
            self.pending = None
        elif word == "trăm":
            self.group += (self.pending or 0) * 100
            self.pending = None
        elif word in _SCALE:
            self.total += (self.group + (self.pending or 0)) * _SCALE[word]
            self.group, self.pending = 0, None
        self.started = True


def words_to_numbers(text: str) -> list[float]:
    """Return every number written in Vietnamese words in `text`, in order."""
    reader = _Reader()
    for word in re.findall(r"\w+", text.lower()):
        if word in _NUMBER_WORDS:
            reader.feed(word)
        else:
            reader.flush()
    reader.flush()
    return reader.done


def numbers_in(text: str, lang: str = "vi") -> list[float]:
    """Return every number in `text`: digits (1.250 / 1,250 by `lang`) and, in vi, words."""
    found: list[float] = []
    if lang == "vi":
        for m in _VI_DIGITS.finditer(text):
            found.append(float(m.group().replace(".", "").replace(",", ".")))
        found.extend(words_to_numbers(_VI_DIGITS.sub(" ", text)))
    else:
        for m in _EN_DIGITS.finditer(text):
            found.append(float(m.group().replace(",", "")))
    return found
