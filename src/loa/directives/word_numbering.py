"""The list markers Word draws itself: "1.", "a)", "Điều 3." of automatically numbered paragraphs.

A Word list keeps its numbers out of the paragraph's text: the paragraph (or its style) points
at a numbering definition, and Word counts and draws "1.", "2.", "a)" or a bullet when it shows
the page. Read as plain text such a dispatch loses every item marker, and the reader can no
longer tell items apart. `ListMarkers` counts as Word does and gives each paragraph its marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["ListMarkers"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class _Level:
    """How one level of a list is drawn: its number format, marker text and first number."""

    fmt: str
    text: str
    start: int


def _val(element: Any, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}") if element is not None else None
    return None if child is None else child.get(f"{_W}val")


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word's letters: a ... z, then aa, bb ...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _levels(abstract: Any) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.findall(f"{_W}lvl"):
        start = _val(lvl, "start")
        levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") or "",
            start=int(start) if start and start.lstrip("-").isdigit() else 1,
        )
    return levels


class ListMarkers:
    """Gives each numbered paragraph of one .docx the marker Word draws before it."""

    def __init__(self, document: Any) -> None:
        self._lists: dict[str, dict[int, _Level]] = {}
        self._counts: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # a document without lists
        abstracts = {
            a.get(f"{_W}abstractNumId"): _levels(a) for a in numbering.findall(f"{_W}abstractNum")
        }
        for num in numbering.findall(f"{_W}num"):
            levels = dict(abstracts.get(_val(num, "abstractNumId"), {}))
            for override in num.findall(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                start = _val(override, "startOverride")
                if ilvl in levels and start and start.isdigit():
                    old = levels[ilvl]
                    levels[ilvl] = _Level(old.fmt, old.text, int(start))
            self._lists[num.get(f"{_W}numId") or ""] = levels

    def marker(self, paragraph: Any) -> str:
        """Return the marker Word draws before `paragraph` ("2.", "b)", "-"), or ""."""
        found = _num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self._lists.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self._counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new "2." starts its "a)" again
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return level.text.strip()

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            count = counts.get(k, levels[k].start if k in levels else 1)
            return _format(count, levels[k].fmt if k in levels else "decimal")

        return re.sub(r"%(\d)", number, level.text).strip()


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """Return (list id, level) a paragraph is numbered with, from itself or its style."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(f"{_W}numPr") if p_pr is not None else None
    style = paragraph.style if num_pr is None else None
    while num_pr is None and style is not None:
        s_pr = style.element.find(f"{_W}pPr")
        num_pr = s_pr.find(f"{_W}numPr") if s_pr is not None else None
        style = style.base_style
    num_id = _val(num_pr, "numId")
    if num_id is None or num_id == "0":  # numId 0 takes a style's numbering off
        return None
    ilvl = _val(num_pr, "ilvl")
    return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0
