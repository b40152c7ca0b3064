"""Reading a text PDF whose layer interleaves the two columns of the header and the footer."""

from __future__ import annotations

from loa.directives.parse import parse_dispatch

# What a PDF's text layer gives for a công văn: the left column's wrapped "V/v" line cut by the
# motto and date of the right one; the signature column set inside the "Nơi nhận" list.
PDF_LAYER = """\
BẢO HIỂM XÃ HỘI VIỆT NAM

Số: 296/BHXH-CSYT
V/v hướng dẫn một số quy định tại
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 02 tháng 02 năm 2021
Điều
22 Luật BHYT

Kính gửi: Bảo hiểm xã hội các tỉnh.
Bảo hiểm xã hội Việt Nam hướng dẫn như sau./.

Nơi nhận:
- Như trên;
- Các đơn vị: TST, TCKT, TT,
KT. TỔNG GIÁM ĐỐC
PHÓ TỔNG GIÁM ĐỐC
GĐĐT;
- Lưu: VT, CSYT.
Phạm Lương Sơn
"""


def test_a_subject_cut_by_the_right_column_is_joined_again() -> None:
    assert parse_dispatch(PDF_LAYER).subject == "hướng dẫn một số quy định tại Điều 22 Luật BHYT"


def test_the_list_goes_on_below_a_signature_set_inside_it() -> None:
    d = parse_dispatch(PDF_LAYER).to_json()
    assert d["distribution"] == ["Như trên", "Các đơn vị: TST, TCKT, TT, GĐĐT", "Lưu: VT, CSYT"]
    assert d["signer"] == {
        "name": "Phạm Lương Sơn",
        "position": "PHÓ TỔNG GIÁM ĐỐC",
        "authority": "KT",
    }


def test_a_signature_with_its_name_inside_the_list_is_read_and_skipped() -> None:
    d = parse_dispatch(
        "Số: 1500/QĐ-BHXH\nĐiều 1. Ban hành mẫu thẻ.\nNơi nhận:\n- Như Điều 1;\n"
        "- Các Bộ: YT, TC, QP, CA,\nTỔNG GIÁM ĐỐC\nTP;\nNguyễn Thị Minh\n- Tổng Giám đốc;\n"
        "- Lưu: VT, ST.\n"
    ).to_json()
    assert d["distribution"] == [
        "Như Điều 1",
        "Các Bộ: YT, TC, QP, CA, TP",
        "Tổng Giám đốc",
        "Lưu: VT, ST",
    ]
    assert d["signer"] == {
        "name": "Nguyễn Thị Minh",
        "position": "TỔNG GIÁM ĐỐC",
        "authority": None,
    }


def test_an_article_glued_to_the_end_of_the_line_before_is_found() -> None:
    d = parse_dispatch(
        'Số: 1500/QĐ-BHXH\nĐiều 1. Mặt sau in “1. Bảo quản thẻ.\n2. Nộp phí theo quy định."Điều 2.\n'
        "Hiệu lực thi hành\nQuyết định này có hiệu lực kể từ ngày ký.\n"
    ).to_json()
    assert [t["no"] for t in d["tasks"]] == ["Điều 1", "Điều 2"]
