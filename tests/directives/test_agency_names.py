"""The names of public bodies end a duty's subject where the name ends, whatever verb follows."""

from __future__ import annotations

import pytest

from loa.directives.agencies import find_assignees
from loa.directives.parse import parse_dispatch
from loa.directives.subject_words import names_a_body


def _names(item: str) -> list[str]:
    return [a.name for a in find_assignees([item], item, None)]


@pytest.mark.parametrize(
    ("item", "names"),
    [
        # Verbs the vocabulary does not hold: the known name ends the subject.
        (
            "Sở Văn hóa, Thể thao và Du lịch hoãn các lễ hội đông người.",
            ["Sở Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "Trường Chính trị tỉnh, Trung tâm Chính trị các huyện đưa nội dung phòng dịch vào bài giảng.",
            ["Trường Chính trị tỉnh", "Trung tâm Chính trị các huyện"],
        ),
        # A verb inside a known name is part of the name.
        (
            "Sở Kế hoạch và Đầu tư, Trung tâm Kiểm soát bệnh tật tỉnh rà soát danh mục.",
            ["Sở Kế hoạch và Đầu tư", "Trung tâm Kiểm soát bệnh tật tỉnh"],
        ),
        # A body inside a name, and the place after it, stay in it.
        (
            "Bảo hiểm xã hội Bộ Quốc phòng phối hợp thực hiện.",
            ["Bảo hiểm xã hội Bộ Quốc phòng"],
        ),
        (
            "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương báo cáo kết quả.",
            ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"],
        ),
        (
            "Ban Tuyên giáo các huyện ủy, thành ủy hướng dẫn báo cáo viên.",
            ["Ban Tuyên giáo các huyện ủy, thành ủy"],
        ),
        # "nơi ...", "trực thuộc ...": the name goes on.
        (
            "Chi cục Hải quan nơi lưu giữ hàng hóa kiểm tra niêm phong.",
            ["Chi cục Hải quan nơi lưu giữ hàng hóa"],
        ),
    ],
)
def test_a_known_body_ends_the_subject_where_its_name_does(item: str, names: list[str]) -> None:
    assert _names(item) == names


@pytest.mark.parametrize(
    "item",
    [
        "Bộ Y tế đã ban hành Quyết định số 1234/QĐ-BYT hướng dẫn cách ly.",
        "Ủy ban nhân dân tỉnh vừa nhận Công văn số 12/BYT-DP của Bộ Y tế.",
        "Sở Y tế tỉnh trong thời gian qua đã có nhiều nỗ lực.",
    ],
)
def test_what_a_body_did_is_no_duty(item: str) -> None:
    assert _names(item) == []


def test_a_title_shared_before_a_colon_goes_back_to_each_body() -> None:
    item = "Giao Giám đốc Sở: Tài chính, Y tế cùng các ngành, đơn vị có liên quan triển khai."
    assert _names(item) == ["Giám đốc Sở Tài chính", "Giám đốc Sở Y tế"]


def test_a_head_shared_inside_a_list_stops_at_the_next_name() -> None:
    text = (
        "Số: 10/QĐ-UBND\nĐiều 1. Ban hành mức hỗ trợ.\nĐiều 2. Các ông (bà): Chánh Văn phòng "
        "UBND tỉnh, Giám đốc các Sở: Tài chính, Kế hoạch và Đầu tư, Giám đốc Kho bạc Nhà nước "
        "tỉnh và Thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này.\n"
    )
    article = parse_dispatch(text).to_json()["tasks"][-1]
    assert [a["name"] for a in article["assignees"]] == [
        "Chánh Văn phòng UBND tỉnh",
        "Giám đốc Sở Tài chính",
        "Giám đốc Sở Kế hoạch và Đầu tư",
        "Giám đốc Kho bạc Nhà nước tỉnh",
    ]


def test_a_later_sentence_that_gives_the_duty_names_the_assignee() -> None:
    item = (
        "Thống nhất chủ trương hợp tác tuyên truyền năm 2022. Giao Giám đốc Sở Tài chính phối "
        "hợp thẩm định kinh phí thực hiện."
    )
    assert _names(item) == ["Giám đốc Sở Tài chính"]


def test_a_title_over_a_plural_governs_the_body_and_joins_to_it() -> None:
    item = "Giám đốc các Bệnh viện và Viện có giường bệnh chịu trách nhiệm thi hành."
    assert _names(item) == ["Giám đốc các Bệnh viện và Viện có giường bệnh"]


def test_sections_named_after_bodies_hold_duties_and_others_do_not() -> None:
    assert names_a_body("Các Chi cục Hải quan trên toàn quốc")
    assert names_a_body("Sở Y tế")
    assert not names_a_body("QUẢN LÝ TÀI LIỆU LƯU TRỮ")
    text = (
        "Số: 5/TCHQ-GSQL\nI. MỤC ĐÍCH\n1. Bảo đảm thông quan nhanh.\n"
        "II. Các Chi cục Hải quan cửa khẩu\n1. Kiểm tra niêm phong hàng hóa.\n"
        "2. Báo cáo vướng mắc về Tổng cục.\n"
    )
    tasks = parse_dispatch(text).to_json()["tasks"]
    assert [t["text"][:10] for t in tasks] == ["Kiểm tra n", "Báo cáo vư"]


def test_a_header_line_naming_a_body_and_the_one_under_it_gives_both() -> None:
    text = (
        "BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự "
        "do - Hạnh phúc\nSố: 778/TCHQ-GSQL\nHà Nội, ngày 13 tháng 02 năm 2017\n"
        "Kính gửi: Cục Hải quan các tỉnh, thành phố.\n1. Hướng dẫn khai báo.\n"
    )
    parsed = parse_dispatch(text).to_json()
    assert (parsed["issuer"], parsed["issuer_parent"]) == ("TỔNG CỤC HẢI QUAN", "BỘ TÀI CHÍNH")


@pytest.mark.parametrize(
    ("item", "names"),
    [
        ("Các cơ quan, đơn vị, địa phương quán triệt, triển khai thực hiện.", []),
        ("Sở Nội vụ, các cơ quan, tổ chức tổng hợp báo cáo.", ["Sở Nội vụ"]),
        (
            "Các đơn vị cấp nước sạch trên địa bàn thành phố bảo đảm cấp nước.",
            ["Các đơn vị cấp nước sạch trên địa bàn thành phố"],
        ),
    ],
)
def test_words_that_only_say_body_or_place_name_nobody(item: str, names: list[str]) -> None:
    assert _names(item) == names


def test_those_a_later_request_or_a_hasty_lead_works_with_are_its_support() -> None:
    parsed = parse_dispatch(
        "Số: 623/TB-VPCP\nTHÔNG BÁO\nIII. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "1. Về kiến nghị đầu tư xây dựng tuyến cao tốc:\n\n"
        "Đề nghị Ủy ban nhân dân tỉnh Đắk Lắk chủ trì, phối hợp với Bộ Xây dựng để làm rõ sự "
        "cần thiết của dự án.\n\n"
        "2. Về kiến nghị xem xét chương trình:\n\n"
        "Bộ Nông nghiệp và Môi trường khẩn trương chủ trì, phối hợp với Bộ Dân tộc và Tôn giáo "
        "và các cơ quan liên quan, hoàn thiện Báo cáo.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [
        ["Ủy ban nhân dân tỉnh Đắk Lắk", "Bộ Xây dựng"],
        ["Bộ Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo"],
    ]


def test_the_province_a_notice_of_conclusions_speaks_to_is_the_subject() -> None:
    parsed = parse_dispatch(
        "Số: 623/TB-VPCP\nTHÔNG BÁO\nII. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI\n"
        "Để tiếp tục tháo gỡ các khó khăn, đạt mục tiêu tăng trưởng 8% của Tỉnh, tỉnh Đắk Lắk "
        "cần tiếp tục thực hiện quyết liệt các chủ trương, trong đó tập trung một số nội dung sau:\n"
        "1. Rà soát các chỉ tiêu phát triển kinh tế - xã hội.\n"
        "2. Đẩy mạnh giải ngân đầu tư công.\n"
        "III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "1. Về kiến nghị bố trí xe ô tô: Tỉnh căn cứ các quy định hiện hành để sắp xếp.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [
        ["tỉnh Đắk Lắk"],
        ["tỉnh Đắk Lắk"],
        ["Tỉnh"],
    ]


def test_the_leaders_of_listed_provinces_are_named_one_by_one() -> None:
    parsed = parse_dispatch(
        "Số: 223/CĐ-TTg\nCÔNG ĐIỆN\n"
        "1. Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Gia Lai và "
        "lãnh đạo các Bộ, ngành tiếp tục tập trung chỉ đạo ứng phó mưa lũ.\n"
        "2. Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa,\nGia Lai:\n"
        "- Chịu trách nhiệm toàn diện về công tác ứng phó thiên tai.\n"
    ).to_json()
    first, second = ([a["name"] for a in t["assignees"]] for t in parsed["tasks"])
    assert first[:4] == [
        "Bí thư tỉnh ủy Khánh Hòa",
        "Bí thư tỉnh ủy Gia Lai",
        "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai",
    ]
    assert second == [
        "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai",
    ]


@pytest.mark.parametrize(
    ("item", "names"),
    [
        # Two words of haste before the duty: the partner after it is still read.
        (
            "Ban Quản lý Dự án 85 khẩn trương tiếp tục chủ trì, phối hợp với Sở Xây dựng Lâm Đồng "
            "và các cơ quan, đơn vị có liên quan để khảo sát.",
            ["Ban Quản lý Dự án 85", "Sở Xây dựng Lâm Đồng"],
        ),
        # A department whose name ends on a verb of the vocabulary ("xây dựng").
        (
            "Cục Kết cấu hạ tầng xây dựng theo dõi sát tình hình mưa lũ.",
            ["Cục Kết cấu hạ tầng xây dựng"],
        ),
        # Bodies after a case that opens the item, the first of them in lower case.
        (
            "Trong quá trình triển khai thực hiện Kế hoạch, nếu có khó khăn, vướng mắc, các sở, "
            "ban, ngành, Ủy ban nhân dân các xã, phường kịp thời phản ánh về Ban Chỉ huy.",
            ["các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"],
        ),
    ],
)
def test_subjects_past_haste_long_names_and_cases(item: str, names: list[str]) -> None:
    assert _names(item) == names


def test_a_plans_line_of_who_leads_the_advice_names_the_lead() -> None:
    parsed = parse_dispatch(
        "Số: 141/KH-UBND\nKẾ HOẠCH\nIII. NHIỆM VỤ\n"
        "1. Nghiên cứu giải pháp thu hút nguồn nhân lực.\n"
        "Đơn vị chủ trì tham mưu thực hiện: Sở Nội vụ.\n"
        "Đơn vị phối hợp thực hiện: Sở Tư pháp.\n"
    ).to_json()
    assert [(a["name"], a["role"]) for a in parsed["tasks"][0]["assignees"]] == [
        ("Sở Nội vụ", "lead"),
        ("Sở Tư pháp", "support"),
    ]


@pytest.mark.parametrize(
    ("item", "names"),
    [
        # The heads of whatever bodies are concerned name no body in particular.
        (
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp, Thủ trưởng các cơ quan, "
            "đơn vị và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
            ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tư pháp"],
        ),
        ("Các cơ quan, đơn vị, địa phương, doanh nghiệp tổ chức quán triệt Kế hoạch.", []),
        # "Giao đồng chí Bộ trưởng ...": the comrade's office, not the word "đồng chí".
        (
            "Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra, rà soát.",
            ["Bộ trưởng Bộ Xây dựng"],
        ),
        # A list of provinces and centrally-run cities under one People's Committee head.
        (
            "Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Hồ Chí Minh quyết liệt chỉ đạo.",
            ["Ủy ban nhân dân tỉnh Tuyên Quang", "Ủy ban nhân dân thành phố Hồ Chí Minh"],
        ),
    ],
)
def test_heads_of_whoever_is_concerned_comrades_and_cities(item: str, names: list[str]) -> None:
    assert _names(item) == names


@pytest.mark.parametrize(
    ("item", "names"),
    [
        # "đơn vị" after a body's name is a role of its own, not more of the department's name.
        (
            "UBND các xã, phường: Phối hợp với Sở Nông nghiệp và Môi trường, đơn vị được lựa "
            "chọn quan trắc môi trường triển khai Kế hoạch.",
            ["UBND các xã, phường", "Sở Nông nghiệp và Môi trường"],
        ),
        # "... và cơ quan, tổ chức, cá nhân có liên quan": the communes stay, the rest names nobody.
        (
            "Chánh Văn phòng UBND tỉnh; UBND các xã, phường và cơ quan, tổ chức, cá nhân có liên "
            "quan chịu trách nhiệm thi hành Quyết định này.",
            ["Chánh Văn phòng UBND tỉnh", "UBND các xã, phường"],
        ),
    ],
)
def test_a_role_after_a_bodys_name_names_nobody(item: str, names: list[str]) -> None:
    assert _names(item) == names


def test_a_lead_in_that_hands_out_duties_makes_its_items_tasks_of_the_city() -> None:
    # A notice's "I. ĐÁNH GIÁ CHUNG" ends on the duties the city must carry out: its items are
    # tasks, and those that name nobody are the city's.
    parsed = parse_dispatch(
        "Số: 641/TB-VPCP\nTHÔNG BÁO\n"
        "I. ĐÁNH GIÁ CHUNG\n"
        "Thành phố đã hoàn thành việc sắp xếp bộ máy.\n"
        "Để tiếp tục vận hành chính quyền địa phương 02 cấp hiệu quả, thành phố Đà Nẵng cần tập "
        "trung thực hiện tốt một số nhiệm vụ, giải pháp sau đây:\n"
        "1. Tăng cường hiệu quả hoạt động của bộ máy chính quyền cấp xã.\n"
        "2. Thúc đẩy mạnh mẽ chuyển đổi số.\n"
        "II. VỀ CÁC ĐỀ XUẤT, KIẾN NGHỊ CỦA THÀNH PHỐ\n"
        "1. Về đề nghị ban hành hướng dẫn: giao Bộ Nội vụ nghiên cứu, hướng dẫn.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [
        ["thành phố Đà Nẵng"],
        ["thành phố Đà Nẵng"],
        ["Bộ Nội vụ"],
    ]


def test_a_plans_content_section_that_heads_each_item_with_a_body_holds_tasks() -> None:
    parsed = parse_dispatch(
        "Số: 165/KH-UBND\nKẾ HOẠCH\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Mục đích\nNâng cao chất lượng dân số.\n"
        "II. NỘI DUNG THỰC HIỆN\n"
        "1. Sở Y tế\nChủ trì tham mưu triển khai Kế hoạch.\n"
        "2. Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ\n"
        "Chỉ đạo các cơ quan truyền thông tăng thời lượng tuyên truyền.\n"
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố\n"
        "Phối hợp với các ngành, các cấp tăng cường tuyên truyền.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [
        ["Sở Y tế"],
        # "Cần Thơ" is the city, not the verb "cần".
        ["Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình Cần Thơ"],
        # "các ngành, các cấp" names no body in particular.
        ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"],
    ]


def test_a_later_paragraph_that_gives_other_bodies_a_duty_adds_them() -> None:
    parsed = parse_dispatch(
        "Số: 232/CĐ-TTg\nCÔNG ĐIỆN\n"
        "1. Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai chỉ đạo rà soát, báo cáo về "
        "một số nội dung sau:\n"
        "(1) Số hộ dân có nhà bị sập.\n"
        "Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai khẩn trương gửi Báo cáo về Văn phòng Chính "
        "phủ trước 17 giờ ngày 27/11/2025.\n"
        "Chủ tịch Ủy ban nhân dân cấp tỉnh chịu trách nhiệm về tính trung thực của số liệu.\n"
        "2. Bộ trưởng Bộ Tài chính tổng hợp, đề xuất nguồn lực.\n"
        "Văn phòng Chính phủ trân trọng thông báo đến các bộ, cơ quan liên quan./.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [
        [
            "Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk",
            "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai",
            "Ủy ban nhân dân tỉnh Đắk Lắk",
            "Ủy ban nhân dân tỉnh Gia Lai",
        ],
        # The issuer's closing ("... trân trọng thông báo đến ...") is not the last item's.
        ["Bộ trưởng Bộ Tài chính"],
    ]
    assert parsed["tasks"][0]["deadline"] == "2025-11-27"


@pytest.mark.parametrize(
    "closing",
    [
        "Cục Hải quan trả lời để Công ty\nbiết./.",
        "Cục Thuế có ý kiến để Thuế tỉnh Phú Thọ được biết./.",
        "Văn phòng Chính phủ thông\nbáo để các cơ quan biết, thực hiện./.",
        "Văn phòng Chính phủ xin trân trọng thông báo./.",
    ],
)
def test_the_issuers_closing_answer_is_not_part_of_the_last_item(closing: str) -> None:
    parsed = parse_dispatch(
        "Số: 5388/CT-CS\nKính gửi: Thuế tỉnh Phú Thọ.\n"
        "1. Về hóa đơn: Thuế tỉnh Phú Thọ căn cứ quy định để thực hiện.\n"
        "2. Về xử phạt: đề nghị Công ty nghiên cứu quy định.\n"
        f"{closing}\n"
    ).to_json()
    assert [a["name"] for a in parsed["tasks"][1]["assignees"]] == ["Công ty"]
    assert (parsed["closing"] or "").startswith(closing.split()[0])


def test_heads_of_departments_and_a_peoples_committee_are_two_names() -> None:
    assert _names(
        "Thủ trưởng các sở, ban, ngành và Ủy ban nhân dân phường, xã, đặc khu căn cứ chức năng, "
        "nhiệm vụ tổ chức triển khai thực hiện Kế hoạch."
    ) == ["Thủ trưởng các sở, ban, ngành", "Ủy ban nhân dân phường, xã, đặc khu"]


def test_bodies_listed_with_individuals_name_nobody_in_particular() -> None:
    assert _names(
        "Chánh Văn phòng Ủy ban nhân dân thành phố; Chủ tịch Ủy ban nhân dân các xã, phường; Thủ "
        "trưởng các cơ quan, tổ chức, cá nhân chịu trách nhiệm thi hành Quyết định này."
    ) == ["Chánh Văn phòng Ủy ban nhân dân thành phố", "Chủ tịch Ủy ban nhân dân các xã, phường"]


@pytest.mark.parametrize(
    ("item", "names"),
    [
        # Provinces after "các tỉnh" without a colon, one by one.
        (
            "Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh tiến độ lập Báo cáo.",
            ["Thành phố Hà Nội", "tỉnh Bắc Ninh", "tỉnh Gia Lai"],
        ),
        # A People's Committee's head shared by the places listed after it.
        (
            "Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh và tỉnh Quảng Ninh trực tiếp "
            "hỗ trợ chi viện lương thực.",
            [
                "Ủy ban nhân dân thành phố Hà Nội",
                "Ủy ban nhân dân thành phố Hồ Chí Minh",
                "Ủy ban nhân dân tỉnh Quảng Ninh",
            ],
        ),
        # "Ngân sách" is money, not a bank.
        ("Ngân sách thành phố bảo đảm kinh phí thực hiện Kế hoạch.", []),
    ],
)
def test_places_listed_under_one_head_and_money_that_is_no_body(
    item: str, names: list[str]
) -> None:
    assert _names(item) == names


def test_a_lettered_point_under_a_title_is_read_with_its_wrapped_lines() -> None:
    parsed = parse_dispatch(
        "Số: 627/TB-VPCP\nTHÔNG BÁO\n"
        "1. Hoàn thành mục tiêu đưa vào\nkhai thác 3.000 km đường bộ cao tốc\n"
        "a) Yêu cầu các bộ, ngành, địa phương phải tiếp tục nâng cao hơn nữa.\n"
        "b) Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ\nđạo kiểm tra, rà soát.\n"
        "c) Ủy ban nhân dân các tỉnh, thành phố: Tuyên\nQuang, Đồng Nai quyết liệt chỉ đạo.\n"
        "Văn phòng Chính phủ theo dõi, đôn đốc các Bộ, địa\nphương thực hiện nghiêm túc Thông "
        "báo này./.\n"
    ).to_json()
    assert [a["name"] for a in parsed["tasks"][0]["assignees"]] == [
        "các bộ, ngành, địa phương",
        "Bộ trưởng Bộ Xây dựng",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
        "Ủy ban nhân dân tỉnh Đồng Nai",
    ]
    assert (parsed["closing"] or "").startswith("Văn phòng Chính phủ theo dõi")


@pytest.mark.parametrize(
    ("item", "names"),
    [
        # A partner named later in the subject's clause supports it.
        (
            "Sở Nội vụ có trách nhiệm chủ trì hướng dẫn, theo dõi việc thực hiện, phối hợp với Văn "
            "phòng UBND tỉnh kiểm tra định kỳ; tổng hợp báo cáo UBND tỉnh.",
            ["Sở Nội vụ", "Văn phòng UBND tỉnh"],
        ),
        # ... but not in a later clause, and the same group is named once.
        (
            "Các bộ, cơ quan, địa phương theo chức năng, nhiệm vụ được giao triển khai thực hiện, "
            "phối hợp với các bộ, cơ quan, địa phương; báo cáo kết quả, phối hợp với Bộ Tài chính.",
            ["Các bộ, cơ quan, địa phương"],
        ),
    ],
)
def test_a_partner_later_in_the_subjects_clause(item: str, names: list[str]) -> None:
    assert _names(item) == names
