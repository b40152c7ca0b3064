"""Who may move a bulletin from draft to approved to published, and how it is corrected."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from loa.bulletins.workflow import (
    BulletinVersion,
    WorkflowError,
    approve,
    check_may_draft,
    correction_of,
    publish,
)

AT = datetime(2021, 5, 25, 17, tzinfo=UTC)
DRAFT = BulletinVersion(series=1, version=1, state="draft", author="lan")


def test_the_author_cannot_approve_their_own_bulletin() -> None:
    with pytest.raises(WorkflowError) as err:
        approve(DRAFT, actor="lan", role="comms_officer", at=AT)
    assert "second person" in err.value.en
    assert approve(DRAFT, actor="minh", role="admin", at=AT).approved_by == "minh"


def test_a_draft_cannot_be_published_before_approval() -> None:
    with pytest.raises(WorkflowError):
        publish(DRAFT, actor="minh", role="admin", at=AT)


def test_a_viewer_role_may_neither_draft_nor_approve() -> None:
    with pytest.raises(WorkflowError):
        check_may_draft("viewer")
    with pytest.raises(WorkflowError):
        approve(DRAFT, actor="minh", role="viewer", at=AT)


def test_correction_is_a_new_draft_version_saying_what_and_why() -> None:
    approved = approve(DRAFT, actor="minh", role="admin", at=AT)
    published = publish(approved, actor="minh", role="admin", at=AT)
    with pytest.raises(WorkflowError):
        correction_of(published, actor="lan", role="comms_officer", what="", why="late report")
    fixed = correction_of(
        published, actor="lan", role="comms_officer", what="new cases 12 not 10", why="late report"
    )
    assert (fixed.series, fixed.version, fixed.state) == (1, 2, "draft")
    assert published.state == "published"  # the published version itself is untouched


def test_only_a_published_bulletin_is_corrected() -> None:
    with pytest.raises(WorkflowError):
        correction_of(DRAFT, actor="lan", role="comms_officer", what="x", why="y")
