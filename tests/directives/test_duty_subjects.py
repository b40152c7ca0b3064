"""Who a duty names, in the shapes the 2025-2026 documents of the evaluation set use."""

from __future__ import annotations

from loa.directives.duties import tasks
from loa.directives.parse import parse_dispatch


def _names(body: list[str]) -> list[list[str]]:
    return [[a.name for a in t.assignees] for t in tasks(body, 2026, None)]


def test_a_title_governs_the_list_after_it() -> None:
    body = [
        "1. Giao người đứng đầu các cơ quan chuyên môn, cơ quan hành chính khác, các đơn vị sự "
        "nghiệp công lập trực thuộc Ủy ban nhân dân Thành phố; Chủ tịch Ủy ban nhân dân các xã, "
        "phường chỉ đạo cập nhật dữ liệu."
    ]
    assert _names(body) == [
        [
            "người đứng đầu các cơ quan chuyên môn, cơ quan hành chính khác, các đơn vị sự "
            "nghiệp công lập trực thuộc Ủy ban nhân dân Thành phố",
            "Chủ tịch Ủy ban nhân dân các xã, phường",
        ]
    ]


def test_a_person_named_in_a_decision_is_no_agency() -> None:
    body = [
        "Điều 1. Phê chuẩn kết quả bầu chức vụ Chủ tịch đối với ông Nguyễn Văn A.",
        "Điều 2. Bộ trưởng Bộ Nội vụ, Ủy ban nhân dân thành phố Đà Nẵng và ông Nguyễn Văn A "
        "chịu trách nhiệm thi hành Quyết định này./.",
    ]
    assert _names(body) == [[], ["Bộ trưởng Bộ Nội vụ", "Ủy ban nhân dân thành phố Đà Nẵng"]]


def test_hyphenated_names_are_not_cut_as_bullets() -> None:
    body = [
        "1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, các tổ chức chính trị - xã hội tỉnh "
        "tăng cường tuyên truyền.",
        "2. Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội chỉ đạo các trường.",
        "3. Sở Y tế",
        "- Chủ trì tổ chức tiêm chủng.",
    ]
    assert _names(body) == [
        ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội tỉnh"],
        ["Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội"],
        ["Sở Y tế"],
    ]


def test_how_the_duty_is_done_does_not_end_the_subject() -> None:
    body = [
        "1. Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh theo chức năng, nhiệm vụ được giao chủ động "
        "triển khai.",
        "2. Giao Bộ Công an, Bộ Quốc phòng phối hợp với Ủy ban nhân dân tỉnh bảo đảm an ninh.",
    ]
    assert _names(body) == [
        ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"],
        ["Bộ Công an", "Bộ Quốc phòng", "Ủy ban nhân dân tỉnh"],
    ]


def test_a_topic_item_takes_the_agencies_of_its_points() -> None:
    body = [
        "1. Đối với các kiến nghị của tỉnh:",
        "a) Về vốn: Giao Bộ Tài chính chủ trì, phối hợp với các cơ quan liên quan xem xét.",
        "b) Về dự án đường: Bộ Xây dựng nghiên cứu, trả lời tỉnh.",
        "2. Về đánh giá tình hình",
        "Thời gian qua, các cơ quan đã nỗ lực.",
    ]
    assert _names(body) == [["Bộ Tài chính", "Bộ Xây dựng"], []]


def test_role_words_of_a_regulation_are_not_assignees() -> None:
    body = [
        "Điều 1. Lưu trữ nhật ký",
        "1. Chủ quản dữ liệu có trách nhiệm lưu trữ nhật ký chia sẻ dữ liệu.",
        "Điều 2. Trách nhiệm của các cơ quan",
        "1. Văn phòng Trung ương Đảng hướng dẫn thực hiện Quy định này.",
        "Điều 3. Chánh Văn phòng",
        "UBND tỉnh; Giám đốc Sở Y tế chịu trách nhiệm thi hành Quyết định này.",
    ]
    assert _names(body) == [
        [],
        ["Văn phòng Trung ương Đảng"],
        ["Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Y tế"],
    ]


# A Government Office dispatch as a PDF text layer gives it: the date of the right column glued
# to the "V/v" line of the left one; the number line between the issuing body and the motto.
PDF_LAYER = """\
VĂN PHÒNG CHÍNH PHỦ
ceeeeer
Số: 3722/VPCPCN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
V/v cơ chế đặc thù xây dựng công trình Hà Nội, ngày 28 tháng 04 năm 2026
khẩn cấp đối với Dự án kéo dài tuyến Metro

Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai.

Giao các Bộ có ý kiến trước ngày 10 tháng 5 năm 2026./.

Nơi nhận:
- Như trên;
- Lưu: VT, CN.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM

Phạm Mạnh Cường
"""


def test_a_pdf_layer_header_is_put_back_together() -> None:
    d = parse_dispatch(PDF_LAYER)
    assert d.issuer == "VĂN PHÒNG CHÍNH PHỦ"
    assert d.place == "Hà Nội" and str(d.date) == "2026-04-28"
    assert d.subject == (
        "cơ chế đặc thù xây dựng công trình khẩn cấp đối với Dự án kéo dài tuyến Metro"
    )
    # The hyphen OCR lost before the drafting unit comes back from the "Lưu" line, warned.
    assert d.number_symbol == "3722/VPCP-CN"
    assert any("gạch nối" in w and "hyphen" in w for w in d.warnings)


def test_a_symbol_with_its_hyphen_is_left_alone() -> None:
    d = parse_dispatch(PDF_LAYER.replace("3722/VPCPCN", "3722/VPCP-CN"))
    assert d.number_symbol == "3722/VPCP-CN"
    assert not any("gạch nối" in w for w in d.warnings)


def test_tone_marks_ocr_put_on_a_cited_code_are_dropped() -> None:
    text = PDF_LAYER.replace(
        "Giao các Bộ", "Thực hiện Thông báo số 625-TB/TƯ ngày 03/11/2021, giao các Bộ"
    )
    refs = parse_dispatch(text).references
    assert [r.number_symbol for r in refs] == ["625-TB/TU"]


DECISION = """\
ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 120/QĐ-UBND
Bắc Giang, ngày 05 tháng 3 năm 2026
QUYẾT ĐỊNH
{title}
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác.
"""


def test_a_decision_title_in_sentence_case_is_its_subject() -> None:
    title = "Thành lập Tổ công tác phòng, chống dịch\nbệnh trên địa bàn tỉnh"
    d = parse_dispatch(DECISION.format(title=title))
    assert d.subject == "Thành lập Tổ công tác phòng, chống dịch bệnh trên địa bàn tỉnh"
    # No title: the preamble is not taken for one.
    assert parse_dispatch(DECISION.replace("{title}\n", "")).subject is None


def test_heads_that_name_an_agency_only_with_their_second_word() -> None:
    body = [
        "1. Sở Khoa học và Công nghệ, Sở Kế hoạch và Đầu tư chủ trì thẩm định.",
        "2. Giao Sở Y tế, Thường trực Tỉnh ủy, Trạm Y tế các xã theo dõi.",
        "3. Thông tấn xã Việt Nam, Tập đoàn Điện lực Việt Nam phối hợp thông tin.",
        "4. Hiệu trưởng các trường học tổ chức tuyên truyền.",
        "5. Chủ đầu tư dự án là đơn vị chịu trách nhiệm.",
    ]
    assert _names(body) == [
        ["Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư"],
        ["Sở Y tế", "Thường trực Tỉnh ủy", "Trạm Y tế các xã"],
        ["Thông tấn xã Việt Nam", "Tập đoàn Điện lực Việt Nam"],
        ["Hiệu trưởng các trường học"],
        [],
    ]


def test_a_head_shared_by_a_list_goes_to_each_name() -> None:
    body = [
        "1. Giao các Bộ: Công an, Tài chính, Nông nghiệp và Môi trường có ý kiến trước ngày 10 "
        "tháng 5 năm 2026.",
        "2. Các Bộ: Văn hóa, Thể thao và Du lịch, Y tế hướng dẫn các địa phương.",
    ]
    assert _names(body) == [
        ["Bộ Công an", "Bộ Tài chính", "Bộ Nông nghiệp và Môi trường"],
        ["Bộ Văn hóa, Thể thao và Du lịch", "Bộ Y tế"],
    ]


def test_set_phrases_misread_by_ocr_are_spelt_right_and_warned() -> None:
    text = PDF_LAYER.replace(
        "V/v cơ chế đặc thù xây dựng công trình Hà Nội, ngày 28 tháng 04 năm 2026\n"
        "khẩn cấp đối với Dự án kéo dài tuyến Metro",
        "Hà Nội, ngày 28 tháng 04 năm 2026\nV/v tăng cường phòng, chồng dịch giải đoạn mới",
    )
    d = parse_dispatch(text)
    assert d.subject == "tăng cường phòng, chống dịch giai đoạn mới"
    assert any("chồng" in w and "please check" in w for w in d.warnings)


def test_look_alike_letters_in_the_issuer_code_are_read_as_its_initials() -> None:
    d = parse_dispatch(PDF_LAYER.replace("3722/VPCPCN", "3722/UPCP-CN"))
    assert d.number_symbol == "3722/VPCP-CN"
    assert any("UPCP" in w and "initials" in w for w in d.warnings)
    # A code that is not the issuer's initials with letters swapped is left as read.
    assert parse_dispatch(PDF_LAYER.replace("3722/VPCPCN", "3722/BXD-CN")).number_symbol == (
        "3722/BXD-CN"
    )


def test_the_duties_of_an_agency_heading_name_it() -> None:
    body = [
        "1. Trách nhiệm của Sở Y tế",
        "- Chủ trì hướng dẫn các cơ sở khám bệnh, chữa bệnh.",
        "2. Nhiệm vụ của Sở Tài chính:",
        "- Bố trí kinh phí.",
    ]
    assert _names(body) == [["Sở Y tế"], ["Sở Tài chính"]]


def test_hospitals_and_centres_as_a_group_are_assignees() -> None:
    body = [
        "1. Các bệnh viện trực thuộc Bộ Y tế:",
        "- Thực hiện thanh toán theo hướng dẫn.",
        "2. Các trung tâm y tế huyện triển khai tiêm chủng.",
    ]
    assert _names(body) == [["Các bệnh viện trực thuộc Bộ Y tế"], ["Các trung tâm y tế huyện"]]


def test_a_request_after_notes_names_the_agency_of_the_item() -> None:
    body = [
        "1. Phạm vi áp dụng: các cơ sở khám bệnh, chữa bệnh.",
        "2. Một số lưu ý khi thực hiện:",
        "2.1. Trường hợp người bệnh được hẹn khám lại thì thanh toán theo quy định.",
        "Đề nghị BHXH các tỉnh chủ động phối hợp với các cơ sở triển khai thực hiện.",
    ]
    assert _names(body) == [[], ["BHXH các tỉnh", "các cơ sở"]]  # the lead, then its support


def test_a_misread_tone_mark_of_y_te_is_mended_in_an_item() -> None:
    text = PDF_LAYER.replace(
        "Giao các Bộ có ý kiến trước ngày 10 tháng 5 năm 2026./.",
        "1. Giám đốc Sở Y tê các tỉnh chỉ đạo các cơ sở.\n2. Bộ Tài chính có ý kiến./.",
    )
    tasks = parse_dispatch(text).tasks
    assert [[a.name for a in t.assignees] for t in tasks] == [
        ["Giám đốc Sở Y tế các tỉnh"],
        ["Bộ Tài chính"],
    ]


def test_verbs_of_decisions_and_conclusions_end_the_subject() -> None:
    # From 2025 decisions and notices outside the evaluation set: "quyết định", "niêm yết",
    # "cấu hình", "đẩy nhanh", "thiết lập", "cơ bản thống nhất" are duties, not parts of a name;
    # "chương trình", "công trình" and "Tờ trình" are nouns, not "trình" (to submit).
    body = [
        "1. Sở Tài chính quyết định xác lập quyền sở hữu toàn dân đối với tài sản.",
        "2. UBND các xã, phường niêm yết công khai danh mục thủ tục hành chính.",
        "3. Trung tâm Chuyển đổi số Thành phố cấu hình thủ tục hành chính trên Hệ thống.",
        "4. Bộ Xây dựng đẩy nhanh tiến độ phê duyệt Báo cáo nghiên cứu khả thi.",
        "5. Trưởng Ban Chỉ đạo Nhà nước các chương trình, công trình, dự án quan trọng quốc gia "
        "trình Thủ tướng Chính phủ kết quả.",
        "6. Ban Bí thư cơ bản nhất trí với Tờ trình của Ban Tổ chức Trung ương.",
    ]
    assert _names(body) == [
        ["Sở Tài chính"],
        ["UBND các xã, phường"],
        ["Trung tâm Chuyển đổi số Thành phố"],
        ["Bộ Xây dựng"],
        ["Trưởng Ban Chỉ đạo Nhà nước các chương trình, công trình, dự án quan trọng quốc gia"],
        ["Ban Bí thư"],
    ]


def test_a_notice_of_conclusions_gives_the_answers_to_proposals() -> None:
    # The shape of the Government Office's notices of conclusions (623, 634, 648/TB-VPCP of
    # 2025, outside the evaluation set): the answers to a province's proposals assign the duties,
    # after the topic's colon (a later one when the topic quotes the proposal), in each sentence
    # of the answer, in the paragraphs under a topic that ends on its colon, and to the members
    # of a shared head ("các Tập đoàn: ...", "Các Bộ, cơ quan: ..."). The closing "Văn phòng
    # Chính phủ thông báo để ... biết" names nobody.
    body = [
        "I. ĐÁNH GIÁ CHUNG",
        "1. Tỉnh đã đạt nhiều kết quả.",
        "II. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH",
        "1. Về hoạt động của chính quyền địa phương 02 cấp: tăng số lượng cấp phó: giao Bộ Nội vụ "
        "chủ trì, nghiên cứu.",
        "2. Về đầu tư kho dầu: với vai trò là chủ đầu tư, Tập đoàn Điện lực Việt Nam chủ động làm "
        "việc với đối tác. Để xác định vị trí dự án, Ủy ban nhân dân tỉnh Thanh Hóa rà soát.",
        "3. Về phủ sóng: đề nghị các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn "
        "thông Quân đội tổ chức triển khai; Bộ Khoa học và Công nghệ hướng dẫn.",
        "4. Về kiến nghị ban hành chương trình:",
        "Bộ Nông nghiệp và Môi trường khẩn trương hoàn thiện Báo cáo.",
        "Bộ Tài chính khẩn trương hoàn thiện dự thảo Nghị định.",
        "5. Các Bộ, cơ quan: Tài chính, Văn hóa, Thể thao và Du lịch, Tập đoàn Điện lực Việt Nam "
        "theo chức năng, nhiệm vụ, thẩm quyền rà soát, báo cáo.",
        "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh và các Bộ, cơ quan biết, thực hiện.",
    ]
    assert _names(body) == [
        ["Bộ Nội vụ"],
        ["Tập đoàn Điện lực Việt Nam", "Ủy ban nhân dân tỉnh Thanh Hóa"],
        [
            "Tập đoàn Bưu chính Viễn thông Việt Nam",
            "Tập đoàn Công nghiệp - Viễn thông Quân đội",
            "Bộ Khoa học và Công nghệ",
        ],
        ["Bộ Nông nghiệp và Môi trường", "Bộ Tài chính"],
        ["Bộ Tài chính", "Bộ Văn hóa, Thể thao và Du lịch", "Tập đoàn Điện lực Việt Nam"],
    ]


def test_a_report_s_own_proposals_and_a_topic_without_its_colon_assign_nothing() -> None:
    body = [
        "I. KẾT QUẢ",
        "1. Sở Y tế đã tổ chức tiêm chủng.",
        "II. KIẾN NGHỊ, ĐỀ XUẤT",
        "1. Bộ Y tế bổ sung vắc xin cho tỉnh.",
        "III. NHIỆM VỤ",
        "1. Về đánh giá tình hình",
        "Tình hình diễn biến phức tạp. Văn phòng đã đạt kết quả như sau: (1) Cơ chế hoạt động, "
        "cách thức được đổi mới.",
        "2. Tóm tắt mô tả hàng hóa: Theo hồ sơ, thông tin như sau: Thành phần, cấu tạo: nhựa.",
    ]
    assert _names(body) == [[], []]


def test_a_section_s_lead_in_names_who_does_its_items() -> None:
    body = [
        "I. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM",
        "Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo, chỉ đạo thực hiện các nhiệm vụ; trong "
        "đó lưu ý một số nội dung trọng tâm sau:",
        "1. Đổi mới tư duy, tầm nhìn phát triển.",
        "2. Sở Tài chính bố trí kinh phí.",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "Thời gian còn ít; do vậy, yêu cầu các bộ, ngành, địa phương liên quan:",
        "1. Hoàn thành mục tiêu đưa vào khai thác.",
    ]
    assert _names(body) == [["Thường trực Tỉnh ủy"], ["Sở Tài chính"], []]
