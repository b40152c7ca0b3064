"""What a scan's OCR does to the header (number line, issuing body), and what the reader makes of it."""

from __future__ import annotations

import pytest

from loa.directives.ocr_repairs import repair_distribution, repair_header_words
from loa.directives.parse import parse_dispatch

STATE_HEADER = """\
VĂN PHÒNG CHÍNH PHỦ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                         Độc lập - Tự do - Hạnh phúc
{number}      Hà Nội, ngày 24 tháng 11 năm 2025
THÔNG BÁO
Kết luận của Phó Thủ tướng
"""


@pytest.mark.parametrize(
    ("number", "symbol", "doc_type"),
    [
        ("Số: 636/TBVPCP", "636/TB-VPCP", "TB"),  # the hyphen after the type lost
        ("Số: 2500/QĐTTg", "2500/QĐ-TTg", "QĐ"),
        ("Số: 636/TB.VPCP", "636/TB-VPCP", "TB"),  # a dot read for the hyphen
        ("Số: 636/TB—VPCP", "636/TB-VPCP", "TB"),
        ("Sô: 636/TB-VPCP", "636/TB-VPCP", "TB"),  # the label's tone mark misread
        ("Sö:636TB.VPCP", "636/TB-VPCP", "TB"),  # label, slash and hyphen misread
        ("Số:636/VPCPĐMDN", "636/VPCP-ĐMDN", "CV"),  # the hyphen after the issuer's initials
        ("Sẽ:636/TB-VPCP", "636/TB-VPCP", "TB"),  # both marks of the label misread
        ("SỐ: 636/TB-VPCP", "636/TB-VPCP", "TB"),  # the label in capitals
        ("Sốẽ636TB.VPCP", "636/TB-VPCP", "TB"),  # the colon read as a letter
        ("Số: 636/TB-VPCNP", "636/TB-VPCP", "TB"),  # one letter too many in the initials
        ("Số: 35/2025/TTBXD", "35/2025/TT-BXD", "TT"),  # a circular's, after its year
    ],
)
def test_a_misread_state_number_line_is_read_and_warned(
    number: str, symbol: str, doc_type: str
) -> None:
    d = parse_dispatch(STATE_HEADER.format(number=number))
    assert (d.number_symbol, d.doc_type, d.system) == (symbol, doc_type, "state")
    assert any("please check" in w for w in d.warnings)


def test_a_centres_code_opening_with_tt_is_not_split_as_a_circular() -> None:
    d = parse_dispatch(STATE_HEADER.format(number="Số: 636/TTYT"))
    assert (d.number_symbol, d.doc_type) == ("636/TTYT", "CV")


def test_a_number_line_that_lost_its_slash_and_hyphen_is_read_with_the_archive_line() -> None:
    text = (
        "BỘ NỘI VỤ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số:11208BNVKHTC      Hà Nội, ngày 26 tháng 11 năm 2025\n"
        "V/v tỷ lệ chi phí quản lý\nKính gửi: Sở Nội vụ.\nBộ Nội vụ đề nghị như sau.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, Vụ KHTC.\n"
    )
    d = parse_dispatch(text)
    assert (d.number_symbol, d.doc_type) == ("11208/BNV-KHTC", "CV")


def test_a_party_number_that_lost_its_hyphen_is_read() -> None:
    d = parse_dispatch("VĂN PHÒNG TRUNG ƯƠNG\nSố 07KL/VPTW\nHà Nội, ngày 01 tháng 12 năm 2025\n")
    assert (d.number_symbol, d.doc_type, d.system) == ("07-KL/VPTW", "KL", "party")


def test_header_words_ocr_ran_together_are_set_apart_and_warned() -> None:
    lines, warnings = repair_header_words(["BAN TUYÊN GIÁO VÀDÂNVẬN", "VĂNPHÒNG", "VÀ ĐÂY"])
    assert lines == ["BAN TUYÊN GIÁO VÀ DÂN VẬN", "VĂN PHÒNG", "VÀ ĐÂY"]
    assert len(warnings) == 2


def test_a_body_glued_to_its_name_is_read_as_the_issuer_under_its_parent() -> None:
    d = parse_dispatch(
        "BAN CHẤP HÀNH TRUNG ƯƠNG      ĐẢNG CỘNG SẢN VIỆT NAM\nVĂNPHÒNG\n"
        "Số 07-KL/VPTW      Hà Nội, ngày 01 tháng 12 năm 2025\n"
    )
    assert (d.issuer, d.issuer_parent) == ("VĂN PHÒNG", "BAN CHẤP HÀNH TRUNG ƯƠNG")


def test_ocr_noise_around_the_place_and_the_issuer_is_mended() -> None:
    d = parse_dispatch(
        "BAN TUYÊN GIÁO —      ĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Số 427-CV/BTGTU      VỊ Thanh, ngày 06 tháng 04 năm 2011\n"
    )
    assert (d.issuer, d.place, d.date.isoformat() if d.date else None) == (
        "BAN TUYÊN GIÁO", "Vị Thanh", "2011-04-06",
    )  # fmt: skip


def test_a_deputy_title_ocr_ran_onto_a_list_entry_is_the_signers_position() -> None:
    d = parse_dispatch(
        "Số: 435/QĐ-UBND\nĐiều 1. Ban hành chương trình.\nNơi nhận:\n- Như điều 1;\n"
        "- Bộ Lao động - Thương binh và Xã hội PHÓ CHỦ TỊCH\n(b/c);\n- Lưu VT.\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nNguyễn Hữu Tháp\n"
    )
    assert d.signer is not None
    assert (d.signer.name, d.signer.position, d.signer.authority) == (
        "Nguyễn Hữu Tháp", "PHÓ CHỦ TỊCH", "KT",
    )  # fmt: skip
    assert d.distribution == ("Như điều 1", "Bộ Lao động - Thương binh và Xã hội (b/c)", "Lưu VT")


def test_a_signers_name_ocr_ran_onto_a_list_entry_is_read() -> None:
    d = parse_dispatch(
        "Số: 09/CT-UBND\n1. Sở Tài nguyên chủ trì.\nNơi nhận:\n- TT. Thành ủy;\n"
        "- Ủy ban MTTQ Việt Nam thành phố; - Trần Chí Hùng\n- Lưu: VT, KTD.\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
    )
    assert d.signer is not None and d.signer.name == "Trần Chí Hùng"
    assert d.distribution == ("TT. Thành ủy", "Ủy ban MTTQ Việt Nam thành phố", "Lưu: VT, KTD")


def test_a_garbled_number_line_is_no_issuer_and_a_cited_number_not_the_documents() -> None:
    d = parse_dispatch(
        "THỦ TƯỚNG CHÍNH PHỦ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "—.      Độc lập - Tự do - Hạnh phúc\nSố1874/QĐÐĐTTgB      Hee\n"
        "                       Hà Nội, ngày 29 tháng 10 năm 2024\n\nQUYẾT ĐỊNH\n"
        "SỬA ĐỔI QUYẾT ĐỊNH SỐ 4750/QĐ-BYT NGÀY 29/12/2023\nCăn cứ Luật Tổ chức Chính phủ;\n"
    )
    # The number and the type are read from the garbled line, with a warning to check it.
    assert (d.issuer, d.number, d.doc_type) == ("THỦ TƯỚNG CHÍNH PHỦ", "1874", "QĐ")
    assert any("please check" in w for w in d.warnings)
    assert d.subject == "SỬA ĐỔI QUYẾT ĐỊNH SỐ 4750/QĐ-BYT NGÀY 29/12/2023"


def test_misread_date_words_and_a_subject_label_without_its_v_are_read() -> None:
    d = parse_dispatch(
        "ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH QUẢNG NINH      Độc lập - Tự do - Hạnh phúc\n"
        "Số: 2317/UBND-VX      Quảng Ninh, ngày 12 thắng 01 năm 2018\n"
        "V/ ủy quyền chỉ đạo, điều hành công\nviệc của UBND tỉnh\n\nKính gửi: Sở Y tế.\n"
    )
    assert (d.place, d.date.isoformat() if d.date else None) == ("Quảng Ninh", "2018-01-12")
    assert d.subject == "ủy quyền chỉ đạo, điều hành công việc của UBND tỉnh"
    assert any("thắng" in w and "please check" in w for w in d.warnings)


def test_set_phrases_of_a_title_in_capitals_are_spelt_right() -> None:
    lines, warnings = repair_header_words(
        ["VỀ TẦNG CƯỜNG CÔNG TÁC QUẢN LÝ", "BẠN HÀNH KẾ HOẠCH THỤC HIỆN", "BAN HÀNH QUY CHẾ"]
    )
    assert lines == [
        "VỀ TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ",
        "BAN HÀNH KẾ HOẠCH THỰC HIỆN",
        "BAN HÀNH QUY CHẾ",
    ]
    assert len(warnings) == 2


def test_a_garbled_signers_name_is_read_where_the_list_names_the_signer() -> None:
    d = parse_dispatch(
        "Số: 3722/VPCP-CN\nVăn phòng Chính phủ thông báo để các Bộ biết./.\n"
        "Nơi nhận:      KT. BỘ TRƯỞNG, CHỦ NHIỆM\n- Như trên;      PHÓ CHỦ NHIỆM\n"
        "- VPCP: BTCN, PCN Phạm Mạnh Cường,      Rix/0anh Cường\nTH, PL;\n- Lưu: VT, CN.\n"
    )
    assert d.signer is not None
    assert (d.signer.name, d.signer.position) == ("Phạm Mạnh Cường", "PHÓ CHỦ NHIỆM")


def test_a_cited_number_in_a_title_in_capitals_is_not_read_as_the_documents() -> None:
    text = (
        "BỘ Y TẾ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 3176/QĐ-BYT      Hà Nội, ngày 29 tháng 10 năm 2024\n"
        "QUYẾT ĐỊNH\nSỬA ĐỔI QUYẾT ĐỊNH SỐ 4750/QĐ-BYT\nCăn cứ Luật Khám bệnh, chữa bệnh;\n"
    )
    d = parse_dispatch(text)
    assert (d.number_symbol, d.subject) == ("3176/QĐ-BYT", "SỬA ĐỔI QUYẾT ĐỊNH SỐ 4750/QĐ-BYT")


def _letter(subject: str, body: str) -> str:
    return (
        "VĂN PHÒNG CHÍNH PHỦ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 3722/VPCP-CN      Hà Nội, ngày 28 tháng 4 năm 2026\n"
        f"V/v {subject}\nKính gửi: Ủy ban nhân dân tỉnh Đồng Nai.\n{body}\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, CN.\n"
    )


def test_a_subject_word_ocr_misread_is_spelt_as_the_body_spells_it() -> None:
    body = (
        "Xét đề nghị về Dự án kéo dài tuyến Metro Bến Thành - Suối Tiên, Phó Thủ tướng có ý kiến:"
        "\nỦy ban nhân dân tỉnh Đồng Nai hoàn thiện hồ sơ tuyến Metro Bến Thành - Suối Tiên."
    )
    d = parse_dispatch(_letter("dự án tuyến Metro Bên Thành - Suối Tiên", body))
    assert d.subject == "dự án tuyến Metro Bến Thành - Suối Tiên"
    assert any("Bên Thành" in w and "please check" in w for w in d.warnings)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # The body misreads "Bến Thành" twice, but writes it as the subject does once.
        (
            "tuyến Metro Bến Thành - Suối Tiên",
            "Tuyến Metro Bên Thành - Suối Tiên, ga Bên Thành và nhà ga Bến Thành được giữ nguyên.",
        ),
        # "Uỷ" and "Ủy" are one spelling with the tone mark placed two ways.
        (
            "Ủy ban nhân dân tỉnh An Giang chỉ đạo",
            "Uỷ ban nhân dân tỉnh An Giang giao Sở Y tế.\nUỷ ban nhân dân tỉnh An Giang yêu cầu.",
        ),
    ],
)
def test_a_subject_the_body_gives_no_reason_to_respell_is_kept(subject: str, body: str) -> None:
    d = parse_dispatch(_letter(subject, body))
    assert d.subject == subject
    assert not any("of the subject" in w for w in d.warnings)


def test_an_issuer_word_ocr_misread_is_spelt_as_the_body_spells_it() -> None:
    scan = (
        "ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ CẨN THƠ      Độc lập - Tự do - Hạnh phúc\n"
        "Số: 09/CT-UBND      Cần Thơ, ngày 18 tháng 11 năm 2025\n"
        "CHỈ THỊ\nVỀ TĂNG CƯỜNG QUẢN LÝ TÀI NGUYÊN NƯỚC\n"
        "Nước dưới đất là nguồn tài nguyên quý của thành phố Cần Thơ.\n"
        "1. Sở Nông nghiệp và Môi trường thành phố Cần Thơ kiểm tra các giếng khoan.\n"
    )
    d = parse_dispatch(scan)
    assert d.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
    assert any("CẨN THƠ" in w and "the issuer" in w for w in d.warnings)


def test_the_archive_lines_comma_and_a_misread_bc_are_put_back_in_the_distribution() -> None:
    lines, warnings = repair_distribution(
        ["Thủ tướng Chính phủ (để bíc)", "Bộ trưởng (bực)", "Lưu: VT KCB", "Lưu: VT_BH", "Lưu VT"]
    )
    assert lines == [
        "Thủ tướng Chính phủ (để b/c)", "Bộ trưởng (b/c)", "Lưu: VT, KCB", "Lưu: VT, BH", "Lưu VT",
    ]  # fmt: skip
    assert len(warnings) == 1 and "'Lưu: VT KCB' → 'Lưu: VT, KCB'" in warnings[0]
    assert repair_distribution(["Như trên", "Lưu: VT, KGVX"]) == (["Như trên", "Lưu: VT, KGVX"], [])


def test_a_party_issuers_last_word_wrapped_below_the_date_is_read() -> None:
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG      ĐẢNG CỘNG SẢN VIỆT NAM\n"
        "BAN TUYÊN GIÁO VÀ DÂN      Hà Nội, ngày 19 tháng 11 năm 2025\n"
        "VẬN\n\nSố 37-HD/BTGDVTW\n\nHƯỚNG DẪN\nVỀ VIỆC ĐỔI MỚI BẢN TIN SINH HOẠT CHI BỘ\n\n"
        "Ban Tuyên giáo và Dân vận Trung ương hướng dẫn như sau:\n"
    )
    d = parse_dispatch(text)
    assert (d.issuer, d.issuer_parent) == ("BAN TUYÊN GIÁO VÀ DÂN VẬN", "BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert d.subject == "VỀ VIỆC ĐỔI MỚI BẢN TIN SINH HOẠT CHI BỘ"


def test_a_section_numeral_ocr_read_with_a_one_is_mended_and_its_items_read() -> None:
    body = (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức của cán bộ.\n"
        "1V. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì triển khai hướng dẫn.\n"
        "2. Sở Tài chính bảo đảm kinh phí.\n"
    )
    d = parse_dispatch(STATE_HEADER.format(number="Số: 636/KH-VPCP") + body)
    assert [[a.name for a in t.assignees] for t in d.tasks] == [["Sở Y tế"], ["Sở Tài chính"]]
    assert any("IV. TỔ CHỨC THỰC HIỆN" in w and "please check" in w for w in d.warnings)


def test_item_eleven_is_not_read_as_a_roman_numeral() -> None:
    d = parse_dispatch(STATE_HEADER.format(number="Số: 636/KH-VPCP") + "11. TỔ CHỨC THỰC HIỆN\n")
    assert not any("Roman" in w for w in d.warnings)
