"""After an import, the directive's page offers the next steps, and a second copy is caught."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from loa.directory.orgs import load_bundled_orgs
from loa.services.directory import save_organisations
from loa.store.tables import DirectiveRow, EventRow, TaskRow

from .conftest import Desk


def _import(desk: Desk, data: bytes, name: str = "427-CV-BTGTU.txt") -> str:
    token = desk.csrf("/directives")
    sent = desk.client.post(
        "/directives/import",
        data={"csrf_token": token},
        files={"file": (name, data, "text/plain")},
    )
    return sent.headers.get("location", "") if sent.status_code == 303 else sent.text


def _office(desk: Desk) -> Desk:
    save_organisations(desk.session, load_bundled_orgs(), actor="test")
    desk.session.commit()
    return desk.user("chief", "admin")


def test_officer_gives_a_task_to_another_agency_and_sets_its_deadline(
    desk: Desk, seed_path: Path
) -> None:
    _office(desk)
    where = _import(desk, seed_path.read_bytes())
    directive_id = int(where.rsplit("/", 1)[1])
    task = desk.session.scalars(select(TaskRow).where(TaskRow.directive_id == directive_id)).first()
    assert task is not None and task.org_id != "bg.so-tttt"
    form = {
        "csrf_token": desk.csrf(where),
        "task_id": str(task.id),
        "org_id": "bg.so-tttt",
        "deadline": "2021-11-30",
    }
    sent = desk.client.post(f"/directives/{directive_id}/tasks", data=form)
    assert sent.status_code == 303
    desk.session.expire_all()
    fixed = desk.session.get(TaskRow, task.id)
    assert (
        fixed is not None and fixed.org_id == "bg.so-tttt" and str(fixed.deadline) == "2021-11-30"
    )
    kinds = set(
        desk.session.scalars(select(EventRow.kind).where(EventRow.subject_id == str(task.id)))
    )
    assert {"task.reassigned", "task.deadline"} <= kinds
    history = desk.client.get(f"/tasks/{task.id}").text
    assert "giao lại nhiệm vụ" in history and "đặt hạn nhiệm vụ" in history
    assert f'href="/directives/{directive_id}"' in history  # the task links to its directive


def test_same_number_twice_is_held_until_the_officer_chooses(desk: Desk, seed_path: Path) -> None:
    _office(desk)
    first = _import(desk, seed_path.read_bytes())
    again = _import(desk, seed_path.read_bytes() + b"\n\n", "427-ban-sao.txt")
    assert 'data-testid="duplicate-warning"' in again and "427-CV/BTGTU" in again
    assert f'href="{first}"' in again
    assert desk.session.scalar(select(func.count()).select_from(DirectiveRow)) == 1
    pending = re.search(r'name="pending" value="([0-9a-f]+)"', again)
    assert pending
    sent = desk.client.post(
        "/directives/import",
        data={"csrf_token": desk.csrf("/directives"), "pending": pending.group(1)},
    )
    assert sent.status_code == 303 and sent.headers["location"] != first
    assert desk.session.scalar(select(func.count()).select_from(DirectiveRow)) == 2
    page = desk.client.get(sent.headers["location"]).text
    assert 'data-testid="same-number"' in page
    assert _held(desk) == []  # imported: the held copy is gone


def _held(desk: Desk) -> list[str]:
    folder = desk.client.app.state.settings.data_dir / "pending-imports"  # type: ignore[attr-defined]
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_opening_the_existing_directive_removes_the_held_copy(desk: Desk, seed_path: Path) -> None:
    _office(desk)
    first = _import(desk, seed_path.read_bytes())
    again = _import(desk, seed_path.read_bytes() + b"\n\n", "427-ban-sao.txt")
    pending = re.search(r'name="pending" value="([0-9a-f]+)"', again)
    assert pending and len(_held(desk)) == 2  # the bytes and the name
    sent = desk.client.post(
        "/directives/import/discard",
        data={
            "csrf_token": desk.csrf("/directives"),
            "pending": pending.group(1),
            "existing": first.rsplit("/", 1)[1],
        },
    )
    assert sent.status_code == 303 and sent.headers["location"] == first
    assert _held(desk) == []
    assert desk.session.scalar(select(func.count()).select_from(DirectiveRow)) == 1


def test_upward_report_downloads_from_the_directive_page(desk: Desk, seed_path: Path) -> None:
    _office(desk)
    where = _import(desk, seed_path.read_bytes())
    page = desk.client.get(where).text
    link = re.search(r'href="([^"]+report\.docx)"', page)
    assert link
    report = desk.client.get(link.group(1))
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert "wordprocessingml" in report.headers["content-type"]


def test_task_board_groups_by_directive_and_filters_by_it(desk: Desk, seed_path: Path) -> None:
    _office(desk)
    where = _import(desk, seed_path.read_bytes())
    directive_id = where.rsplit("/", 1)[1]
    board = desk.client.get("/tasks", params={"directive": directive_id}).text
    rows = re.findall(r'data-task="\d+"', board)
    assert 0 < len(rows) <= 25  # one page
    assert board.count("427-CV/BTGTU · mục") == len(rows)  # every line names its directive
    assert f'href="/directives/{directive_id}"' in board
    overdue = desk.client.get("/tasks", params={"directive": directive_id, "due": "overdue"}).text
    assert len(re.findall(r'data-task="\d+"', overdue)) <= len(rows)


def test_officer_splits_a_task_and_merges_two_on_the_directive_page(
    desk: Desk, seed_path: Path
) -> None:
    _office(desk)
    where = _import(desk, seed_path.read_bytes())
    directive_id = int(where.rsplit("/", 1)[1])
    ids = list(
        desk.session.scalars(
            select(TaskRow.id).where(TaskRow.directive_id == directive_id).order_by(TaskRow.id)
        )
    )
    split = {
        "csrf_token": desk.csrf(where),
        "task_id": str(ids[0]),
        "part_org": ["bg.so-tttt", "bg.ubnd", ""],
        "part_text": ["", "Báo cáo kết quả", ""],
        "part_deadline": ["", "2021-12-01", ""],
    }
    sent = desk.client.post(f"/directives/{directive_id}/tasks/split", data=split)
    assert sent.status_code == 303
    desk.session.expire_all()
    after = list(desk.session.scalars(select(TaskRow).where(TaskRow.directive_id == directive_id)))
    assert len(after) == len(ids) + 1
    new = max(after, key=lambda r: r.id)
    assert (new.org_id, new.text, str(new.deadline)) == ("bg.ubnd", "Báo cáo kết quả", "2021-12-01")
    merge = {"csrf_token": desk.csrf(where), "keep": str(ids[0]), "merge": str(new.id)}
    assert (
        desk.client.post(f"/directives/{directive_id}/tasks/merge", data=merge).status_code == 303
    )
    desk.session.expire_all()
    gone = desk.session.get(TaskRow, new.id)
    assert gone is not None and gone.merged_into == ids[0]
    page = desk.client.get(where).text
    assert 'data-testid="merged-tasks"' in page and f'href="/tasks/{new.id}"' in page
    closed = desk.client.get(f"/tasks/{new.id}").text
    assert 'data-testid="task-merged"' in closed and 'id="task-update"' not in closed
    assert "tách nhiệm vụ" in closed and "gộp nhiệm vụ" in closed
    audit = desk.client.get("/audit").text
    assert "gộp vào nhiệm vụ" in audit and "merged_into" not in audit
    # Merging a task into itself is refused with a message, nothing changes.
    refused = {"csrf_token": desk.csrf(where), "keep": str(ids[1]), "merge": str(ids[1])}
    desk.client.post(f"/directives/{directive_id}/tasks/merge", data=refused)
    assert "nhiệm vụ khác" in desk.client.get(where).text


def test_a_viewer_cannot_split_or_merge(desk: Desk, seed_path: Path) -> None:
    _office(desk)
    where = _import(desk, seed_path.read_bytes())
    directive_id = int(where.rsplit("/", 1)[1])
    task = desk.session.scalars(select(TaskRow).where(TaskRow.directive_id == directive_id)).first()
    assert task is not None
    desk.user("watcher", "viewer")
    token = desk.csrf(where)
    assert 'id="task-split"' not in desk.client.get(where).text
    split = {"csrf_token": token, "task_id": str(task.id), "part_org": ["bg.ubnd", "bg.so-tttt"]}
    assert (
        desk.client.post(f"/directives/{directive_id}/tasks/split", data=split).status_code == 403
    )
    merge = {"csrf_token": token, "keep": str(task.id), "merge": str(task.id + 1)}
    assert (
        desk.client.post(f"/directives/{directive_id}/tasks/merge", data=merge).status_code == 403
    )


def test_a_decisions_tasks_read_as_its_articles_and_say_when_nobody_is_named(desk: Desk) -> None:
    _office(desk)
    decision = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/QĐ-UBND\nBắc Giang, ngày 05 tháng 11 năm 2021\nQUYẾT ĐỊNH\n"
        "Về việc tăng cường tuyên truyền phòng, chống dịch COVID-19\n"
        "Điều 1. Ban hành kế hoạch tuyên truyền kèm theo Quyết định này.\n"
        "Điều 2. Sở Y tế chủ trì, phối hợp với Báo Bắc Giang tổ chức thực hiện.\n"
    ).encode()
    where = _import(desk, decision, "12-qd-ubnd.txt")
    for lang, article, nobody in (("vi", "Điều 2", "chưa giao"), ("en", "Article 2", "not yet")):
        page = desk.client.get(f"{where}?lang={lang}").text
        assert article in page and nobody in page
        assert "Mục Điều" not in page and "Item Điều" not in page


def test_the_next_steps_tell_tasks_nobody_was_named_for_from_bodies_outside_the_directory(
    desk: Desk,
) -> None:
    _office(desk)
    letter = (
        "BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 839/TCT-QLN\nHà Nội, ngày 03 tháng 3 năm 2020\nV/v gia hạn nộp thuế\n"
        "1. Về gia hạn nộp thuế: người nộp thuế được gia hạn theo quy định.\n"
        "2. Cục Thuế các tỉnh, thành phố tuyên truyền các quy định về gia hạn nộp thuế.\n"
        "3. Sở Y tế tổ chức tuyên truyền phòng, chống dịch.\n"
    ).encode()
    where = _import(desk, letter, "839-tct-qln.txt")
    page = desk.client.get(f"{where}?lang=vi").text
    assert "3 nhiệm vụ, 1 chưa giao, 1 giao cho cơ quan ngoài danh bạ" in page
    english = desk.client.get(f"{where}?lang=en").text
    assert "1 not yet assigned, 1 assigned to a body outside the directory" in english
