"""Loa's exception tree; every error a user can cause says what, where and what to do.

    LoaError                      base; carries a bilingual message and a location
    ├── InputError                a file or value the user gave is wrong
    │   ├── EncodingError         the bytes of a text could not be decoded
    │   ├── DocumentError         a document could not be read (empty, binary, truncated)
    │   ├── OcrUnavailableError   a scanned PDF needs Tesseract's Vietnamese model
    │   ├── RowError              one row of a tabular import is wrong
    │   ├── TooLargeError         a request, an upload or a text is over its size limit
    │   └── WorkflowError         a step a bulletin or a card cannot take (state, role, same person)
    │       └── ChecksFailed      a bulletin's checks found errors, or warnings not acknowledged
    ├── NotFoundError             an id or code names nothing in the store
    ├── ConfigError               a setting, a rules file or a missing program is wrong
    ├── StorageFullError          the disk or the database is full; nothing was kept
    └── StorageFaultError         a folder or the database cannot be written, or is damaged

Messages are Vietnamese first, English second. `str(err)` gives both, so a log or a
terminal always shows the two languages; `err.message(lang)` gives one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Where:
    """Where an error was found: file, line (1-based), column or field name."""

    file: str | None = None
    line: int | None = None
    column: str | None = None

    def describe(self, lang: str = "vi") -> str:
        """Return the location as a short phrase, e.g. 'tệp a.csv, dòng 3, cột date'."""
        words = (
            {"file": "tệp", "line": "dòng", "column": "cột"}
            if lang == "vi"
            else {"file": "file", "line": "line", "column": "column"}
        )
        parts = []
        if self.file:
            parts.append(f"{words['file']} {self.file}")
        if self.line is not None:
            parts.append(f"{words['line']} {self.line}")
        if self.column:
            parts.append(f"{words['column']} {self.column}")
        return ", ".join(parts)


class LoaError(Exception):
    """Base of every error Loa raises on purpose."""

    def __init__(self, vi: str, en: str, *, where: Where | None = None) -> None:
        self.vi = vi
        self.en = en
        self.where = where or Where()
        super().__init__(self.__str__())

    def message(self, lang: str = "vi") -> str:
        """Return the message in one language, prefixed with its location if known."""
        text = self.vi if lang == "vi" else self.en
        loc = self.where.describe(lang)
        return f"{loc}: {text}" if loc else text

    def __str__(self) -> str:
        return f"{self.message('vi')}\n{self.message('en')}"


class InputError(LoaError):
    """A file or value given by the user is wrong."""


class EncodingError(InputError):
    """The bytes of a text file could not be decoded in any supported encoding."""


class DocumentError(InputError):
    """A document could not be read: empty, binary, truncated or not a dispatch."""


class OcrUnavailableError(InputError):
    """A scanned document needs OCR, but Tesseract or its Vietnamese model is missing."""


class RowError(InputError):
    """One or more rows of a tabular import are wrong."""


class TooLargeError(InputError):
    """A request, an uploaded file or a text is over the size limit a setting gives."""


class NotFoundError(LoaError):
    """An id or code given by the user names nothing in the store."""


class ConfigError(LoaError):
    """A setting or a rules file is wrong."""


class WorkflowError(InputError):
    """A bulletin or response card cannot take this step: wrong state, role or the same person."""


class ChecksFailed(WorkflowError):
    """Approval refused by a bulletin's checks; `problems` are the version's problems."""

    def __init__(self, vi: str, en: str, *, problems: list[dict[str, Any]]) -> None:
        super().__init__(vi, en)
        self.problems = problems


class StorageFullError(LoaError):
    """The disk (or the database's size limit) is full; nothing of the operation was kept."""


class StorageFaultError(LoaError):
    """A folder or the database is read-only, missing or damaged; says which and what to do."""
