"""Who a section's words name, when its items do not: an article's title ("Trách nhiệm của Sở
Công Thương") over clauses that name nobody, and a section's lead-in ("Đề nghị Thường trực Tỉnh
ủy tập trung ...: ", "Để ..., thành phố Đà Nẵng cần ... sau đây:") over items that name nobody.
"""

from __future__ import annotations

import re

from loa.directives.agencies import subject_of
from loa.directives.agency_lists import Resolve, split_names, trim_to_directory
from loa.directives.model import Assignee
from loa.directives.subject_words import names_a_body, opens_with_agency
from loa.text import fold

__all__ = ["lead_in_assignees", "title_assignees"]


# "Điều 3. Trách nhiệm của Sở Công Thương" / "1. Tổ chức thực hiện ...": the title names the body.
_DUTIES_OF = re.compile(
    r"^(?:Trách nhiệm|Nhiệm vụ(?:,? quyền hạn)?|Nhiệm vụ và quyền hạn) của\s+(?=[A-ZĐÀ-Ỹ])"
)


def title_assignees(title: str, resolve: Resolve | None) -> list[Assignee]:
    """Return the body an article's title gives the duties of, when its clauses name nobody."""
    m = _DUTIES_OF.match(title.strip())
    if m is None or not opens_with_agency(title.strip()[m.end() :]):
        return []
    names = split_names(title.strip()[m.end() :].rstrip("."))
    return [Assignee(trim_to_directory(n, resolve)) for n in names]


_PLACES = ("tinh", "thanh pho")  # "tỉnh Đắk Lắk cần ...", "thành phố Đà Nẵng cần ..."
_PURPOSE = re.compile(r"^(?:Để|Nhằm|Trong thời gian tới|Thời gian tới)[\s,]")


def lead_in_assignees(lead: str, resolve: Resolve | None) -> list[Assignee]:
    """Return who a section's lead-in asks to do the items under it, when it names a known body.

    "Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo ..., trong đó lưu ý một số nội dung sau:"
    names Thường trực Tỉnh ủy; "... do vậy, yêu cầu các bộ, ngành, ... liên quan:" and a lead-in
    that does not end on its colon name nobody.
    """
    if not lead.rstrip().endswith(":"):
        return []
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", lead.strip())[-1]
    found = subject_of(sentence)
    if found is None and _PURPOSE.match(sentence):
        # "Để tiếp tục tháo gỡ ..., đạt mục tiêu ..., tỉnh Đắk Lắk cần tiếp tục ... sau:".
        rests = (sentence[m.end() :] for m in re.finditer(r",\s+", sentence))
        found = next((f for f in map(subject_of, rests) if f is not None), None)
    if found is None or not (names_a_body(found[0]) or fold(found[0]).startswith(_PLACES)):
        return []
    return [Assignee(trim_to_directory(n, resolve)) for n in split_names(found[0])]
