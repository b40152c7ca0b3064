"""The duties of a dispatch: its items (articles, numbered or lettered) and who must do each.

Articles ("Điều 1.") are the units when present, else numbered items ("1.", "1-"), else lettered
items ("a)"); numbered lines inside an article are part of it. A number is an item only in its
sequence (1, 2, 3 ...; "35-CT/TW" wrapped to the start of a line is not item 35), and never inside
a quotation of another text. When the body has Roman sections ("I.", "Phần I"), only units under
duty sections (nhiệm vụ, giải pháp, tổ chức thực hiện, phân công, trách nhiệm, biện pháp) are
tasks, so a plan's "MỤC ĐÍCH, YÊU CẦU" items are not. Paragraphs after the last item that close
the document ("Đề nghị các cơ quan ...", "Trên đây là ...") are its closing, not part of the item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from loa.directives.agencies import (
    clause_assignees,
    find_assignees,
    heading_assignees,
    later_subjects,
)
from loa.directives.deadlines import find_deadline
from loa.directives.layout import is_caps, join_item
from loa.directives.lead_ins import lead_in_assignees, title_assignees
from loa.directives.model import Assignee, Task
from loa.directives.subject_words import names_a_body, opens_with_agency, verb_at, words_and_keys
from loa.text import fold

__all__ = ["tasks"]

_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*(.*)$")
_ROMAN = re.compile(r"^(?:Phần\s+([IVX]+)\s*[.:\-–]?|([IVX]+)\s*[.:\-–])\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\s*[.)\-]\s*(?!\d)(?![A-ZĐ][\wĐ]*/)(.*)$")
_LETTERED = re.compile(r"^([a-zđ])\s*[).]\s+(.*)$")
_CLOSING = (
    "de nghi cac",
    "tren day la",
    "nhan duoc",
    "noi nhan",
    "yeu cau cac",
    "yeu cau thu truong",
)

_DUTY_SECTIONS = (
    "nhiem vu", "giai phap", "to chuc thuc hien", "phan cong", "trach nhiem", "bien phap",
)  # fmt: skip


# "... trong tình hình mới “;": an opening mark before a clause's end is a closing one misprinted.
_MISPRINTED_CLOSE = re.compile(r"“\s*(?=[;,.:)]|$)")


_DOUBLED_MARK = re.compile(r"“\s*“|”\s*”")


# A quotation that opens a line or follows a colon ("như sau: “1. ...") may hold items of
# another text; one opened inside a sentence ("trên tinh thần “tất cả vì ...") quotes words.
_BLOCK_OPEN = re.compile(r"^[\s\-+•]*“|:\s*“")
_LINE_ENDS_SENTENCE = re.compile(r"[.!?][”\")]*\s*$")


def _quote_depth(line: str, depth: tuple[int, int]) -> tuple[int, int]:
    """Return how deep in quotations the text is after `line` (“ opens, ” closes).

    The depth is (block, inline): quoted words opened inside a sentence end with it, so a
    closing mark the author forgot ("“làm ngày làm đêm, ...") hides no item after that sentence.
    """
    block, inline = depth
    line = _DOUBLED_MARK.sub(lambda m: m.group()[0], line)  # "IX.B.2 “ “Chứng từ ...”": one
    misprinted = len(_MISPRINTED_CLOSE.findall(line))
    closes, opens = line.count("”") + misprinted, line.count("“") - misprinted
    if block + inline + opens > closes and line.count('"') % 2:
        closes += 1  # “ ... " : a straight mark closing a curly quotation
    block_opens = min(len(_BLOCK_OPEN.findall(line)), opens)
    inline += opens - block_opens
    block += block_opens
    closed_inline = min(inline, closes)
    inline, block = inline - closed_inline, max(0, block - (closes - closed_inline))
    if inline and _LINE_ENDS_SENTENCE.search(line):
        inline = 0
    return block, inline


# A notice of conclusions answers the proposals of those it met ("III. VỀ MỘT SỐ KIẾN NGHỊ CỦA
# TỈNH", "II. VỀ CÁC ĐỀ XUẤT, KIẾN NGHỊ CỦA ..."), giving each to a body; a report's own
# "KIẾN NGHỊ, ĐỀ XUẤT" asks its superiors and assigns nothing.
_ANSWERED_PROPOSALS = re.compile(r"^(?:ve\b.*\b(?:kien nghi|de xuat)|.*\bkien nghi\b.*\bcua\b)")


def _duty_section(heading: str) -> bool:
    """Return True when a Roman section's heading is about duties: it names them ("TỔ CHỨC THỰC
    HIỆN"), the bodies that must act ("I. Các Chi cục Hải quan trên toàn quốc") or the
    proposals it answers ("VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH")."""
    key = fold(heading).strip(" *")
    return (
        any(s in key for s in _DUTY_SECTIONS)
        or bool(_ANSWERED_PROPOSALS.match(key))
        or names_a_body(heading)
    )


def _units(body: Sequence[str]) -> list[tuple[str, list[str], str]]:
    """Return the body's task units as (label, segments, lead-in of their Roman section),
    keeping only duty sections."""
    first_article = next((i for i, line in enumerate(body) if _ARTICLE.match(line)), None)
    inside = _lists_in_articles(body, first_article)
    has_roman = any(_ROMAN.match(line) for i, line in enumerate(body) if i not in inside)
    if first_article is not None:
        marker, label = _ARTICLE, "Điều {}"
    elif any(_NUMBERED.match(line) for line in body):
        marker, label = _NUMBERED, "{}"
    else:
        marker, label = _LETTERED, "{}"
    units: list[tuple[str, list[str], str]] = []
    current: list[str] | None = None
    lead: list[str] = []  # a Roman section's words before its first item
    duty = not has_roman
    expect_heading = False
    depth = (0, 0)
    last_no: int | None = None
    last_roman = 0
    wrapped: set[int] = set()
    for i, line in enumerate(body):
        if i in wrapped:
            continue
        quoted, depth = any(depth) or line.startswith("“"), _quote_depth(line, depth)
        roman = None if quoted else _ROMAN.match(line)
        if i in inside:
            roman = None  # a list inside an article ("I. DANH SÁCH CỬA KHẨU ..."), not a section
        if roman and not _next_section(roman, last_roman):
            roman = None  # "IX.B.7 “Duyệt ...”": a wrapped line, not section IX after section I
        if roman:
            last_roman = _roman_value(roman.group(1) or roman.group(2))
        if expect_heading and line:
            duty, expect_heading = _duty_section(line), False
            continue
        if roman:
            heading = roman.group(3)
            rest = _capitals_after(body, i)  # "V. TỔ" over "CHỨC THỰC HIỆN": one heading
            heading = " ".join([heading, *(body[j] for j in rest)])
            wrapped.update(rest)
            duty = _duty_section(heading)
            expect_heading = not heading
            current, last_no, lead = None, None, []
            continue
        m = None if quoted else marker.match(line)
        if m and marker is not _LETTERED and m.group(1).isdigit():
            no = int(m.group(1))
            # Items run 1, 2, 3 ...: a number out of sequence is a wrapped line, not an item.
            if not (no == 1 or (last_no is not None and no == last_no + 1)) and marker is _NUMBERED:
                m = None
            else:
                last_no = no
        if m:
            current = [m.group(2)] if m.group(2) else []
            first = m.group(1) in ("1", "a")
            duty = duty or _lead_gives_duties(lead) or (first and _names_only_a_body(m.group(2)))
            if duty:
                units.append((label.format(m.group(1)), current, join_item(lead) if lead else ""))
            continue
        if current is not None and line:
            current.append(line)
        elif line and last_roman:
            lead.append(line)
    if units:
        last = units[-1][1]
        following = [*last[1:], ""]
        cut = next(
            (i for i, s in enumerate(last) if i and _is_closing(s, last[i - 1], following[i])),
            None,
        )
        if cut is not None:
            del last[cut:]
    return units


def _lists_in_articles(body: Sequence[str], first_article: int | None) -> set[int]:
    """Return the lines of Roman headings that are an article's text, not sections of the body.

    "Điều 1. Bổ sung các cửa khẩu ... như sau: / I. DANH SÁCH CỬA KHẨU ĐƯỜNG HÀNG KHÔNG / 1. ..."
    lists inside the article; "IV- TỔ CHỨC THỰC HIỆN / Điều 20. ..." groups the articles after it.
    """
    if first_article is None:
        return set()
    inside = set()
    for i in range(first_article + 1, len(body)):
        if not _ROMAN.match(body[i]) or body[i].lstrip().startswith("Phần"):
            continue
        after = [line for line in body[i + 1 :] if line and not is_caps(line)]
        if not after or not _ARTICLE.match(after[0]):
            inside.add(i)
    return inside


# "..., thành phố Đà Nẵng cần tập trung thực hiện tốt một số nhiệm vụ, giải pháp sau đây:": a
# lead-in that gives the items after it as duties, whatever its section's title.
_DUTIES_FOLLOW = re.compile(r"\b(?:nhiem vu|giai phap)\b[^.:;]*\b(?:sau day|sau|nhu sau)\s*:$")


def _lead_gives_duties(lead: Sequence[str]) -> bool:
    """Return True when a section's words before its first item hand the items out as duties."""
    if not lead:
        return False
    last = re.split(r"(?<=[.!?])\s+", join_item(lead).replace("\n", " "))[-1]
    return bool(_DUTIES_FOLLOW.search(fold(last).strip()))


_NAME_WORDS = 10


def _names_only_a_body(heading: str) -> bool:
    """Return True when an item's line is a body's name alone ("1. Sở Y tế" over its duties): a
    plan's "II. NỘI DUNG THỰC HIỆN" that gives each body its duties holds tasks."""
    _, keys = words_and_keys(heading.strip().rstrip(":"))
    if not keys or len(keys) > _NAME_WORDS or not names_a_body(heading):
        return False
    return not any(verb_at(keys, k) for k in range(1, len(keys)))


_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    """Return the value of a Roman numeral of I, V and X ("IV" is 4, "IX" is 9)."""
    values = [_ROMAN_DIGITS[c] for c in numeral]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _next_section(roman: re.Match[str], last: int) -> bool:
    """Return True when a Roman numeral opens the next section: I, or one after the last.

    A scan may lose a heading ("II." read as "H."), so a later numeral set apart by a space
    ("IV. TỔ CHỨC THỰC HIỆN") is a section too; one glued to what follows ("IX.B.7") is not.
    """
    value = _roman_value(roman.group(1) or roman.group(2))
    spaced = not roman.group(3) or roman.string[roman.start(3) - 1].isspace()
    return value in (1, last + 1) or (spaced and value > last)


def _capitals_after(body: Sequence[str], i: int) -> list[int]:
    """Return the lines after a capitalised heading at `i` that carry on its capitals."""
    found: list[int] = []
    if not is_caps(body[i]):
        return found
    for j in range(i + 1, len(body)):
        line = body[j]
        if not is_caps(line) or _ROMAN.match(line) or _NUMBERED.match(line):
            break
        found.append(j)
    return found


def closing(body: Sequence[str]) -> str | None:
    """Return the closing paragraphs after the last item ("Đề nghị các cơ quan ..."), if any."""
    units = _units(body)
    if not units:
        return None
    for i in range(len(body) - 1, -1, -1):
        previous = next((body[j] for j in range(i - 1, -1, -1) if body[j]), ".")
        following = body[i + 1] if i + 1 < len(body) else ""
        if body[i] and _is_closing(body[i], previous, following):
            start = i
            while start > 0 and body[start - 1] and not _ends_sentence(body[start - 1]):
                start -= 1
            return join_item([line for line in body[start:] if line]) or None
    return None


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.;:!?]$", line))


# "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh ... biết, thực hiện.": the issuer closes
# a notice by saying whom it informs.
# So do "Văn phòng Chính phủ (xin) trân trọng thông báo (đến các bộ ...)./." and "Cục Hải quan
# trả lời để Công ty biết".
_INFORMS = re.compile(
    r"^(?:\S+ ){1,8}(?:xin )?(?:tran trong )?"
    r"(?:thong bao (?:de|den)\b|thong bao[./\s]*$|tra loi de\b|co y kien de\b)"
)


# "Văn phòng Chính phủ theo dõi, đôn đốc các Bộ, địa phương thực hiện nghiêm túc Công điện này":
# who follows the document itself up, after its last item.
_FOLLOWS_UP = re.compile(
    r"^(?:\S+ ){1,6}theo doi, don doc\b.*\b(?:cong dien|chi thi|ke hoach|thong bao|van ban) nay\b"
)


def _is_closing(segment: str, previous: str = ".", following: str = "") -> bool:
    key = fold(segment)
    if key.startswith(_CLOSING) or "quan tam thuc hien" in key:
        return True
    # "Văn phòng Chính phủ thông" / "báo để ...": the issuer's closing wrapped over two lines.
    both = f"{key} {fold(following)}"
    informs = _INFORMS.match(both) or _FOLLOWS_UP.match(both)
    return bool(informs) and segment[:1].isupper() and _ends_sentence(previous)


# Article titles under which an article assigns: "Trách nhiệm của ...", "Tổ chức thực hiện".
_ASSIGNING_TITLES = (*_DUTY_SECTIONS, "thi hanh", "giao")


# Titles of articles that grant powers or set the scope, however long: "Thẩm quyền quyết định
# phê duyệt phương án xử lý tài sản là tang vật ..." gives who may decide, not who must act.
_RULE_TITLES = ("tham quyen", "phan cap tham quyen", "pham vi", "doi tuong ap dung")


def _non_assigning_title(segments: Sequence[str]) -> bool:
    """Return True when an article opens on a title about something else ("Phạm vi điều chỉnh").

    A regulation's articles define and set rules; only those titled for duties name who must act
    ("Trách nhiệm của các cơ quan"), so "chủ quản dữ liệu" in a rule is no assignee.
    """
    if len(segments) < 2:
        return False
    title = segments[0].strip()
    for more in segments[1:3]:  # "Điều 2. Điều" / "khoản thi hành": a title wrapped
        if not more[:1].islower() or re.search(r"[.;:!?]$", title):
            break
        title = f"{title} {more.strip()}"
    words = title.split()
    if fold(title).startswith(_RULE_TITLES) and not re.search(r"[.;:!?]$", title):
        # "Thẩm quyền quyết định phê duyệt phương án ..., Nghị định số 77/2025/NĐ-CP", but not
        # "Thẩm quyền, trách nhiệm quản lý nhà nước của các cơ quan".
        return not any(word in fold(title) for word in _DUTY_SECTIONS)
    if not words or len(words) > 15 or re.search(r"[.;:!?]$", title) or not title[:1].isupper():
        return False
    if ":" in title or opens_with_agency(title):  # "Các ông (bà): Chánh Văn phòng ..." runs on
        return False  # or "Chánh Văn phòng" / "UBND tỉnh; Giám đốc Sở ...": a sentence wrapped
    return not any(word in fold(title) for word in _ASSIGNING_TITLES)


# As a whole word: "giao" in "Giao nhiệm vụ", not in "giáo dục" or "giao thông".
_ASSIGNING_TITLE = re.compile(r"\b(?:" + "|".join(_ASSIGNING_TITLES) + r")\b(?! (?:duc|thong))")
# "1. Sở Y tế ...", "2 - Sở Tài chính ...", or the number alone on its line over the clause.
_CLAUSE = re.compile(r"^(\d{1,2})(?:\s*[.\-–]\s+(?=\S)|\s*\.?\s*$)")
_BULLET = re.compile(r"^[-+•–]\s+")
_INLINE_CLAUSE = re.compile(r"\s(?=\d{1,2}\.\s+[A-ZĐÀ-Ỹ])")


def _clauses(segments: Sequence[str]) -> list[list[str]]:
    """Return the numbered clauses of an article ("1. Sở Y tế ...", "2. ..."), each as segments.

    Clauses run 1, 2, 3 ...; a number out of sequence is a wrapped line of the clause before.
    """
    clauses: list[list[str]] = []
    for segment in segments:
        m = _CLAUSE.match(segment)
        if m and int(m.group(1)) == len(clauses) + 1:
            clauses.append([segment[m.end() :]] if segment[m.end() :] else [])
        elif clauses:
            # "3" / "- Uỷ ban nhân dân các huyện, thành phố:": a bullet opens the clause's text.
            clauses[-1].append(_BULLET.sub("", segment) if not clauses[-1] else segment)
    return [clause for clause in clauses if clause]


def _article_assignees(
    segments: Sequence[str], resolve: Callable[[str], str | None] | None
) -> list[Assignee]:
    """Return who an article assigns, lead first.

    The first clause that names a subject does ("Điều 3. Chánh Văn phòng ..."); so do a clause
    that is only a name above its points ("1. Bảo hiểm xã hội Việt Nam" / "a) Bảo đảm ...") and
    the clause of who carries the decision out, wherever it stands ("Quyết định này có hiệu lực
    ..." / "Trưởng Ban ..., Chánh Văn phòng ... chịu trách nhiệm thi hành Quyết định này").
    """
    text = join_item(segments)
    found = find_assignees(segments, text.split("\n", 1)[0], resolve, article=True)
    clauses = _clauses(segments)
    # Under "Tổ chức thực hiện" or "Trách nhiệm của ..." every clause's subject is assigned.
    before = segments[: next((i for i, s in enumerate(segments) if _CLAUSE.match(s)), 0)]
    assigning = bool(_ASSIGNING_TITLE.search(fold(" ".join(before))))
    for clause in clauses:
        found += heading_assignees(clause, resolve) or (
            clause_assignees(clause, resolve) if assigning else []
        )
    for part in (p for line in text.split("\n") for p in _INLINE_CLAUSE.split(line)):
        if not found and "trach nhiem thi hanh" in fold(part):
            found += find_assignees([part], part, resolve, article=True)
    if not found and clauses and before:
        found = title_assignees(" ".join(before), resolve)
    names: list[str] = []
    unique = []
    for assignee in found:
        if assignee.name not in names:
            names.append(assignee.name)
            unique.append(assignee)
    return unique


def _more_bodies(named: Sequence[Assignee], later: Sequence[Assignee]) -> list[Assignee]:
    """Return the later subjects that are new bodies: "Chủ tịch Ủy ban nhân dân cấp tỉnh" after
    "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai" is the same office said in general."""
    names = [a.name for a in named]
    new = []
    for assignee in later:
        stem = re.split(r"\s+(?:cấp|các)\s", assignee.name)[0]
        if assignee.name in names or (
            stem != assignee.name and any(n.startswith(stem) for n in names)
        ):
            continue
        new.append(assignee)
    return new


def tasks(
    body: Sequence[str], year: int | None, resolve_org: Callable[[str], str | None] | None
) -> list[Task]:
    """Return the body's duties with their assignees, deadlines and recurrences."""
    found = []
    for label, segments, lead in _units(body):
        text = join_item(segments)
        article = label.startswith("Điều")
        if article and _non_assigning_title(segments):
            assignees: list[Assignee] = []
        elif article:
            assignees = _article_assignees(segments, resolve_org)
        else:
            assignees = find_assignees(segments, text.split("\n", 1)[0], resolve_org)
            # "Đề nghị Thường trực Tỉnh ủy tập trung ..., lưu ý một số nội dung sau:" over
            # items that name nobody: the section's lead-in names who does them.
            assignees = assignees or lead_in_assignees(lead, resolve_org)
            if assignees:
                assignees += _more_bodies(assignees, later_subjects(segments, resolve_org))
        if resolve_org is not None:
            assignees = [Assignee(a.name, resolve_org(a.name), a.role) for a in assignees]
        deadline = find_deadline(text, year)
        found.append(Task(label, text, tuple(assignees), deadline.due, deadline.recurrence))
    return found
