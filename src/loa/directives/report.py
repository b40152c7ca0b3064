"""The summary an office sends upward on a directive: each task's owner, status, metrics, notes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docx.shared import Pt

from loa.directives.tasks import STATUS_LABELS, DueState, TaskView, due_state
from loa.directives.vocabulary import TYPE_CODES
from loa.documents import (
    HeaderBlock,
    add_body_paragraph,
    add_header,
    add_recipients_and_signer,
    new_decree30_document,
)
from loa.documents import add_para as _para
from loa.documents import add_run as _run
from loa.formatting import format_date, format_figure, format_number

__all__ = ["Report", "ReportLine", "build_report", "report_docx"]


@dataclass(frozen=True)
class ReportLine:
    """One task as reported: item, owner, status, metrics and the notes sent with it."""

    task_id: int
    item_no: str
    owner: str
    to_assign: bool
    status: str
    overdue: bool
    deadline: date | None
    metrics: dict[str, float]
    notes: list[str]


@dataclass(frozen=True)
class Report:
    """The whole report: which directive, as of when, the lines and the totals by status."""

    directive: dict[str, Any]
    as_of: date
    lines: list[ReportLine]
    totals: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {
            "directive": {
                k: self.directive.get(k) for k in ("number_symbol", "date", "issuer", "subject")
            },
            "as_of": self.as_of.isoformat(),
            "totals": self.totals,
            "overdue": sum(1 for line in self.lines if line.overdue),
            "tasks": [
                {
                    "task_id": line.task_id,
                    "item_no": line.item_no,
                    "owner": line.owner,
                    "to_assign": line.to_assign,
                    "status": line.status,
                    "overdue": line.overdue,
                    "deadline": line.deadline.isoformat() if line.deadline else None,
                    "metrics": line.metrics,
                    "notes": line.notes,
                }
                for line in self.lines
            ],
        }


def build_report(
    parsed: Mapping[str, Any],
    tasks: Sequence[TaskView],
    org_names: Mapping[str, str],
    *,
    today: date,
    notes: Mapping[int, list[str | None]] | None = None,
) -> Report:
    """Return the report of a directive's tasks as they stand on `today`."""
    lines = [
        ReportLine(
            task_id=v.id,
            item_no=v.item_no,
            owner=org_names.get(v.org_id, v.org_id) if v.org_id else v.assignee_name,
            to_assign=v.org_id is None,
            status=v.status,
            overdue=due_state(v, today) is DueState.OVERDUE,
            deadline=v.deadline,
            metrics=dict(v.metrics),
            notes=[n for n in (notes or {}).get(v.id, []) if n],
        )
        for v in tasks
    ]
    totals = dict(Counter(line.status for line in lines))
    return Report(dict(parsed), today, lines, totals)


def _symbol_issuer(number_symbol: str | None, party: bool) -> str:
    """Return the issuer part of a number symbol: 'BTGTU' of 427-CV/BTGTU, 'UBND' of 05/QĐ-UBND."""
    if not number_symbol or "/" not in number_symbol:
        return ""
    tail = number_symbol.split("/", 1)[1]
    if party or "-" not in tail:
        return tail
    code, rest = tail.split("-", 1)
    # A state công văn has no type code ("123/UBND-VP"): then the whole tail is the issuer.
    return rest if code.upper() in _TYPE_CODES_UPPER else tail


_TYPE_CODES_UPPER = frozenset(code.upper() for code in TYPE_CODES)


def report_docx(report: Report) -> Any:
    """Return a python-docx Document laid out as Decree 30 / Guidance 36 require.

    The report goes to a Vietnamese authority, so it is always in Vietnamese.
    """
    parsed = report.directive
    party = parsed.get("system") == "party"
    doc = new_decree30_document()
    issuer_code = _symbol_issuer(parsed.get("number_symbol"), party)
    place = parsed.get("place") or ""
    add_header(
        doc,
        HeaderBlock(
            issuer=str(parsed.get("issuer") or ""),
            issuer_parent=str(parsed["issuer_parent"]) if parsed.get("issuer_parent") else None,
            number_line=f"Số       -BC/{issuer_code}" if party else f"Số:       /BC-{issuer_code}",
            place_date=f"{place}, {format_date(report.as_of, 'vi')}".strip(", "),
            party=party,
        ),
    )

    title = _para(doc)
    title.paragraph_format.space_before = Pt(12)
    _run(title, "BÁO CÁO", 14, bold=True)
    subject = _para(doc)
    issued = parsed.get("date")
    issued_text = f" {format_date(date.fromisoformat(issued), 'vi')}" if issued else ""
    _run(
        subject,
        f"Kết quả thực hiện văn bản số {parsed.get('number_symbol') or '...'}{issued_text}",
        14,
        bold=True,
    )
    if parsed.get("subject"):
        _run(_para(doc), str(parsed["subject"]), 14, bold=True)

    labels = STATUS_LABELS["vi"]
    total = len(report.lines)
    overdue = sum(1 for line in report.lines if line.overdue)
    summary = ", ".join(
        f"{labels[s]}: {format_number(n)}" for s, n in sorted(report.totals.items())
    )
    add_body_paragraph(
        doc,
        f"Tính đến {format_date(report.as_of, 'vi')}, văn bản có {format_number(total)} nhiệm vụ "
        f"({summary}); {format_number(overdue)} nhiệm vụ quá hạn. Kết quả cụ thể như sau:",
    )

    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ("STT", "Mục", "Đơn vị thực hiện", "Trạng thái", "Kết quả", "Ghi chú"),
        strict=True,
    ):
        _run(cell.paragraphs[0], text, 12, bold=True)
    for index, line in enumerate(report.lines, start=1):
        cells = table.add_row().cells
        owner = line.owner + (" (chưa giao)" if line.to_assign else "")
        status = labels.get(line.status, line.status) + (" — quá hạn" if line.overdue else "")
        metrics = "; ".join(
            f"{name}: {format_figure(value)}" for name, value in line.metrics.items()
        )
        for cell, text in zip(
            cells,
            (str(index), line.item_no, owner, status, metrics, "; ".join(line.notes)),
            strict=True,
        ):
            _run(cell.paragraphs[0], text, 12)

    issuer_parent = str(parsed.get("issuer_parent") or "Cấp trên")
    add_recipients_and_signer(
        doc,
        [f"- {issuer_parent.title()} (B/c),", "- Lưu Văn thư." if party else "- Lưu: VT."],
        [
            ("T/M CƠ QUAN BÁO CÁO" if party else "NGƯỜI KÝ", True, False),
            ("(Ký, ghi rõ họ tên)", False, True),
        ],
    )
    return doc
