"""A batch handler for the fault tests: each item adds one row to `fault_effects`.

The table has no unique key on purpose: an item applied twice would show as two rows.
Workers started by the tests find it as an installed plugin: the `fault_plugin` fixture
(tests/faults/conftest.py) installs it under the `loa.jobs` entry-point group.
"""

from __future__ import annotations

import os
import time

from sqlalchemy import text
from sqlalchemy.orm import Session

from loa.jobs.registry import BatchItem, batch_handler


@batch_handler("fault_effect")
def fault_effect(session: Session, item: BatchItem) -> None:
    """Add this item's row; slow down so a test can strike in the middle of the batch."""
    session.execute(
        text("INSERT INTO fault_effects (run_id, seq) VALUES (:run, :seq)"),
        {"run": item.run_id, "seq": item.seq},
    )
    time.sleep(float(os.environ.get("LOA_FAULT_ITEM_DELAY", "0")))
