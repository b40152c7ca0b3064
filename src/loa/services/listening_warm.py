"""What listening keeps warm between ingest calls in one process, checked against the store.

Rebuilding the near-duplicate index from the last 14 days' group leaders, the place finder
and the query-vector cache on every call cost more than the posts themselves (a tipline
message is a call of one). They are kept per store (engine URL) and embedder instead:

- `RecentGroups`: the near-duplicate index and what each group's first post was found to
  be. At every call it is checked against the store: the leaders it holds up to the highest
  id it has read must be exactly those the store has (a rolled-back batch, a purge or a day
  leaving the window makes it rebuild), and leaders written since (by other workers) are
  added. Only one ingest at a time uses it; a concurrent one in the same process builds its
  own, as before.
- the place finder, per province and day;
- the query-vector cache (`CachingEmbedder`), per embedder.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from loa.listening.claimreview import FactCheck
from loa.listening.dedupe import NearDuplicates
from loa.listening.embedding import Embedder
from loa.listening.kinds import Kind
from loa.listening.matching import Decision, MatchResult
from loa.listening.pipeline import CachingEmbedder, GroupResult
from loa.listening.places import Place, PlaceFinder
from loa.listening.topics import Topic
from loa.services.directory import units_as_of
from loa.store.listening_tables import ListenItemRow

__all__ = [
    "RecentGroups",
    "cached_embedder",
    "forget",
    "peek",
    "place_finder",
    "recent_groups",
]


@dataclass
class RecentGroups:
    """The near-duplicate index of recent group leaders, and each group's result."""

    since: date
    duplicates: NearDuplicates
    groups: dict[str, GroupResult] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)
    watermark: int = 0

    def remember(self, leader_ids: list[int]) -> None:
        """Note the ids of leaders this process just stored (already in the index)."""
        self.ids.update(leader_ids)


_RECENT: dict[tuple[str, float, str], RecentGroups] = {}
_LOCKS: dict[tuple[str, float, str], threading.Lock] = {}
_PLACES: dict[tuple[str, str, date], PlaceFinder] = {}
_VECTORS: dict[str, CachingEmbedder] = {}
_GUARD = threading.Lock()


def _url(session: Session) -> str:
    return str(session.get_bind().engine.url)


def cached_embedder(embedder: Embedder) -> CachingEmbedder:
    """Return the process's query-vector cache around `embedder` (one per embedder)."""
    if isinstance(embedder, CachingEmbedder):
        return embedder
    with _GUARD:
        kept = _VECTORS.get(embedder.name)
        if kept is None or kept.inner is not embedder:
            kept = _VECTORS[embedder.name] = CachingEmbedder(embedder)
        return kept


def place_finder(session: Session, *, province_code: str, day: date) -> PlaceFinder:
    """Return the place finder of the province's districts and communes in force on `day`."""
    key = (_url(session), province_code, day)
    finder = _PLACES.get(key)
    if finder is None:
        units = units_as_of(session, day, within=province_code)
        finder = PlaceFinder(
            Place(u.code, u.name, u.level, u.parent_code)
            for u in units
            if u.level in ("district", "commune")
        )
        _PLACES[key] = finder
    return finder


def _leaders(since: date) -> tuple[ColumnElement[bool], ...]:
    """Return the conditions of a group's first post (its group is itself) in the window."""
    return (
        ListenItemRow.day >= since,
        ListenItemRow.match_key.is_not(None),
        ListenItemRow.dup_group == ListenItemRow.source + ":" + ListenItemRow.external_id,
    )


def _add(
    state: RecentGroups,
    rows: list[ListenItemRow],
    checks: list[FactCheck],
    narratives: set[int],
) -> None:
    # Looked up only when leaders arrive: a tipline message usually brings none.
    by_id = {c.id: c for c in checks} if rows else {}
    for row in rows:
        key = row.dup_group
        state.watermark = max(state.watermark, row.id)
        if row.match_key is None or row.id in state.ids:
            continue
        state.duplicates.add(key, "", key=row.match_key)
        state.ids.add(row.id)
        check = by_id.get(row.factcheck_id or "")
        best = (
            MatchResult(
                check.id, check.claim, check.verdict, row.score or 0.0,
                Decision(row.decision), 0.0, 0.0, False,
            )
            if check
            else None
        )  # fmt: skip
        if row.narrative_id is not None and row.narrative_id not in narratives:
            continue
        state.groups[key] = GroupResult(
            Kind(row.kind), Topic(row.topic), best, row.narrative_id, bool(row.asked)
        )


def _fetch(session: Session, since: date, after: int) -> list[ListenItemRow]:
    query = select(ListenItemRow).where(*_leaders(since), ListenItemRow.id > after)
    return list(session.scalars(query.order_by(ListenItemRow.id)))


def _still_valid(session: Session, state: RecentGroups, fresh: list[ListenItemRow]) -> bool:
    """Return True when the leaders held are exactly the store's (up to the watermark)."""
    stored = session.scalar(
        select(func.count())
        .select_from(ListenItemRow)
        .where(*_leaders(state.since), ListenItemRow.id <= state.watermark)
    )
    held_below = sum(1 for i in state.ids if i <= state.watermark)
    if stored != held_below:
        return False
    # Leaders this process stored after the watermark must still be there.
    fresh_ids = {r.id for r in fresh}
    return all(i in fresh_ids for i in state.ids if i > state.watermark)


@contextmanager
def recent_groups(
    session: Session,
    *,
    threshold: float,
    embedder_name: str,
    since: date,
    checks: list[FactCheck],
    narratives: set[int],
) -> Iterator[RecentGroups]:
    """Yield the recent groups, up to date with the store; dropped if the caller fails.

    While one ingest holds it, another one in the same process gets a private copy built
    from the store (as every call did before), so threads never share a half-updated index.
    """
    key = (_url(session), threshold, embedder_name)
    with _GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
    if not lock.acquire(blocking=False):
        private = RecentGroups(since, NearDuplicates(threshold=threshold))
        _add(private, _fetch(session, since, 0), checks, narratives)
        yield private
        return
    try:
        state = _RECENT.get(key)
        fresh = _fetch(session, since, state.watermark) if state and state.since == since else []
        if state is None or state.since != since or not _still_valid(session, state, fresh):
            state = RecentGroups(since, NearDuplicates(threshold=threshold))
            fresh = _fetch(session, since, 0)
        _add(state, fresh, checks, narratives)
        _RECENT[key] = state
        try:
            yield state
        except BaseException:
            _RECENT.pop(key, None)
            raise
    finally:
        lock.release()


def peek(session: Session, *, threshold: float, embedder_name: str) -> RecentGroups | None:
    """Return the recent groups as last left, unchecked (a hint for work done before ingest)."""
    return _RECENT.get((_url(session), threshold, embedder_name))


def forget() -> None:
    """Drop everything kept warm (for benches that compare cold and warm runs, and tests)."""
    with _GUARD:
        _RECENT.clear()
        _PLACES.clear()
        _VECTORS.clear()
