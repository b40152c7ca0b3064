"""Plain data for a parsed dispatch: the Directive and its parts (frozen dataclasses).

`Directive.to_json()` gives the shape the rest of Loa and the evaluation set use; a field the
document does not show is None or an empty list, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Assignee", "Directive", "Reference", "Signer", "Task"]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class Assignee:
    """An agency a task is given to; `role` is "lead"/"support" for "X chủ trì, phối hợp với Y"."""

    name: str
    org_id: str | None = None
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the assignee as a JSON-ready dict."""
        return {"name": self.name, "org_id": self.org_id, "role": self.role}


@dataclass(frozen=True)
class Task:
    """One numbered duty of the dispatch (item "1.", "a)" or article "Điều 1.")."""

    no: str
    text: str
    assignees: tuple[Assignee, ...] = ()
    deadline: date | None = None
    recurrence: str | None = None  # "daily", "weekly", "monthly", "quarterly"

    def to_json(self) -> dict[str, Any]:
        """Return the task as a JSON-ready dict."""
        return {
            "no": self.no,
            "text": self.text,
            "assignees": [a.to_json() for a in self.assignees],
            "deadline": _iso(self.deadline),
            "recurrence": self.recurrence,
        }


@dataclass(frozen=True)
class Reference:
    """Another document the dispatch cites, e.g. 625-TB/TU of 3 Nov 2021."""

    number_symbol: str
    type: str | None = None
    date: date | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the reference as a JSON-ready dict."""
        return {"number_symbol": self.number_symbol, "type": self.type, "date": _iso(self.date)}


@dataclass(frozen=True)
class Signer:
    """The signature block: name, position ("PHÓ TRƯỞNG BAN") and authority ("KT", "TM", ...)."""

    name: str | None = None
    position: str | None = None
    authority: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the signer as a JSON-ready dict."""
        return {"name": self.name, "position": self.position, "authority": self.authority}


@dataclass(frozen=True)
class Directive:
    """A dispatch read into fields; see parse.parse_dispatch for how each is found."""

    system: str | None = None  # "party" or "state"
    issuer: str | None = None
    issuer_parent: str | None = None
    doc_type: str | None = None
    number: str | None = None
    number_symbol: str | None = None
    place: str | None = None
    date: date | None = None
    subject: str | None = None
    urgency: str | None = None
    recipients: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    tasks: tuple[Task, ...] = ()
    signer: Signer | None = None
    distribution: tuple[str, ...] = ()
    closing: str | None = None  # paragraphs after the last item ("Đề nghị các cơ quan ...")
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """Return the directive as a JSON-ready dict with exactly the documented keys."""
        return {
            "system": self.system,
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "doc_type": self.doc_type,
            "number": self.number,
            "number_symbol": self.number_symbol,
            "place": self.place,
            "date": _iso(self.date),
            "subject": self.subject,
            "urgency": self.urgency,
            "recipients": list(self.recipients),
            "references": [r.to_json() for r in self.references],
            "tasks": [t.to_json() for t in self.tasks],
            "signer": self.signer.to_json() if self.signer is not None else None,
            "distribution": list(self.distribution),
            "closing": self.closing,
            "warnings": list(self.warnings),
        }
