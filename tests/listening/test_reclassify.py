"""`loa listen reclassify`: posts stored before kinds existed get the classifier's kind again."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conftest import LoaCli

from loa.listening.embedding import HashingEmbedder
from loa.listening.kinds import classify
from loa.services import listening as svc
from loa.services.events import history
from loa.services.listen_reclassify import EVENT, _move_count, reclassify_items
from loa.settings import Settings
from loa.store.listening_tables import ListenCountRow, ListenItemRow

DATA = Path(__file__).resolve().parents[1] / "data" / "listening"
NOW = datetime(2021, 5, 22, 12, tzinfo=UTC)


def _ingest(session: Session, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, listen_salt="pepper", listen_embedder="hashing")
    svc.ingest_file(
        session, DATA / "privacy_posts.jsonl", settings=settings,
        embedder=HashingEmbedder(), actor="t", clock=lambda: NOW,
    )  # fmt: skip


def _counts_by_kind(session: Session) -> Counter[str]:
    out: Counter[str] = Counter()
    for row in session.scalars(select(ListenCountRow)):
        out[row.kind] += row.count
    return +out


def _age(session: Session) -> list[ListenItemRow]:
    """Make the store look as it did before kinds: every post a claim (counts too)."""
    aged = []
    for row in session.scalars(select(ListenItemRow)):
        if row.kind != "claim":
            before, row.kind, row.asked = row.kind, "claim", False
            _move_count(session, row, before)
            aged.append(row)
    session.flush()
    return aged


def test_reclassify_puts_back_each_kind_moves_counts_and_records_it(
    session: Session, tmp_path: Path
) -> None:
    _ingest(session, tmp_path)
    kinds_at_ingest = {r.id: (r.kind, r.asked) for r in session.scalars(select(ListenItemRow))}
    counts_at_ingest = _counts_by_kind(session)
    assert len(counts_at_ingest) > 1, "the sample must hold more than claims"
    aged = _age(session)
    assert aged and _counts_by_kind(session) == {"claim": sum(counts_at_ingest.values())}

    dry = reclassify_items(session, dry_run=True, actor="lead")
    assert dry.dry_run and {c.item_id for c in dry.changes} >= {r.id for r in aged}
    assert all(r.kind == "claim" for r in aged), "a dry run writes nothing"
    assert history(session, "listen_item", str(aged[0].id)) == []

    done = reclassify_items(session, actor="lead")
    assert len(done.changes) == len(dry.changes) and done.checked == len(kinds_at_ingest)
    now = {r.id: (r.kind, r.asked) for r in session.scalars(select(ListenItemRow))}
    assert now == kinds_at_ingest
    assert _counts_by_kind(session) == counts_at_ingest
    events = history(session, "listen_item", str(aged[0].id))
    assert [(e.kind, e.actor, e.before, e.after) for e in events] == [
        (EVENT, "lead", {"kind": "claim", "asked": False},
         {"kind": kinds_at_ingest[aged[0].id][0], "asked": kinds_at_ingest[aged[0].id][1]})
    ]  # fmt: skip
    assert reclassify_items(session).changes == [], "a second run finds nothing to change"


def test_a_post_whose_text_was_purged_keeps_its_kind(session: Session, tmp_path: Path) -> None:
    _ingest(session, tmp_path)
    aged = _age(session)
    aged[0].text = None
    session.flush()
    done = reclassify_items(session)
    assert done.purged == 1 and aged[0].kind == "claim"
    assert aged[0].id not in {c.item_id for c in done.changes}


def test_cli_reclassify_dry_run_then_for_real(loa: LoaCli, tmp_path: Path) -> None:
    loa("listen", "ingest", str(DATA / "privacy_posts.jsonl"))
    from loa.store.db import make_engine, session_scope

    engine = make_engine(loa.env["LOA_DATABASE_URL"])
    with session_scope(engine) as session:
        aged = len(_age(session))
    assert aged
    dry = loa("listen", "reclassify", "--dry-run").output
    assert f"{aged} trong" in dry and "không ghi" in dry and "→" in dry
    assert "Ý kiến" in dry or "Phản ánh" in dry or "Câu hỏi" in dry or "Khác" in dry
    data = json.loads(loa("listen", "reclassify", "--format", "json").output)
    assert len(data["changes"]) == aged and data["dry_run"] is False
    english = loa("--lang", "en", "listen", "reclassify").output
    assert "Changed the kind of 0 of" in english
    with session_scope(engine) as session:
        rows = list(session.scalars(select(ListenItemRow)))
        assert all(r.kind == classify(r.text or "").kind.value for r in rows)
    engine.dispose()
