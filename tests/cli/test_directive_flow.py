"""The office's day with a dispatch, through the `loa` command as a user types it."""

from __future__ import annotations

import json

from docx import Document
from docx.shared import Pt


def _demo_tasks(loa) -> dict:  # type: ignore[no-untyped-def]
    """Return the tasks of the demo store (the seed dispatch imported by `loa demo`)."""
    tasks = json.loads(loa("task", "list", "--format", "json").output)
    return {"tasks": tasks}


def test_seed_dispatch_becomes_tasks_for_the_agencies_it_names(demo_loa) -> None:  # type: ignore[no-untyped-def]
    tasks = _demo_tasks(demo_loa)["tasks"]
    by_item: dict[str, set[str]] = {}
    for task in tasks:
        by_item.setdefault(task["item_no"], set()).add(task["org_id"])
    # Item 2 is the Department of Information and Communications' alone.
    assert by_item["2"] == {"bg.so-tttt"}
    # Item 3 goes to each of the province's press bodies, one task each.
    assert {"bg.bao-bac-giang", "bg.dai-ptth"} <= by_item["3"]
    # Item 4: the steering committees 35 of the province and of every district.
    assert len(by_item["4"]) == 11
    assert all(task["status"] == "todo" for task in tasks)
    assert not [t for t in tasks if t["to_assign"]]


def test_importing_the_same_dispatch_twice_changes_nothing(demo_loa, seed_path) -> None:  # type: ignore[no-untyped-def]
    before = len(_demo_tasks(demo_loa)["tasks"])
    out = demo_loa("directive", "import", str(seed_path)).output
    assert "đã được nhập" in out
    assert len(json.loads(demo_loa("task", "list", "--format", "json").output)) == before
    assert len(json.loads(demo_loa("directive", "list", "--format", "json").output)) == 1


def test_task_update_keeps_history_and_metrics(demo_loa) -> None:  # type: ignore[no-untyped-def]
    tasks = _demo_tasks(demo_loa)["tasks"]
    task_id = str(
        next(t["id"] for t in tasks if t["org_id"] == "bg.so-tttt" and t["item_no"] == "2")
    )
    demo_loa("task", "update", task_id, "--status", "doing", "--metric", "broadcasts=12")
    demo_loa(
        "task",
        "update",
        task_id,
        "--status",
        "done",
        "--note",
        "Đã phát 20 buổi",
        "--metric",
        "broadcasts=20",
    )
    shown = json.loads(demo_loa("task", "show", task_id, "--format", "json").output)
    assert shown["status"] == "done"
    assert shown["metrics"] == {"broadcasts": 20.0}
    kinds = [e["kind"] for e in shown["history"]]
    assert kinds == ["task.created", "task.updated", "task.updated"]
    assert shown["history"][1]["after"]["status"] == "doing"
    assert shown["history"][2]["before"]["metrics"] == {"broadcasts": 12.0}
    assert shown["history"][2]["note"] == "Đã phát 20 buổi"


def test_org_filter_includes_child_organisations(demo_loa) -> None:  # type: ignore[no-untyped-def]
    _demo_tasks(demo_loa)
    own = json.loads(demo_loa("task", "list", "--org", "bg.so-tttt", "--format", "json").output)
    assert own and {t["org_id"] for t in own} == {"bg.so-tttt"}
    party = json.loads(demo_loa("task", "list", "--org", "bg.tinh-uy", "--format", "json").output)
    assert len({t["org_id"] for t in party}) > 5


def test_deadline_makes_a_task_overdue_and_remind_groups_by_organisation(demo_loa) -> None:  # type: ignore[no-untyped-def]
    tasks = _demo_tasks(demo_loa)["tasks"]
    task_id = str(next(t["id"] for t in tasks if t["org_id"] == "bg.so-tttt"))
    demo_loa("task", "update", task_id, "--deadline", "2021-11-15")
    overdue = json.loads(
        demo_loa("task", "list", "--overdue", "--today", "2021-11-20", "--format", "json").output
    )
    assert [t["id"] for t in overdue] == [int(task_id)]
    assert (
        json.loads(
            demo_loa(
                "task", "list", "--overdue", "--today", "2021-11-10", "--format", "json"
            ).output
        )
        == []
    )
    remind = json.loads(
        demo_loa("task", "remind", "--today", "2021-11-20", "--format", "json").output
    )
    sotttt = next(r for r in remind if r["org_id"] == "bg.so-tttt")
    assert [t["id"] for t in sotttt["overdue"]] == [int(task_id)]
    demo_loa("task", "update", task_id, "--status", "done")
    remind = json.loads(
        demo_loa("task", "remind", "--today", "2021-11-20", "--format", "json").output
    )
    assert all(r["org_id"] != "bg.so-tttt" for r in remind)


def test_report_json_counts_statuses_and_overdue(demo_loa) -> None:  # type: ignore[no-untyped-def]
    tasks = _demo_tasks(demo_loa)["tasks"]
    first = tasks[0]["id"]
    demo_loa(
        "task",
        "update",
        str(first),
        "--status",
        "done",
        "--note",
        "Đã quán triệt",
        "--metric",
        "meetings=3",
    )
    demo_loa("task", "update", str(tasks[1]["id"]), "--deadline", "2021-11-10")
    report = json.loads(
        demo_loa("directive", "report", "1", "--format", "json", "--today", "2021-11-20").output
    )
    assert report["directive"]["number_symbol"] == "427-CV/BTGTU"
    assert report["totals"] == {"done": 1, "todo": len(tasks) - 1}
    assert report["overdue"] == 1
    line = next(t for t in report["tasks"] if t["task_id"] == first)
    assert line["notes"] == ["Đã quán triệt"] and line["metrics"] == {"meetings": 3.0}


def test_report_docx_follows_decree_30_layout(demo_loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tasks = _demo_tasks(demo_loa)["tasks"]
    demo_loa("task", "update", str(tasks[0]["id"]), "--status", "done", "--metric", "articles=5")
    out = tmp_path / "report.docx"
    demo_loa(
        "directive", "report", "1", "--format", "docx", "--out", str(out), "--today", "2021-11-20"
    )
    doc = Document(str(out))
    section = doc.sections[0]
    mm = lambda length: round(length.mm, 1)  # noqa: E731  (Word stores twips, not EMU)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert 20 <= mm(section.top_margin) <= 25 and 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35 and 15 <= mm(section.right_margin) <= 20
    header = doc.tables[0].rows[0].cells
    left = [p.text for p in header[0].paragraphs]
    assert left[:2] == ["TỈNH ỦY BẮC GIANG", "BAN TUYÊN GIÁO"]
    assert left[-1].startswith("Số") and left[-1].endswith("-BC/BTGTU")
    motto = header[1].paragraphs[0].runs[0]
    assert motto.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and motto.bold
    date_run = header[1].paragraphs[1].runs[0]
    assert date_run.text == "Bắc Giang, ngày 20 tháng 11 năm 2021" and date_run.italic
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert all(r.font.name == "Times New Roman" for r in runs)
    body = next(p for p in doc.paragraphs if p.text.startswith("Tính đến"))
    assert body.runs[0].font.size in (Pt(13), Pt(14))
    assert body.paragraph_format.first_line_indent is not None
    assert any(p.text == "BÁO CÁO" for p in doc.paragraphs)
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Mục",
        "Đơn vị thực hiện",
        "Trạng thái",
        "Kết quả",
        "Ghi chú",
    ]
    assert len(table.rows) == len(tasks) + 1
    assert "articles: 5" in table.rows[1].cells[4].text
    nhan = doc.tables[2].rows[0].cells[0].paragraphs[0].runs[0]
    assert nhan.text == "Nơi nhận:" and nhan.bold and nhan.italic and nhan.font.size == Pt(12)


def test_bad_files_get_a_bilingual_message_and_nothing_is_stored(loa, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    notes = tmp_path / "notes.txt"
    notes.write_text("Danh sách đi chợ: rau, thịt, cá.\nMua thêm gạo.\n", encoding="utf-8")
    for path in (empty, binary, notes):
        result = loa("directive", "import", str(path), ok=False)
        assert result.exit_code == 2, result.output
        assert "Lỗi:" in result.output and "Error:" in result.output
        assert "Traceback" not in result.output
    assert json.loads(loa("directive", "list", "--format", "json").output) == []


def test_unknown_task_and_bad_metric_are_explained(demo_loa) -> None:  # type: ignore[no-untyped-def]
    _demo_tasks(demo_loa)
    missing = demo_loa("task", "update", "9999", "--status", "done", ok=False)
    assert missing.exit_code == 2 and "9999" in missing.output and "loa task list" in missing.output
    bad = demo_loa("task", "update", "1", "--metric", "articles", ok=False)
    assert bad.exit_code == 2 and "NAME=NUMBER" in bad.output


def test_english_messages_on_request(demo_loa) -> None:  # type: ignore[no-untyped-def]
    _demo_tasks(demo_loa)
    out = demo_loa("--lang", "en", "task", "remind", "--today", "2021-11-05").output
    assert "Nothing due or overdue." in out
    out_vi = demo_loa("task", "remind", "--today", "2021-11-05").output
    assert "Không có việc đến hạn hay quá hạn." in out_vi


def test_same_number_and_issuer_in_other_bytes_warns_and_offers_a_new_version(  # type: ignore[no-untyped-def]
    demo_loa, seed_path, tmp_path
) -> None:
    before = len(_demo_tasks(demo_loa)["tasks"])
    # The same dispatch typed again (other bytes, same issuer and number and symbol).
    retyped = tmp_path / "427-retyped.txt"
    retyped.write_bytes(seed_path.read_bytes().replace(b"\n", b"\r\n"))
    refused = demo_loa("directive", "import", str(retyped), ok=False)
    assert refused.exit_code != 0
    assert "427-CV/BTGTU" in refused.output and "đã có trong hệ thống" in refused.output
    assert "loa directive show 1" in refused.output and "--as-new-version" in refused.output
    assert len(json.loads(demo_loa("directive", "list", "--format", "json").output)) == 1

    done = json.loads(
        demo_loa("directive", "import", str(retyped), "--as-new-version", "--format", "json").output
    )
    assert done["created"] and done["previous_version_id"] == 1
    assert len(json.loads(demo_loa("directive", "list", "--format", "json").output)) == 2
    assert len(json.loads(demo_loa("task", "list", "--format", "json").output)) == 2 * before


def test_task_split_and_merge_from_the_shell(demo_loa) -> None:  # type: ignore[no-untyped-def]
    tasks = _demo_tasks(demo_loa)["tasks"]
    first = tasks[0]
    out = demo_loa(
        "task", "split", str(first["id"]),
        "--part", "bg.so-tttt",
        "--part", "bg.ubnd,2021-12-01,Báo cáo kết quả về Ban Tuyên giáo",
    ).output  # fmt: skip
    assert "thành 2 phần" in out
    after = json.loads(demo_loa("task", "list", "--format", "json").output)
    assert len(after) == len(tasks) + 1
    new = max(after, key=lambda t: t["id"])
    assert (new["org_id"], new["deadline"], new["item_no"]) == (
        "bg.ubnd",
        "2021-12-01",
        first["item_no"],
    )
    merged = demo_loa("--lang", "en", "task", "merge", str(first["id"]), str(new["id"])).output
    assert "Merged #" in merged and "closed" in merged
    assert len(json.loads(demo_loa("task", "list", "--format", "json").output)) == len(tasks)
    shown = json.loads(demo_loa("task", "show", str(new["id"]), "--format", "json").output)
    assert shown["merged_into"] == first["id"]
    assert [e["kind"] for e in shown["history"]] == ["task.split", "task.merged"]
    report = json.loads(demo_loa("directive", "report", "1", "--format", "json").output)
    assert sum(report["totals"].values()) == len(tasks)
    bad = demo_loa("task", "split", str(first["id"]), "--part", "bg.ubnd,30/11/2021", ok=False)
    assert bad.exit_code == 2 and "NĂM-THÁNG-NGÀY" in bad.output
    again = demo_loa("task", "merge", str(new["id"]), str(first["id"]), ok=False)
    assert again.exit_code == 2 and "đã được gộp" in again.output
