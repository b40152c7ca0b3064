"""Everyday two-syllable words of epidemic talk, for putting diacritics back.

`Restorer` trusts a form it has seen beside the same neighbour ("vo sinh" -> "vô sinh"). The
library's claims give it the words they use; these give it the words people use about an
epidemic and the response to it, whatever the library holds: "dong cua" is "đóng cửa", not
"đồng cửa"; "giam sat" is "giám sát", not "giảm sát". Common Vietnamese compounds written for
Loa from everyday usage (health advice, the authorities' notices, the press); a province may
add its own.
"""

from __future__ import annotations

__all__ = ["EVERYDAY_PHRASES"]

EVERYDAY_PHRASES: tuple[str, ...] = tuple(
    line.strip()
    for line in """
    bệnh nhân, bệnh viện, bệnh tật, người bệnh, người dân, người nhà, người thân, mọi người
    cách ly, phong tỏa, giãn cách, đóng cửa, mở cửa, giám sát, kiểm soát, kiểm tra, truy vết
    xét nghiệm, kết quả, âm tính, dương tính, test nhanh, lấy mẫu, tiếp nhận, nhập viện,
    xuất viện, cấp cứu, điều trị, chữa trị, chữa khỏi, khỏi bệnh, khỏi hẳn, tử vong, qua đời,
    triệu chứng, sốt cao, ho khan, khó thở, mất vị giác, mất khứu giác, đau đầu, mệt mỏi,
    khẩu trang, khoảng cách, sát khuẩn, rửa tay, súc miệng, súc họng, nước muối, xông hơi,
    vắc xin, tiêm chủng, mũi tiêm, mũi một, mũi hai, mũi ba, tiêm phòng, phản ứng, sốc phản vệ,
    tác dụng, hiệu quả, an toàn, nguy hiểm, miễn dịch, kháng thể, biến chủng, biến thể,
    lây lan, lây nhiễm, lây truyền, lây bệnh, nhiễm bệnh, mắc bệnh, ca mắc, ca bệnh, số ca,
    chính quyền, ủy ban, công an, y tế, trạm y tế, bộ y tế, sở y tế, nhân viên, bác sĩ,
    công nhân, khu công nghiệp, công ty, nhà máy, tiền lương, trả lương, cắt lương,
    hỗ trợ, tiền hỗ trợ, trợ cấp, miễn phí, thu phí, trả tiền, nộp tiền, đóng tiền, mất tiền,
    tiền điện, tiền nước, chợ đầu mối, siêu thị, thực phẩm, lương thực, hàng hóa, giá cả,
    công văn, chỉ thị, quyết định, thông báo, văn bản, giả mạo, tin đồn, mạng xã hội,
    toàn tỉnh, toàn quốc, thành phố, nửa đêm, ngày mai, hôm nay, từ nay, sắp tới,
    thi thể, hỏa táng, gia đình, trẻ em, trẻ con, người già, phụ nữ, sinh con, vô sinh,
    học sinh, sinh viên, trường học, đi học, đi làm, đi chợ, ra đường, ở nhà, tại nhà,
    thuốc men, uống thuốc, bài thuốc, nước nóng, nước chanh, mật ong, lá xông, gừng tỏi,
    virus corona, sóng điện thoại, trực thăng, phun thuốc, khử khuẩn, diệt virus, giết chết,
    chết hết, chết sạch, sạch sẽ, thế nào, như thế, bao nhiêu, bao giờ, ở đâu, tại sao, vì sao
    """.replace("\n", ",").split(",")
    if line.strip()
)
