"""Reading a legal-documents site's text export: page title, header and signature run together."""

from __future__ import annotations

from loa.directives.parse import parse_dispatch
from loa.directives.signature_runs import split_signature_runs

# How such an export looks: the page title before the header and again before paragraphs, the
# header's parts and the decision's title with its decider run on, the signature on one line.
CRAWLED_DECISION = """\
Quyết định 1500/QĐ-BHXH năm 2015 về thẻ bảo hiểm y tế do Bảo hiểm xã hội Việt Nam ban hành. BẢO HIỂM XÃ HỘI VIỆT NAM -----------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Số: 1500/QĐ-BHXH
Hà Nội, ngày 14 tháng 12 năm 2015 QUYẾT ĐỊNH V/V BAN HÀNH THẺ BẢO HIỂM Y TẾ CẤP CHO QUÂN NHÂN TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM
Căn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008 “về bảo hiểm y tế “;
Xét đề nghị của Trưởng Ban Sổ - Thẻ, QUYẾT ĐỊNH:

Quyết định 1500/QĐ-BHXH năm 2015 về thẻ bảo hiểm y tế do Bảo hiểm xã hội Việt Nam ban hành. Điều 1. Ban hành mẫu thẻ bảo hiểm y tế.
Điều 2. Mặt sau in dòng chữ “1. Thẻ do BHXH cấp.
2. Bảo quản cẩn thận."Điều 3. Trưởng Ban Sổ - Thẻ, Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT, ST (08b). TỔNG GIÁM ĐỐC Nguyễn Thị Minh
"""


def test_the_page_title_and_rules_are_dropped_and_the_header_read() -> None:
    d = parse_dispatch(CRAWLED_DECISION).to_json()
    assert (d["issuer"], d["number_symbol"], d["doc_type"], d["date"]) == (
        "BẢO HIỂM XÃ HỘI VIỆT NAM", "1500/QĐ-BHXH", "QĐ", "2015-12-14",
    )  # fmt: skip


def test_a_title_run_on_after_the_date_loses_its_label_and_decider() -> None:
    d = parse_dispatch(CRAWLED_DECISION).to_json()
    assert d["subject"] == "BAN HÀNH THẺ BẢO HIỂM Y TẾ CẤP CHO QUÂN NHÂN"


def test_a_decider_named_inside_the_title_stays_in_it() -> None:
    text = CRAWLED_DECISION.replace(
        "CẤP CHO QUÂN NHÂN TỔNG GIÁM ĐỐC", "CỦA BỘ TRƯỞNG BỘ Y TẾ TỔNG GIÁM ĐỐC"
    )
    assert parse_dispatch(text).subject == "BAN HÀNH THẺ BẢO HIỂM Y TẾ CỦA BỘ TRƯỞNG BỘ Y TẾ"


def test_articles_are_found_despite_misprinted_quotes_and_glued_lines() -> None:
    d = parse_dispatch(CRAWLED_DECISION).to_json()
    assert [t["no"] for t in d["tasks"]] == ["Điều 1", "Điều 2", "Điều 3"]
    assert d["tasks"][0]["text"] == "Ban hành mẫu thẻ bảo hiểm y tế."


def test_a_signature_run_on_after_the_last_entry_is_read() -> None:
    d = parse_dispatch(CRAWLED_DECISION).to_json()
    assert d["distribution"] == ["Như Điều 3", "Lưu: VT, ST (08b)"]
    assert d["signer"] == {
        "name": "Nguyễn Thị Minh",
        "position": "TỔNG GIÁM ĐỐC",
        "authority": None,
    }


def test_signature_runs_are_cut_into_authority_position_and_name() -> None:
    assert split_signature_runs(
        [
            "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Phạm Lương Sơn",
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp",
            "TL.",
            "BỘ TRƯỞNG CHÁNH VĂN PHÒNG Nguyễn Đức Tâm",
            "- Lưu: VT, ĐMDN. BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng",
            "Sở Y tế báo cáo Bộ Y tế.",
        ]
    ) == [
        "KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "Phạm Lương Sơn",
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Hữu Tháp",
        "TL. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG", "Nguyễn Đức Tâm",
        "- Lưu: VT, ĐMDN.", "BỘ TRƯỞNG, CHỦ NHIỆM", "Mai Tiến Dũng",
        "Sở Y tế báo cáo Bộ Y tế.",
    ]  # fmt: skip


def test_the_body_run_on_after_an_inline_recipient_is_read_apart() -> None:
    d = parse_dispatch(
        "BỘ KẾ HOẠCH VÀ ĐẦU TƯ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 3397/BKHĐT-QLKTTW V/v hướng dẫn áp dụng Luật Doanh nghiệp Hà Nội, ngày 23 tháng 5 "
        "năm 2019 Kính gửi: Tổng công ty Khí Việt Nam-CTCP (PV GAS) Phúc đáp Công văn số "
        "615/KVN-PC ngày 3 tháng 4 năm 2019, Bộ Kế hoạch và Đầu tư có ý kiến như sau:\n"
    ).to_json()
    assert d["recipients"] == ["Tổng công ty Khí Việt Nam-CTCP (PV GAS)"]
    assert d["subject"] == "hướng dẫn áp dụng Luật Doanh nghiệp"
    assert [r["number_symbol"] for r in d["references"]] == ["615/KVN-PC"]


def test_recipients_are_found_below_blank_lines() -> None:
    d = parse_dispatch(
        "Số: 73/UBND-TH\nHậu Giang, ngày 12 tháng 1 năm 2018\n\nV/v ủy quyền điều hành\n"
        + "\n" * 6
        + "Kính gửi:\n\n\n- Thường trực Tỉnh ủy;\n\n- Thường trực HĐND tỉnh.\n"
    ).to_json()
    assert d["recipients"] == ["Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh"]


def test_a_page_title_without_a_full_stop_leaves_the_issuer_at_the_end_of_its_line() -> None:
    d = parse_dispatch(
        "Công văn 6087/BYT-KCB năm 2013 về cấp chứng chỉ do Bộ Y tế ban hành BỘ Y TẾ -------\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 6087/BYT-KCB V/v cấp chứng chỉ Hà Nội, ngày 27 tháng 9 năm 2013 Kính gửi: Sở Y tế.\n"
    )
    assert (d.issuer, d.number_symbol, d.subject) == ("BỘ Y TẾ", "6087/BYT-KCB", "cấp chứng chỉ")


def test_the_sites_notice_after_the_document_is_no_part_of_it() -> None:
    parsed = parse_dispatch(
        "BỘ XÂY DỰNG\nSố: 96/CĐ-BXD\nHà Nội, ngày 22 tháng 11 năm 2025\n"
        "Căn cứ Công điện số 225/CĐ-TTg ngày 20/11/2025 của Thủ tướng Chính phủ.\n"
        "1. Cục Đường bộ Việt Nam chỉ đạo bảo đảm giao thông.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n"
        "**THÔNG BÁO **\n**về Lưu trữ, Sử dụng Thông tin Khách hàng**\n"
        "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân (hiệu lực từ ngày 01/07/2023) yêu "
        "cầu xác nhận sự đồng ý của thành viên.\n"
    ).to_json()
    assert [r["number_symbol"] for r in parsed["references"]] == ["225/CĐ-TTg"]
    assert parsed["signer"]["name"] == "Nguyễn Văn A"
