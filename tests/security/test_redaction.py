"""Finding 16: self-introduced names and bank account or card numbers leave the text at the door.

Ordinary numbers in health claims (cases, doses, dates, amounts) stay: they are what the
claim is about, and a fact-check needs them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.listening.redact import redact_text
from loa.services.listening import handle_tipline, make_embedder
from loa.settings import Settings
from loa.store.listening_tables import ListenItemRow


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tôi là Nguyễn Văn An, ở Lục Ngạn, nghe nói uống tỏi chữa được covid", "Nguyễn Văn An"),
        (
            "Xin chào, tên tôi là Trần Thị Bích Ngọc. Vắc xin có gây vô sinh không?",
            "Trần Thị Bích Ngọc",
        ),
        ("em là Hoa ở Việt Yên, thuốc này có thật không ạ", "Hoa"),
        ("Mình là Lê Minh, mình thấy tin 5000 ca ở Bắc Giang", "Lê Minh"),
        ("TÔI LÀ Phạm Quốc Huy và tôi đã tiêm 3 mũi", "Phạm Quốc Huy"),
    ],
)
def test_a_self_introduced_name_is_removed(text: str, name: str) -> None:
    out = redact_text(text)
    assert name not in out
    for part in name.split():
        assert part not in out.replace("Bắc Giang", "").replace("Việt Yên", "")
    assert "[TÊN]" in out


@pytest.mark.parametrize(
    "text",
    [
        "tôi là người dân xã Tân Dĩnh, nghe nói xông hơi diệt được virus",
        "Em là sinh viên, có phải vắc xin gây vô sinh?",
        "Mình là F0 và đã khỏi sau 7 ngày",
    ],
)
def test_words_after_tôi_là_that_are_not_a_name_stay(text: str) -> None:
    assert redact_text(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Ủng hộ quỹ vắc xin vào STK 19035678901234 Techcombank", "19035678901234"),
        ("chuyển khoản số tài khoản: 0451 0001 23456 Vietcombank", "0451 0001 23456"),
        ("thẻ 4111 1111 1111 1111 để nhận thuốc miễn phí", "4111 1111 1111 1111"),
        ("gửi tiền vào tài khoản 1234567890123456789 nhé", "1234567890123456789"),
        ("TK 3210987654 Agribank, bán kit test giá rẻ", "3210987654"),
    ],
)
def test_account_and_card_numbers_are_removed(text: str, secret: str) -> None:
    out = redact_text(text)
    assert secret not in out and "".join(secret.split()) not in out.replace(" ", "")
    assert "[SỐ TÀI KHOẢN]" in out


@pytest.mark.parametrize(
    "text",
    [
        "Bắc Giang có 5000 ca mắc trong ngày 18/05/2021",
        "đã tiêm 2 mũi, mũi 3 sau 6 tháng",
        "hơn 1.803.950 liều vắc xin đã về tỉnh",
        "ngày 2021-05-18 có 1203 ca, tổng 5842 ca",
        "bộ kit test giá 100.000.000 đồng là tin giả",
        "tỷ lệ 95% người tiêm đủ 2 mũi, 12000000 liều",
    ],
)
def test_ordinary_numbers_in_health_claims_stay(text: str) -> None:
    assert redact_text(text) == text


def test_a_tipline_message_is_stored_without_the_name_or_the_account(
    session: Session, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path, listen_salt="s", listen_embedder="hashing")
    body = {
        "id": "m1",
        "text": "Tôi là Đỗ Thị Mai, ủng hộ quỹ thuốc qua STK 19035678901234, uống tỏi chữa covid",
        "sent_at": "2021-05-18T08:00:00+07:00",
        "channel": "web",
    }
    receipt = handle_tipline(session, body, settings=settings, embedder=make_embedder(settings))
    assert receipt.status == "accepted"
    stored = session.scalars(select(ListenItemRow.text)).all()
    assert len(stored) == 1
    assert "Mai" not in stored[0] and "19035678901234" not in stored[0]
    assert "uống tỏi" in stored[0]
