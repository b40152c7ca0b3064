from __future__ import annotations

from loa.listening.language import is_vietnamese
from loa.listening.normalise import clean_text, match_key, normalise


def test_text_without_diacritics_has_the_same_key_as_text_with_them() -> None:
    assert match_key("tiem vac xin gay vo sinh") == match_key("Tiêm vắc-xin gây vô sinh!")


def test_teencode_is_spelled_out() -> None:
    assert normalise("ko tiêm vx đc k mn") == "không tiêm vắc xin được không mọi người"
    assert normalise("hok bít j z") == "không biết gì vậy"


def test_k_as_thousand_is_kept() -> None:
    assert "50k" in normalise("khẩu trang giá 50k một hộp")


def test_every_spelling_of_vaccine_and_covid_meets() -> None:
    spellings = [
        "vaccine covid",
        "vắc-xin Covid-19",
        "vacxin cô vít",
        "vac xin COVID19",
        "vx cô-vid",
    ]
    assert len({match_key(s) for s in spellings}) == 1


def test_old_tone_placement_is_made_standard() -> None:
    assert clean_text("Hiệp Hoà khoẻ") == "Hiệp Hòa khỏe"


def test_html_urls_and_emoji_are_removed() -> None:
    text = "<p>Uống nước muối &amp; chanh 😱😱</p><br>https://example.com/a?b=1 xem ngay"
    assert clean_text(text) == "Uống nước muối & chanh xem ngay"


def test_vietnamese_is_recognised_with_or_without_diacritics() -> None:
    assert is_vietnamese("Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ")
    assert is_vietnamese("nghe noi tiem vac xin xong thi bi vo sinh")


def test_other_languages_are_not_taken_for_vietnamese() -> None:
    assert not is_vietnamese("COVID-19 vaccines cause infertility in women, studies show")
    assert not is_vietnamese("新冠疫苗导致不孕不育的说法是错误的")
