"""Who the articles of a decision assign (Điều 1., Điều 2. ...)."""

from __future__ import annotations

from typing import Any

import pytest

from loa.directives.parse import parse_dispatch


def _names(text: str) -> list[list[str]]:
    parsed: dict[str, Any] = parse_dispatch(f"Số: 3176/QĐ-BYT\nQUYẾT ĐỊNH:\n{text}").to_json()
    return [[a["name"] for a in task["assignees"]] for task in parsed["tasks"]]


def test_the_clause_of_who_carries_it_out_is_read_after_the_effect_paragraph() -> None:
    assert _names(
        "Điều 1. Ban hành mẫu thẻ bảo hiểm y tế.\n"
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
        "Trưởng Ban Sổ - Thẻ, Chánh Văn phòng, Giám đốc Bảo hiểm xã hội các tỉnh chịu trách "
        "nhiệm thi hành Quyết định này./.\n"
    ) == [[], ["Trưởng Ban Sổ - Thẻ", "Chánh Văn phòng", "Giám đốc Bảo hiểm xã hội các tỉnh"]]


def test_a_clause_that_is_only_a_name_above_its_points_names_its_agency() -> None:
    assert _names(
        "Điều 1. Tổ chức thực hiện\n"
        "1. Bảo hiểm xã hội Việt Nam\n"
        "a) Bảo đảm các điều kiện cần thiết để tiếp nhận dữ liệu;\n"
        "b) Thông báo trước cho các cơ sở khám bệnh, chữa bệnh.\n"
    ) == [["Bảo hiểm xã hội Việt Nam"]]


def test_a_polite_opener_is_not_part_of_the_first_name() -> None:
    assert _names(
        "Điều 4. Các Ông, Bà Chánh Văn phòng Bộ Y tế, Vụ trưởng Vụ Bảo hiểm y tế và Vụ trưởng "
        "các Vụ chịu trách nhiệm thi hành Quyết định này.\n"
    ) == [["Chánh Văn phòng Bộ Y tế", "Vụ trưởng Vụ Bảo hiểm y tế", "Vụ trưởng các Vụ"]]


def test_a_short_first_line_that_runs_on_after_a_colon_is_no_article_title() -> None:
    # How a scan breaks the line: the first line is short, has no full stop and is no title.
    assert _names(
        "Điều 5. Các ông (bà): Chánh văn phòng Bộ, Chánh Thanh tra Bộ, Vụ trưởng Vụ Bảo\n"
        "hiểm y tế chịu trách nhiệm thi hành Quyết định này./.\n"
    ) == [["Chánh văn phòng Bộ", "Chánh Thanh tra Bộ", "Vụ trưởng Vụ Bảo hiểm y tế"]]


def test_words_that_only_look_like_agency_heads_name_nobody() -> None:
    assert _names(
        "Điều 1. Mặt sau của thẻ in các lưu ý sau:\n"
        "1. Bảo quản cẩn thận, không cho người khác mượn thẻ.\n"
        "2. Trường hợp để mất hoặc hỏng, khi cấp lại phải nộp phí theo quy định.\n"
    ) == [[]]


def test_every_clause_of_an_implementation_article_names_its_agencies() -> None:
    assert _names(
        "Điều 4. Tổ chức thực hiện\n"
        "1. Bảo hiểm xã hội Việt Nam có trách nhiệm kiểm tra, hướng dẫn thực hiện.\n"
        "2. Bảo hiểm xã hội Bộ Quốc phòng, Bảo hiểm xã hội Công an nhân dân có trách nhiệm in "
        "phôi thẻ theo đúng quy định tại Quyết định này.\n"
    ) == [
        [
            "Bảo hiểm xã hội Việt Nam",
            "Bảo hiểm xã hội Bộ Quốc phòng",
            "Bảo hiểm xã hội Công an nhân dân",
        ]
    ]


def test_a_later_clause_gives_its_subject_not_those_it_works_with() -> None:
    assert _names(
        "Điều 18. Trách nhiệm của các cơ quan, tổ chức\n"
        "1. Văn phòng Trung ương Đảng có trách nhiệm hướng dẫn, kiểm tra việc chia sẻ dữ liệu.\n"
        "2. Ban Cơ yếu Chính phủ chủ trì, phối hợp với Cục Bưu điện Trung ương triển khai các "
        "sản phẩm mật mã.\n"
        "3. Văn phòng Chủ tịch nước, Văn phòng Quốc hội phối hợp với Văn phòng Trung ương Đảng "
        "trong việc chia sẻ dữ liệu.\n"
    ) == [
        [
            "Văn phòng Trung ương Đảng",
            "Ban Cơ yếu Chính phủ",
            "Văn phòng Chủ tịch nước",
            "Văn phòng Quốc hội",
        ]
    ]


def test_the_principles_of_a_plan_are_no_agency() -> None:
    assert _names(
        "Điều 2. Tổ chức thực hiện\n"
        "1. Quan điểm xây dựng Đề án:\n"
        "- Việc sắp xếp dân cư phải đồng thời với ổn định đời sống.\n"
    ) == [[]]


def _plan_names(text: str) -> list[list[str]]:
    parsed: dict[str, Any] = parse_dispatch(f"Số: 308/KH-UBND\nKẾ HOẠCH\n{text}").to_json()
    return [[a["name"] for a in task["assignees"]] for task in parsed["tasks"]]


def test_a_section_heading_wrapped_over_two_lines_is_read_whole() -> None:
    plan = (
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Nâng cao nhận thức của người dân.\n"
        "II. TỔ\n"
        "CHỨC THỰC HIỆN\n"
        "1. Sở Y tế chủ trì hướng dẫn các cơ sở y tế.\n"
        "2. Công an tỉnh bảo đảm an ninh trật tự.\n"
    )
    assert _plan_names(plan) == [["Sở Y tế"], ["Công an tỉnh"]]
    # A heading in sentence case stops at its line: the next capitals are a new section.
    assert _plan_names(plan.replace("II. TỔ\nCHỨC", "II. Tổ chức\nKIỂM TRA")) == []


def test_a_wrapped_line_that_opens_like_a_roman_numeral_is_no_section() -> None:
    guidance = (
        "I. CÁC CHI CỤC HẢI QUAN\n"
        "1. Chi cục Hải quan nơi đăng ký tờ khai hướng dẫn người khai thực hiện chức năng\n"
        "IX.B.7 “Duyệt tờ khai vận chuyển độc lập” trên Hệ thống.\n"
        "2. Chi cục Hải quan nơi lưu giữ hàng hóa kiểm tra container.\n"
    )
    assert _plan_names(guidance) == [
        ["Chi cục Hải quan nơi đăng ký tờ khai"],
        ["Chi cục Hải quan nơi lưu giữ hàng hóa"],
    ]


def test_a_section_after_headings_a_scan_misread_is_still_a_section() -> None:
    plan = (
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Nâng cao nhận thức của người dân.\n"
        "H. NỘI DUNG\n"  # "II." as the scan read it
        "1. Tuyên truyền trên báo chí.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế chủ trì hướng dẫn các cơ sở y tế.\n"
    )
    assert _plan_names(f"Tuyên truyền tiêm chủng\n{plan}") == [["Sở Y tế"]]


def test_a_sentence_wrapped_after_its_semicolon_goes_on_into_the_next_line() -> None:
    names = _names(
        "Điều 2. Tổ chức thực hiện\n"
        "1. Giao Sở Tài chính chủ trì, phối hợp các sở, ban ngành tỉnh;\n"
        "Ủy ban nhân dân các xã, phường có trách nhiệm theo dõi, cập nhật các quy định.\n"
    )
    assert "Ủy ban nhân dân các xã, phường" in names[0]


def test_an_article_and_a_clause_whose_number_a_web_copy_broke_off_are_read() -> None:
    assert _names(
        "**Điều 2. Tổ chức thực hiện.**\n"
        "1. Sở Khoa học và Công nghệ cập nhật dữ liệu thủ tục hành chính.\n"
        "2.\n"
        "Văn phòng UBND tỉnh đăng tải công khai Quyết định này.\n"
        "**Điều\n"
        "3. **Chánh Văn phòng UBND tỉnh; Giám đốc Sở Khoa học và Công nghệ chịu trách nhiệm thi "
        "hành Quyết định này./.\n"
    ) == [
        ["Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh"],
        ["Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Khoa học và Công nghệ"],
    ]


def test_an_article_titled_for_who_pays_a_fee_names_nobody() -> None:
    assert _names(
        "Điều 2. Người nộp phí\n"
        "Doanh nghiệp, hộ kinh doanh khi nộp hồ sơ đề nghị cơ quan quản lý nhà nước có thẩm "
        "quyền cấp giấy phép phải nộp phí theo quy định tại Thông tư này.\n"
    ) == [[]]


@pytest.mark.parametrize(
    ("article", "names"),
    [
        # Under its title, past the people it concerns ("các đối tượng được bồi thường").
        (
            "Điều 4. Trách nhiệm tổ chức thực hiện\n"
            "Các ông, bà: Chánh văn phòng Ủy ban nhân dân tỉnh; Chủ tịch Ủy ban nhân dân cấp xã; "
            "Thủ trưởng các ngành, đơn vị liên quan và các đối tượng được bồi thường, hỗ trợ chịu "
            "trách nhiệm thi hành Quyết định này./.\n",
            ["Chánh văn phòng Ủy ban nhân dân tỉnh", "Chủ tịch Ủy ban nhân dân cấp xã"],
        ),
        # A title wrapped after its first word.
        (
            "Điều 2. Điều\nkhoản thi hành\n"
            "1. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
            "2. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Quyết định "
            "này.\n",
            ["Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ"],
        ),
        # A department named for a verb, a plural shared by two heads.
        (
            "Điều 3. Các\nông, bà: Chánh Văn phòng Bộ; Vụ trưởng Vụ Tổ chức cán bộ; Thủ trưởng các "
            "Vụ, Cục thuộc Bộ Y tế chịu trách nhiệm thi hành Quyết định này./.\n",
            [
                "Chánh Văn phòng Bộ",
                "Vụ trưởng Vụ Tổ chức cán bộ",
                "Thủ trưởng các Vụ, Cục thuộc Bộ Y tế",
            ],
        ),
        # A list under a shared head ends at its semicolon; a name does not end on "và".
        (
            "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Nông nghiệp và Môi "
            "trường; Thủ trưởng các cơ quan, đơn vị cấp tỉnh; Chủ tịch UBND các xã, phường và tổ "
            "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.\n",
            [
                "Chánh Văn phòng UBND tỉnh",
                "Giám đốc Sở Tài chính",
                "Giám đốc Sở Nông nghiệp và Môi trường",
                "Thủ trưởng các cơ quan, đơn vị cấp tỉnh",
                "Chủ tịch UBND các xã, phường",
            ],
        ),
        # The effect's sentence before the names; a title shared after its colon; a second
        # shared head after a semicolon.
        (
            "Điều 2. Quyết định này có hiệu lực kể từ ngày 05/12/2025; Chánh Văn phòng UBND tỉnh; "
            "Giám đốc các Sở: Tư pháp, Nội vụ; Giám đốc: Trung tâm Phục vụ hành chính công tỉnh, "
            "Trung tâm Công báo - Tin học tỉnh chịu trách nhiệm thi hành Quyết định này.\n",
            [
                "Chánh Văn phòng UBND tỉnh",
                "Giám đốc Sở Tư pháp",
                "Giám đốc Sở Nội vụ",
                "Giám đốc Trung tâm Phục vụ hành chính công tỉnh",
                "Giám đốc Trung tâm Công báo - Tin học tỉnh",
            ],
        ),
        (
            "Điều 4. Chánh Văn phòng UBND tỉnh, Giám đốc Trung tâm Phục vụ hành chính công cấp "
            "tỉnh, cấp xã và tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
            "này.\n",
            [
                "Chánh Văn phòng UBND tỉnh",
                "Giám đốc Trung tâm Phục vụ hành chính công cấp tỉnh, cấp xã",
            ],
        ),
    ],
)
def test_who_carries_out_a_decision_is_read_whole(article: str, names: list[str]) -> None:
    assert _names(article) == [names]


def test_an_article_that_names_its_body_over_its_clauses_or_opens_on_its_title_assigns() -> None:
    assert _names(
        "Điều 3. Giám đốc Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi:\n"
        "1. Chịu trách nhiệm trước pháp luật về nội dung được ủy quyền.\n"
        "2. Báo cáo kết quả thực hiện hằng quý.\n"
        "Điều 4. Trách nhiệm thi hành Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc các Sở "
        "chịu trách nhiệm thi hành Quyết định này./.\n"
    ) == [
        ["Giám đốc Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi"],
        ["Chánh Văn phòng Ủy ban nhân dân thành phố", "Giám đốc các Sở"],
    ]


def test_an_articles_paragraph_that_gives_the_duty_by_name_before_its_clauses_assigns() -> None:
    assert _names(
        "Điều 1. Chính phủ cơ bản thống nhất với dự án Pháp lệnh do Bộ Công an trình tại văn bản "
        "số 661/TTr-BCA. Giao Bộ Công an chủ trì, phối hợp với các bộ, cơ quan ngang bộ nghiên "
        "cứu, tiếp thu ý kiến; Bộ Công an chịu trách nhiệm toàn diện về các nội dung tiếp thu, "
        "bảo đảm một số yêu cầu sau:\n"
        "1. Quán triệt đầy đủ các quan điểm của Đảng.\n"
        "2. Rà soát kỹ nội dung dự thảo Pháp lệnh.\n"
    ) == [["Bộ Công an", "các bộ, cơ quan ngang bộ"]]


def test_an_article_that_delegates_names_who_is_given_the_power() -> None:
    assert _names(
        "Điều 1. Ủy quyền cho Giám đốc Sở Nông nghiệp và Môi trường tiếp nhận, thẩm định và "
        "giải quyết một số thủ tục hành chính.\n"
        "Điều 2. Thanh tra Ngân hàng Nhà nước Thanh tra Ngân hàng Nhà nước thực hiện theo quy "
        "định tại Luật Thanh tra.\n"
        "Điều 3. Trách nhiệm của Ủy ban nhân dân Thành phố\n"
        "1. Ủy ban nhân dân Thành phố có quyền hạn và trách nhiệm:\n"
        "a) Thống nhất chỉ đạo thực hiện nhiệm vụ quản lý nhà nước.\n"
    ) == [
        ["Giám đốc Sở Nông nghiệp và Môi trường"],
        ["Thanh tra Ngân hàng Nhà nước"],
        ["Ủy ban nhân dân Thành phố"],
    ]


def test_an_article_whose_body_is_named_before_its_clauses_assigns_that_body() -> None:
    assert _names(
        "Điều 2. Sở Khoa học và Công nghệ có trách nhiệm:\n"
        "1. Đồng bộ dữ liệu thủ tục hành chính.\n2. Báo cáo kết quả.\n"
        "Điều 3. Sở Giáo dục và Đào tạo\n"
        "1. Chủ trì thực hiện tuyển dụng nhà giáo.\n2. Báo cáo kết quả.\n"
        "Điều 4. Giao Sở Công Thương căn cứ Danh mục thủ tục hành chính được công bố tại Điều 1 "
        "Quyết định này có trách nhiệm:\n1. Cung cấp đúng nội dung.\n"
        "Điều 5. Ủy quyền Giám đốc Sở Y tế thực hiện nhiệm vụ trong lĩnh vực dược.\n"
    ) == [
        ["Sở Khoa học và Công nghệ"],
        ["Sở Giáo dục và Đào tạo"],
        ["Sở Công Thương"],
        ["Giám đốc Sở Y tế"],
    ]


def test_an_article_titled_for_a_bodys_duties_assigns_it_when_its_clauses_name_nobody() -> None:
    assert _names(
        "Điều 3. Trách nhiệm của Sở Công Thương\n"
        "1. Tổ chức thực hiện đúng nhiệm vụ được phân cấp.\n2. Báo cáo kết quả.\n"
        "Điều 4. Trách nhiệm của các cơ quan\n1. Thực hiện đúng quy định.\n"
    ) == [["Sở Công Thương"], []]


def test_an_article_on_its_effect_assigns_who_a_later_paragraph_asks() -> None:
    assert _names(
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
        "Giao Văn phòng UBND tỉnh chủ trì, phối hợp với Sở Y tế thiết lập quy trình điện tử.\n"
    ) == [["Văn phòng UBND tỉnh", "Sở Y tế"]]  # the lead, and the body it works with


def test_an_article_titled_for_powers_names_nobody_however_long_its_title() -> None:
    assert _names(
        "Điều 3. Thẩm quyền quyết định phê duyệt phương án xử lý tài sản là tang vật, phương "
        "tiện vi phạm hành chính bị tịch thu trừ trường hợp quy định tại khoản 1 Điều 10 Nghị "
        "định số 77/2025/NĐ-CP\n"
        "1. Chủ tịch Ủy ban nhân dân thành phố quyết định phê duyệt phương án xử lý tài sản.\n"
        "2. Giám đốc Sở Tài chính quyết định phê duyệt phương án xử lý tài sản khác.\n"
        "Điều 4. Thẩm quyền, trách nhiệm quản lý nhà nước của các cơ quan\n"
        "1. Sở Nội vụ chủ trì tham mưu trình Ủy ban nhân dân tỉnh.\n"
        "Điều 5. Tổ chức thực hiện\n"
        "Sở Tài chính chủ trì, hướng dẫn thực hiện Quyết định này.\n"
    ) == [[], ["Sở Nội vụ"], ["Sở Tài chính"]]


def test_roman_lists_inside_an_article_are_its_text_not_sections() -> None:
    # A resolution lists border gates under Roman numerals inside Điều 1: every article is
    # still an item, and the one naming who carries it out keeps its bodies.
    assert _names(
        "Điều 1. Bổ sung các cửa khẩu quốc tế sau:\n"
        "I. DANH SÁCH CỬA KHẨU ĐƯỜNG HÀNG KHÔNG\n"
        "1. Cảng hàng không quốc tế Long Thành.\n"
        "II. DANH SÁCH CỬA KHẨU CẢNG\n"
        "1. Cửa khẩu cảng Chu Lai.\n"
        "Điều 2. Nghị quyết này có hiệu lực từ ngày ký.\n"
        "Điều 3. Bộ trưởng Bộ Công an, Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi chịu trách "
        "nhiệm thi hành Nghị quyết này.\n"
    ) == [[], [], ["Bộ trưởng Bộ Công an", "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"]]


def test_a_roman_heading_over_articles_still_groups_them() -> None:
    assert _names(
        "I. QUY ĐỊNH CHUNG\n"
        "Điều 1. Phạm vi điều chỉnh\n"
        "Quy định này quy định về lưu trữ.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "Điều 2. Giao Văn phòng Tỉnh ủy hướng dẫn thực hiện Quy định này.\n"
    ) == [["Văn phòng Tỉnh ủy"]]
