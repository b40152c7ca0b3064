"""Approving a draft: every error fixed, every warning acknowledged, a second person."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.bulletins.checks import PROBLEM_LABELS, errors_of, warnings_of
from loa.errors import ChecksFailed
from loa.events import DomainEvent, utcnow
from loa.services.bulletins.common import as_version, bulletin_row
from loa.services.bulletins.drafting import recheck_bulletin
from loa.services.events import record


def approve_bulletin(
    session: Session,
    bulletin_id: int,
    *,
    actor: str,
    role: str,
    acknowledgement: str | None = None,
    office_dir: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
    user_id: int | None = None,
) -> workflow.BulletinVersion:
    """Return the approved version; a second person (not the author) must approve.

    `user_id` is the approving person; the author is compared as a person too. The checks
    run again first, on today's data: any error refuses approval, and warnings need a
    written `acknowledgement`, which is kept with the version.
    """
    row = bulletin_row(session, bulletin_id)
    version = as_version(row)
    done = workflow.approve(version, actor=actor, role=role, at=clock(), user_id=user_id)
    problems = recheck_bulletin(session, bulletin_id, office_dir=office_dir)
    row.problems = problems
    errors, warnings = errors_of(problems), warnings_of(problems)
    # Short messages: the desk keeps them in the session cookie (4 KB at most); the full
    # list is on the version's page and in `loa bulletin show`.
    if errors:
        raise ChecksFailed(
            f"Không thể duyệt: bản tin còn {len(errors)} lỗi ({_tally(errors, 'vi')}). "
            "Xem mục Kiểm tra trước khi duyệt, sửa số liệu rồi làm lại bản tin. "
            f"Lỗi đầu tiên: {errors[0]['message']}",
            f"Cannot approve: the bulletin still has {len(errors)} errors "
            f"({_tally(errors, 'en')}). See Checks before approval, fix the data and make "
            f"the bulletin again. First error: {errors[0]['message_en']}",
            problems=problems,
        )
    note = (acknowledgement or "").strip()
    if warnings and not note:
        raise ChecksFailed(
            f"Bản tin có {len(warnings)} cảnh báo ({_tally(warnings, 'vi')}); hãy ghi xác nhận "
            'đã xem xét (--acknowledge "..." hoặc ô xác nhận trên bàn làm việc).',
            f"The bulletin has {len(warnings)} warnings ({_tally(warnings, 'en')}); write an "
            'acknowledgement (--acknowledge "..." or the box on the desk).',
            problems=problems,
        )
    row.acknowledgement = note or None
    row.state, row.approved_by, row.approved_at = done.state, done.approved_by, done.approved_at
    record(
        session,
        DomainEvent(
            "bulletin.approved",
            "bulletin",
            str(row.id),
            actor,
            before={"state": workflow.DRAFT},
            after={"state": done.state, "warnings": len(warnings)},
            note=row.acknowledgement,
        ),
    )
    return done


def _tally(problems: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Return "Số liệu mâu thuẫn: 9; Cấp độ tạm tính: 1" for a list of problems."""
    counts: dict[str, int] = {}
    for p in problems:
        counts[_label(p, lang)] = counts.get(_label(p, lang), 0) + 1
    return "; ".join(f"{label}: {n}" for label, n in counts.items())


def _label(problem: Mapping[str, Any], lang: str) -> str:
    vi, en = PROBLEM_LABELS.get(str(problem.get("code")), ("?", "?"))
    return vi if lang == "vi" else en
