"""A task's result figures typed on the CLI, the Vietnamese way or with --lang en, on both stores."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import LoaCli, pg_schema

DISPATCH = (
    Path(__file__).resolve().parents[1] / "data" / "dispatches" / "01-bacgiang-427-cv-btgtu.txt"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, loa: LoaCli) -> Iterator[LoaCli]:
    """The `loa` command with one imported dispatch, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        loa("directive", "import", str(DISPATCH))
        yield loa
        return
    with pg_schema("loa_metrics") as url:
        on_pg = LoaCli({**loa.env, "LOA_DATABASE_URL": url})
        on_pg("init", "--empty")
        on_pg("directive", "import", str(DISPATCH))
        yield on_pg


def _task(loa: LoaCli) -> str:
    return str(json.loads(loa("task", "list", "--format", "json").output)[0]["id"])


def _metrics(loa: LoaCli, task_id: str) -> dict[str, float]:
    shown: dict[str, float] = json.loads(loa("task", "show", task_id, "--format", "json").output)[
        "metrics"
    ]
    return shown


def test_a_thousand_typed_the_vietnamese_way_is_stored_as_a_thousand(store: LoaCli) -> None:
    task_id = _task(store)
    out = store("task", "update", task_id, "--metric", "articles=1.250").output
    assert "articles=1.250" in out  # shown back the Vietnamese way, not "1,25" or "1"
    raw = store("task", "show", task_id, "--format", "json").output
    assert '"articles": 1250' in raw and "1250.0" not in raw  # a count is an integer
    assert _metrics(store, task_id) == {"articles": 1250}


def test_spaces_and_decimal_commas_are_read_and_shown_back(store: LoaCli) -> None:
    task_id = _task(store)
    out = store(
        "task",
        "update",
        task_id,
        "--metric",
        "leaflets=12\u00a0500",
        "--metric",
        "airtime_minutes=12,5",
    ).output
    assert "leaflets=12.500" in out and "airtime_minutes=12,5" in out
    assert _metrics(store, task_id) == {"leaflets": 12500, "airtime_minutes": 12.5}


def test_english_input_mode_reads_commas_as_thousands(store: LoaCli) -> None:
    task_id = _task(store)
    store("--lang", "en", "task", "update", task_id, "--metric", "airtime_minutes=1,250.5")
    store("--lang", "en", "task", "update", task_id, "--metric", "articles=1,250")
    assert _metrics(store, task_id) == {"airtime_minutes": 1250.5, "articles": 1250}


@pytest.mark.parametrize(
    ("typed", "vi", "en"),
    [
        ("articles=1,250", "hai cách: 1,25 hoặc 1.250", "two ways: 1.25 or 1,250"),
        ("articles=-3", "Số âm", "negative"),
        ("articles=NaN", "không phải một số hữu hạn", "not a finite number"),
        ("articles=inf", "không phải một số hữu hạn", "not a finite number"),
        ("articles=2,5", "không phải số nguyên", "not a whole number"),
        ("airtime_minutes=1,250.5", "kiểu tiếng Anh", "--lang en"),
        ("articles", "sai dạng", "malformed"),
    ],
)
def test_a_refused_figure_says_why_in_both_languages_and_stores_nothing(
    store: LoaCli, typed: str, vi: str, en: str
) -> None:
    task_id = _task(store)
    result = store("task", "update", task_id, "--metric", typed, ok=False)
    assert result.exit_code == 2
    assert vi in result.output and en in result.output
    assert "Traceback" not in result.output
    assert _metrics(store, task_id) == {}
