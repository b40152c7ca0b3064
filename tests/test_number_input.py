"""Numbers as people type them, in Vietnamese and English, and as Loa shows them back.

The table holds what a reporter, an officer or a spreadsheet actually writes; each refused form
must say why in both languages. The property tests check that whatever Loa shows, Loa reads back
to the same value in the same language, and that a file of unknown language is never misread.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loa.errors import InputError
from loa.formatting import (
    LARGEST,
    check_number,
    format_figure,
    format_number,
    parse_count,
    parse_number,
)

NBSP, NARROW, THIN = "\u00a0", "\u202f", "\u2009"

# (typed, lang, count field?, value read) — the value is None where the entry must be refused.
TYPED: list[tuple[str, str | None, bool, float | None]] = [
    # Vietnamese: '.' or a space groups thousands, ',' marks decimals.
    ("1.250", "vi", True, 1250),
    ("1.250", "vi", False, 1250),
    ("1 250", "vi", True, 1250),
    (f"1{NBSP}250", "vi", True, 1250),
    (f"1{NARROW}250", "vi", True, 1250),
    (f"1{THIN}250", "vi", True, 1250),
    ("1,5", "vi", False, 1.5),
    ("1.250,5", "vi", False, 1250.5),
    ("1 250,5", "vi", False, 1250.5),
    ("1.234.567", "vi", True, 1234567),
    ("0", "vi", True, 0),
    ("  12  ", "vi", True, 12),
    ("+7", "vi", True, 7),
    (",5", "vi", False, 0.5),
    ("18,0", "vi", True, 18),
    ("1,250", "vi", False, 1.25),  # a decimal field: the Vietnamese reading
    ("1,250", "vi", True, None),  # a count: 1,25 or 1.250? refused, both shown
    ("1,000", "vi", True, None),
    ("1,5", "vi", True, None),  # not whole
    ("1,250.5", "vi", False, None),  # written the English way
    ("1.5", "vi", False, None),  # '.' is not a decimal mark in Vietnamese
    ("12.50", "vi", True, None),
    ("1.25.0", "vi", False, None),
    ("12 50", "vi", True, None),  # a space groups three digits, not two
    ("-3", "vi", True, None),
    ("−3", "vi", False, None),  # U+2212 minus, still negative
    ("NaN", "vi", False, None),
    ("Infinity", "vi", False, None),
    ("-inf", "vi", False, None),
    ("∞", "vi", True, None),
    ("1e3", "vi", True, None),
    ("abc", "vi", True, None),
    ("", "vi", True, None),
    ("1.000.000.000.000.000", "vi", True, None),  # beyond LARGEST
    ("1.250 bài", "vi", True, None),
    ("0.125", "vi", False, None),  # English for an eighth, never 125
    # English: ',' or a space groups thousands, '.' marks decimals.
    ("1,250.5", "en", False, 1250.5),
    ("1,250", "en", True, 1250),
    ("1 250", "en", True, 1250),
    ("1.5", "en", False, 1.5),
    ("18.0", "en", True, 18),
    (".5", "en", False, 0.5),
    ("1,234,567", "en", True, 1234567),
    ("1.250", "en", False, 1.25),
    ("1.250", "en", True, None),  # a count: 1.25 or 1,250? refused
    ("1,5", "en", False, None),  # written the Vietnamese way
    ("1.250,5", "en", False, None),
    ("-0.5", "en", False, None),
    ("nan", "en", False, None),
    # A file of unknown language: accepted only where both conventions agree.
    ("1250", None, True, 1250),
    ("1 250", None, True, 1250),
    ("18.0", None, True, 18),
    ("1.234.567", None, True, 1234567),
    ("1,234,567", None, True, 1234567),
    ("1.000", None, True, None),  # a thousand in Vietnamese, one in English
    ("1,250", None, False, None),
    ("2.5", None, True, None),
    ("0.125", None, False, 0.125),  # a group never starts with 0: only the English reading
]


@pytest.mark.parametrize(("typed", "lang", "count", "expected"), TYPED)
def test_typed_number_is_read_or_refused_with_a_bilingual_reason(
    typed: str, lang: str | None, count: bool, expected: float | None
) -> None:
    if expected is not None:
        value = parse_number(typed, lang=lang, whole=count)
        assert value == expected
        assert not count or parse_count(typed, lang=lang) == int(expected)
        return
    with pytest.raises(InputError) as refused:
        parse_number(typed, lang=lang, whole=count, field="articles")
    vi, en = refused.value.message("vi"), refused.value.message("en")
    assert vi.startswith("articles: ") and en.startswith("articles: ")
    assert vi != en  # each language has its own sentence


def test_the_table_covers_enough_forms() -> None:
    assert len(TYPED) >= 40
    assert {lang for _, lang, _, _ in TYPED} == {"vi", "en", None}
    assert sum(e is None for *_, e in TYPED) >= 20


@pytest.mark.parametrize(("typed", "lang"), [("1,250", "vi"), ("1.250", "en")])
def test_an_ambiguous_count_shows_both_readings(typed: str, lang: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_count(typed, lang=lang)
    # Each message shows the two readings in its own language's notation...
    assert any(pair in refused.value.vi for pair in ("1,25 hoặc 1.250", "1.250 hoặc 1,25"))
    assert "1,25" in refused.value.vi and "1.250" in refused.value.vi
    assert any(pair in refused.value.en for pair in ("1.25 or 1,250", "1,250 or 1.25"))
    # ...and says what to write instead.
    assert "1250" in refused.value.vi and "1250" in refused.value.en


def test_an_english_entry_in_vietnamese_mode_suggests_the_vietnamese_form() -> None:
    with pytest.raises(InputError) as refused:
        parse_number("1,250.5", lang="vi")
    assert "1.250,5" in refused.value.vi and "--lang en" in refused.value.en


def test_numbers_that_arrive_as_numbers_pass_the_same_checks() -> None:
    assert check_number(12.0, whole=True) == 12
    for bad in (float("nan"), float("inf"), -float("inf"), -1.0, 2.5, 1e16):
        with pytest.raises(InputError):
            check_number(bad, whole=True)
    assert check_number(-4.5, minimum=None) == -4.5  # a field that declares negatives allowed


def test_figures_show_only_the_decimals_they_have() -> None:
    assert format_figure(11.0) == "11"
    assert format_figure(1250) == "1.250"
    assert format_figure(1250.5) == "1.250,5"
    assert format_figure(1250.5, "en") == "1,250.5"
    assert format_figure(0.1 + 0.2) == "0,3"
    assert format_figure(float("nan")) == "–"
    assert format_figure(1e300).startswith("1.000.000.000")  # no decimal-context overflow
    assert format_figure(np.float64(202.5)) == "202,5" and format_figure(np.int64(7)) == "7"


# Values as Loa holds them: whole counts, and decimals with up to three places.
counts = st.integers(min_value=0, max_value=LARGEST)
decimals = st.decimals(
    min_value=Decimal(0), max_value=Decimal(10**12), places=3, allow_nan=False
).map(float)
langs = st.sampled_from(["vi", "en"])


@settings(deadline=None)  # a busy shared machine must not fail a correct test
@given(counts, langs)
def test_a_count_shown_is_read_back_as_the_same_count(n: int, lang: str) -> None:
    assert parse_count(format_number(n, 0, lang), lang=lang) == n
    assert parse_count(format_figure(n, lang), lang=lang) == n


@settings(deadline=None)
@given(decimals, langs)
def test_a_decimal_shown_is_read_back_as_the_same_value(x: float, lang: str) -> None:
    shown = format_figure(x, lang)
    assert parse_number(shown, lang=lang) == x


@settings(deadline=None)
@given(counts, st.sampled_from([" ", NBSP, NARROW]), langs)
def test_thousands_grouped_with_any_space_read_the_same(n: int, space: str, lang: str) -> None:
    grouped = format_number(n, 0, "en").replace(",", space)
    assert parse_count(grouped, lang=lang) == n
    assert parse_count(grouped, lang=None) == n


@settings(deadline=None)
@given(st.one_of(counts.map(float), decimals), langs)
def test_a_file_of_unknown_language_is_never_misread(x: float, lang: str) -> None:
    """Whatever either language shows, reading it without knowing the language gives the
    right value or a refusal, never another number."""
    shown = format_figure(x, lang)
    try:
        read = parse_number(shown, lang=None)
    except InputError as refused:
        assert "hai cách" in refused.vi and "two ways" in refused.en
        return
    assert read == x


@settings(deadline=None)
@given(counts.filter(lambda n: n >= 1000), langs)
def test_a_count_in_one_language_is_refused_in_the_other_rather_than_misread(
    n: int, lang: str
) -> None:
    other = "en" if lang == "vi" else "vi"
    shown = format_number(n, 0, lang)
    try:
        read = parse_count(shown, lang=other)
    except InputError:
        return
    assert read == n
