"""Reading a dispatch whatever its layout: web copies, columns side by side, OCR'd digits."""

from __future__ import annotations

from loa.directives.layout import layout_lines
from loa.directives.ocr_repairs import repair_header_words, repair_numbers
from loa.directives.parse import parse_dispatch

# How a legal-documents site's page looks when an office worker copies it: bold and italics as
# stars, table cells as "|", the motto and a title wrapped, the signer's name over two lines.
WEB_COPY = """\
**VĂN PHÒNG CHÍNH
PHỦ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 636/TB-VPCP
|
*Hà Nội, ngày 24
tháng 11 năm 2025*
|
**THÔNG BÁO**
**KẾT
LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH
PHÚ THỌ**
Ngày 14 tháng 11 năm 2025, Phó Thủ tướng đã làm việc với lãnh đạo tỉnh.
1. Tỉnh Phú Thọ rà soát kế hoạch đầu tư công.
|
**Nơi nhận:**
- TTgCP, các PTTgCP (để
b/c);
- Lưu: VT, QHĐP.
|
**KT. BỘ TRƯỞNG,
CHỦ NHIỆM
PHÓ CHỦ NHIỆM**
**Bùi
Xuân Cường**
"""


def test_web_copy_markup_cells_and_wrapped_names_are_read() -> None:
    d = parse_dispatch(WEB_COPY).to_json()
    assert (d["issuer"], d["issuer_parent"]) == ("VĂN PHÒNG CHÍNH PHỦ", None)
    assert (d["number_symbol"], d["doc_type"], d["place"], d["date"]) == (
        "636/TB-VPCP", "TB", "Hà Nội", "2025-11-24",
    )  # fmt: skip
    assert d["subject"] == (
        "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH PHÚ THỌ"
    )
    assert d["distribution"] == ["TTgCP, các PTTgCP (để b/c)", "Lưu: VT, QHĐP"]
    assert d["signer"] == {"name": "Bùi Xuân Cường", "position": "PHÓ CHỦ NHIỆM", "authority": "KT"}


def test_side_by_side_columns_come_back_one_after_the_other() -> None:
    text = (
        "BỘ Y TẾ                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "-------                          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 10943/BYT-MT                 Hà Nội, ngày 24 tháng 12 năm 2021\n"
    )
    assert layout_lines(text) == [
        "BỘ Y TẾ", "", "Số: 10943/BYT-MT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 24 tháng 12 năm 2021",
    ]  # fmt: skip


def test_spaced_and_misread_digits_are_repaired_with_a_warning() -> None:
    lines, warnings = repair_numbers(
        ["Số: 1 0 9 4 3 /BYT-MT", "Hà Nội, ngày l8thang 8 năm 2O21", "Sở Y tế lồng ghép 5 nội dung"]
    )
    assert lines == [
        "Số: 10943 /BYT-MT",
        "Hà Nội, ngày 18 tháng 8 năm 2021",
        "Sở Y tế lồng ghép 5 nội dung",
    ]
    assert len(warnings) == 2 and "1 0 9 4 3" in warnings[0] and "OCR" in warnings[1]


def test_ocr_header_with_spaced_digits_is_read() -> None:
    d = parse_dispatch(
        "BỘ Y TẾ\nSố: 1 0 9 4 3 /BYT-MT\nHà Nội, ngày 2 4 tháng 12 năm 2021\nV/v phòng dịch\n"
    ).to_json()
    assert (d["number_symbol"], d["date"]) == ("10943/BYT-MT", "2021-12-24")
    assert sum("OCR" in w for w in d["warnings"]) == 2


def test_swapped_tone_marks_in_header_phrases_are_repaired_but_spelling_variants_kept() -> None:
    lines, warnings = repair_header_words(["BAN TUYỂN GIÁO", "PHÓ TRUỞNG BAN", "TỈNH UỶ BẮC GIANG"])
    assert lines == ["BAN TUYÊN GIÁO", "PHÓ TRƯỞNG BAN", "TỈNH UỶ BẮC GIANG"]
    assert len(warnings) == 2


def test_numbered_lines_inside_a_quotation_are_not_items() -> None:
    d = parse_dispatch(
        "Số: 1539/VLO-QLDN3\nCăn cứ Luật, quy định:\n“Điều 49. Nguyên tắc\n1. Người nộp thuế bị ấn "
        "định thuế.\n2. Cơ quan thuế ấn định.”\nThuế tỉnh trả lời như trên./.\n"
    ).to_json()
    assert d["tasks"] == []


def test_an_ocr_doubled_quotation_mark_does_not_swallow_the_items_after_it() -> None:
    d = parse_dispatch(
        "Số: 778/TCHQ-GSQL\n1. Chi cục Hải quan nơi lưu giữ hàng hóa cập nhật chức năng IX.B.2 “ "
        "“Chứng từ đủ điều kiện qua KVGS” trên Hệ thống.\n"
        "2. Chỉ cục Hải quan nơi đăng ký tờ khai hướng dẫn người khai.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in d["tasks"]] == [
        ["Chi cục Hải quan nơi lưu giữ hàng hóa"],
        ["Chi cục Hải quan nơi đăng ký tờ khai"],  # "Chỉ cục" as OCR read it
    ]
    assert any("Chỉ cục" in w and "Chi cục" in w for w in d["warnings"])


def test_a_quoted_phrase_left_open_ends_with_its_sentence() -> None:
    # 627/TB-VPCP: "“làm ngày làm đêm, ..." lost its closing mark; the items that follow the
    # sentence are still items. A quotation opening a line ("như sau:" / "“1. ...") is not.
    d = parse_dispatch(
        "Số: 627/TB-VPCP\nThứ ba, “tổ chức thi công vượt nắng thắng mưa”, “làm ngày\n"
        "làm đêm, làm thêm ngày nghỉ, “ăn tranh thủ ngủ khẩn trương”\n"
        "và không để công nhân “cô đơn” trên công trường.\n"
        "1. Bộ Xây dựng đẩy nhanh tiến độ.\n2. Bộ Quốc phòng hoàn thiện hồ sơ.\n"
        "Điều 5 được sửa đổi như sau:\n“1. Sở Y tế cấp phép.\n"
        "2. Sở Tài chính bố trí kinh phí.”\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in d["tasks"]] == [
        ["Bộ Xây dựng"],
        ["Bộ Quốc phòng"],
    ]


def test_header_parts_run_together_on_one_line_are_read_apart() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc Số: 1234/UBND-KGVX Bắc Giang, ngày 3 tháng 5 năm 2021 V/v tăng cường "
        "tuyên truyền phòng, chống dịch COVID-19 Kính gửi: Sở Y tế.\n"
        "Sở Y tế chủ trì triển khai.\n"
    )
    d = parse_dispatch(text).to_json()
    assert (d["issuer"], d["number_symbol"], d["place"], d["date"]) == (
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "1234/UBND-KGVX", "Bắc Giang", "2021-05-03",
    )  # fmt: skip
    assert d["subject"] == "tăng cường tuyên truyền phòng, chống dịch COVID-19"
    assert d["recipients"] == ["Sở Y tế"]


def test_a_place_in_capitalised_words_after_the_motto_is_read_alone() -> None:
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HẬU GIANG Độc Lập - Tự Do - Hạnh Phúc Vị Thanh, ngày 6 tháng 4 năm 2011\n"
        "Số: 454/UBND-NCTH\n"
    )
    d = parse_dispatch(text).to_json()
    assert (d["place"], d["date"], d["issuer"]) == (
        "Vị Thanh", "2011-04-06", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
    )  # fmt: skip


def test_a_number_symbol_wrapped_after_its_hyphen_is_joined_back() -> None:
    lines = layout_lines("SỬA ĐỔI QUYẾT ĐỊNH SỐ 130/QĐ-\nBYT NGÀY 18/01/2023\n")
    assert lines == ["SỬA ĐỔI QUYẾT ĐỊNH SỐ 130/QĐ-BYT NGÀY 18/01/2023"]


def test_a_clause_number_alone_over_its_bullets_is_kept_but_a_page_number_is_dropped() -> None:
    text = (
        "Điều 2. Tổ chức thực hiện:\n"
        "1\n"
        "- Sở Y tế chủ trì hướng dẫn các cơ sở y tế.\n"
        "2\n"
        "Trang 2\n"
        "3\n"
        "- Ủy ban nhân dân các huyện, thành phố:\n"
    )
    assert layout_lines(text) == [
        "Điều 2. Tổ chức thực hiện:", "1", "- Sở Y tế chủ trì hướng dẫn các cơ sở y tế.",
        "", "", "3", "- Ủy ban nhân dân các huyện, thành phố:",
    ]  # fmt: skip


def test_a_subject_wrapped_below_the_right_column_stays_in_the_left_one() -> None:
    text = (
        "            BỘ Y TẾ                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "         Số: 384/BYT-KCB               Độc lập - Tự do - Hạnh phúc\n"
        " V/v cấp CCHN và GPHĐ khám bệnh,       Hà Nội, ngày 27 tháng 01 năm 2014\n"
        "\n"
        "              chữa\n"
        "  bệnh theo quy định của Luật KBCB\n"
        "\n"
        "Kính gửi: Sở Y tế các tỉnh, thành phố.\n"
    )
    d = parse_dispatch(text).to_json()
    assert d["subject"] == "cấp CCHN và GPHĐ khám bệnh, chữa bệnh theo quy định của Luật KBCB"
    assert d["recipients"] == ["Sở Y tế các tỉnh, thành phố"]
    assert d["date"] == "2014-01-27"


# A PDF text layer of a ministry's công văn: both columns on one line with a single space, a
# font that spells "HÒA" as "HÕA" and "Ư" as "Ƣ", the signature at the ends of the list lines.
TEXT_LAYER = """\
BỘ Y TẾ CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1 0 9 4 3 /BYT-MT Hà Nội, ngày 2 4 tháng 12 năm 2021
V/v Hướng dẫn y tế phòng, chống
dịch COVID-19 đối với người nhập cảnh.
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.
1. Sở Y tế các tỉnh, thành phố tổ chức triển khai Hướng dẫn.
Trân trọng cảm ơn./.
Nơi nhận: KT. BỘ TRƯỞNG
- Như trên; THỨ TRƯỞNG
- Thủ tướng Chính phủ (để b/c);
~ Cổng TTĐT Bộ Y tế; Nguyễn Trường Sơn
- Lưu: VT, MT.
"""


def test_a_text_layer_that_runs_the_columns_together_is_read_apart() -> None:
    d = parse_dispatch(TEXT_LAYER).to_json()
    assert (d["issuer"], d["number_symbol"], d["date"]) == ("BỘ Y TẾ", "10943/BYT-MT", "2021-12-24")
    assert d["subject"] == "Hướng dẫn y tế phòng, chống dịch COVID-19 đối với người nhập cảnh"
    assert d["signer"] == {"name": "Nguyễn Trường Sơn", "position": "THỨ TRƯỞNG", "authority": "KT"}
    assert d["distribution"] == [
        "Như trên", "Thủ tướng Chính phủ (để b/c)", "Cổng TTĐT Bộ Y tế", "Lưu: VT, MT",
    ]  # fmt: skip


def test_an_ocr_motto_and_an_authority_read_with_a_comma_are_still_read() -> None:
    d = parse_dispatch(
        "BỘ TÀI CHÍNH _ CONG HÒA XÃ HO] CHỦ NGHĨA VIỆT NAM\n"
        "TONG CỤC THUÊ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 839/TCT-QLN Hà Nội, ngày 3 tháng 3 năm 2020\n"
        "V/v gia hạn nộp thuế\n"
        "1. Cục Thuế các tỉnh, thành phố thực hiện gia hạn.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, QLN.\n"
        "KT, TỔNG CỤC TRƯỞNG\nPHÓ TỔNG CỤC TRƯỞNG\nĐặng Ngọc Minh\n"
    ).to_json()
    assert (d["issuer"], d["issuer_parent"]) == ("TỔNG CỤC THUẾ", "BỘ TÀI CHÍNH")
    assert d["signer"] == {
        "name": "Đặng Ngọc Minh", "position": "PHÓ TỔNG CỤC TRƯỞNG", "authority": "KT",
    }  # fmt: skip


def test_recipients_are_found_under_a_subject_the_reader_could_not_join() -> None:
    text = (
        "BỘ Y TẾ\nSố: 10943/BYT-MT\nHà Nội, ngày 24 tháng 12 năm 2021\n"
        "V/v Hướng dẫn y tế phòng, chống dịch\n\nCOVID-19 đối với người được phép\nnhập\n"
        "cảnh vào Việt Nam làm việc ngắn ngày\n\n(dưới 14 ngày)\n\nKính gửi:\n"
        "- Các Bộ, cơ quan ngang Bộ;\n- Ủy ban nhân dân các tỉnh, thành phố.\n"
        "Bộ Y tế hướng dẫn như sau.\n"
    )
    assert parse_dispatch(text).recipients == (
        "Các Bộ, cơ quan ngang Bộ", "Ủy ban nhân dân các tỉnh, thành phố",
    )  # fmt: skip


def test_a_subject_wrapped_in_its_column_goes_on_in_capitalised_words() -> None:
    text = (
        "            BỘ Y TẾ                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "         Số: 10943/BYT-MT               Độc lập - Tự do - Hạnh phúc\n"
        " V/v Hướng dẫn y tế phòng, chống dịch      Hà Nội, ngày 24 tháng 12 năm 2021\n"
        "  COVID-19 đối với người nhập cảnh\n"
        "Kính gửi: Các Bộ, cơ quan ngang Bộ.\n"
    )
    d = parse_dispatch(text)
    assert d.subject == "Hướng dẫn y tế phòng, chống dịch COVID-19 đối với người nhập cảnh"
    assert d.recipients == ("Các Bộ, cơ quan ngang Bộ",)


def test_a_given_name_wrapped_alone_onto_the_next_line_is_kept() -> None:
    d = parse_dispatch(WEB_COPY.replace("**Bùi\nXuân Cường**", "**Lê Tấn\nCận**")).to_json()
    assert d["signer"]["name"] == "Lê Tấn Cận"
