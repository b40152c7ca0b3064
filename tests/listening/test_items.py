from __future__ import annotations

import json
from pathlib import Path

import pytest

from loa.errors import EncodingError
from loa.listening.items import load_export, parse_csv, parse_jsonl

SALT = "test-salt"


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_bad_lines_are_reported_and_the_rest_of_the_batch_goes_through() -> None:
    lines = [
        _line(id="1", platform="facebook", text="Tiêm vắc xin gây vô sinh đó mọi người"),
        '{"id": "2", "text": "thiếu ngoặc"',
        _line(id="3", text=""),
        _line(id="4", text="Vắc xin " + "rất " * 300_000),
        _line(id="5", text="COVID-19 vaccines cause infertility in women, studies show"),
        _line(id="6", text="<div><p>Uống nước muối chữa khỏi covid</p></div>"),
        _line(id="7", text="nghe noi uong toi song chua khoi covid"),
    ]
    result = parse_jsonl("\n".join(lines), salt=SALT, file="posts.jsonl")
    assert [item.id for item in result.items] == ["1", "6", "7"]
    assert [p.line for p in result.errors] == [2, 3, 4, 5]
    for problem in result.problems:
        assert problem.vi and problem.en and problem.vi != problem.en
        assert "posts.jsonl" in problem.message("vi")
    html_item = result.items[1]
    assert html_item.text == "Uống nước muối chữa khỏi covid"
    assert [p.severity for p in result.problems if p.line == 6] == ["warning"]


def test_author_fields_are_hashed_and_never_kept() -> None:
    record = _line(
        id="9",
        url="https://www.facebook.com/le.thi.hoa/posts/123",
        text="Lê Thị Hoa đây: tỏi sống chữa khỏi covid",
        author={"id": "100044", "name": "Lê Thị Hoa"},
        screen_name="le.thi.hoa",
    )
    item = parse_jsonl(record, salt=SALT).items[0]
    stored = json.dumps(item.to_storable(), ensure_ascii=False)
    assert "Lê Thị Hoa" not in stored and "le.thi.hoa" not in stored and "100044" not in stored
    assert item.author_hash and len(item.author_hash) == 32
    assert item.platform == "facebook"


def test_two_posts_by_one_author_share_a_hash() -> None:
    lines = "\n".join(
        [
            _line(id="a", text="Tỏi chữa khỏi covid", author_id="77"),
            _line(id="b", text="Nước muối diệt virus", author_id="77"),
            _line(id="c", text="Nước muối diệt virus đấy", author_id="78"),
        ]
    )
    hashes = [item.author_hash for item in parse_jsonl(lines, salt=SALT).items]
    assert hashes[0] == hashes[1] != hashes[2]


def test_csv_export_with_area_hints_and_engagement() -> None:
    text = (
        "id,platform,url,text,created_at,engagement,commune,district,province,username\n"
        '1,zalo,,"Bắc Giang phong tỏa toàn tỉnh, đi mua đồ ngay",04/11/2021 08:30,1.2K,'
        "Quang Châu,Việt Yên,Bắc Giang,hoa99\n"
        "2,facebook,,Vắc xin gắn chip theo dõi,not-a-date,5,,,,\n"
    )
    result = parse_csv(text, salt=SALT, file="export.csv")
    assert len(result.items) == 1
    item = result.items[0]
    assert item.engagement == 1200
    assert item.area.commune == "Quang Châu" and item.area.district == "Việt Yên"
    assert item.created_at is not None and item.created_at.day == 4 and item.created_at.month == 11
    assert [p.line for p in result.errors] == [3]
    assert "hoa99" not in json.dumps(item.to_storable())


def test_a_file_that_is_not_utf8_is_refused_with_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"text": "v\xe1c xin"}')
    with pytest.raises(EncodingError) as caught:
        load_export(path, salt=SALT)
    assert "UTF-8" in caught.value.vi and "UTF-8" in caught.value.en


def test_repeated_id_keeps_the_first_line() -> None:
    lines = "\n".join([_line(id="1", text="Tỏi chữa khỏi covid"), _line(id="1", text="Tỏi ")])
    result = parse_jsonl(lines, salt=SALT)
    assert [i.text for i in result.items] == ["Tỏi chữa khỏi covid"]
    assert result.problems[0].severity == "warning"


def test_engagement_written_either_way_is_read_and_an_ambiguous_one_refused() -> None:
    header = "id,platform,url,text,created_at,engagement\n"
    rows = [
        '1,zalo,,"Uống nước chanh chữa covid",04/11/2021 08:30,"1,2K"\n',
        "2,zalo,,Tiêm vắc xin gây vô sinh,04/11/2021 09:00,1 234\n",
        "3,zalo,,Xông hơi diệt virus,04/11/2021 09:30,1.234\n",
    ]
    result = parse_csv(header + "".join(rows), salt=SALT, file="export.csv")
    assert [i.engagement for i in result.items] == [1200, 1234]
    assert [p.line for p in result.errors] == [4]
    assert "1.234" in str(result.errors[0])
