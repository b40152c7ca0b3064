from __future__ import annotations

import pytest

from loa.listening.polarity import opposite

CLAIM = "Tiêm vắc xin COVID-19 gây vô sinh"


@pytest.mark.parametrize(
    "post",
    [
        "tiem vac xin gay vo sinh do",
        "Có đúng là tiêm vx gây vô sinh không?",
        "Đây không phải tin giả, vắc xin gây vô sinh thật",
        "Tôi không biết nữa, nghe nói vắc xin gây vô sinh",
    ],
)
def test_posts_repeating_the_claim_are_not_opposite(post: str) -> None:
    assert not opposite(CLAIM, post)


@pytest.mark.parametrize(
    "post",
    [
        "Vắc xin ko gây vô sinh nhé mn",
        "vx khum hề gây vô sinh",
        "Tin đồn vắc xin gây vô sinh là sai",
        "Bộ Y tế bác bỏ thông tin vắc xin gây vô sinh",
        "chua co bang chung vac xin gay vo sinh",
        "Vắc xin không chứa gì lạ, không thể gây vô sinh",
    ],
)
def test_denials_and_debunks_are_opposite(post: str) -> None:
    assert opposite(CLAIM, post)


def test_cure_is_not_read_as_not_yet_when_typed_without_diacritics() -> None:
    assert not opposite("Uống nước muối chữa khỏi COVID-19", "uong nuoc muoi chua khoi covid")


def test_asymptomatic_is_not_a_negation() -> None:
    claim = "F0 không có triệu chứng thì không lây cho người khác"
    assert not opposite(claim, "F0 ko triệu chứng thì hok lây đâu")
    assert opposite(claim, "F0 không triệu chứng vẫn lây bệnh")


def test_antonym_flips_the_claim() -> None:
    assert opposite("Số ca mắc ở Bắc Giang tăng mạnh", "Số ca mắc ở Bắc Giang giảm mạnh")
    assert not opposite("Số ca mắc ở Bắc Giang tăng mạnh", "Bắc Giang: ca mắc tăng mạnh")
