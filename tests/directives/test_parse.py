"""Parsing dispatches: the seed 427-CV/BTGTU field by field, noise, state layout, evaluation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loa.demo import DATA_DIR, SEED_FILE
from loa.directives.parse import parse_dispatch
from loa.errors import DocumentError

SEED = DATA_DIR / SEED_FILE
DATA = Path(__file__).resolve().parent.parent / "data" / "dispatches"
SEED_TEXT = (DATA / "01-bacgiang-427-cv-btgtu.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed() -> dict:  # type: ignore[type-arg]
    return parse_dispatch(SEED_TEXT).to_json()


def test_test_copy_of_seed_is_the_founding_dispatch() -> None:
    assert SEED.read_text(encoding="utf-8") == SEED_TEXT


def test_seed_header_fields(seed: dict) -> None:  # type: ignore[type-arg]
    assert seed["system"] == "party"
    assert seed["issuer"] == "BAN TUYÊN GIÁO"
    assert seed["issuer_parent"] == "TỈNH ỦY BẮC GIANG"
    assert seed["doc_type"] == "CV"
    assert seed["number"] == "427"
    assert seed["number_symbol"] == "427-CV/BTGTU"
    assert seed["place"] == "Bắc Giang"
    assert seed["date"] == "2021-11-04"
    assert seed["subject"] == "tăng cường công tác tuyên truyền phòng, chống dịch Covid-19"
    assert seed["urgency"] is None


def test_seed_recipients_are_the_kinh_gui_list(seed: dict) -> None:  # type: ignore[type-arg]
    assert seed["recipients"] == [
        "Báo Bắc Giang",
        "Đài Phát thanh Truyền hình tỉnh",
        "Sở Thông tin và Truyền thông",
        "Thường trực các huyện ủy, thành ủy, đảng ủy trực thuộc",
        "Ban tuyên giáo các huyện ủy, thành ủy, ĐUTT",
        "Ban tuyên giáo MTTQ và các tổ chức chính trị - xã hội tỉnh",
    ]


def test_seed_references_with_types_and_dates(seed: dict) -> None:  # type: ignore[type-arg]
    assert seed["references"] == [
        {"number_symbol": "625-TB/TU", "type": "TB", "date": "2021-11-03"},
        {"number_symbol": "128/NQ-CP", "type": "NQ", "date": "2021-10-11"},
        {"number_symbol": "5548/KH-UBND", "type": "KH", "date": "2021-10-23"},
    ]


def test_seed_has_five_tasks_with_their_assignees(seed: dict) -> None:  # type: ignore[type-arg]
    names = [[a["name"] for a in t["assignees"]] for t in seed["tasks"]]
    assert [t["no"] for t in seed["tasks"]] == ["1", "2", "3", "4", "5"]
    assert names == [
        ["Thủ trưởng các cơ quan, địa phương, đơn vị"],
        ["Sở Thông tin và Truyền thông"],
        ["Các cơ quan báo chí của tỉnh"],
        ["Ban chỉ đạo 35 các cấp"],
        [
            "Ban tuyên giáo các huyện ủy, thành ủy, đảng ủy trực thuộc",
            "MTTQ",
            "các tổ chức chính trị - xã hội các cấp",
        ],
    ]
    assert all(t["deadline"] is None and t["recurrence"] is None for t in seed["tasks"])


def test_seed_task_text_joins_paragraphs_and_drops_noise(seed: dict) -> None:  # type: ignore[type-arg]
    first, third, fifth = (
        seed["tasks"][0]["text"],
        seed["tasks"][2]["text"],
        seed["tasks"][4]["text"],
    )
    assert first.startswith("Thủ trưởng các cơ quan") and "Đồng thời tiếp tục thực hiện" in first
    assert "Kết luận số 625-TB/TU" in first
    assert "Chú trọng tuyên truyền sâu rộng" in third
    # Item 5 is split over two paragraphs mid-sentence; the closing sentence is not part of it.
    assert "cho cấp ủy trong chỉ đạo, triển khai" in fifth
    assert fifth.endswith("trong các tầng lớp nhân dân.")
    assert "Nguyễn Văn Hạnh" not in fifth and "quan tâm thực hiện" not in fifth
    assert "**" not in seed["tasks"][3]["text"]


def test_seed_signer_and_distribution(seed: dict) -> None:  # type: ignore[type-arg]
    assert seed["signer"] == {
        "name": "Nguyễn Văn Hạnh",
        "position": "PHÓ TRƯỞNG BAN",
        "authority": "KT",
    }
    assert seed["distribution"] == [
        "Như trên",
        "BTGTW (B/c)",
        "Lưu Văn thư",
        "Thường trực Tỉnh ủy (B/c)",
        "Thường trực UBND tỉnh",
        "BCĐ phòng, chống dịch Covid-19 của tỉnh",
        "Các đ/c lãnh đạo Ban",
        "Các phòng, Trang TT Điện tử thuộc Ban",
    ]


def test_seed_noise_is_reported_in_warnings(seed: dict) -> None:  # type: ignore[type-arg]
    assert any("'vu'" in w for w in seed["warnings"])
    assert any("stray spaces" in w for w in seed["warnings"])


def test_resolve_org_fills_org_ids() -> None:
    ids = {"Sở Thông tin và Truyền thông": "stttt"}
    parsed = parse_dispatch(SEED_TEXT, resolve_org=ids.get)
    assert parsed.tasks[1].assignees[0].org_id == "stttt"
    assert parsed.tasks[0].assignees[0].org_id is None


STATE_CV = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
HỎA TỐC
Số: 123 / UBND-KGVX
V/v triển khai tiêm vắc xin
Bắc Giang, ngày 05 tháng 11 năm 2021
Kính gửi: Sở Y tế.

Thực hiện Công văn số 8688/BYT-DP ngày 14/10/2021, UBND tỉnh yêu cầu:

1. Giao Sở Y tế chủ trì, phối hợp với UBND các huyện, thành phố tổ chức tiêm, xong trước ngày 20/11.
- 2 -
2. Công an tỉnh định kỳ hằng tuần báo cáo kết quả về UBND tỉnh.

Nơi nhận:
- Như trên;
- Lưu: VT, KGVX.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Lê Ánh Dương
"""


def test_state_cong_van_layout() -> None:
    d = parse_dispatch(STATE_CV).to_json()
    assert (d["system"], d["doc_type"], d["number_symbol"]) == ("state", "CV", "123/UBND-KGVX")
    assert d["issuer"] == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" and d["issuer_parent"] is None
    assert d["urgency"] == "HỎA TỐC"
    assert d["recipients"] == ["Sở Y tế"]
    assert d["references"] == [{"number_symbol": "8688/BYT-DP", "type": "CV", "date": "2021-10-14"}]
    assert d["signer"] == {"name": "Lê Ánh Dương", "position": "PHÓ CHỦ TỊCH", "authority": "KT"}
    assert d["distribution"] == ["Như trên", "Lưu: VT, KGVX"]


def test_giao_lead_and_partner_and_deadlines() -> None:
    first, second = parse_dispatch(STATE_CV).tasks
    assert [(a.name, a.role) for a in first.assignees] == [
        ("Sở Y tế", "lead"),
        ("UBND các huyện, thành phố", "support"),
    ]
    assert first.deadline == date(2021, 11, 20)  # year-less date takes the document's year
    assert "- 2 -" not in first.text
    assert [a.name for a in second.assignees] == ["Công an tỉnh"]
    assert (second.deadline, second.recurrence) == (None, "weekly")


def test_no_field_is_invented_for_a_bare_paragraph() -> None:
    d = parse_dispatch("Một đoạn văn không phải công văn.").to_json()
    assert d["number_symbol"] is None and d["date"] is None and d["issuer"] is None
    assert d["tasks"] == [] and d["signer"] is None and d["recipients"] == []
    assert d["warnings"]


def test_empty_text_is_a_bilingual_document_error() -> None:
    with pytest.raises(DocumentError) as err:
        parse_dispatch("  \n * \n")
    assert "trống" in err.value.vi and "empty" in err.value.en


OCR_HEADER = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ HỒ CHÍ MINH Độc lập - Tự do - Hạnh phúc
SỞ Y TẾ
86:5619 SYT-NVY Thành phố Hồ Chí Minh, ngéspOhthang 4 năm 2020
VWv triển khai hướng dẫn y tế
đối với người nhập cảnh

vào Việt Nam làm việc ngắn ngày

Kính gửi:
- Sở Du lịch;

- Trung tâm y tế quận, huyện.

Ngày 31/8/2020, Bộ Y tế ban hành công văn số 4674/BYT-MT về việc hướng dẫn.
"""


def test_ocr_header_with_merged_columns_and_lost_labels_is_read() -> None:
    d = parse_dispatch(OCR_HEADER).to_json()
    assert (d["issuer"], d["issuer_parent"]) == ("SỞ Y TẾ", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH")
    assert (d["number_symbol"], d["doc_type"]) == ("5619/SYT-NVY", "CV")
    assert d["place"] == "Thành phố Hồ Chí Minh" and d["date"] is None
    assert d["subject"] == (
        "triển khai hướng dẫn y tế đối với người nhập cảnh vào Việt Nam làm việc ngắn ngày"
    )
    assert d["recipients"] == ["Sở Du lịch", "Trung tâm y tế quận, huyện"]
    assert d["references"] == [{"number_symbol": "4674/BYT-MT", "type": "CV", "date": "2020-08-31"}]
    assert any("without its 'Số' label" in w for w in d["warnings"])


def test_a_title_in_sentence_case_stops_at_the_first_article() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/QĐ-UBND\nBắc Giang, ngày 05 tháng 11 năm 2021\nQUYẾT ĐỊNH\n"
        "Về việc tăng cường tuyên truyền phòng, chống dịch COVID-19\n"
        "Điều 1. Ban hành kế hoạch tuyên truyền kèm theo Quyết định này.\n"
        "Điều 2. Sở Y tế chủ trì, phối hợp với Báo Bắc Giang tổ chức thực hiện.\n"
    )
    parsed = parse_dispatch(text).to_json()
    assert parsed["subject"] == "Về việc tăng cường tuyên truyền phòng, chống dịch COVID-19"
    assert [t["no"] for t in parsed["tasks"]] == ["Điều 1", "Điều 2"]


def test_a_first_section_is_never_taken_for_the_title() -> None:
    plan = "Số: 308/KH-UBND\nKẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức.\n"
    assert parse_dispatch(plan).subject is None


def test_a_reference_cited_first_without_its_date_takes_the_date_written_later() -> None:
    plan = (
        "Số: 308/KH-UBND\nKẾ HOẠCH\nChuyển đổi số năm 2025\n"
        "Căn cứ Quyết định số 142/QĐ-TTg của Thủ tướng Chính phủ; Nghị quyết số 214/NQ-CP "
        "ngày 23/7/2025 của Chính phủ.\n"
        "1. Sở Khoa học và Công nghệ triển khai Quyết định 142/QĐ-TTg ngày 02/02/2024.\n"
    )
    refs = [r.to_json() for r in parse_dispatch(plan).references]
    assert refs == [
        {"number_symbol": "142/QĐ-TTg", "type": "QĐ", "date": "2024-02-02"},
        {"number_symbol": "214/NQ-CP", "type": "NQ", "date": "2025-07-23"},
    ]


def test_the_documents_own_number_spaced_out_in_its_text_is_no_reference() -> None:
    text = (
        "Số: 10943/BYT-MT\nV/v hướng dẫn y tế\n"
        "Thực hiện Công văn số 4674/BYT-MT ngày 31/8/2020 của Bộ Y tế.\n"
        "(Ban hành kèm theo Công văn số1 0 9 4 3/BYT-MT ngày 24 tháng 12 năm 2021)\n"
    )
    assert [r.number_symbol for r in parse_dispatch(text).references] == ["4674/BYT-MT"]


def test_a_subject_with_no_recipients_under_it_stops_at_the_first_item() -> None:
    letter = "Số: 839/TCT-QLN\nV/v gia hạn nộp thuế\n1. Cục Thuế các tỉnh thực hiện gia hạn.\n"
    d = parse_dispatch(letter)
    assert (d.subject, len(d.tasks)) == ("gia hạn nộp thuế", 1)


def test_a_tax_departments_letter_is_no_directive_though_its_code_is_ct() -> None:
    letter = (
        "CỤC THUẾ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "      Độc lập - Tự do - Hạnh phúc\n"
        "Số: 5680/CT-CS      Hà Nội, ngày 24 tháng 11 năm 2025\n"
        "V/v thuế TNCN từ tiền lương, tiền công\n"
        "Kính gửi: Thuế tỉnh Nghệ An.\nCục Thuế nhận được văn bản.\n"
    )
    assert parse_dispatch(letter).doc_type == "CV"  # Cục Thuế's code, and a "V/v" subject
    directive = letter.replace("5680/CT-CS", "12/CT-UBND").replace("V/v thuế", "CHỈ THỊ\nVề thuế")
    assert parse_dispatch(directive).doc_type == "CT"


def test_a_units_code_ending_on_a_roman_numeral_stays_in_the_number() -> None:
    parsed = parse_dispatch(
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 11554/VPCP-V.I\nHà Nội, ngày 25 tháng 11 năm 2025\n"
        "V/v triển khai Chỉ thị\nKính gửi: Bộ Tài chính.\n"
        "Văn phòng Chính phủ đã có văn bản số 6721/VPCP-V.I ngày 10 tháng 7 năm 2025.\n"
    ).to_json()
    assert parsed["number_symbol"] == "11554/VPCP-V.I"
    assert [r["number_symbol"] for r in parsed["references"]] == ["6721/VPCP-V.I"]


def test_a_title_broken_after_its_first_letter_is_read_whole() -> None:
    parsed = parse_dispatch(
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 653/TB-VPCP\nHà Nội, ngày 28 tháng 11 năm 2025\n"
        "THÔNG BÁO\nÝ\nKIẾN CHỈ ĐẠO CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI CÁC DỰ ÁN ĐIỆN\n"
        "Ngày 20 tháng 11 năm 2025, Phó Thủ tướng đã làm việc tại các dự án.\n"
    ).to_json()
    assert parsed["subject"] == "Ý KIẾN CHỈ ĐẠO CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI CÁC DỰ ÁN ĐIỆN"


def test_the_government_as_the_deciding_body_is_not_part_of_a_resolutions_title() -> None:
    parsed = parse_dispatch(
        "CHÍNH PHỦ\nSố: 389/NQ-CP\nHà Nội, ngày 02 tháng 12 năm 2025\n"
        "NGHỊ QUYẾT\nVỀ\nVIỆC BỔ SUNG DANH SÁCH CÁC CỬA KHẨU QUỐC TẾ BẰNG THỊ THỰC ĐIỆN TỬ\n"
        "CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
        "QUYẾT NGHỊ:\nĐiều 1. Bổ sung các cửa khẩu.\n"
    ).to_json()
    assert (
        parsed["subject"] == "VỀ VIỆC BỔ SUNG DANH SÁCH CÁC CỬA KHẨU QUỐC TẾ BẰNG THỊ THỰC ĐIỆN TỬ"
    )


def test_a_stray_space_inside_a_cited_symbol_is_closed() -> None:
    parsed = parse_dispatch(
        "Số: 165/KH-UBND\nKẾ HOẠCH\n"
        "Thực hiện Kế hoạch số 75/KH- UBND ngày 09/7/2018, Thông tư số 38/2015/TT- BTC ngày "
        "25/3/2015 và Công văn số 15972/SXD-QLN& TTBĐS ngày 14/11/2025 và Sở Y tế.\n"
    ).to_json()
    assert [(r["number_symbol"], r["date"]) for r in parsed["references"]] == [
        ("75/KH-UBND", "2018-07-09"),
        ("38/2015/TT-BTC", "2015-03-25"),
        ("15972/SXD-QLN&TTBĐS", "2025-11-14"),
    ]


def test_the_prime_ministers_title_stays_whole_in_a_decisions_subject() -> None:
    parsed = parse_dispatch(
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 44/2025/QĐ-TTg\nHà Nội, ngày 01 tháng 12 năm 2025\n"
        "QUYẾT ĐỊNH\nBÃI BỎ MỘT SỐ VĂN BẢN QUY PHẠM PHÁP LUẬT CỦA THỦ TƯỚNG CHÍNH PHỦ\n"
        "THỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Bãi bỏ các văn bản.\n"
    ).to_json()
    assert parsed["subject"] == "BÃI BỎ MỘT SỐ VĂN BẢN QUY PHẠM PHÁP LUẬT CỦA THỦ TƯỚNG CHÍNH PHỦ"
