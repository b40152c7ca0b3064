"""Who a duty is given to, how often it recurs, and what closes the document."""

from __future__ import annotations

from typing import Any

import pytest

from loa.directives.parse import parse_dispatch
from loa.directory.orgs import OrgDirectory, load_bundled_orgs

# A provincial People's Committee dispatch typed as plain text: the two header columns and the
# "Nơi nhận" | signature columns side by side, set apart with spaces; the signer's name wrapped.
PLAIN_TEXT_DISPATCH = """\
ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC GIANG                                 Độc lập - Tự do - Hạnh phúc
    -------                                       ---------------
Số: 5612/UBND-KGVX                       Bắc Giang, ngày 05 tháng 11 năm 2021
V/v tăng cường thông tin, tuyên truyền
phòng, chống dịch COVID-19

        Kính gửi:
              - Báo Bắc Giang;
              - Đài Phát thanh và Truyền hình tỉnh;
              - Sở Thông tin và Truyền thông;
              - UBND các huyện, thành phố.

Để chủ động phòng, chống dịch COVID-19, Chủ tịch UBND tỉnh yêu cầu:
1. Báo Bắc Giang dành chuyên mục "Chung tay phòng, chống dịch COVID-19", đăng tải tối thiểu
03 tin, bài/tuần về công tác phòng, chống dịch trên địa bàn tỉnh.
2. Đài Phát thanh và Truyền hình tỉnh tăng thời lượng phát sóng các tin, bài về tiêm vắc xin;
định kỳ hằng tuần tổng hợp ý kiến của nhân dân gửi Sở Y tế.
3. Sở Thông tin và Truyền thông chủ trì, phối hợp với các cơ quan liên quan hướng dẫn hệ thống
truyền thanh cơ sở phát bản tin; báo cáo kết quả về UBND tỉnh trước ngày 15 hằng tháng.
4. Các cơ quan, đơn vị có liên quan chủ động cung cấp thông tin cho báo chí.
5. UBND các huyện, thành phố; Sở Y tế chỉ đạo các cơ sở y tế cập nhật tình hình dịch, hoàn
thành trước ngày 20/11/2021.
Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.

Nơi nhận:                                      TM. ỦY BAN NHÂN DÂN
- Như trên;                                    KT. CHỦ TỊCH
- TT Tỉnh ủy, TT HĐND tỉnh;                    PHÓ CHỦ TỊCH
- Chủ tịch, các PCT UBND tỉnh;
- Lưu: VT, KGVX.
                                               Lê
                                               Ánh Dương
"""


@pytest.fixture(scope="module")
def directory() -> OrgDirectory:
    return OrgDirectory(load_bundled_orgs())


@pytest.fixture(scope="module")
def parsed(directory: OrgDirectory) -> dict[str, Any]:
    return parse_dispatch(PLAIN_TEXT_DISPATCH, resolve_org=directory.resolve).to_json()


def _names(task: dict[str, Any]) -> list[str]:
    return [a["name"] for a in task["assignees"]]


def test_two_column_header_and_footer_are_read_apart(parsed: dict[str, Any]) -> None:
    assert (parsed["issuer"], parsed["number_symbol"]) == (
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
        "5612/UBND-KGVX",
    )
    assert (parsed["place"], parsed["date"]) == ("Bắc Giang", "2021-11-05")
    assert parsed["subject"] == "tăng cường thông tin, tuyên truyền phòng, chống dịch COVID-19"
    assert parsed["distribution"] == [
        "Như trên",
        "TT Tỉnh ủy, TT HĐND tỉnh",
        "Chủ tịch, các PCT UBND tỉnh",
        "Lưu: VT, KGVX",
    ]
    assert parsed["signer"] == {
        "name": "Lê Ánh Dương",
        "position": "PHÓ CHỦ TỊCH",
        "authority": "KT",
    }


def test_the_directory_cuts_an_agency_out_of_its_clause(parsed: dict[str, Any]) -> None:
    first = parsed["tasks"][0]
    assert first["assignees"] == [
        {"name": "Báo Bắc Giang", "org_id": "bg.bao-bac-giang", "role": None}
    ]
    assert first["recurrence"] == "weekly"  # "03 tin, bài/tuần"


def test_an_agency_the_directory_knows_is_found_and_weekly_duty_read(
    parsed: dict[str, Any],
) -> None:
    second = parsed["tasks"][1]
    assert second["assignees"][0]["org_id"] == "bg.dai-ptth"
    assert _names(second) == ["Đài Phát thanh và Truyền hình tỉnh"]
    assert second["recurrence"] == "weekly"


def test_related_agencies_are_to_assign_not_a_made_up_agency(parsed: dict[str, Any]) -> None:
    third, fourth = parsed["tasks"][2], parsed["tasks"][3]
    assert third["assignees"] == [
        {"name": "Sở Thông tin và Truyền thông", "org_id": "bg.so-tttt", "role": "lead"}
    ]
    assert third["recurrence"] == "monthly"  # "trước ngày 15 hằng tháng"
    assert fourth["assignees"] == []


def test_an_item_can_name_several_agencies_and_a_deadline(parsed: dict[str, Any]) -> None:
    fifth = parsed["tasks"][4]
    assert _names(fifth) == ["UBND các huyện, thành phố", "Sở Y tế"]
    assert [a["org_id"] for a in fifth["assignees"]] == ["bg.nhom.ubnd-huyen", "bg.so-y-te"]
    assert fifth["deadline"] == "2021-11-20"


def test_closing_paragraph_is_kept_apart_from_the_last_item(parsed: dict[str, Any]) -> None:
    assert "Yêu cầu" not in parsed["tasks"][-1]["text"]
    assert parsed["closing"] == "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện."


def test_without_a_directory_no_clause_becomes_an_agency() -> None:
    parsed = parse_dispatch(PLAIN_TEXT_DISPATCH).to_json()
    for task in parsed["tasks"]:
        for name in _names(task):
            assert len(name.split()) <= 8, name
    assert _names(parsed["tasks"][1]) == ["Đài Phát thanh và Truyền hình tỉnh"]


@pytest.mark.parametrize(
    ("item", "names"),
    [
        ("1. Giao Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh theo dõi.", ["Công an tỉnh", "Văn phòng UBND tỉnh"]),
        ("1. Đề nghị Ủy ban MTTQ tỉnh, Liên đoàn Lao động tỉnh tăng cường vận động.", ["Ủy ban MTTQ tỉnh", "Liên đoàn Lao động tỉnh"]),
        ("1. Các huyện ủy, thành ủy tổ chức quán triệt.", ["Các huyện ủy, thành ủy"]),
        ("1. Sở Nông nghiệp và Môi trường:\na) Tăng cường kiểm tra.", ["Sở Nông nghiệp và Môi trường"]),
        ("1. Chủ sở hữu dữ liệu là cơ quan quản lý.", []),
        ("1. Tăng cường công tác tuyên truyền.", []),
        ("1. Ủy ban Kiểm tra Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy kiểm tra việc thực hiện.", ["Ủy ban Kiểm tra Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"]),
        ("1. Chi cục Hải quan nơi đăng ký tờ khai (nơi đi) hướng dẫn người khai.", ["Chi cục Hải quan nơi đăng ký tờ khai"]),
        ("1. Bộ Công an (Cục C06) hướng dẫn việc cấp mã định danh.", ["Bộ Công an (Cục C06)"]),
        ("1. Khai báo nhiều tờ khai chung container\nChi cục Hải quan nơi đăng ký tờ khai hướng dẫn người khai.", ["Chi cục Hải quan nơi đăng ký tờ khai"]),
        ("1. Hàng lẻ đưa vào kho CFS\n- Kiểm tra hồ sơ.\n- Chi cục Hải quan nơi quản lý kho CFS hướng dẫn doanh nghiệp.", ["Chi cục Hải quan nơi quản lý kho CFS"]),
        ("1. Tăng cường tuyên truyền, phối hợp với\nSở Y tế tổ chức tiêm chủng.", []),
        ("1. Kết quả năm 2025.\nSở Y tế đã tổ chức tiêm chủng.", []),
        ("1. Đẩy mạnh tuyên truyền về tiêm chủng vắc xin, phối hợp chặt chẽ với các cơ quan\nĐài Phát thanh và Truyền hình tỉnh đưa tin.", []),
        ("1. Trường hợp doanh nghiệp cảng gửi sai số hiệu container, Chi cục Hải quan nơi quản lý cảng hướng dẫn doanh nghiệp gửi lại.", ["Chi cục Hải quan nơi quản lý cảng"]),
        ("1. Đối với hàng nhập khẩu đã thông quan Chi cục Hải quan nơi lưu giữ hàng hóa xác nhận trên hệ thống.", ["Chi cục Hải quan nơi lưu giữ hàng hóa"]),
        ("1. Trường hợp cần thiết, người dân liên hệ với Trạm Y tế xã để được hướng dẫn.", []),
        ("1. Khi có ca mắc mới. Sở Y tế đã tổ chức truy vết.", []),
        ("1. Vẻ đầu tư: Giao Sở Tài chính chủ trì thẩm định.", ["Sở Tài chính"]),  # "Về" as OCR read it
        ("1. Các đoàn thể, tổ chức xã hội:\nHuy động hội viên tham gia vệ sinh môi trường.", ["Các đoàn thể, tổ chức xã hội"]),
        ("1. Sở Y tế tổ chức tiêm chủng cho người dân.", ["Sở Y tế"]),
        ("1. UBND tỉnh ủy quyền cho Giám đốc Sở Nội vụ quyết định bổ nhiệm.", ["Giám đốc Sở Nội vụ"]),
        ("1. Hội đồng nhân dân Thành phố giao Ủy ban nhân dân Thành phố tổ chức thực hiện.", ["Ủy ban nhân dân Thành phố"]),
        ("1. Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo lực lượng tham gia.", ["Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Công an"]),
        ("1. Các bộ, ngành trên cơ sở nhiệm vụ được giao rà soát quy định.", ["Các bộ, ngành"]),
        ("1. Bộ Giao thông vận tải hướng dẫn các địa phương.", ["Bộ Giao thông vận tải"]),
        ("1. Giao Thường trực Hội đồng nhân dân thành phố trong phạm vi, nhiệm vụ, quyền hạn giám sát việc thực hiện.", ["Thường trực Hội đồng nhân dân thành phố"]),
        ("1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng, trong đó trọng tâm là các tỉnh:\nĐắk Lắk, Gia Lai: a) Tổ chức xây dựng kế hoạch cụ thể.", ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng"]),
        ("1. Chánh Văn phòng Bộ, Vụ trưởng Vụ Tổ chức - Biên chế chịu trách nhiệm thi hành.", ["Chánh Văn phòng Bộ", "Vụ trưởng Vụ Tổ chức - Biên chế"]),
        ("1. Thủ trưởng các Cục, Vụ và các đơn vị có liên quan chịu trách nhiệm thi hành.", ["Thủ trưởng các Cục, Vụ"]),
        ("1. Bộ Quốc phòng chủ trì, phối hợp với Bộ Nội vụ[4], Bộ Tài chính hướng dẫn thực hiện.", ["Bộ Quốc phòng", "Bộ Nội vụ", "Bộ Tài chính"]),
        ("1. Sở Tài chính chủ trì, phối hợp với Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh) để thiết lập quy trình điện tử.", ["Sở Tài chính", "Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)"]),
        ("1. Sở Tài chính chủ trì, phối hợp với Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh): Xây dựng quy trình điện tử.", ["Sở Tài chính", "Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh)"]),
        ("1. Tổng cục Thuế đề nghị Cục Thuế các tỉnh, thành phố\n1.1. Tuyên truyền các quy định về gia hạn nộp thuế.", ["Cục Thuế các tỉnh, thành phố"]),
        ("1. Ủy ban nhân dân tỉnh yêu cầu Sở Y tế khẩn trương rà soát các điểm tiêm.", ["Sở Y tế"]),
        ("1. Văn bản xác nhận thiệt hại do Ủy ban nhân dân cấp xã cấp.", []),
        ("1. Căn cứ nội dung Kế hoạch, các sở, ngành và Ủy ban nhân dân các xã, phường được phân công chủ trì xây dựng kế hoạch.", ["các sở, ngành", "Ủy ban nhân dân các xã, phường"]),
        ("1. Sở Y tế được biết tình hình dịch trên địa bàn.", []),
        ("1. Sở Công Thương chủ trì, phối hợp triển khai các nhiệm vụ chuyển đổi số.", ["Sở Công Thương"]),
        ("1. Tổ chức, bộ máy\n- Kiện toàn Ban Chỉ đạo về chuyển đổi số tỉnh.", []),
        ("1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý các Khu công nghiệp tỉnh) hướng dẫn nhà đầu tư.", ["Sở Tài chính", "Ban Quản lý các Khu công nghiệp tỉnh"]),
        ("1. Cơ quan chủ trì giải quyết thủ tục đầu tư hướng dẫn nhà đầu tư.", []),
        ("1. Tình hình thực hiện dự toán ngân sách năm 2025\n- Thu ngân sách đạt kế hoạch.", []),
        ("1. Tổng mức chi đối với mỗi văn bản\n- Chi xây dựng đề cương.", []),
        ("1. Tổng cục Thuế hướng dẫn các Cục Thuế thực hiện.", ["Tổng cục Thuế"]),
        ("1. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh tuyên truyền, vận động hội viên.", ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh"]),
        ("1. Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường Trên cơ sở Kế hoạch này, các sở, ban, ngành Tỉnh xây dựng kế hoạch.", ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"]),
        ("1. Các sở, ban, ngành thành phố căn cứ chức năng, nhiệm vụ được giao và Kế hoạch này, xây dựng kế hoạch.", ["Các sở, ban, ngành thành phố"]),
        ("1. Đồng chí Bí thư Tỉnh ủy và Chủ tịch Ủy ban nhân dân tỉnh trực tiếp chỉ đạo công tác ứng phó.", ["Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"]),
        ("1. Các Sở, ban, ngành, UBND cấp xã theo chức năng quản lý của mình, có trách nhiệm cung cấp thông tin.", ["Các Sở, ban, ngành", "UBND cấp xã"]),
        ("1. Giảm thiểu các tác động tiêu cực của kinh tế số\n- Tuyên truyền cho người dân.", []),
        ("1. Cục Kết cấu hạ tầng tham mưu việc chỉ đạo các địa phương.", ["Cục Kết cấu hạ tầng"]),  # "tầng" is no "tăng"
        ("1. Giám đốc Sở Y tế căn cứ tình hình thực tế, chỉ đạo các cơ sở.", ["Giám đốc Sở Y tế"]),
        ("1. Sở Nội vụ (Cơ quan thường trực Ban Vì sự tiến bộ phụ nữ):\n- Chủ trì tổng hợp kết quả.", ["Sở Nội vụ"]),
        ("1. Đề nghị Hội Liên hiệp Phụ nữ Thành phố, các tổ chức thành viên của Mặt trận -\nTuyên truyền, vận động hội viên.", ["Hội Liên hiệp Phụ nữ Thành phố", "các tổ chức thành viên của Mặt trận"]),
    ],
)  # fmt: skip
def test_assignee_is_the_subject_of_the_duty(item: str, names: list[str]) -> None:
    parsed = parse_dispatch(f"Số: 1/UBND-VX\n{item}\n").to_json()
    assert _names(parsed["tasks"][0]) == names


def test_the_directory_never_cuts_inside_a_name(directory: OrgDirectory) -> None:
    parsed = parse_dispatch(
        "Số: 2813/QĐ-UBND\n1. Ủy ban nhân dân các xã, phường tăng cường kiểm tra.\n",
        resolve_org=directory.resolve,
    ).to_json()
    (assignee,) = parsed["tasks"][0]["assignees"]
    assert assignee["name"] == "Ủy ban nhân dân các xã, phường"
    assert assignee["org_id"] != "bg.ubnd"  # not the province's People's Committee


def test_a_long_list_of_agencies_is_read_whole() -> None:
    item = (
        "1. Giao Ban Tổ chức Tỉnh ủy, Ủy ban Kiểm tra Tỉnh ủy, Ban Tuyên giáo và Dân vận Tỉnh ủy, "
        "Văn phòng Tỉnh ủy, Đảng ủy Ủy ban nhân dân tỉnh, Sở Nội vụ, Sở Tài chính, Sở Y tế, "
        "Sở Giáo dục và Đào tạo, Sở Văn hóa, Thể thao và Du lịch theo chức năng, nhiệm vụ được "
        "giao chủ trì triển khai thực hiện."
    )
    parsed = parse_dispatch(f"Số: 1/UBND-VX\n{item}\n").to_json()
    names = _names(parsed["tasks"][0])
    assert len(names) == 10
    assert names[1] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert names[-1] == "Sở Văn hóa, Thể thao và Du lịch"


def test_a_long_clause_without_a_duty_names_nobody() -> None:
    clause = " ".join(["Sở Y tế tỉnh trong thời gian qua"] + ["đã có nhiều nỗ lực"] * 12) + "."
    parsed = parse_dispatch(f"Số: 1/UBND-VX\n1. {clause}\n").to_json()
    assert _names(parsed["tasks"][0]) == []


@pytest.mark.parametrize(
    ("item", "assignees", "when"),
    [
        (
            "1. Tuyên truyền về tiêm chủng vắc xin phòng COVID-19\n"
            "- Nội dung: đẩy mạnh tuyên truyền trên các phương tiện thông tin đại chúng.\n"
            "- Đơn vị chủ trì: Sở Y tế.\n"
            "- Đơn vị phối hợp: Sở Văn hóa, Thể thao và Du lịch, Đài Phát thanh và Truyền hình "
            "tỉnh.\n- Thời gian thực hiện: hằng tháng.\n",
            [
                ("Sở Y tế", "lead"),
                ("Sở Văn hóa, Thể thao và Du lịch", "support"),
                ("Đài Phát thanh và Truyền hình tỉnh", "support"),
            ],
            (None, "monthly"),
        ),
        # As a web copy breaks the lines: a lead line wrapped mid-name is read whole.
        (
            "1. Về dữ liệu\na) Nhiệm vụ: xây dựng cơ sở dữ liệu dùng chung.\n"
            "b) Cơ quan thực hiện:\n- Đơn vị chủ trì: Sở Khoa học\nvà Công nghệ.\n"
            "- Đơn vị phối hợp: Công an Thành\nphố, UBND xã, phường.\n"
            "c) Thời gian thực hiện: Hoàn thành trong năm 2025.\n",
            [
                ("Sở Khoa học và Công nghệ", "lead"),
                ("Công an Thành phố", "support"),
                ("UBND xã, phường", "support"),
            ],
            ("2025-12-31", None),
        ),
    ],
)
def test_a_plans_lead_and_partner_lines_name_its_agencies(
    item: str, assignees: list[tuple[str, str]], when: tuple[str | None, str | None]
) -> None:
    task = parse_dispatch(f"Số: 308/KH-UBND\n{item}").to_json()["tasks"][0]
    assert [(a["name"], a["role"]) for a in task["assignees"]] == assignees
    assert (task["deadline"], task["recurrence"]) == when
