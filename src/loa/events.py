"""Typed domain events: every write in Loa emits one; the audit log and history read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["DomainEvent", "utcnow"]


def utcnow() -> datetime:
    """Return the current time in UTC (one place, so tests can reason about the clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class DomainEvent:
    """Something that changed: who did what to which subject, with the state before and after."""

    kind: str  # e.g. "task.created", "task.status", "directive.imported"
    subject_type: str  # "task", "directive", "organisation", "import", ...
    subject_id: str
    actor: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    note: str | None = None
    at: datetime = field(default_factory=utcnow)

    def as_dict(self) -> dict[str, Any]:
        """Return the event as plain JSON-ready data."""
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data
