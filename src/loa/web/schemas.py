"""Shapes of the JSON API (never the tables themselves)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, StrictFloat, StrictInt

__all__ = [
    "AuditOut",
    "DirectiveOut",
    "ImportOut",
    "LevelOut",
    "MeOut",
    "MetricIn",
    "RtOut",
    "TaskOut",
    "TaskUpdate",
    "UserOut",
]


class MeOut(BaseModel):
    """Who the request acts as."""

    login: str
    role: str
    org_id: str | None
    via: str
    permissions: list[str]


class TaskOut(BaseModel):
    """A task as the API shows it."""

    id: int
    directive_id: int
    item_no: str
    text: str
    assignee_name: str
    org_id: str | None
    status: str
    deadline: date | None
    recurrence: str | None
    metrics: dict[str, int | float]


class MetricIn(BaseModel):
    """One reported result figure of a task: a JSON number, or text as a person typed it.

    Text is read the way the request's language writes numbers (`?lang=en` for '1,250.5';
    Vietnamese '1.250,5' otherwise), never by Python's float(), which reads '1.250' as 1.25.
    """

    name: str = Field(min_length=1, max_length=80)
    value: StrictInt | StrictFloat | str


class TaskUpdate(BaseModel):
    """What a task update may change; omitted fields stay as they are."""

    status: str | None = None
    note: str | None = None
    deadline: date | None = None
    metrics: list[MetricIn] = []


class DirectiveOut(BaseModel):
    """A stored directive and the fields read from it."""

    id: int
    number_symbol: str | None
    issuer: str | None
    issued_on: date | None
    subject: str | None
    parsed: dict[str, Any] | None = None


class ImportOut(BaseModel):
    """The outcome of an import."""

    id: int
    status: str
    created: bool | None = None
    tasks: int | None = None
    rows_accepted: int | None = None
    problems: list[dict[str, Any]] = []
    warnings: list[str] = []


class LevelOut(BaseModel):
    """One unit's level on a day."""

    unit_code: str
    unit_name: str
    level: int | None
    incidence_per_100k: float | None
    cases: float | None
    reasons: list[str]


class RtOut(BaseModel):
    """R_t at the end of a window with its 95% credible interval."""

    date: date
    mean: float
    low: float
    high: float


class UserOut(BaseModel):
    """A user (never the password hash)."""

    login: str
    display_name: str
    role: str
    org_id: str | None
    active: bool


class AuditOut(BaseModel):
    """One write: who, what, when, before and after."""

    id: int
    at: datetime
    actor: str
    kind: str
    subject_type: str
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None
