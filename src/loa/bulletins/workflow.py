"""Draft, approved, published: who may move a bulletin, and how a correction is made.

A published version is never changed. A correction is a new version of the same bulletin
(same `series`), drafted and approved like any other, that says what changed and why; the
current text of a bulletin is its newest published version. Roles come from the accounts
module as plain strings, so this module does not depend on the web desk.

    draft --approve (admin | comms_officer, not the author)--> approved
    approved --publish (admin | comms_officer)--> published
    published --correct (admin | comms_officer, what + why)--> new draft, version + 1
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from loa.errors import WorkflowError

__all__ = [
    "APPROVED",
    "DRAFT",
    "PUBLISHED",
    "BulletinVersion",
    "WorkflowError",
    "approve",
    "check_may_draft",
    "correction_of",
    "publish",
]

DRAFT, APPROVED, PUBLISHED = "draft", "approved", "published"
DRAFTERS = frozenset({"comms_officer", "admin"})
APPROVERS = frozenset({"comms_officer", "admin"})
PUBLISHERS = frozenset({"comms_officer", "admin"})


@dataclass(frozen=True)
class BulletinVersion:
    """The workflow state of one version of a bulletin."""

    series: int  # id of the first version; every correction shares it
    version: int
    state: str
    author: str
    author_user_id: int | None = None  # the person (users.id) behind `author`, when known
    approved_by: str | None = None
    approved_at: datetime | None = None
    published_by: str | None = None
    published_at: datetime | None = None
    change_what: str | None = None
    change_why: str | None = None


def _role_error(role: str, allowed: frozenset[str], step_vi: str, step_en: str) -> WorkflowError:
    roles = ", ".join(sorted(allowed))
    return WorkflowError(
        f"Vai trò '{role}' không được {step_vi}; cần một trong: {roles}.",
        f"Role '{role}' may not {step_en}; it needs one of: {roles}.",
    )


def check_may_draft(role: str) -> None:
    """Return nothing if `role` may draft a bulletin; WorkflowError otherwise."""
    if role not in DRAFTERS:
        raise _role_error(role, DRAFTERS, "soạn bản tin", "draft a bulletin")


def approve(
    item: BulletinVersion, *, actor: str, role: str, at: datetime, user_id: int | None = None
) -> BulletinVersion:
    """Return the version approved by `actor`; the approver must not be the author.

    People are compared, not names: `user_id` is the approver's person, so one who drafted
    with a session and approves with their token (or the other way round) is refused.
    """
    if role not in APPROVERS:
        raise _role_error(role, APPROVERS, "duyệt bản tin", "approve a bulletin")
    if item.state != DRAFT:
        raise WorkflowError(
            f"Bản tin đang ở trạng thái '{item.state}'; chỉ bản nháp mới được duyệt.",
            f"The bulletin is '{item.state}'; only a draft can be approved.",
        )
    if actor == item.author or (user_id is not None and user_id == item.author_user_id):
        raise WorkflowError(
            f"{actor} là người soạn nên không thể tự duyệt; cần một người khác duyệt.",
            f"{actor} wrote this bulletin and cannot approve it; a second person must.",
        )
    return replace(item, state=APPROVED, approved_by=actor, approved_at=at)


def publish(item: BulletinVersion, *, actor: str, role: str, at: datetime) -> BulletinVersion:
    """Return the version published by `actor`; only an approved version can be published."""
    if role not in PUBLISHERS:
        raise _role_error(role, PUBLISHERS, "phát hành bản tin", "publish a bulletin")
    if item.state != APPROVED:
        raise WorkflowError(
            f"Bản tin đang ở trạng thái '{item.state}'; cần được duyệt trước khi phát hành.",
            f"The bulletin is '{item.state}'; it must be approved before it is published.",
        )
    return replace(item, state=PUBLISHED, published_by=actor, published_at=at)


def correction_of(
    item: BulletinVersion, *, actor: str, role: str, what: str, why: str
) -> BulletinVersion:
    """Return a new draft version correcting a published one, saying what changed and why."""
    if role not in DRAFTERS:
        raise _role_error(role, DRAFTERS, "đính chính bản tin", "correct a bulletin")
    if item.state != PUBLISHED:
        raise WorkflowError(
            "Chỉ đính chính bản tin đã phát hành; bản nháp hoặc đã duyệt thì soạn lại.",
            "Only a published bulletin is corrected; redraft a draft or approved one instead.",
        )
    if not what.strip() or not why.strip():
        raise WorkflowError(
            "Bản đính chính phải nói rõ thay đổi gì (--what) và vì sao (--why).",
            "A correction must say what changed (--what) and why (--why).",
        )
    return BulletinVersion(
        series=item.series,
        version=item.version + 1,
        state=DRAFT,
        author=actor,
        change_what=what.strip(),
        change_why=why.strip(),
    )
