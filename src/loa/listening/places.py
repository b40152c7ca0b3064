"""Which commune or district a post is about, from its area fields or its text.

Exports often carry a district or commune name; tipline messages say it in the text ("ở xã
Hồng Thái", "huyện Việt Yên"). Names are compared folded (no diacritics), so "viet yen" finds
Việt Yên. In the text a commune needs its type word ("xã", "phường", "thị trấn") because
many commune names are also ordinary words; a district name of two syllables or more is found
alone as well. Only units of the province the finder was built for are found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from loa.listening.items import AreaHint
from loa.text import fold, squash_spaces

__all__ = ["Place", "PlaceFinder"]

_TYPE_WORDS = {
    "district": ("huyen", "thanh pho", "tp", "thi xa", "quan"),
    "commune": ("xa", "phuong", "thi tran", "tt"),
}


@dataclass(frozen=True)
class Place:
    """A unit a post names: its official code, name and level (district or commune)."""

    code: str
    name: str
    level: str
    parent_code: str | None = None


def _key(text: str) -> str:
    return squash_spaces(re.sub(r"[^\w\s]", " ", fold(text)))


class PlaceFinder:
    """Finds the district and commune a post names; built once from the province's units."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._by_name: dict[tuple[str, str], list[Place]] = {}
        self._by_code: dict[str, Place] = {}
        for place in places:
            self._by_name.setdefault((place.level, _key(place.name)), []).append(place)
            self._by_code[place.code] = place
        patterns = []
        for level, words in _TYPE_WORDS.items():
            names = sorted({n for (lv, n) in self._by_name if lv == level}, key=len, reverse=True)
            if names:
                alternatives = "|".join(re.escape(n) for n in names)
                typed = "|".join(re.escape(w) for w in words)
                patterns.append((level, re.compile(rf"\b(?:{typed}) ({alternatives})\b")))
        bare = sorted(
            {n for (lv, n) in self._by_name if lv == "district" and " " in n}, key=len, reverse=True
        )
        self._patterns = patterns
        self._bare = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in bare) + r")\b") if bare else None
        )

    def _one(self, level: str, name: str) -> Place | None:
        found = self._by_name.get((level, _key(name)), [])
        return found[0] if len(found) == 1 else None

    def lookup(self, value: str | None, level: str) -> Place | None:
        """Return the unit a hint names (a code, or a name with or without type word)."""
        if not value:
            return None
        text = value.strip()
        if text in self._by_code and self._by_code[text].level == level:
            return self._by_code[text]
        key = _key(text)
        for word in _TYPE_WORDS[level]:
            if key.startswith(word + " "):
                key = key[len(word) + 1 :]
                break
        return self._one(level, key)

    def find(self, text: str, hint: AreaHint | None = None) -> tuple[Place | None, Place | None]:
        """Return (district, commune) named by the hint, else by the text; None if unclear.

        A commune found in the text whose name is shared by several units is left out; its
        district is taken from the commune when the commune is known.
        """
        district = self.lookup(hint.district, "district") if hint else None
        commune = self.lookup(hint.commune, "commune") if hint else None
        key = _key(text)
        for level, pattern in self._patterns:
            if (level == "district" and district) or (level == "commune" and commune):
                continue
            for match in pattern.finditer(key):
                place = self._one(level, match.group(1))
                if place is not None:
                    if level == "district":
                        district = place
                    else:
                        commune = place
                    break
        if district is None and self._bare is not None:
            bare = self._bare.search(key)
            district = self._one("district", bare.group(1)) if bare else None
        if commune is not None and district is None and commune.parent_code:
            district = self._by_code.get(commune.parent_code)
        return district, commune
