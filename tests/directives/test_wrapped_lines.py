"""Web copies wrap the header's and the signature's cells anywhere: a city's name, a title's
first word, a position over two lines. And documents with appendices hold forms that have
signature lines of their own."""

from __future__ import annotations

from loa.directives.parse import parse_dispatch


def web_copy(place_date: str, title: str, signature: str, appendix: str = "") -> str:
    """Return a web copy laid out as a legal-documents site exports its two-column tables."""
    return f"""|
**ỦY BAN NHÂN
DÂN **
THÀNH PHỐ HỒ CHÍ MINH
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 1234/KH-UBND
|
*{place_date}*
|

{title}

Căn cứ Luật Tổ chức chính quyền địa phương;

1. Sở Y tế chủ trì tổ chức tiêm chủng.

2. Sở Văn hóa và Thể thao tuyên truyền trên loa truyền thanh.

|
**Nơi nhận:**
- Như trên;
- Lưu: VT.
|
{signature}
|
{appendix}"""


SIGNED = "**TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**\n\n**Trần Văn An**"
TITLE = "**KẾ HOẠCH**\n\nTIÊM CHỦNG VẮC XIN NĂM 2026"


def parsed(**parts: str) -> dict:  # type: ignore[type-arg]
    values = {
        "place_date": "Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025",
        "title": TITLE,
        "signature": SIGNED,
    }
    values.update(parts)
    return parse_dispatch(web_copy(**values)).to_json()


def test_a_citys_name_wrapped_before_the_date_is_read_whole() -> None:
    for cell in (
        "Thành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025",
        "Thành\nphố Hồ Chí Minh, ngày 19 tháng 11 năm 2025",
    ):
        d = parsed(place_date=cell)
        assert (d["place"], d["date"]) == ("Thành phố Hồ Chí Minh", "2025-11-19"), cell


def test_a_title_opening_with_thuc_hien_in_capitals_is_the_subject_not_a_preamble() -> None:
    title = "**KẾ HOẠCH**\n\nTHỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG\nVỀ CÔNG TÁC DÂN SỐ"
    assert parsed(title=title)["subject"] == "THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG VỀ CÔNG TÁC DÂN SỐ"


def test_a_document_type_wrapped_over_two_lines_still_opens_the_title() -> None:
    title = "**QUYẾT\nĐỊNH**\n\nVỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH"
    assert parsed(title=title)["subject"] == "VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH"


def test_a_circulars_title_is_read_under_thong_tu() -> None:
    title = "**THÔNG TƯ**\n\nQUY ĐỊNH MỨC THU PHÍ THẨM ĐỊNH"
    assert parsed(title=title)["subject"] == "QUY ĐỊNH MỨC THU PHÍ THẨM ĐỊNH"


def test_a_deputys_position_wrapped_under_the_authority_is_read_whole() -> None:
    signature = "**TM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ\nCHỦ TỊCH**\n\n**Trần Văn An**"
    signer = parsed(signature=signature)["signer"]
    assert signer == {"name": "Trần Văn An", "position": "PHÓ CHỦ TỊCH", "authority": "KT"}


def test_the_bodys_name_wrapped_under_the_authority_is_not_the_position() -> None:
    signature = "**TM. ỦY BAN NHÂN\nDÂN\nCHỦ TỊCH**\n\n**Trần Văn An**"
    assert parsed(signature=signature)["signer"]["position"] == "CHỦ TỊCH"


def test_a_deputys_title_run_on_after_the_heads_is_the_position() -> None:
    signature = (
        "**TL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ\nVỀ HQ PHÓ TRƯỞNG BAN**\n\nTrần Văn An"
    )
    signer = parsed(signature=signature)["signer"]
    assert (signer["position"], signer["authority"]) == ("PHÓ TRƯỞNG BAN", "KT")


def test_a_long_position_of_a_department_head_is_kept() -> None:
    signature = "**TL. CỤC TRƯỞNG\nTRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HẢI QUAN**\n\nTrần Văn An"
    assert parsed(signature=signature)["signer"]["position"] == (
        "TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HẢI QUAN"
    )


def test_a_title_without_authority_wrapped_over_two_lines_is_read_whole() -> None:
    signer = parsed(signature="**CHỦ\nTỊCH**\n\nTrần Văn An")["signer"]
    assert signer == {"name": "Trần Văn An", "position": "CHỦ TỊCH", "authority": None}


def test_the_tail_of_a_list_entry_in_capitals_is_not_the_signers_title() -> None:
    signature = "KT, TTTT, TTPVHCC;\n\n**CHỦ TỊCH**\n\nTrần Văn An"
    assert parsed(signature=signature)["signer"]["position"] == "CHỦ TỊCH"
    signature = "**GIÁM ĐỐC**\nTP;\nTrần Văn An"  # a PDF's layer: an entry's tail under it
    assert parsed(signature=signature)["signer"]["position"] == "GIÁM ĐỐC"


def test_a_form_in_the_appendix_does_not_replace_the_documents_signer() -> None:
    appendix = (
        "**PHỤ LỤC**\n\nMẪU ĐƠN ĐĂNG KÝ\n\nHọ và tên: ……………\n\n"
        "**TM. TỔ CHỨC (3)**\n\n(Ký, ghi rõ họ tên)\n\nNguyễn Văn Bình\n"
    )
    signer = parsed(signature="**GIÁM ĐỐC**\n\nTrần Văn An", appendix=appendix)["signer"]
    assert signer == {"name": "Trần Văn An", "position": "GIÁM ĐỐC", "authority": None}
    signer = parsed(appendix=appendix)["signer"]
    assert signer == {"name": "Trần Văn An", "position": "PHÓ CHỦ TỊCH", "authority": "KT"}


def test_a_title_line_opening_with_chuong_trinh_goes_on_the_title() -> None:
    title = "**KẾ HOẠCH**\n\nTRIỂN KHAI CÁC DỰ ÁN THUỘC\nCHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA PHÒNG, CHỐNG MA TÚY"
    assert parsed(title=title)["subject"] == (
        "TRIỂN KHAI CÁC DỰ ÁN THUỘC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA PHÒNG, CHỐNG MA TÚY"
    )


def test_a_title_over_a_name_after_a_long_list_laid_out_by_ocr_is_the_signer() -> None:
    # OCR of a scan: every entry of a long list over two lines, blank lines between, the
    # signature column read after the list.
    entries = "\n\n".join(f"- Ủy ban nhân dân\nxã số {n};" for n in range(1, 16))
    signer = parsed(signature=f"{entries}\n\n**THỦ TƯỚNG**\n\nTrần Văn An")["signer"]
    assert signer == {"name": "Trần Văn An", "position": "THỦ TƯỚNG", "authority": None}


def test_a_presidents_title_wrapped_inside_the_peoples_committee_is_one_issuer() -> None:
    text = web_copy("Đồng Tháp, ngày 19 tháng 11 năm 2025", TITLE, SIGNED).replace(
        "**ỦY BAN NHÂN\nDÂN **\nTHÀNH PHỐ HỒ CHÍ MINH",
        "**CHỦ TỊCH ỦY\nBAN NHÂN DÂN**\nTỈNH ĐỒNG THÁP",
    )
    d = parse_dispatch(text).to_json()
    assert (d["issuer"], d["issuer_parent"]) == ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", None)


def test_a_cong_dien_gives_its_subject_in_capitals_and_the_list_it_calls() -> None:
    parsed = parse_dispatch(
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 223/CĐ-TTg\nHà Nội, ngày 20 tháng 11 năm 2025\n"
        "CÔNG ĐIỆN\nV/V TẬP TRUNG ỨNG\nPHÓ LŨ ĐẶC BIỆT LỚN TẠI KHÁNH HÒA VÀ GIA LAI\n"
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n\n"
        "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh,\n"
        "Quảng Trị, Huế, Khánh Hòa;\n\n"
        "- Các Bộ: Quốc phòng, Công an.\n\n"
        "Theo báo cáo nhanh của Bộ Nông nghiệp và Môi trường, mưa lũ đang diễn biến phức tạp.\n"
    ).to_json()
    assert parsed["subject"] == "TẬP TRUNG ỨNG PHÓ LŨ ĐẶC BIỆT LỚN TẠI KHÁNH HÒA VÀ GIA LAI"
    assert parsed["recipients"] == [
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, Huế, Khánh Hòa",
        "Các Bộ: Quốc phòng, Công an",
    ]


def test_a_topic_items_points_are_read_with_the_lines_they_wrap_on() -> None:
    # A web copy breaks lines mid-name: "1.1. Giao Sở Nông nghiệp" / "và Môi trường"; a bullet's
    # partners come on its second line.
    parsed = parse_dispatch(
        "Số: 4085/UBND-ĐT\nKính gửi: Các sở, ngành.\n"
        "1. Về việc rà soát,\nlàm sạch dữ liệu số nhà đã cấp\n"
        "1.1. Giao Sở Nông nghiệp\nvà Môi trường\n"
        "Khẩn trương chia sẻ toàn\nbộ cơ sở dữ liệu đất đai.\n"
        "1.2. Giao Công an Thành\nphố\nChỉ đạo rà soát dữ liệu số nhà.\n"
        "2. Về công tác triển\nkhai ứng dụng phần mềm\n"
        "- Giao Sở Xây dựng chủ\ntrì, phối hợp với Trung tâm Chuyển đổi số Thành phố, Công an "
        "Thành phố cùng các đơn vị\ncó liên quan, tổ chức khảo sát.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [
        ["Sở Nông nghiệp và Môi trường", "Công an Thành phố"],
        ["Sở Xây dựng", "Trung tâm Chuyển đổi số Thành phố", "Công an Thành phố"],
    ]


def test_a_number_or_an_index_is_never_a_department() -> None:
    # "Số lượng ..." folds like "Sở ..." and "Chỉ số" like "Chi cục": neither names a body.
    parsed = parse_dispatch(
        "Số: 12/QĐ-BNV\nQUYẾT ĐỊNH:\n"
        "Điều 1. Số lượng cấp phó của người đứng đầu chi cục thuộc cục loại 2\n"
        "Số lượng cấp phó không quá 02 người.\n"
        "Điều 2. Sở Nội vụ chủ trì hướng dẫn thực hiện.\n"
    ).to_json()
    assert [[a["name"] for a in t["assignees"]] for t in parsed["tasks"]] == [[], ["Sở Nội vụ"]]
