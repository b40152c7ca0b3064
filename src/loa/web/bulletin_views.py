"""Pure helpers of the bulletin pages: versions side by side, the portal article made safe inline.

The article is Loa's own HTML, but an office may replace its template (LOA_BULLETIN_DIR), so
the desk keeps only a known set of tags and attributes before showing it inside a page.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import lxml.html  # type: ignore[import-untyped]
from lxml.etree import ParserError  # type: ignore[import-untyped]
from markupsafe import Markup, escape

__all__ = ["DiffRow", "safe_article", "side_by_side"]


@dataclass(frozen=True)
class DiffRow:
    """One row of two versions side by side; `tag` is equal, replace, delete or insert."""

    old: str | None
    new: str | None
    tag: str

    @property
    def changed(self) -> bool:
        """Return True when the two sides differ."""
        return self.tag != "equal"


def side_by_side(old: list[str], new: list[str]) -> list[DiffRow]:
    """Return the rows of `old` and `new` aligned, each changed line marked by its tag."""
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffRow(line, line, tag) for line in old[i1:i2]]
            continue
        left, right = old[i1:i2], new[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append(
                DiffRow(
                    left[k] if k < len(left) else None, right[k] if k < len(right) else None, tag
                )
            )
    return rows


_ALLOWED = "article section header footer aside div span p br h1 h2 h3 h4 h5 h6 ul ol li dl dt dd"
_ALLOWED += " table caption thead tbody tfoot tr th td strong em b i small time details summary"
_ALLOWED += " figure figcaption blockquote a abbr"
ALLOWED_TAGS = frozenset(_ALLOWED.split())
# Dropped with their content: scripts, embedded pages and media, forms, styles.
_DROPPED = "script style iframe frame frameset object embed form input button select textarea"
_DROPPED += " link meta base svg math template noscript audio video img canvas"
DROPPED_TAGS = frozenset(_DROPPED.split())
ALLOWED_ATTRIBUTES = frozenset({"class", "lang", "href", "datetime", "colspan", "rowspan", "scope"})


def _safe_href(value: str) -> bool:
    lowered = value.strip().lower()
    return lowered.startswith(("https://", "http://", "#", "mailto:")) or ":" not in lowered


def safe_article(html: str) -> Markup:
    """Return the body of an article page with only known tags and plain attributes kept."""
    try:
        document = lxml.html.document_fromstring(html)
    except ParserError:
        return Markup("")
    body = document.find("body")
    if body is None:
        return Markup("")
    for element in list(body.iter()):
        # Comments and processing instructions have no string tag; they go too.
        if not isinstance(element.tag, str) or element.tag in DROPPED_TAGS:
            element.drop_tree()
    for element in list(body.iter()):
        if element is body or not isinstance(element.tag, str):
            continue
        if element.tag not in ALLOWED_TAGS:
            element.drop_tag()
            continue
        for name in list(element.attrib):
            if name not in ALLOWED_ATTRIBUTES or (
                name == "href" and not _safe_href(element.attrib[name])
            ):
                del element.attrib[name]
        if element.tag == "a":
            element.set("rel", "noopener noreferrer")
    inner = str(escape(body.text or "")) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body
    )
    return Markup(inner)
