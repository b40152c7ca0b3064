"""Name keys: abbreviations, diacritics, tone placement, case and list noise all meet."""

from __future__ import annotations

import pytest

from loa.directory.names import clean_name, name_key, similarity


@pytest.mark.parametrize(
    "written",
    [
        "Sở TT&TT",
        "Sở TTTT",
        "Sở TT-TT",
        "So Thong tin va Truyen thong",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "sở thông tin truyền thông",
    ],
)
def test_every_spelling_of_the_information_department_shares_one_key(written: str) -> None:
    assert name_key(written) == name_key("Sở Thông tin và Truyền thông")


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
        ("Đài PTTH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
        ("MTTQ tỉnh", "Mặt trận Tổ quốc tỉnh"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh"),
        ("UBMTTQ huyện Lục Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Lục Nam"),
        ("Ban tuyên giáo các ĐUTT", "Ban Tuyên giáo các đảng ủy trực thuộc"),
        ("UBND huyện Yên Thế", "Ủy ban nhân dân huyện Yên Thế"),
        ("BCĐ 35 tỉnh", "Ban Chỉ đạo 35 tỉnh"),
        ("BCĐ35 tỉnh", "Ban Chỉ đạo 35 tỉnh"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("BTG Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"),
        ("BTGTU", "Ban Tuyên giáo Tỉnh ủy"),
        ("Thường trực TU", "Thường trực Tỉnh ủy"),
        ("BTG HU Tân Yên", "Ban Tuyên giáo Huyện ủy Tân Yên"),
        ("Cổng TTĐT tỉnh", "Cổng Thông tin điện tử của tỉnh"),
        ("Trang TT Điện tử thuộc Ban", "Trang Thông tin điện tử thuộc Ban"),
        ("các tổ chức CT-XH", "các tổ chức chính trị - xã hội"),
        ("các tổ chức CTXH", "các tổ chức chính trị- xã hội"),
        ("KCN Quang Châu", "Khu công nghiệp Quang Châu"),
        ("UBND TP Bắc Giang", "Ủy ban nhân dân thành phố Bắc Giang"),
        (
            "Trung tâm VH-TT&TT huyện Yên Dũng",
            "Trung tâm Văn hóa - Thông tin và Thể thao huyện Yên Dũng",
        ),
    ],
)
def test_abbreviation_and_long_form_share_a_key(short: str, long: str) -> None:
    assert name_key(short) == name_key(long)


def test_lower_case_syllables_are_not_read_as_abbreviations() -> None:
    # "tử" folds to "tu", which in capitals (TU) would mean Tỉnh ủy.
    assert "tinh uy" not in name_key("Cổng Thông tin điện tử")
    assert name_key("Cổng Thông tin điện tử") != name_key("Cổng Thông tin điện TU")


@pytest.mark.parametrize(
    "written", ["Hiệp Hoà", "Hiệp Hòa", "HIỆP HOÀ", "hiep hoa", "  Hiệp   Hòa "]
)
def test_tone_placement_case_and_missing_diacritics_do_not_matter(written: str) -> None:
    assert name_key(f"UBND huyện {written}") == name_key("Ủy ban nhân dân huyện Hiệp Hòa")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("- Kính gửi: - Báo Bắc Giang,", "Báo Bắc Giang"),
        ("Kính gửi Sở Y tế", "Sở Y tế"),
        ("- BTGTW (B/c),", "BTGTW"),
        ("- Thường trực Tỉnh ủy (B/c),", "Thường trực Tỉnh ủy"),
        ("- Các đ/c lãnh đạo Ban,", "lãnh đạo Ban"),
        ("- Ban tuyên giáo MTTQ và các tổ chức chính trị- xã hội tỉnh.", None),
        ("**Sở Y tế**;", "Sở Y tế"),
        ("1. Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
        ("+ Đài PT-TH tỉnh (để biết);", "Đài PT-TH tỉnh"),
    ],
)
def test_list_noise_is_stripped_from_names(raw: str, clean: str | None) -> None:
    expected = clean if clean is not None else raw[2:-1]
    assert clean_name(raw) == expected


def test_a_province_after_a_district_only_locates_it() -> None:
    assert name_key("UBND huyện Yên Thế, tỉnh Bắc Giang") == name_key("UBND huyện Yên Thế")
    assert name_key("Huyện ủy Lục Ngạn tỉnh Bắc Giang") == name_key("Huyện ủy Lục Ngạn")
    # Without a district the province is the subject and must stay.
    assert name_key("UBND tỉnh Bắc Giang") != name_key("UBND tỉnh")
    # "trực thuộc Tỉnh ủy" is not a province qualifier.
    assert name_key("Các huyện ủy trực thuộc Tỉnh ủy").endswith("tinh uy")


def test_similarity_ignores_token_order_and_scores_disjoint_names_zero() -> None:
    a = name_key("Các cơ quan, địa phương, đơn vị")
    b = name_key("Các địa phương, cơ quan, đơn vị")
    assert a != b
    assert similarity(a, b) == 1.0
    assert similarity(name_key("Sở Y tế"), name_key("Báo Bắc Giang")) == 0.0


def test_similarity_counts_a_rare_token_more_than_a_common_one() -> None:
    weights = {"ban": 0.1, "tinh": 0.1, "yen": 3.0, "the": 3.0, "dung": 3.0}
    query = "ban yen the tinh"
    common_missing = similarity(query, "ban yen the", weights)
    rare_missing = similarity(query, "ban yen dung tinh", weights)
    assert common_missing > rare_missing


def test_similarity_gives_partial_credit_to_a_misspelt_long_word() -> None:
    right = name_key("Sở Thông tin và Truyền thông")
    typo = name_key("Sở Thông tin và Truyền thôn")
    other = name_key("Sở Thông tin và Giao vận")
    assert similarity(typo, right) > similarity(other, right)
    assert similarity(typo, right) < 1.0
