from __future__ import annotations

import random
import re

import pytest

from loa.listening.items import make_item
from loa.listening.redact import author_hash, redact_text, redact_url

SALT = "test-salt"


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["09", "03", "07", "08", "05"]) + str(rng.randint(0, 9))
    rest = "".join(str(rng.randint(0, 9)) for _ in range(7))
    digits = prefix + rest
    style = rng.randrange(6)
    if style == 0:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if style == 1:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    if style == 2:
        return f"+84 {digits[1:]}"
    if style == 3:
        return f"84-{digits[1:4]}-{digits[4:7]}-{digits[7:]}"
    if style == 4:
        return f"(+84) {digits[1:4]} {digits[4:7]} {digits[7:]}"
    return digits


def _landline(rng: random.Random) -> str:
    return f"0204 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _cccd(rng: random.Random) -> str:
    digits = "0" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return digits if rng.random() < 0.7 else " ".join([digits[i : i + 3] for i in range(0, 12, 3)])


def _cmnd(rng: random.Random) -> str:
    return "1" + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _plate(rng: random.Random) -> str:
    code = rng.randint(11, 99)
    letter = rng.choice("ABCDEFGHKLMNPSTUVXYZ")
    style = rng.randrange(4)
    if style == 0:
        return f"{code}{letter}-{rng.randint(100, 999)}.{rng.randint(10, 99)}"
    if style == 1:
        return f"{code}-{letter}{rng.randint(1, 9)} {rng.randint(100, 999)}.{rng.randint(10, 99)}"
    if style == 2:
        return f"{code}{letter}{rng.randint(10000, 99999)}"
    return f"{code}{letter}{rng.randint(1, 9)}-{rng.randint(1000, 9999)}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("seed", range(5))
def test_no_generated_phone_id_or_plate_survives_to_storable(seed: int) -> None:
    rng = random.Random(seed)
    for n in range(200):
        secrets = [_phone(rng), _landline(rng), _cccd(rng), _cmnd(rng), _plate(rng)]
        email = f"nguoi{n}@example.vn"
        text = (
            f"Liên hệ {secrets[0]} hoặc {secrets[1]}, CCCD {secrets[2]}, CMND {secrets[3]}, "
            f"xe {secrets[4]}, mail {email}. Tiêm vắc xin ở trạm y tế xã"
        )
        record = {"id": str(n), "text": text, "author": "Nguyễn Văn An", "author_id": "100012345"}
        stored = make_item(record, salt=SALT)[0].to_storable()
        flat = " ".join(str(v) for v in stored.values())
        for secret in secrets:
            assert _digits(secret) not in _digits(flat), (secret, stored["text"])
        assert email not in flat
        assert "Nguyễn Văn An" not in flat and "100012345" not in flat


def test_tokens_replace_each_kind_of_personal_data() -> None:
    out = redact_text("Gọi 0912 345 678, mail a.b@x.vn, CCCD 001203004567, xe 98A-123.45")
    assert out == "Gọi [SĐT], mail [EMAIL], CCCD [CCCD], xe [BIỂN SỐ]"


def test_counts_money_and_dates_are_not_redacted() -> None:
    text = "Ngày 04/11/2021 có 5.800 ca, hỗ trợ 100.000.000 đồng cho 1.803.950 dân"
    assert redact_text(text) == text


def test_author_name_in_the_text_is_replaced() -> None:
    assert redact_text("Tôi là Trần Thị Bình, xác nhận", author_names=("Trần Thị Bình",)) == (
        "Tôi là [TÁC GIẢ], xác nhận"
    )


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://www.facebook.com/nguyen.van.an/posts/10158123456789", "nguyen.van.an"),
        ("https://m.facebook.com/profile.php?id=100012345678", "100012345678"),
        ("https://facebook.com/story.php?story_fbid=123&id=100099887766", "100099887766"),
        ("https://www.tiktok.com/@hoa.mai99/video/7012345678901234567", "hoa.mai99"),
        ("https://www.youtube.com/@kenhtinnong", "kenhtinnong"),
        ("https://www.youtube.com/channel/UCabcdef12345", "UCabcdef12345"),
        ("https://x.com/someone_vn/status/1450000000000000000", "someone_vn"),
        ("https://twitter.com/someone_vn/status/1450000000000000000", "someone_vn"),
        ("https://zalo.me/0912345678", "0912345678"),
        ("https://www.facebook.com/groups/123/user/100055555555/", "100055555555"),
    ],
)
def test_account_names_and_ids_are_removed_from_post_urls(url: str, secret: str) -> None:
    assert secret not in redact_url(url)


def test_post_ids_are_kept_in_urls() -> None:
    assert "10158123456789" in redact_url("https://facebook.com/an.nguyen/posts/10158123456789")
    assert "v=abc123" in redact_url("https://www.youtube.com/watch?v=abc123")


def test_author_hash_depends_on_the_salt_and_not_on_spelling() -> None:
    assert author_hash("facebook", "@An.Nguyen", "s1") == author_hash("Facebook", "an.nguyen", "s1")
    assert author_hash("facebook", "an.nguyen", "s1") != author_hash("facebook", "an.nguyen", "s2")
    assert "an.nguyen" not in author_hash("facebook", "an.nguyen", "s1")
