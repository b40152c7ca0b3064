"""Who must do a duty: the organisations named as its subject, never a clause.

An item names its assignees in one of three ways:
- a heading that is only the name(s) ("1. Công an tỉnh", "2. Giao Sở Nội vụ") with the duties in
  the lines or lettered points under it;
- a sentence whose subject is the name(s): "Báo Bắc Giang mở chuyên mục ...", "Đề nghị Ủy ban
  Mặt trận Tổ quốc Việt Nam tỉnh tăng cường ...", "Giao X chủ trì, phối hợp với Y ..." (X is the
  lead, Y supports);
- an article about who carries out the decision ("Điều 4. Chánh Văn phòng ...; Giám đốc Sở ...
  chịu trách nhiệm thi hành").
The subject ends at the first verb (vocabulary.DUTY_VERBS), a colon, or a bullet, and a known
body's name is kept whole (subject_words.py reads the words for it). It is cut into
names on ";", on "," or "và" before a new capitalised agency head ("..., Viện kiểm sát nhân dân
tỉnh, Tòa án nhân dân tỉnh"), never inside a name ("Sở Nông nghiệp và Môi trường", "huyện ủy,
thành ủy"). "Các cơ quan, đơn vị có liên quan" names nobody: such a part is dropped, and an item
left with nobody is a task to assign, never a task for a made-up agency. With a directory
(`resolve_org`), a phrase the directory does not know is cut back to its longest start that it
knows ("Báo Bắc Giang mở chuyên mục ..." gives "Báo Bắc Giang").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loa.directives.agency_lists import (
    Resolve,
    lead_and_support,
    split_names,
    spread_head,
    trim_to_directory,
)
from loa.directives.layout import join_item
from loa.directives.model import Assignee
from loa.directives.plan_lines import POINT, labelled_assignees, points
from loa.directives.subject_words import (
    NO_DUTY,
    STATEMENT,
    duty_start,
    is_head,
    names_a_body,
    noun_before,
    opens_with_agency,
    partner_in,
    province_subject,
    up_to_duty,
    verb_at,
    words_and_keys,
)
from loa.text import fold

__all__ = [
    "clause_assignees", "find_assignees", "heading_assignees", "later_subjects", "subject_of",
]  # fmt: skip

# Words that open an item before its subject: "Giao", "Đề nghị", "Yêu cầu", "Các Ông, Bà".
_OPENERS = (
    ("giao",), ("de", "nghi"), ("yeu", "cau"), ("chi", "dao"), ("cac", "ong", "ba"), ("ong", "ba"),
    ("cac", "dong", "chi"), ("dong", "chi"),  # "Đồng chí Bí thư tỉnh ủy và Chủ tịch ..."
    ("uy", "quyen", "cho"), ("uy", "quyen"),  # "Ủy quyền (cho) Giám đốc Sở ... thẩm định ..."
)  # fmt: skip
# "Căn cứ kế hoạch này, ..." / "Trên cơ sở ..., " / "với vai trò là chủ đầu tư, ...": a lead-in
# clause before the subject.
_LEAD_IN = re.compile(r"^(Căn cứ|Trên cơ sở|Để|Theo|Với vai trò)\b[^,]{0,80},\s*", re.IGNORECASE)
# A sub-point or bullet ends a heading: " - Tiếp tục ...", " a) Tăng cường ...", " + ...".
# A sub-point opens a line, or follows a colon or a full stop; a hyphen inside a line joins a
# name ("chính trị - xã hội", "Sở Lao động - Thương binh và Xã hội") unless a duty follows it.
_SUB_POINT = re.compile(
    r"(?:\n\s*|(?<=[:;.])\s+)(?:[-+•–]\s|[a-zđ]\)\s|\d{1,2}\.\d*\s)|\s[-+•–]\s(?=\S)"
)
# "..., theo chức năng, nhiệm vụ được giao, ...": how the duty is done, not who does it.
_MANNER = re.compile(
    r",?\s*(?:theo|căn cứ(?: vào)?|trong phạm vi)\s+(?:chức năng,?\s*nhiệm vụ"
    r"(?:,?\s*(?:quyền hạn|thẩm quyền))?|chức năng,?\s*thẩm quyền|chức năng quản lý"
    r"|nhiệm vụ,?\s*quyền hạn|thẩm quyền)(?:\s+(?:được giao|của mình|của đơn vị))?"
    r"(?:\s+và\s+(?:Kế hoạch|Chương trình|Quyết định|Chỉ thị) này)?\s*,?",
    re.IGNORECASE,
)
# "Tổng cục Thuế đề nghị Cục Thuế các tỉnh, thành phố ...": the issuer asks; the body asked acts.
_REQUESTER = re.compile(
    r"^([^,.;:]{2,60}?)\s+(?:đề nghị|yêu cầu|ủy quyền cho|uỷ quyền cho|(?-i:giao))\s+(?=\S)",
    re.IGNORECASE,
)


def _asked(text: str) -> str:
    """Return `text` from the body it asks to act when a body opens it asking ("X đề nghị Y")."""
    m = _REQUESTER.match(text)
    if m is None or not opens_with_agency(m.group(1)) or not opens_with_agency(text[m.end() :]):
        return text
    return text[m.end() :]


_HASTE = (["khan", "truong"], ["tiep", "tuc"], ["chu", "dong"], ["kip", "thoi"])


def subject_of(sentence: str) -> tuple[str, str | None] | None:
    """Return (subject phrase, partner phrase) of a sentence, or None when it names nobody."""
    sentence = spread_head(_MANNER.sub(" ", _asked(_LEAD_IN.sub("", sentence.strip()))))
    words, keys = words_and_keys(sentence)
    start = 0
    for opener in _OPENERS:
        if tuple(keys[: len(opener)]) == opener:
            start = len(opener)
            break
    if start and keys[start : start + 2] == ["dong", "chi"]:
        start += 2  # "Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo ..."
    if start >= len(keys) or verb_at(keys, start):
        return None
    following = keys[start + 1] if start + 1 < len(keys) else ""
    if not (is_head(keys[start], following) or province_subject(words, keys, start)):
        return None
    k = duty_start(words, keys, start)
    # "các sở, ngành được phân công chủ trì ...", "X được giao ...": a duty, though passive.
    assigned = keys[k : k + 2] in (["duoc", "giao"], ["duoc", "phan"]) if k is not None else False
    if k is None or (keys[k] in NO_DUTY and not assigned) or words[k].group().lower() in STATEMENT:
        return None  # no verb, or "X là ...", "X đã ...": a statement, not a duty
    end = words[k].start()
    subject = sentence[words[start].start() : end]
    # A quoted title ("chuyên mục “Chung tay ...”") is never part of an agency's name.
    subject = re.split(r"[“\"«]", subject)[0].strip(" ,;:")
    # "Bảo hiểm xã hội Việt Nam a) Bảo đảm ...": a lettered point ends the name.
    subject = re.split(r"\s[a-zđ]\)(?:\s|$)", subject)[0].strip(" ,;:")
    partner = None
    # "X khẩn trương chủ trì, phối hợp với Y": the manner before the duty is passed over.
    at = k
    while at is not None and keys[at : at + 2] in _HASTE:  # "khẩn trương tiếp tục chủ trì"
        at += 2
    if at is not None and keys[at : at + 2] in (["chu", "tri"], ["phoi", "hop"]):
        # "X chủ trì, phối hợp với Y ...", "X phối hợp (chặt chẽ) với Y ...": Y supports.
        duty = sentence[words[at].start() :]
        m = re.match(
            r"chủ trì,?\s*(?:và\s+)?phối hợp(?: với)?\s+|phối hợp(?: chặt chẽ)? với\s+",
            duty,
            re.IGNORECASE,
        )
        if m and opens_with_agency(duty[m.end() :]):
            # "X chủ trì, phối hợp triển khai ...": no partner named, the duty goes on.
            partner = up_to_duty(duty[m.end() :])
    if partner is None:
        # "Sở Y tế hướng dẫn ..., phối hợp với Sở Tài chính ...": a partner later in the clause.
        partner = partner_in(sentence[end:].split(";", 1)[0])
    return subject, partner


def _sub_point(text: str) -> int | None:
    """Return where the first sub-point or bullet of `text` starts, if any."""
    for m in _SUB_POINT.finditer(text):
        if m.group().startswith((" ", "\t")) and not re.match(r"\s*[:;.]", text[m.start() - 1 :]):
            # An inline hyphen opens a point only before a duty ("Sở Y tế - Chủ trì ...").
            _, keys = words_and_keys(text[m.end() :])
            if not keys or not verb_at(keys, 0):
                continue
        return m.start()
    return None


# Words before the names of a heading: "2. Giao Sở Nội vụ", "1. Trách nhiệm của Sở Y tế".
_HEADING_OPENERS = (
    ("giao",), ("de", "nghi"), ("trach", "nhiem", "cua"), ("nhiem", "vu", "cua"),
)  # fmt: skip


def _heading(segments: Sequence[str]) -> str | None:
    """Return an item's heading when it holds only names (no verb) above bullets or points."""
    text = "\n".join(segments[:4])
    cut = _sub_point(f" {text}")
    if cut is None and not segments[0].rstrip().endswith(":"):
        return None
    head = (text[: cut - 1] if cut else segments[0]).replace("\n", " ").strip().rstrip(":").strip()
    head = _asked(head)
    words, keys = words_and_keys(head)
    if not keys or len(keys) > 40 or not words[0].group()[:1].isupper():
        return None
    if any(verb_at(keys, k) and not noun_before(words, keys, k) for k in range(1, len(keys))):
        return None
    opener = next((len(o) for o in _HEADING_OPENERS if keys[: len(o)] == list(o)), 0)
    following = keys[opener + 1] if opener + 1 < len(keys) else ""
    if opener >= len(keys) or not is_head(keys[opener], following):
        return None
    return " ".join(w.group() for w in words[opener:])


# "2. Về đầu tư:", "Đối với ...", and "Vẻ" as a scan may read "Về": the marks are not compared.
_TOPIC_WORDS = ("ve ", "doi voi ")


def _is_topic(text: str) -> bool:
    return fold(text[:12]).startswith(_TOPIC_WORDS)


# A sentence or a clause of one ends at ".", "!", "?" or ";".
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+")


def _first_sentence(text: str) -> str:
    return _CLAUSE_END.split(text, maxsplit=1)[0]


def _topic_assignees(
    segments: Sequence[str], first_paragraph: str, resolve: Resolve | None
) -> list[Assignee]:
    """Return who the answer to a topic item names ("2. Về đầu tư: a) Giao Bộ Tài chính ...").

    An item that opens on its topic names its agencies after the topic's colon (after a later
    colon when the topic quotes a proposal with one: "Về ...: tăng số lượng ...: giao Bộ Nội
    vụ ..."), in every sentence of that answer ("...; Bộ Khoa học và Công nghệ hướng dẫn ..."),
    and in the opening words of its lettered points, bullets and paragraphs, each its own
    subject.
    """
    # "2. Về đầu tư: ..." or "3. Các kiến nghị của tỉnh:" over its points.
    introduces = bool(segments) and (
        segments[0].rstrip().endswith(":") or first_paragraph.rstrip().endswith(":")
    )
    if not segments or not (_is_topic(first_paragraph) or introduces):
        return []
    names: list[str] = []
    answer = first_paragraph.split("“", 1)[0]  # a quoted text is not the answer
    topical = _is_topic(first_paragraph)
    while ":" in answer and not names:
        topic, _, answer = answer.partition(":")
        if _SENTENCE_END.search(topic):
            break  # "Về đánh giá ... Tình hình ... như sau:": the topic ended without its colon
        answer = POINT.sub("", answer.strip())
        if not topical:  # "Tóm tắt mô tả hàng hóa: Theo hồ sơ ...": only its first sentence
            sentence = _first_sentence(answer)
            names = _sentence_names(sentence, resolve)
            break
        names = _answer_names(answer, resolve)
    openings = points(segments)
    if introduces:  # "Về kiến nghị ...:" over paragraphs that each open on a body
        paragraphs = join_item(segments).split("\n")[1:]
        openings += [p for p in paragraphs if p not in openings and names_a_body(p)]
    for opening in openings:
        while _is_topic(opening) and ":" in opening:  # "a) Về vốn: Giao Bộ Tài chính ..."
            opening = opening.split(":", 1)[1].strip()
        sentence = _first_sentence(opening)
        names += [n for n in _sentence_names(sentence, resolve) if n not in names]
    return [Assignee(n) for n in names]


_SENTENCE_END = re.compile(r"[.!?]\s+[A-ZĐÀ-Ỹ]")


def _sentence_names(sentence: str, resolve: Resolve | None) -> list[str]:
    """Return the subject and partners a sentence names."""
    found = subject_of(sentence)
    if found is None:
        return []
    return [
        trim_to_directory(n, resolve) for n in split_names(found[0]) + split_names(found[1] or "")
    ]


def _answer_names(answer: str, resolve: Resolve | None) -> list[str]:
    """Return who the sentences of a topic's answer name, in order, each once."""
    names: list[str] = []
    for sentence in _CLAUSE_END.split(answer):
        names += [n for n in _sentence_names(sentence, resolve) if n not in names]
    return names


# An article's title run on into its text: "Trách nhiệm thi hành Chánh Văn phòng ...".
_ARTICLE_TITLE = re.compile(
    r"^(?:Trách nhiệm (?:tổ chức )?thi hành|Trách nhiệm tổ chức thực hiện|Tổ chức thực hiện"
    r"|Điều khoản thi hành)\.?\s+(?=[A-ZĐÀ-Ỹ])"
)
_CARRIES_OUT = re.compile(r"^(.+?)\s+(?:chịu|có) trách nhiệm\s+(?:tổ chức\s+)?thi hành\b")
_ADDRESSED = re.compile(r"\b[Oô]ng\s*(?:,|\()?\s*bà\)?\s*:\s*")  # "Các ông, bà: ...", "Ông (bà):"
# "Đề nghị BHXH các tỉnh ...", "Giao Sở Y tế ...": a paragraph that gives a duty by name.
_ASKS = re.compile(r"^(?:Đề nghị|Giao|Yêu cầu)\s+\S")


def _asked_later(segments: Sequence[str], resolve: Resolve | None) -> list[Assignee]:
    """Return who a later paragraph of an item asks to act, when its opening names nobody.

    "2. Một số lưu ý khi thực hiện: 2.1 ... Đề nghị BHXH các tỉnh chủ động ...": the notes name
    no agency, the request after them does.
    """
    for i, segment in enumerate(segments[1:], start=1):
        found = subject_of(segment) if _ASKS.match(segment) else None
        if found is not None:
            # Its partners are read in the paragraph it wraps on in ("... phối hợp với Sở Y" /
            # "tế ..."), the lead as its own line gives it.
            whole = subject_of(join_item(segments[i:]).split("\n")[0])
            partner = whole[1] if whole is not None and whole[0] == found[0] else None
            return lead_and_support((found[0], partner), resolve)
    return []


# "... phối hợp với" / "Sở Y tế ...": a line that ends on one of these runs on into the next.
_TITLE_SHARE = 0.7
_RUNS_ON = frozenset(["voi", "va", "cua", "cho", "giao", "nghi", "cau", "cung", "cac", "tai", "la"])


def _named_under_title(segments: Sequence[str], resolve: Resolve | None) -> list[Assignee]:
    """Return who the lines under an item's title name as the subjects of their duties.

    "2. Khai báo nhiều tờ khai XK, NK chung container" / "Chi cục Hải quan nơi đăng ký tờ khai
    hướng dẫn ...": the title is a topic; the line after it, and each bullet, that opens on a
    known body's name gives a subject.
    """
    title_keys = words_and_keys(segments[0])[1] if segments else []
    titled = bool(title_keys) and not re.search(r"[.,;:!?]$", segments[0].strip())
    titled = titled and title_keys[-1] not in _RUNS_ON
    # A title stops short; a first line as long as the lines under it is a hard-wrapped sentence.
    longest = max((len(s) for s in segments[1:]), default=0)
    titled = titled and len(segments[0]) < _TITLE_SHARE * longest
    names: list[str] = []
    for i, segment in enumerate(segments[1:], 1):
        opening = POINT.sub("", segment)
        if not (POINT.match(segment) or (i == 1 and titled)) or not names_a_body(opening):
            continue
        if not opening[:1].isupper():
            continue
        _add_subjects(names, opening, resolve)
    if titled:
        # "a) Yêu cầu các bộ, ngành, ..." / "b) Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ"
        # / "đạo ...": each lettered point read whole gives its own subject.
        for point in points(segments, lettered=True):
            _add_subjects(names, point, resolve)
    return [Assignee(n) for n in names]


def _add_subjects(names: list[str], text: str, resolve: Resolve | None) -> None:
    """Add to `names` the bodies the first sentence of `text` names as its subject, each once."""
    found = subject_of(_first_sentence(text))
    for name in split_names(found[0]) if found else []:
        name = trim_to_directory(name, resolve)
        if name not in names:
            names.append(name)


# "Trường hợp ..., Chi cục Hải quan nơi lưu giữ hàng hóa hướng dẫn ...": a case before its subject.
_CONDITION = re.compile(
    r"^(?:Trường hợp|Trong trường hợp|Đối với|Khi|Sau khi|Trước khi|Nếu|Trong quá trình)\s"
)
# Words after which a name is an object or a complement, never the subject of the duty.
_GOVERNS_NEXT = _RUNS_ON | frozenset(
    ["theo", "den", "tu", "qua", "ve", "de", "do", "boi", "tren", "thuoc", "gui", "nhu", "hoac"]
)


def _after_condition(first_paragraph: str, resolve: Resolve | None) -> list[Assignee]:
    """Return who acts in a case that an item opens on ("Đối với hàng ..., Chi cục ... xác nhận").

    The subject is the first known body, after a comma or straight after the case's words (a
    title run on into its text), that a duty verb follows; a name after "với", "của", "theo" ...
    is not one.
    """
    if not _CONDITION.match(first_paragraph):
        return []
    text = first_paragraph[:_CASE_LENGTH]
    for m in re.finditer(r"\s(?=[A-ZĐÀ-Ỹ]|các\s)", text):  # "..., các sở, ban, ngành ..."
        before = text[: m.start()].rstrip()
        rest = text[m.end() :]
        previous = fold(before.split()[-1]) if before.split() else ""
        named = names_a_body(rest) or bool(_PLURAL_BODIES.match(rest))
        if previous.strip(",") in _GOVERNS_NEXT or not named:
            continue
        if before.endswith((".", ";", ":")):
            break  # the case has ended in a sentence of its own
        found = subject_of(_first_sentence(rest))
        if found is not None:
            return [Assignee(trim_to_directory(n, resolve)) for n in split_names(found[0])]
    return []


_CASE_LENGTH = 600
# "..., các sở, ban, ngành, ... kịp thời phản ánh": bodies after a case, as printed (not "các tờ
# khai", which folds like "các tổ").
_PLURAL_BODIES = re.compile(r"các (?:[Ss]ở|[Bb]ộ|[Bb]an|[Nn]gành|cơ quan|đơn vị|[Hh]uyện|[Xx]ã)\b")


def heading_assignees(segments: Sequence[str], resolve: Resolve | None) -> list[Assignee]:
    """Return the names of an item's heading that holds only them ("Bảo hiểm xã hội Việt Nam"
    over "a) Bảo đảm ..."), or nothing when the item opens otherwise."""
    heading = _heading(segments) if segments else None
    return _heading_names(heading, resolve) if heading else []


def _heading_names(heading: str, resolve: Resolve | None) -> list[Assignee]:
    """Return the bodies a heading names, a shared head spread ("Chủ tịch UBND các tỉnh: A, B")."""
    return [Assignee(trim_to_directory(n, resolve)) for n in split_names(spread_head(heading))]


# A lead-in that only names who acts ("Giám đốc Sở Y tế, Chủ tịch UBND các xã:") is short and
# one sentence; "Chính phủ cơ bản thống nhất ... Bộ Công an ..., bảo đảm một số yêu cầu sau:"
# is a paragraph of its own. Without its colon, a name alone is shorter still.
_NAMES_ONLY_WORDS = 30
_NAME_ALONE_WORDS = 12


def _names_only(lead: str) -> bool:
    """Return True when an article's words before its first clause only name who acts."""
    lead = lead.rstrip()
    if lead.endswith(":"):
        return len(lead.split()) <= _NAMES_ONLY_WORDS and not re.search(r"[.;]\s", lead)
    # "Điều 2. Sở Giáo dục và Đào tạo 1. Chủ trì ...": the body's name alone over its clauses.
    return (
        len(lead.split()) <= _NAME_ALONE_WORDS
        and opens_with_agency(lead)
        and not re.search(r"[.,;:]$", lead)
    )


def find_assignees(
    segments: Sequence[str], first_paragraph: str, resolve: Resolve | None, *, article: bool = False
) -> list[Assignee]:
    """Return the organisations an item assigns, lead first; empty when it names nobody."""
    labelled = [] if article else labelled_assignees(segments, resolve)
    if labelled:
        return labelled
    heading = None if article or not segments else _heading(segments)
    if heading is not None:
        return _heading_names(heading, resolve)
    if not article and _is_topic(first_paragraph) and points(segments):
        # "1. Về việc rà soát ... 1.1. Giao Sở ... 1.2. Giao Công an ...": every point's subject.
        topic = _topic_assignees(segments, first_paragraph, resolve)
        if topic:
            return topic
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", first_paragraph)
    # "1. Thống nhất chủ trương ... Giao Giám đốc Sở Tài chính phối hợp thẩm định ...": when the
    # opening sentence names nobody, a later one that gives the duty by name does.
    candidates = sentences[:1] + [s for s in sentences[1:] if _ASKS.match(s)]
    if article:
        # An article's title ("Trách nhiệm thi hành 1. Bộ trưởng ...") comes before its clauses,
        # and the clause naming who carries it out may follow "Quyết định này có hiệu lực ...".
        first_paragraph = _ARTICLE_TITLE.sub("", first_paragraph)
        clauses = re.split(r"\s(?=\d{1,2}\.\s+[A-ZĐÀ-Ỹ])", first_paragraph)
        if len(clauses) > 1 and _names_only(clauses[0]):
            # "Giám đốc Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi: 1. Chịu trách nhiệm ...".
            named = split_names(clauses[0].rstrip().rstrip(":"))
            if named and names_a_body(clauses[0]) and not subject_of(clauses[0]):
                return [Assignee(trim_to_directory(n, resolve)) for n in named]
        text = clauses[1] if len(clauses) > 1 else first_paragraph
        text = re.sub(r"^\d{1,2}\.\s+", "", text)
        candidates = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", text)[:3]
        if len(clauses) > 1:
            # "Chính phủ thống nhất ... Giao Bộ Công an chủ trì ...: 1. Quán triệt ...": the
            # paragraph before the clauses gives the duty by name.
            opening = re.split(r"(?<=[.!?;])\s+(?=[A-ZĐÀ-Ỹ])", clauses[0])
            asks = [s for s in opening[1:] if _ASKS.match(s)]
            # "Sở Khoa học và Công nghệ có trách nhiệm: 1. Đồng bộ dữ liệu ...".
            lead = [opening[-1]] if clauses[0].rstrip().endswith(":") else []
            candidates = asks + lead + candidates
    found = next((f for f in map(subject_of, candidates) if f is not None), None)
    if found is None and article:
        # "Các ông, bà: Chánh văn phòng ...; ... và các đối tượng được bồi thường chịu trách
        # nhiệm thi hành Quyết định này": everything before the executing verb is its subject.
        carried = next((m for m in map(_CARRIES_OUT.search, candidates) if m), None)
        if carried is None:
            # "Quyết định này có hiệu lực ..." / "Giao Văn phòng UBND tỉnh chủ trì ...".
            return _asked_later(segments, resolve)
        found = (spread_head(_ADDRESSED.split(carried.group(1))[-1]), None)
    if found is None:
        return (
            _topic_assignees(segments, first_paragraph, resolve)
            or _asked_later(segments, resolve)
            or _after_condition(first_paragraph, resolve)
            or _named_under_title(segments, resolve)
        )
    return lead_and_support(found, resolve)


def later_subjects(segments: Sequence[str], resolve: Resolve | None) -> list[Assignee]:
    """Return the bodies that later paragraphs of an item open on as the subjects of duties.

    "1. Chủ tịch UBND các tỉnh: ... rà soát, báo cáo ... sau: (1) ... (2) ..." / "Ủy ban nhân
    dân các tỉnh: Đắk Lắk, ... khẩn trương gửi Báo cáo ...": the second paragraph gives its own
    bodies a duty. Points and bullets are not read here, nor what a body did ("... đã ...").
    """
    names: list[str] = []
    for paragraph in join_item(segments).split("\n")[1:]:
        if not POINT.match(paragraph) and names_a_body(paragraph):
            _add_subjects(names, paragraph, resolve)
    return [Assignee(n) for n in names]


def clause_assignees(segments: Sequence[str], resolve: Resolve | None) -> list[Assignee]:
    """Return who a numbered clause of an article names as the subject of its first sentence.

    "2. Bảo hiểm xã hội Bộ Quốc phòng, Bảo hiểm xã hội Công an nhân dân có trách nhiệm ..."
    gives both; a clause that opens on no agency ("2. Mục tiêu ...") gives nobody. Those it
    works with ("6. Ban Cơ yếu chủ trì, phối hợp với Văn phòng ...") are not its subjects.
    """
    first = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", " ".join(segments), maxsplit=1)[0]
    found = subject_of(first)
    if found is None:
        return []
    return [Assignee(trim_to_directory(n, resolve)) for n in split_names(found[0])]
