"""An officer splits a task read as one into parts, or merges two that are one duty: each an
event, nothing deleted, and the upward report counts every duty once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.directory.orgs import load_bundled_orgs
from loa.errors import InputError
from loa.services.directive_review import TaskPart, merge_tasks, split_task, upward_report
from loa.services.directives import import_directive, list_tasks, update_task
from loa.services.directory import save_organisations
from loa.services.events import history
from loa.store.tables import TaskRow


def _imported(session: Session, seed_path: Path) -> int:
    save_organisations(session, load_bundled_orgs(), actor="t")
    return import_directive(session, seed_path.read_bytes(), "427.txt", actor="t").directive_id


def test_a_task_split_in_two_keeps_its_history_and_adds_the_second_part(
    session: Session, seed_path: Path
) -> None:
    directive_id = _imported(session, seed_path)
    before = list_tasks(session, directive_id=directive_id)
    first = before[0]
    update_task(session, first.id, actor="t", status="doing", note="Đã họp triển khai.")
    ids = split_task(
        session,
        task_id=first.id,
        parts=[
            TaskPart(org_id="bg.so-tttt", text="Đưa tin trên cổng thông tin"),
            TaskPart(org_id="bg.ubnd", deadline=date(2021, 12, 1)),
        ],
        actor="chief",
    )
    assert ids[0] == first.id and len(ids) == 2
    after = {v.id: v for v in list_tasks(session, directive_id=directive_id)}
    assert len(after) == len(before) + 1
    kept, added = after[ids[0]], after[ids[1]]
    assert (kept.org_id, kept.text, kept.status) == (
        "bg.so-tttt",
        "Đưa tin trên cổng thông tin",
        "doing",
    )
    assert (added.org_id, added.text, added.deadline) == ("bg.ubnd", first.text, date(2021, 12, 1))
    assert added.item_no == first.item_no and added.status == "todo"
    split = [e for e in history(session, "task", str(first.id)) if e.kind == "task.split"]
    assert split and split[0].before is not None and split[0].before["org_id"] == first.org_id
    assert split[0].after is not None and split[0].after["parts"] == ids
    born = history(session, "task", str(ids[1]))
    assert born[0].kind == "task.split" and born[0].after["split_from"] == first.id  # type: ignore[index]
    report = upward_report(session, directive_id, today=date(2021, 11, 20))
    assert sum(report.totals.values()) == len(after)
    owners = [line.owner for line in report.lines if line.item_no == first.item_no]
    assert any("Thông tin" in o for o in owners) and any("Ủy ban" in o for o in owners)


def test_split_needs_two_different_parts_and_known_organisations(
    session: Session, seed_path: Path
) -> None:
    task = list_tasks(session, directive_id=_imported(session, seed_path))[0]
    with pytest.raises(InputError, match="hai phần"):
        split_task(session, task_id=task.id, parts=[TaskPart(org_id="bg.ubnd")], actor="t")
    with pytest.raises(InputError) as same:
        split_task(session, task_id=task.id, parts=[TaskPart(), TaskPart()], actor="t")
    assert "giống hệt" in same.value.vi and "same" in same.value.en
    with pytest.raises(InputError, match="no-such-body"):
        split_task(
            session,
            task_id=task.id,
            parts=[TaskPart(org_id="no-such-body"), TaskPart(org_id="bg.ubnd")],
            actor="t",
        )


def test_merged_task_is_closed_pointing_to_the_kept_one_and_counted_once(
    session: Session, seed_path: Path
) -> None:
    directive_id = _imported(session, seed_path)
    tasks = list_tasks(session, directive_id=directive_id)
    keep, other = tasks[0], tasks[1]
    update_task(session, other.id, actor="t", note="Đã phát 12 lượt trên loa xã.")
    merge_tasks(session, keep=keep.id, merge=[other.id], actor="chief", text="Một việc chung")
    shown = list_tasks(session, directive_id=directive_id)
    assert [v.id for v in shown] == [v.id for v in tasks if v.id != other.id]
    gone = session.get(TaskRow, other.id)
    assert gone is not None and gone.merged_into == keep.id  # kept, not deleted
    every = list_tasks(session, directive_id=directive_id, include_merged=True)
    assert len(every) == len(tasks)
    assert next(v for v in shown if v.id == keep.id).text == "Một việc chung"
    kinds = [e.kind for e in history(session, "task", str(other.id))]
    assert kinds[-1] == "task.merged"
    kept_event = history(session, "task", str(keep.id))[-1]
    assert kept_event.kind == "task.merged" and kept_event.after["merged"] == [other.id]  # type: ignore[index]
    report = upward_report(session, directive_id, today=date(2021, 11, 20))
    assert sum(report.totals.values()) == len(tasks) - 1
    line = next(line for line in report.lines if line.task_id == keep.id)
    assert any(f"nhiệm vụ {other.id}" in n for n in line.notes)
    assert "Đã phát 12 lượt trên loa xã." in line.notes
    assert all(line.task_id != other.id for line in report.lines)
    with pytest.raises(InputError, match="đã được gộp"):
        update_task(session, other.id, actor="t", status="done")
    with pytest.raises(InputError, match="đã được gộp"):
        merge_tasks(session, keep=other.id, merge=[keep.id], actor="t")


def test_merge_refuses_itself_and_another_directives_task(
    session: Session, seed_path: Path
) -> None:
    directive_id = _imported(session, seed_path)
    task = list_tasks(session, directive_id=directive_id)[0]
    with pytest.raises(InputError, match="nhiệm vụ khác"):
        merge_tasks(session, keep=task.id, merge=[task.id], actor="t")
    again = import_directive(
        session,
        seed_path.read_bytes() + b"\n",
        "427-lan-2.txt",
        actor="t",
        as_new_version=True,
    )
    foreign = list_tasks(session, directive_id=again.directive_id)[0]
    with pytest.raises(InputError, match="văn bản khác"):
        merge_tasks(session, keep=task.id, merge=[foreign.id], actor="t")
    assert session.scalar(select(TaskRow.merged_into).where(TaskRow.id == foreign.id)) is None
