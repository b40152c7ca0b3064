"""The `situation_snapshot` job: compute the situation of a day once, for every reader after.

Submitted after a situation import (the `situation_import` job does it), and by
`loa jobs submit situation_snapshot` after a rule change; a worker on any machine runs it.
Arguments: `province_code`, and `day` (YYYY-MM-DD; absent: the last reported day).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from loa.jobs.context import RunContext
from loa.jobs.registry import job
from loa.services.situation_snapshot import ensure_snapshot

__all__ = ["situation_snapshot"]


@job("situation_snapshot", queue="imports")
def situation_snapshot(run: RunContext) -> dict[str, Any]:
    """Return which snapshot now holds the situation (built now, or already there)."""
    args = run.args
    province = str(args.get("province_code") or run.settings.province_code)
    day = date.fromisoformat(str(args["day"])) if args.get("day") else None

    def work(session: Session) -> dict[str, Any]:
        found = ensure_snapshot(session, province, day)
        if found is None:
            return {"message": f"{province}: no report, no snapshot"}
        return {
            "snapshot_id": found.id,
            "day": found.day.isoformat(),
            "imports": found.imports,
            "build_ms": round(found.build_ms, 1),
            "message": f"snapshot {found.id}: {province} {found.day.isoformat()}",
        }

    return run.in_transaction(work)
