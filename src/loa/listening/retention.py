"""How long raw post text is kept: after `days` (90 by default) it is deleted, counts stay.

What is raw: the post's text, its match key and its URL, and a tipline sender's sealed reply
address. What stays: the post's day, platform, topic, kind, area, narrative and fact-check
links, and every aggregate (daily counts, narratives' representative texts, which are what
the office reviewed and answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["DEFAULT_RAW_TEXT_DAYS", "RetentionPolicy"]

DEFAULT_RAW_TEXT_DAYS = 90


@dataclass(frozen=True)
class RetentionPolicy:
    """Raw text older than `days` is deleted; `days` 0 keeps nothing past the next purge."""

    days: int = DEFAULT_RAW_TEXT_DAYS

    def cutoff(self, now: datetime) -> datetime:
        """Return the instant before which raw text is deleted."""
        return now - timedelta(days=max(self.days, 0))

    def expired(self, received_at: datetime, now: datetime) -> bool:
        """Return True if a post received at `received_at` must lose its raw text now."""
        return received_at < self.cutoff(now)
