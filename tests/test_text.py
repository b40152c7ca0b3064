from __future__ import annotations

import unicodedata

from loa.text import fold, standard_tone_marks


def test_old_and_new_tone_placement_meet() -> None:
    assert standard_tone_marks("Hiệp Hoà") == standard_tone_marks("Hiệp Hòa") == "Hiệp Hòa"
    assert standard_tone_marks("thuý") == "thúy"
    assert standard_tone_marks("khoẻ") == "khỏe"


def test_tone_moves_only_in_open_syllables_and_not_after_q() -> None:
    assert standard_tone_marks("hoàn thành") == "hoàn thành"
    assert standard_tone_marks("quý") == "quý"


def test_decomposed_input_comes_back_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Bắc Giang")
    assert standard_tone_marks(decomposed) == "Bắc Giang"
    assert len(standard_tone_marks(decomposed)) == len("Bắc Giang")


def test_fold_drops_case_diacritics_and_d_stroke() -> None:
    assert fold("ĐẢNG ủy  Trực thuộc") == "dang uy truc thuoc"
    assert fold("tiêm vắc xin gây vô sinh") == fold("tiem vac xin gay vo sinh")
