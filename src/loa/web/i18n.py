"""The desk's languages: Vietnamese msgids, English from `locale/en/LC_MESSAGES/messages.po`.

Catalogs are read from the .po files at start-up (no compile step). Python code marks
strings with `N_` and templates translate them with `_`; tests/web/test_i18n.py fails when a
marked string has no English translation or the catalog holds one nobody uses.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

__all__ = ["LANGS", "N_", "Translations", "extract_msgids", "load_catalog", "load_translations"]

LANGS = ("vi", "en")
Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Return the message unchanged; marks it for extraction, translated where shown."""
    return message


def load_catalog(lang: str) -> Catalog:
    """Return the catalog of `lang` as read from its .po file."""
    path = resources.files("loa.web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


class Translations:
    """Every language's lookup table; `gettext(lang)` gives that language's `_`."""

    def __init__(self, tables: dict[str, dict[str, str]]) -> None:
        self.tables = tables

    def gettext(self, lang: str) -> Gettext:
        """Return a function that translates a Vietnamese msgid into `lang` (itself if none)."""
        table = self.tables.get(lang, {})

        def _(message: str) -> str:
            return table.get(message) or message

        return _


def load_translations() -> Translations:
    """Return the translations of every language, read once at start-up."""
    tables: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        catalog = load_catalog(lang)
        tables[lang] = {
            str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.string, str)
        }
    return Translations(tables)


def extract_msgids() -> set[str]:
    """Return every msgid marked in the desk's Python modules and templates."""
    from pathlib import Path

    from babel.messages.extract import extract

    root = Path(__file__).parent
    keywords = {"_": None, "N_": None}
    found: set[str] = set()
    sources = [(p, "python") for p in root.rglob("*.py")]
    sources += [(p, "jinja2.ext:babel_extract") for p in (root / "templates").rglob("*.html")]
    for path, method in sources:
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract(
                method, handle, keywords=keywords, options={"silent": "false"}
            ):
                if isinstance(message, str):
                    found.add(message)
    return found
