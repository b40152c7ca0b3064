"""Build the listening evaluation set from source.yaml: factchecks.jsonld and posts.jsonl.

Run from the repository root: `.venv/bin/python tests/data/listening/build_eval_set.py`.
The output is committed; this script shows how each variant was made (fixed seed).

Split: fact-checks alternate between "dev" (thresholds are tuned on its posts) and "test"
(held out, reported separately); every post of a fact-check goes to its split, so no wording
of a held-out claim is seen while tuning. Opinions alternate too.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import yaml

from loa.listening.claimreview import FactCheck, dump_claimreviews, verdict_from_rating
from loa.text import fold

HERE = Path(__file__).resolve().parent
SEED = 20211104
_TEEN = [
    ("mọi người", "mn"), ("vắc xin", "vx"), ("không", "ko"), ("được", "đc"), ("với", "vs"),
    ("gì", "j"), ("vậy", "z"), ("biết", "bít"), ("người", "ng"), ("rồi", "r"), ("cũng", "cx"),
    ("covid-19", "cô vít"), ("covid", "covid"),
]  # fmt: skip
_NO = ["ko", "k", "hok", "khum", "ko"]
_QUOTES = [
    'Nhóm Zalo gia đình vừa gửi: "{span}..."',
    'Share gấp cho cả nhà: "{span}..."',
    "Đọc được trên mạng: {span}... ai biết thêm thì nói nhé",
    "Hàng xóm kể là {span}... nghe mà lo",
]
_SHARES = [
    "😱😱 {claim}!!! Chia sẻ cho mọi người cùng biết https://example.com/p/{n}",
    "<p>{claim}</p><p>#covid #chiase</p>",
    "{claim} 🙏 các bạn đọc kỹ nhé",
]


def teencode(text: str, rng: random.Random) -> str:
    """Return `text` in teencode: abbreviations, then some words without diacritics."""
    out = text.lower()
    for word, short in _TEEN:
        replacement = rng.choice(_NO) if short == "ko" else short
        out = out.replace(word, replacement)
    words = out.split()
    return " ".join(fold(w) if rng.random() < 0.3 else w for w in words)


def partial_quote(claim: str, rng: random.Random) -> str:
    """Return a post quoting the first two thirds of the claim."""
    words = claim.split()
    span = " ".join(words[: max(4, math.ceil(len(words) * 0.67))])
    return rng.choice(_QUOTES).format(span=span)


def _post(
    pid: str, text: str, variant: str, split: str, gold: str | None, topic: str | None
) -> dict[str, Any]:
    expected = "match" if gold else ("related" if variant.startswith("negation") else "none")
    return {
        "id": pid,
        "text": text,
        "variant": variant,
        "split": split,
        "factcheck_id": gold,
        "topic_id": topic,
        "expected": expected,
    }


def build() -> tuple[list[FactCheck], list[dict[str, Any]]]:
    """Return the fact-checks and the labelled posts made from source.yaml."""
    source = yaml.safe_load((HERE / "source.yaml").read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    checks: list[FactCheck] = []
    posts: list[dict[str, Any]] = []
    for index, entry in enumerate(source["factchecks"]):
        fid = f"https://factcheck.example.vn/2021/{entry['id']}"
        verdict = verdict_from_rating(entry["verdict"])
        assert verdict is not None, entry["verdict"]
        checks.append(
            FactCheck(
                id=fid,
                claim=entry["claim"],
                verdict=verdict,
                url=fid,
                date_published=entry["date"],
                author="Tổ phản ứng nhanh (ví dụ)",
                rating_text=entry["verdict"],
                claim_author="Mạng xã hội",
                appearances=(f"https://social.example.com/posts/{index + 1000}",),
            )
        )
        split = "dev" if index % 2 == 0 else "test"
        one, two = entry["paraphrases"]
        stem = entry["id"]
        variants = [
            ("paraphrase", one, fid),
            ("paraphrase", two, fid),
            ("no_diacritics", fold(one), fid),
            ("teencode", teencode(two, rng), fid),
            ("partial_quote", partial_quote(entry["claim"], rng), fid),
            ("reposted", rng.choice(_SHARES).format(claim=entry["claim"], n=index), fid),
            ("negation", entry["negation"], None),
            ("negation_no_diacritics", fold(entry["negation"]), None),
            ("negation_teencode", teencode(entry["negation"], rng), None),
            ("related_topic", entry["related"], None),
        ]
        for number, (variant, text, gold) in enumerate(variants, start=1):
            posts.append(_post(f"{stem}-{number}", text, variant, split, gold, fid))
    for number, text in enumerate(source["opinions"], start=1):
        split = "dev" if number % 2 else "test"
        posts.append(_post(f"opinion-{number}", text, "opinion", split, None, None))
    return checks, posts


def main() -> None:
    """Write factchecks.jsonld and posts.jsonl next to this script."""
    checks, posts = build()
    (HERE / "factchecks.jsonld").write_text(dump_claimreviews(checks), encoding="utf-8")
    lines = [json.dumps(p, ensure_ascii=False) for p in posts]
    (HERE / "posts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(checks)} fact-checks, {len(posts)} posts")


if __name__ == "__main__":
    main()
