"""Other documents a dispatch cites ("Công văn số 4674/BYT-MT ngày 31/8/2020"), with their dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from loa.directives.header import LETTER, type_of
from loa.directives.model import Reference

__all__ = ["references", "safe_date"]

_PARTY_REF = re.compile(rf"(?<![\d/])(\d+)\s*-\s*({LETTER}\w*)\s*/\s*({LETTER}[\w&]*)")
# "6721/VPCP-V.I": a unit's code may end on a dot and a numeral, as in the header.
_STATE_REF = re.compile(
    rf"(?<![\d/])(\d+(?:/\d{{4}})?)/({LETTER}[\w&]*(?:-{LETTER}[\w&]*)+(?:\.[IVX]{{1,4}}\b)?)"
)
_REF_DATE = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))",
    re.IGNORECASE,
)
_REF_DATE_BEFORE = re.compile(
    r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*,[^.;:]*?ban hành[^.;:]*$", re.IGNORECASE
)


def _plain_code(symbol: str) -> str:
    """Return a symbol with tone marks OCR put on its capitals dropped ("625-TB/TƯ" is "TU").

    Symbol codes are written in capitals without marks (Đ aside): "TU", "BYT", "QĐ-UBND".
    """
    out = []
    for c in symbol:
        if c.isupper() and c != "Đ":
            c = unicodedata.normalize("NFD", c)[0]
        out.append(c)
    return "".join(out)


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when the numbers make no date."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_at(flat: str, m: re.Match[str]) -> date | None:
    """Return the date written just after a cited symbol, or just before it with "ban hành"."""
    d = _REF_DATE.match(flat, m.end())
    if d:
        day, month, year = d.groups()[0:3] if d.group(1) else d.groups()[3:6]
        return safe_date(int(year), int(month), int(day))
    # "Ngày 31/8/2020, Bộ Y tế ban hành công văn số 4674/BYT-MT": the date comes first.
    b = _REF_DATE_BEFORE.search(flat[max(0, m.start() - 150) : m.start()])
    return safe_date(int(b.group(3)), int(b.group(2)), int(b.group(1))) if b else None


# "Công văn số1 0 9 4 3/BYT-MT": a text layer spaced the digits of a number out.
_SPACED_NUMBER = re.compile(r"(?<!\d)\d(?: \d){2,}(?=\s?/)")


# "75/KH- UBND", "38/2015/TT- BTC", "15972/SXD-QLN& TTBĐS": a stray space after a symbol's
# hyphen or ampersand.
_STRAY_SPACE = re.compile(rf"(\d/(?:\d{{4}}/)?{LETTER}[\w&.-]*?[-&])\s(?=[A-ZĐ][\w&]*\b)")


def references(flat: str, own: str | None) -> list[Reference]:
    """Return the cited number symbols in order, once each (case aside), with their dates."""
    flat = _SPACED_NUMBER.sub(lambda m: m.group().replace(" ", ""), flat)
    flat = _STRAY_SPACE.sub(r"\1", flat)
    found: dict[str, tuple[int, Reference]] = {}
    for pattern, party in ((_PARTY_REF, True), (_STATE_REF, False)):
        for m in pattern.finditer(flat):
            if party:
                symbol, kind = f"{m.group(1)}-{m.group(2)}/{m.group(3)}", m.group(2)
            else:
                symbol = f"{m.group(1)}/{m.group(2)}"
                kind = type_of(m.group(2).split("-")[0], False)
            symbol = _plain_code(symbol)
            key = symbol.casefold()
            # A symbol printed in capitals in a title ("32/CT-TTG") and again as written
            # ("32/CT-TTg") is one document: keep the written spelling and its date.
            upper_first = key in found and found[key][1].number_symbol.isupper()
            if symbol == own:
                continue
            when = _date_at(flat, m)
            if key in found and not (upper_first and not symbol.isupper()):
                first, cited = found[key]
                if cited.date is None and when is not None:
                    # "Quyết định số 142/QĐ-TTg" first, "142/QĐ-TTg ngày 02/02/2024" later.
                    found[key] = (first, Reference(cited.number_symbol, cited.type, when))
                continue
            first = found[key][0] if key in found else m.start()
            if key in found and when is None:
                when = found[key][1].date
            found[key] = (first, Reference(symbol, kind, when))
    return [ref for _, ref in sorted(found.values(), key=lambda item: item[0])]
