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


@pytest.mark.parametrize(
    ("claim", "post"),
    [
        ("Uống rượu bia diệt được virus corona", "Nhậu bia rượu nhiều thì covid không sống nổi"),
        ("Vắc xin Vero Cell không có tác dụng phòng COVID-19", "Vero Cell là vắc xin vô dụng"),
        (
            "Súc miệng bằng nước muối giúp diệt virus corona",
            "Súc miệng nước muối thì không lo bị covid",
        ),
        ("EVN miễn phí tiền điện ba tháng cho dân", "Ba tháng tới không phải đóng tiền điện"),
    ],
)
def test_a_paraphrase_with_its_own_negation_repeats_the_claim(claim: str, post: str) -> None:
    assert not opposite(claim, post)


@pytest.mark.parametrize(
    ("claim", "post"),
    [
        ("Thuốc chloroquine chữa khỏi COVID-19", "Chloroquine không có tác dụng điều trị COVID-19"),
        (
            "Trẻ em tiêm vắc xin bị tử vong hàng loạt",
            "Không có trường hợp trẻ tử vong vì tiêm vắc xin",
        ),
        (
            "Vắc xin Vero Cell không có tác dụng phòng COVID-19",
            "Vero Cell vẫn có tác dụng giảm bệnh nặng",
        ),
        ("Xông hơi nóng giết chết virus corona", "xong hoi khong diet duoc virus corona"),
    ],
)
def test_a_negation_of_the_claims_idea_is_a_denial(claim: str, post: str) -> None:
    assert opposite(claim, post)


@pytest.mark.parametrize(
    ("claim", "post"),
    [
        # A negated condition ("without a PCR result, ...") is not asserted.
        (
            "Bệnh viện tỉnh từ chối tiếp nhận bệnh nhân cấp cứu không có xét nghiệm PCR",
            "Không có kết quả PCR là bệnh viện tỉnh không nhận người cấp cứu",
        ),
        # Turning away is refusing.
        (
            "Bệnh viện tỉnh từ chối tiếp nhận bệnh nhân cấp cứu không có xét nghiệm PCR",
            "benh vien tinh duoi benh nhan cap cuu ve vi khong co giay pcr",
        ),
        # "khỏi" before an obligation is "không cần".
        (
            "Biến chủng Omicron chỉ nhẹ như cảm cúm, không cần tiêm vắc xin",
            "Biến thể Omicron nhẹ như cúm thường nên khỏi tiêm phòng",
        ),
    ],
)
def test_conditions_refusals_and_khoi_repeat_the_claim(claim: str, post: str) -> None:
    assert not opposite(claim, post)


def test_khoi_as_cured_is_no_negator_and_a_real_denial_still_flips() -> None:
    claim = "Bài thuốc lá đu đủ đực chữa khỏi COVID-19"
    assert not opposite(claim, "Bài thuốc lá đu đủ đực trị F0 khỏi hẳn")
    assert opposite(claim, "Lá đu đủ đực không chữa được COVID-19, đừng tin")
    # The condition's negator ("nếu chưa tiêm") is dropped; the denial in the rest counts.
    assert opposite(
        "Đã tiêm đủ hai mũi vắc xin thì không cần thực hiện 5K nữa",
        "Tiêm đủ hai mũi vẫn phải thực hiện 5K, không được bỏ khẩu trang",
    )
