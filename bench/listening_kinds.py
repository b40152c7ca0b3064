"""Claims told from opinions, complaints and questions, on tests/data/listening/kinds.jsonl.

    .venv/bin/python bench/listening_kinds.py               # dev and held-out halves
    .venv/bin/python bench/listening_kinds.py --split dev   # only the half used for tuning

Prints, per half, the confusion matrix (gold kind in rows, guess in columns), the share of
non-claims taken for claims (target <= 2%) and the share of claims found (target >= 90%),
then the same per way of typing (diacritics, plain, teencode). The baseline, in the same
process, is the rule Loa used before this classifier (kept here only for the comparison):
anything not a question or a complaint is a claim. The held-out half was written before the classifier and never read while tuning.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from loa.listening.kinds import Kind, classify
from loa.listening.kinds_eval import KindScore, load_kinds, score_kinds
from loa.listening.normalise import match_key

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "listening" / "kinds.jsonl"


def _new(text: str) -> Kind:
    return classify(text).kind


# The rule before, as it was: question words or a question mark, a few complaint phrases.
_OLD_QUESTION = re.compile(
    r"\b(?:cho hoi|xin hoi|cho em hoi|cho minh hoi|hoi chut|ai biet|bao gio|khi nao|o dau|"
    r"the nao|nhu the nao|lam sao|lam the nao|bao nhieu|bao lau|tai sao|vi sao|sao lai|"
    r"co phai|phai khong|co dung khong|duoc khong|chua a|gi vay|nao vay|the a)\b"
)
_OLD_COMPLAINT = re.compile(
    r"\b(?:buc xuc|phan anh|khieu nai|to cao|chua nhan duoc|chua duoc nhan|khong nhan duoc|"
    r"cham tre|qua cham|qua te|vo trach nhiem|nhung nhieu|lam kho|kho khan qua|het cach|"
    r"khong ai giai quyet|khong ai tra loi|goi mai|doi mai|mai chua|thieu thuc an|thieu nuoc|"
    r"het tien|that nghiep|kho qua|kho khan|khong cong bang|bat cong|doi qua|khong duoc ho tro)\b"
)


def _old(text: str) -> Kind:
    key = match_key(text)
    if _OLD_COMPLAINT.search(key):
        return Kind.COMPLAINT
    if "?" in text or _OLD_QUESTION.search(key):
        return Kind.QUESTION
    return Kind.CLAIM


def _line(name: str, score: KindScore) -> str:
    return (
        f"{name:<28} n={score.total:>3}  non-claims taken for claims "
        f"{score.non_claims_as_claims:6.1%}  claims found {score.claims_found:6.1%}  "
        f"exact kind {score.accuracy:6.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout"], action="append")
    args = parser.parse_args()
    texts = load_kinds(DATA)
    for split in args.split or ["dev", "heldout"]:
        started = time.perf_counter()
        score = score_kinds(texts, _new, split=split)
        took = time.perf_counter() - started
        base = score_kinds(texts, _old, split=split)
        print(f"\n== {split} half ==")
        print(score.table())
        print(_line("classify", score))
        print(_line("baseline (rule before)", base))
        for typed in ("diacritics", "plain", "teencode"):
            print(_line(f"  typed {typed}", score_kinds(texts, _new, split=split, typed=[typed])))
        per_text = took / score.total * 1000 if score.total else 0.0
        print(f"time: {per_text:.2f} ms per text")
        ok = score.non_claims_as_claims <= 0.02 and score.claims_found >= 0.90
        print(f"targets (<= 2%, >= 90%): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
