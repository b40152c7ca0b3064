from __future__ import annotations

import csv
import random
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from loa.bulletins.abbreviations import ABBREVIATIONS, CODE_PARTS
from loa.bulletins.verbalise import (
    date_words,
    decimal_words,
    number_words,
    phone_words,
    time_words,
    verbalise,
)
from loa.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "bulletins" / "reading_cases.tsv"


def _cases() -> list[tuple[str, str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["input"], r["expected"], r["category"]) for r in rows]


@pytest.mark.parametrize(("text", "expected", "category"), _cases(), ids=lambda v: str(v)[:40])
def test_every_reading_case_is_read_as_an_announcer_reads_it(
    text: str, expected: str, category: str
) -> None:
    assert verbalise(text) == expected


def test_the_reading_set_has_200_cases_and_15_in_each_category() -> None:
    cases = _cases()
    counts = Counter(category for _, _, category in cases)
    assert len(cases) >= 200
    assert {c: n for c, n in counts.items() if n < 15} == {}
    assert len({text for text, _, _ in cases}) == len(cases)


def test_the_seed_dispatch_reads_with_no_digit_slash_or_symbol_left(seed_path: Path) -> None:
    spoken = verbalise(seed_path.read_text(encoding="utf-8"))
    assert re.findall(r"[\d/]", spoken) == []
    leftovers = {
        ch
        for ch in spoken
        if not ch.isspace()
        and not unicodedata.category(ch).startswith(("L", "M"))
        and ch not in ".,;:!?-–—'\"()…“”"
    }
    assert leftovers == set()
    assert "bốn trăm hai mươi bảy, công văn, Ban Tuyên giáo Tỉnh ủy" in spoken
    assert "năm ca cộng vắc xin" in spoken


def test_words_without_numbers_or_abbreviations_are_left_alone() -> None:
    text = "Người dân không hoang mang, chủ động phòng, chống dịch.\nĐẢNG CỘNG SẢN VIỆT NAM"
    assert verbalise(text) == text


def test_decomposed_input_comes_back_in_nfc() -> None:
    spoken = verbalise(unicodedata.normalize("NFD", "Xã Hương Gián có 24 ca"))
    assert spoken == "Xã Hương Gián có hai mươi tư ca"
    assert unicodedata.is_normalized("NFC", spoken)


def test_lines_are_kept_and_each_line_starts_a_sentence() -> None:
    assert verbalise("Xã Tân Mỹ\n3 ca mới\n  - 2 ca F1") == "Xã Tân Mỹ\nBa ca mới\n- Hai ca ép một"


def test_a_numbered_item_is_read_with_a_pause() -> None:
    assert verbalise("2. Sở Y tế chỉ đạo") == "Hai, Sở Y tế chỉ đạo"


def _parse_number(words: str) -> int:
    """Read Vietnamese number words back into an int (the test's own reader)."""
    tokens = words.split()
    for scale, size in (("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3)):
        if scale in tokens:
            at = len(tokens) - 1 - tokens[::-1].index(scale)
            head, tail = " ".join(tokens[:at]), " ".join(tokens[at + 1 :])
            return _parse_number(head) * size + (_parse_number(tail) if tail else 0)
    digit = {w: i for i, w in enumerate(DIGIT_WORDS)} | {"mốt": 1, "tư": 4, "lăm": 5}
    value = 0
    if len(tokens) >= 2 and tokens[1] == "trăm":
        value, tokens = digit[tokens[0]] * 100, tokens[2:]
    if tokens[:1] == ["linh"]:
        tokens = tokens[1:]
    elif tokens[:1] == ["mười"]:
        value, tokens = value + 10, tokens[1:]
    elif len(tokens) >= 2 and tokens[1] == "mươi":
        value, tokens = value + digit[tokens[0]] * 10, tokens[2:]
    if tokens:
        (last,) = tokens
        value += digit[last]
    return value


DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def test_number_words_read_back_to_the_same_number() -> None:
    rng = random.Random(5)
    numbers = [*range(0, 2100), *(rng.randrange(10**13) for _ in range(2000))]
    numbers += [10**6 + 5, 10**9 + 10**6, 2 * 10**9 + 5000, 10**12, 10**15]
    wrong = [n for n in numbers if _parse_number(number_words(n)) != n]
    assert wrong == []


def test_northern_forms_appear_only_where_they_belong() -> None:
    for n in range(1, 1000):
        words = number_words(n).split()
        tens, units = n // 10 % 10, n % 10
        assert ("linh" in words) == (n >= 100 and tens == 0 and units > 0), n
        assert ("mốt" in words) == (tens >= 2 and units == 1), n
        assert ("tư" in words) == (tens >= 2 and units == 4), n
        assert ("lăm" in words) == (tens >= 1 and units == 5), n


def test_the_largest_units_say_nghin_ty_and_trieu_ty() -> None:
    assert number_words(3 * 10**12) == "ba nghìn tỷ"
    assert number_words(10**15) == "một triệu tỷ"
    assert number_words(-7) == "âm bảy"


def test_decimal_words_take_vietnamese_separators() -> None:
    assert decimal_words("1.234,5") == "một nghìn hai trăm ba mươi tư phẩy năm"
    assert decimal_words("0,007") == "không phẩy không không bảy"


def test_date_and_time_words_from_values() -> None:
    assert (
        date_words(date(2021, 4, 1))
        == "ngày mùng một tháng tư năm hai nghìn không trăm hai mươi mốt"
    )
    assert date_words(date(2022, 12, 25)).startswith("ngày hai mươi lăm tháng mười hai")
    assert time_words(7, 30) == "bảy giờ ba mươi phút"
    assert time_words(19) == "mười chín giờ"


def test_phone_words_group_as_written_and_refuse_letters_in_both_languages() -> None:
    assert phone_words("0912 345 678") == "không chín một hai, ba bốn năm, sáu bảy tám"
    assert phone_words("115") == "một một năm"
    with pytest.raises(InputError) as caught:
        phone_words("09xx 123")
    assert "số điện thoại" in caught.value.vi and "phone number" in caught.value.en


def test_a_date_that_does_not_exist_is_read_as_a_ratio() -> None:
    assert verbalise("tỷ lệ 3/15") == "tỷ lệ ba trên mười lăm"
    assert "ngày" not in verbalise("31/02/2021")


def test_an_unknown_symbol_in_a_code_is_spelled_and_a_compound_one_is_split() -> None:
    assert verbalise("số 7/XYZ-UBND") == "số bảy, ích-xì i-dài dét, ủy ban nhân dân"
    assert verbalise("số 7/VPUBND") == "số bảy, văn phòng ủy ban nhân dân"


def test_every_abbreviation_and_code_symbol_is_documented() -> None:
    text = (ROOT / "docs" / "formats" / "reading.md").read_text(encoding="utf-8")
    missing = [k for k in [*ABBREVIATIONS, *CODE_PARTS] if f"`{k}`" not in text]
    assert missing == []


def test_no_digit_survives_and_nothing_raises_on_jumbled_text() -> None:
    rng = random.Random(2)
    pieces = [*"0123456789 ./-,:%hgKFkm°CABĐUTVQNX&+*–\n", "ngày ", "gọi ", "từ ", "CV/", "ca "]
    jumbles = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    left = [text for text in jumbles if re.search(r"\d", verbalise(text))]
    assert left == []
