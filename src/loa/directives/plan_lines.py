"""A plan's bodies named on lines of their own: "- Đơn vị chủ trì: Sở Y tế." / "- Đơn vị phối
hợp: Công an tỉnh, ..." / "Cơ quan thực hiện: ..." / "Đơn vị chủ trì tham mưu thực hiện: ...".
The lead and the support come from these lines before anything else an item says
(agencies.find_assignees)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from loa.directives.agency_lists import Resolve, split_names, trim_to_directory
from loa.directives.model import Assignee
from loa.text import fold

__all__ = ["POINT", "labelled_assignees", "points"]

# A lettered point or a bullet opening a line: "a) ...", "- ...", "+ ...".
POINT = re.compile(r"^(?:[a-zđ]\)|[-+•–])\s+")
# ... and a numbered sub-point: "1.1. Giao Sở Nông nghiệp ...".
_SUB_POINT = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+")


def points(segments: Sequence[str], *, lettered: bool = False) -> list[str]:
    """Return the points under an item's first line, each with the lines it wraps on.

    "1.1. Giao Sở Nông nghiệp" / "và Môi trường" / "Khẩn trương chia sẻ ..." is one point, read
    "Giao Sở Nông nghiệp và Môi trường Khẩn trương chia sẻ ..."; its marker is dropped. With
    `lettered`, only the lettered points ("a)", "b)" ...).
    """
    found: list[tuple[str, str]] = []
    for segment in segments[1:]:
        marker = POINT.match(segment) or _SUB_POINT.match(segment)
        if marker:
            found.append((marker.group(), segment[marker.end() :]))
        elif found:
            found[-1] = (found[-1][0], f"{found[-1][1]} {segment.strip()}")
    # With `lettered`, only "a)", "b)" ... points.
    return [text for mark, text in found if not lettered or mark[:1].isalpha()]


_LABELLED = re.compile(
    r"^[-+•–]?\s*(?:(?:đơn vị|cơ quan)\s+)?(chủ trì|thực hiện|phối hợp)(?:\s+tham mưu)?"
    r"(?:\s+thực hiện)?\s*:\s*(.+)$",
    re.IGNORECASE,
)


def labelled_assignees(segments: Sequence[str], resolve: Resolve | None) -> list[Assignee]:
    """Return the bodies an item names on "Đơn vị chủ trì: ..." / "Đơn vị phối hợp: ..." lines."""
    leads: list[str] = []
    supports: list[str] = []
    for i, segment in enumerate(segments):
        m = _LABELLED.match(segment.strip())
        if m is None:
            continue
        value = m.group(2).strip()
        for more in segments[i + 1 :]:  # "- Đơn vị chủ trì: Sở Khoa học" / "và Công nghệ."
            if re.search(r"[.;]$", value) or POINT.match(more) or _LABELLED.match(more.strip()):
                break
            value = f"{value} {more.strip()}"
        names = [trim_to_directory(n, resolve) for n in split_names(value.rstrip(".;"))]
        target = supports if fold(m.group(1)) == "phoi hop" else leads
        target += [n for n in names if n not in leads + supports]
    if not leads:
        return [Assignee(n) for n in supports]
    return [Assignee(n, role="lead") for n in leads] + [
        Assignee(n, role="support") for n in supports
    ]
