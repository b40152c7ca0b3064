"""Ingest: posts from a file, a feed, a text or the tipline into the store, matched and grouped.

    ingest_file / ingest_feed / ingest_text / handle_tipline
        └─► ingest_items: skip known ids ─► Pipeline (dedupe, kind/topic, place, match,
            narratives) ─► items, narratives, daily counts, sealed reply addresses, one event

Every function takes a Session and keyword arguments and returns a dataclass, so the CLI, the
web desk and workers share them. A tipline message that repeats a corrected claim gets its
reply through `loa.services.listening.replies`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from loa.events import DomainEvent, utcnow
from loa.http import Transport
from loa.listening.dedupe import NearDuplicates
from loa.listening.embedding import Embedder
from loa.listening.feeds import FeedState, items_from_records, poll_feed
from loa.listening.items import IngestProblem, IngestResult, Item, load_export
from loa.listening.kinds import classify
from loa.listening.matching import Decision
from loa.listening.narratives import Narrative, NarrativeIndex
from loa.listening.pipeline import Pipeline, Processed, lexically_gated
from loa.listening.tipline import ReplyAddress, ReplySender, parse_tipline, seal
from loa.listening.topics import topic_of
from loa.services.events import record
from loa.services.listening.common import LOCAL_TIME, Clock
from loa.services.listening.library import library_matcher
from loa.services.listening.replies import reply_with_factcheck
from loa.services.listening_warm import cached_embedder, place_finder, recent_groups
from loa.settings import Settings, listen_salt
from loa.store.listening_tables import (
    ListenCountRow,
    ListenFeedRow,
    ListenItemRow,
    ListenNarrativeRow,
    ListenReplyRow,
)

_DEDUPE_DAYS = 14


@dataclass
class IngestReport:
    """What an ingest did: items stored, skipped, grouped, matched; problems per line."""

    received: int = 0
    stored: int = 0
    already_known: int = 0
    duplicates: int = 0
    matched: int = 0
    feedback: int = 0
    narratives_new: int = 0
    #: Items stored per kind (claim, opinion, complaint, question, other).
    kinds: dict[str, int] = field(default_factory=dict)
    problems: list[IngestProblem] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Return the number of lines refused."""
        return sum(1 for p in self.problems if p.severity == "error")


def _group_key(source: str, external_id: str) -> str:
    return f"{source}:{external_id}"


# The library's matcher, kept between calls while the library does not change.


def _narratives(session: Session, embedder: Embedder, settings: Settings) -> NarrativeIndex:
    """Return the stored narratives of this embedder, ready to take new posts."""
    narratives = NarrativeIndex(threshold=settings.listen_narrative_threshold)
    for row in session.scalars(
        select(ListenNarrativeRow).where(ListenNarrativeRow.embedder == embedder.name)
    ):
        narratives.load(
            Narrative(
                id=row.id,
                centroid=np.frombuffer(row.centroid, dtype=np.float32).copy(),
                representative=row.representative,
                representative_cosine=row.representative_cosine,
                size=row.size,
                topics=Counter(row.topics),
                areas=Counter(row.areas),
            )
        )
    last_id = session.scalar(select(func.max(ListenNarrativeRow.id))) or 0
    narratives._next_id = max(narratives._next_id, last_id + 1)
    return narratives


def _known(session: Session, source: str, ids: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        known.update(
            session.scalars(
                select(ListenItemRow.external_id).where(
                    ListenItemRow.source == source, ListenItemRow.external_id.in_(chunk)
                )
            )
        )
    return known


def _save_narratives(
    session: Session, pipeline: Pipeline, processed: Sequence[Processed], now: datetime
) -> None:
    first: dict[int, datetime] = {}
    for p in processed:
        if p.narrative_id is not None:
            seen = p.item.created_at or now
            first[p.narrative_id] = min(first.get(p.narrative_id, seen), seen)
    for narrative_id, first_seen in first.items():
        n = pipeline.narratives.narratives[narrative_id]
        row = session.get(ListenNarrativeRow, narrative_id)
        if row is None:
            row = ListenNarrativeRow(
                id=narrative_id, embedder=pipeline.embedder.name, first_seen=first_seen
            )
            session.add(row)
        row.representative, row.representative_cosine = n.representative, n.representative_cosine
        row.topic, row.size = n.topic.value, n.size
        row.topics, row.areas = dict(n.topics), dict(n.areas)
        row.centroid = np.asarray(n.centroid, dtype=np.float32).tobytes()
        row.last_seen = now


def _count(session: Session, processed: Sequence[Processed]) -> None:
    counts: Counter[tuple[date, str, str, str | None, int | None, str | None]] = Counter()
    for p in processed:
        matched = p.matched
        counts[
            (
                p.day, p.kind.value, p.topic.value, p.district.code if p.district else None,
                p.narrative_id, matched.factcheck_id if matched else None,
            )
        ] += 1  # fmt: skip
    # One query for the days of the batch instead of one per (day, kind, topic, ...) cell.
    days = sorted({key[0] for key in counts})
    existing = {
        (r.day, r.kind, r.topic, r.district_code, r.narrative_id, r.factcheck_id): r
        for r in session.scalars(select(ListenCountRow).where(ListenCountRow.day.in_(days)))
    }
    for (day, kind, topic, district, narrative, check), n in counts.items():
        row = existing.get((day, kind, topic, district, narrative, check))
        if row is None:
            session.add(
                ListenCountRow(
                    day=day, kind=kind, topic=topic, district_code=district,
                    narrative_id=narrative, factcheck_id=check, count=n,
                )
            )  # fmt: skip
        else:
            row.count += n


def _item_row(p: Processed, source: str, now: datetime) -> dict[str, Any]:
    """Return the column values of one processed item (for a bulk insert)."""
    best = p.best
    return dict(
        source=source, external_id=p.item.id.removeprefix(f"{source}:"),
        platform=p.item.platform,
        url=p.item.url or None, text=p.item.text, match_key=p.item.key,
        created_at=p.item.created_at, received_at=now, day=p.day,
        engagement=p.item.engagement,
        district_code=p.district.code if p.district else None,
        commune_code=p.commune.code if p.commune else None,
        author_hash=p.item.author_hash,
        dup_group=p.group,
        kind=p.kind.value, asked=p.asked, topic=p.topic.value,
        decision=best.decision.value if best else Decision.NONE.value,
        factcheck_id=best.factcheck_id if best and best.decision is not Decision.NONE else None,
        score=best.score if best else None,
        narrative_id=p.narrative_id,
    )  # fmt: skip


def _insert_items(
    session: Session, processed: Sequence[Processed], source: str, now: datetime
) -> list[int]:
    """Return the ids of the items stored, in order, inserted in one statement per 1,000."""
    ids: list[int] = []
    values = [_item_row(p, source, now) for p in processed]
    for start in range(0, len(values), 1000):
        result = session.execute(
            insert(ListenItemRow).returning(ListenItemRow.id, sort_by_parameter_order=True),
            values[start : start + 1000],
        )
        ids.extend(int(i) for i in result.scalars())
    return ids


def ingest_items(
    session: Session,
    items: Sequence[Item],
    *,
    source: str,
    settings: Settings,
    embedder: Embedder,
    actor: str,
    problems: Sequence[IngestProblem] = (),
    replies: dict[str, ReplyAddress] | None = None,
    clock: Clock = utcnow,
) -> IngestReport:
    """Return what happened after storing redacted items through the whole pipeline.

    Items whose id this source already delivered are skipped. `replies` maps an item id to
    the tipline address its correction goes back to; it is stored sealed.
    """
    now = clock()
    report = IngestReport(received=len(items) + sum(p.severity == "error" for p in problems))
    report.problems = list(problems)
    known = _known(session, source, [i.id for i in items])
    fresh = [i for i in items if i.id not in known]
    report.already_known = len(items) - len(fresh)
    if not fresh:
        return report
    today = now.date()
    checks, matcher = library_matcher(session, embedder)
    narratives = _narratives(session, embedder, settings)
    since = today - timedelta(_DEDUPE_DAYS)
    with recent_groups(
        session,
        threshold=settings.listen_duplicate_threshold,
        embedder_name=embedder.name,
        since=since,
        checks=checks,
        narratives=set(narratives.narratives),
    ) as recent:
        pipeline = Pipeline(
            checks,
            cached_embedder(embedder),
            matcher=matcher,
            duplicates=recent.duplicates,
            groups=recent.groups,
            narratives=narratives,
            places=place_finder(session, province_code=settings.province_code, day=today),
            lexical_gate=settings.listen_lexical_gate,
            gate_off_topic=settings.listen_gate_off_topic,
        )
        # Group keys carry the source, so two sources' ids never collide.
        keyed = [replace(i, id=_group_key(source, i.id)) for i in fresh]
        processed = pipeline.process(keyed, today=today)
        _save_narratives(session, pipeline, processed, now)
        session.flush()
        ids = _insert_items(session, processed, source, now)
        recent.remember(
            [i for i, p in zip(ids, processed, strict=True) if not p.duplicate and p.day >= since]
        )
    salt = listen_salt(settings)
    for item_id, p in zip(ids, processed, strict=True):
        address = (replies or {}).get(p.item.id.removeprefix(f"{source}:"))
        if address is not None:
            session.add(
                ListenReplyRow(
                    item_id=item_id, sealed=seal(address, salt), status="waiting", created_at=now
                )
            )
        report.duplicates += p.duplicate
        report.matched += p.matched is not None
        report.feedback += p.kind.is_feedback
        report.kinds[p.kind.value] = report.kinds.get(p.kind.value, 0) + 1
        report.narratives_new += p.new_narrative
    _count(session, processed)
    report.stored = len(ids)
    report.item_ids = ids
    record(
        session,
        DomainEvent(
            "listening.ingested", "listening", source, actor,
            after={
                "stored": report.stored, "duplicates": report.duplicates,
                "matched": report.matched, "feedback": report.feedback,
                "narratives_new": report.narratives_new, "errors": report.errors,
            },
        ),
    )  # fmt: skip
    session.flush()
    return report


def prepare_vectors(
    session: Session, items: Sequence[Item], *, settings: Settings, embedder: Embedder,
    clock: Clock = utcnow,
) -> int:  # fmt: skip
    """Return how many posts were embedded ahead of `ingest_items`, into the process's cache.

    The embedding is most of an ingest's cost and needs no lock; a worker runs this first,
    then takes the store's listening lock for `ingest_items`, which finds the vectors ready.
    Posts that the near-duplicate index already groups (brought up to date here), and
    posts the lexical gate lets through without a vector, are skipped. Only a hint: what it
    misses, `ingest_items` embeds itself; what it embeds needlessly stays in the cache.
    """
    checks, matcher = library_matcher(session, embedder)
    if matcher is None or not items:
        return 0
    today = clock().date()
    narratives = session.scalars(
        select(ListenNarrativeRow.id).where(ListenNarrativeRow.embedder == embedder.name)
    )
    batch = NearDuplicates(threshold=settings.listen_duplicate_threshold)
    leaders = []
    # The index brought up to date with what other workers stored, only read here.
    with recent_groups(
        session, threshold=settings.listen_duplicate_threshold, embedder_name=embedder.name,
        since=today - timedelta(_DEDUPE_DAYS), checks=checks, narratives=set(narratives),
    ) as recent:  # fmt: skip
        for item in items:
            known = recent.duplicates.find(item.text, key=item.key)
            if known is None and batch.add(item.id, item.text, key=item.key).is_new:
                leaders.append(item.text)
    kinds = [classify(t).kind for t in leaders]
    topics = [topic_of(t) for t in leaders]
    gated = lexically_gated(
        matcher, leaders, kinds, topics,
        gate=settings.listen_lexical_gate, off_topic=settings.listen_gate_off_topic,
    )  # fmt: skip
    wanted = matcher.query_texts([t for t, skip in zip(leaders, gated, strict=True) if not skip])
    cache = cached_embedder(embedder)
    before = cache.embedded
    cache.embed_queries(wanted)
    return cache.embedded - before


def _from_result(
    session: Session, result: IngestResult, *, source: str, settings: Settings,
    embedder: Embedder, actor: str, clock: Clock,
) -> IngestReport:  # fmt: skip
    return ingest_items(
        session, result.items, source=source, settings=settings, embedder=embedder,
        actor=actor, problems=result.problems, clock=clock,
    )  # fmt: skip


def ingest_file(
    session: Session, path: Path, *, settings: Settings, embedder: Embedder, actor: str,
    clock: Clock = utcnow,
) -> IngestReport:  # fmt: skip
    """Return the report of ingesting a JSONL or CSV export (bad lines reported, not fatal)."""
    result = load_export(path, salt=listen_salt(settings))
    return _from_result(
        session, result, source="export", settings=settings, embedder=embedder,
        actor=actor, clock=clock,
    )  # fmt: skip


def ingest_feed(
    session: Session, url: str, *, client: Transport, settings: Settings, embedder: Embedder,
    actor: str, clock: Clock = utcnow,
) -> IngestReport:  # fmt: skip
    """Return the report of polling an RSS/Atom feed (a 304 stores nothing)."""
    row = session.get(ListenFeedRow, url)
    state = FeedState(url, row.etag if row else None, row.last_modified if row else None)
    poll = poll_feed(client, state)
    if row is None:
        row = ListenFeedRow(url=url, polled_at=clock())
        session.add(row)
    row.etag, row.last_modified, row.polled_at = poll.state.etag, poll.state.last_modified, clock()
    if not poll.changed:
        session.flush()
        return IngestReport()
    result = items_from_records(poll.records, salt=listen_salt(settings), file=url)
    return _from_result(
        session, result, source="feed", settings=settings, embedder=embedder,
        actor=actor, clock=clock,
    )  # fmt: skip


def ingest_text(
    session: Session, text: str, *, settings: Settings, embedder: Embedder, actor: str,
    district: str | None = None, commune: str | None = None, clock: Clock = utcnow,
) -> IngestReport:  # fmt: skip
    """Return the report of one post typed in by hand (manual entry)."""
    record_ = {
        "text": text, "platform": "manual", "district": district, "commune": commune,
        "created_at": clock().isoformat(),
    }  # fmt: skip
    result = items_from_records([record_], salt=listen_salt(settings), file="manual")
    return _from_result(
        session, result, source="manual", settings=settings, embedder=embedder,
        actor=actor, clock=clock,
    )  # fmt: skip


@dataclass(frozen=True)
class Receipt:
    """What a pushed message came to: accepted, ignored or rejected, the stored item, the report.

    Every source that is pushed to (the tipline's webhook, a post typed in with `loa listen
    add`) answers with one, so the desk and the CLI say the same thing about the same message.
    """

    status: str  # accepted | ignored | rejected
    item_id: int | None = None
    message: str = ""
    matched: str | None = None
    report: IngestReport = field(default_factory=IngestReport)


def handle_tipline(
    session: Session, body: object, *, settings: Settings, embedder: Embedder,
    replier: ReplySender | None = None, clock: Clock = utcnow, actor: str = "tipline",
) -> Receipt:  # fmt: skip
    """Return the receipt of one webhook body (Loa's schema or a Zalo OA event), stored.

    A message that repeats a claim the library already corrects gets the verdict back at once
    when `replier` is given; otherwise its sender waits for the next published correction.
    Raises `InputError` for a body that is not a tipline message.
    """
    message = parse_tipline(body)
    if message is None:
        return Receipt("ignored", message="event without text")
    result = items_from_records([message.record], salt=listen_salt(settings), file="tipline")
    if not result.items:
        problem = result.errors[0]
        return Receipt("rejected", message=problem.en)
    item, note = _not_in_the_future(result.items[0], clock())
    replies = {item.id: message.reply} if message.reply else None
    report = ingest_items(
        session, [item], source="tipline", settings=settings, embedder=embedder,
        actor=actor, problems=result.problems, replies=replies, clock=clock,
    )  # fmt: skip
    if not report.item_ids:
        return Receipt("accepted", message="already received", report=report)
    row = session.get(ListenItemRow, report.item_ids[0])
    assert row is not None
    matched = row.factcheck_id if row.decision == Decision.MATCH.value else None
    if matched and replier is not None:
        reply_with_factcheck(session, row, matched, settings=settings, replier=replier, clock=clock)
    return Receipt("accepted", row.id, matched=matched, message=note, report=report)


def _not_in_the_future(item: Item, received: datetime) -> tuple[Item, str]:
    """Return the item dated no later than `received`, and a note (vi / en) when it was moved.

    The sender's clock (or a forged body) decides `sent_at`; a message dated in 2099 would
    otherwise count in narrative volumes on a day that has not come.
    """
    sent = item.created_at
    if sent is None:
        return item, ""
    aware = sent if sent.tzinfo is not None else sent.replace(tzinfo=LOCAL_TIME)
    if aware <= received:
        return item, ""
    shown = aware.astimezone(LOCAL_TIME).isoformat(timespec="minutes")
    note = (
        f"thời điểm gửi {shown} ở tương lai; đã dùng thời điểm nhận tin / "
        f"sent_at {shown} is in the future; the time the message was received is used"
    )
    return replace(item, created_at=received), note
