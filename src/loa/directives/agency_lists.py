"""Names in a subject phrase: a list of agencies cut into names, and what names nobody.

"Văn phòng Tỉnh ủy, Viện kiểm sát nhân dân tỉnh và Tòa án nhân dân tỉnh" is three names; "Sở
Nông nghiệp và Môi trường", "các huyện ủy, thành ủy" and "Thủ trưởng các Vụ, Cục thuộc Bộ Y tế"
are one each. A list is cut on ";", and on "," or "và" before a new capitalised agency head,
never inside a name, a title governing a plural, or a list of bodies in brackets (which are the
names). "Các cơ quan, đơn vị có liên quan", the public, a person, a role ("Cơ quan chủ trì") and a
note in brackets name nobody. A head shared before a colon ("Các Bộ: Công an, Tài chính") is
spread over its list (`spread_head`), and with a directory a phrase is cut back to the longest
start the directory knows (`trim_to_directory`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loa.directives.agency_names import title_of_head
from loa.directives.footer import clean_name
from loa.directives.model import Assignee
from loa.directives.subject_words import (
    NAME_GOES_ON,
    PAIRED_HEADS,
    is_head,
    names_a_body,
    verb_at,
    words_and_keys,
)
from loa.directives.vocabulary import PLURAL_HEADS
from loa.text import fold

__all__ = ["Resolve", "lead_and_support", "split_names", "spread_head", "trim_to_directory"]

Resolve = Callable[[str], str | None]

# "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu kinh tế, ...)": the bodies listed.
_LISTED = re.compile(r"\(([^()]*,[^()]*)\)")
# Words that name a role, not a body: "Cơ quan chủ trì giải quyết ...", "Các đơn vị tổ chức ...".
# So do those words in any list: "Các cơ quan, đơn vị, địa phương", "các cơ quan, tổ chức",
# "các ngành, các cấp".
_ROLE_WORDS = frozenset(
    ["cac", "co", "quan", "don", "vi", "dia", "phuong", "to", "chuc", "va", "doanh", "nghiep",
     "nganh", "cap"]
)  # fmt: skip


_TITLE_FIRST = re.compile(r"^(?:thu truong|nguoi dung dau|lanh dao)\s+")


def _role_only(key: str) -> bool:
    words = re.findall(r"\w+", key)
    # "Quận ...", "Phường ...": a district or a ward is named by its words, not a role.
    return bool(words) and set(words) <= _ROLE_WORDS and not key.startswith(("quan", "phuong"))


_STRONG_HEADS = frozenset(
    ["so", "bo", "ubnd", "uy", "cong", "ban", "van", "dai", "bao", "trung", "vien", "toa", "chi",
     "kho", "ngan", "thue", "kiem", "cuc", "tong", "hoi", "doan", "bcd", "bo", "thanh", "huyen",
     "tinh", "dang", "mat", "ubmttq", "giam", "chanh", "chu", "thu", "truong", "lien", "hoc",
     "benh", "phong", "quan", "to", "vu", "bhxh"]
)  # fmt: skip
# Parts that name nobody in particular: the task is to assign ("các cơ quan liên quan"), and the
# public ("các tổ chức, cá nhân", "người dân") is not an organisation of the directory.
_TO_ASSIGN = re.compile(
    r"\blien quan\b|\bcac don vi khac\b|^(?:cac )?to chuc, ca nhan|^(?:cac )?ca nhan|^nguoi dan"
    r"|^nhan dan\b|^ho gia dinh|^(?:cac )?doi tuong\b"
    # "Thủ trưởng các cơ quan, tổ chức, cá nhân": bodies listed with individuals.
    r"|\b(?:to chuc|co quan|don vi),? (?:va )?ca nhan\b"
)
# A title governing a list: "người đứng đầu các cơ quan ..., các đơn vị ..." is one assignee.
_GOVERNING_TITLES = ("nguoi dung dau", "thu truong")
# Titles over a plural that governs what "và" joins to it ("Giám đốc các Bệnh viện và Viện").
_GOVERNING_PLURALS = ("giam doc cac", "thu truong cac", "nguoi dung dau cac", "lanh dao cac")
# "Chi cục Hải quan nơi đăng ký tờ khai (nơi đi)", "Sở Nội vụ (Cơ quan thường trực Ban ...)": a
# note in brackets after a name is not part of it; a bracketed name ("Bộ Công an (Cục C06)") is.
_GLOSS = re.compile(r"\s*\((?:[a-zđà-ỹ]|Cơ quan\s)[^()]*\)$")
# "Ủy ban nhân dân các xã, phường Trên cơ sở Kế hoạch này, ...": a lead-in of the next clause,
# capitalised where a web copy lost the comma before it, ends the name.
# So do how the duty is done and a note on the name: "... theo quy định", "... trong phạm vi,
# nhiệm vụ, quyền hạn", "..., trong đó trọng tâm là ...", ", bao gồm".
_LEAD_IN_AFTER = re.compile(
    r"\s+(?:[Tt]rên cơ sở|Căn cứ|Theo|Trong quá trình|Để)\s.*$"
    r"|,?\s+(?:theo quy định|trong phạm vi|trong đó|bao gồm)\b.*$"
)
# "... (Trung tâm Phục vụ hành chính công tỉnh) để", "... cấp tỉnh, cấp xã và", "...:": a name
# cut before its verb never ends on a conjunction, a preposition or a colon.
_DANGLING_END = re.compile(r"(?:\s+(?:và|để|cùng|với|hoặc|nhằm))+\s*$|\s*:$")
# An article's title run on before its text: the name twice.
_DOUBLED = re.compile(r"^(.{6,}) \1$")
_THIS_DOCUMENT = re.compile(
    r"\b(?:quyet dinh|nghi quyet|thong tu|nghi dinh|ke hoach|chi thi|van ban|quy dinh) nay\b"
)
# A person named in a decision ("và ông Nguyễn Văn A") is not an organisation.
_PERSON = re.compile(r"^(?:ông|bà|đồng chí|đ/c)\s+[A-ZĐÀ-Ỹ]", re.IGNORECASE)


def _starts_agency(part: str) -> bool:
    """Return True when `part` opens a new agency name (a capitalised head word), or names a
    province or city by its name ("tỉnh Lâm Đồng", "thành phố Huế")."""
    words, keys = words_and_keys(part)
    if not keys:
        return False
    place = 2 if keys[:2] == ["thanh", "pho"] else 1 if keys[0] == "tinh" else 0
    if place and len(words) > place and words[place].group()[:1].isupper():
        return True
    if keys[0] == "cac":  # "..., các cơ quan, đơn vị": a new group after a comma
        return len(keys) > 1 and keys[1] in PLURAL_HEADS
    if keys[0] in PAIRED_HEADS:  # "Sở Khoa học và Công nghệ": the name goes on
        following = keys[1] if len(keys) > 1 else ""
        return words[0].group()[:1].isupper() and following in PAIRED_HEADS[keys[0]]
    return words[0].group()[:1].isupper() and keys[0] in _STRONG_HEADS


def _role_after_body(piece: str, before: str) -> bool:
    """Return True for a role after a body's name ("Sở Nông nghiệp và Môi trường, đơn vị ...",
    "UBND các xã, phường và cơ quan"): a part of its own, which names nobody, not more of that
    name; "các sở, ban, ngành" stays one group."""
    key = fold(piece)
    return (
        key.startswith(("don vi", "co quan", "to chuc"))
        and _role_only(key)
        and names_a_body(before)
        and not fold(before).startswith("cac ")
    )


def split_names(subject: str) -> list[str]:
    """Return the names in a subject phrase, cut on ";", and on "," / "và" before a new agency."""
    listed = _LISTED.search(subject)
    if listed and names_a_body(listed.group(1)):
        subject = listed.group(1)
    names: list[str] = []
    for chunk in subject.split(";"):
        parts: list[str] = []
        for piece in re.split(r",\s*", chunk):
            governed = bool(parts) and fold(parts[-1]).startswith(_GOVERNING_TITLES)
            # "Thủ trưởng các Vụ, Cục thuộc Bộ Y tế": a bare head word goes on the plural.
            bare = words_and_keys(piece)[1][1:2] in ([], ["thuoc"], ["truc"], ["va"])
            role = bool(parts) and _role_after_body(piece, parts[-1])
            if parts and (
                (not _starts_agency(piece) and not role)
                or (governed and (piece.startswith("các ") or bare))
            ):
                parts[-1] = f"{parts[-1]}, {piece}"
            else:
                parts.append(piece)
        for part in parts:
            pieces = re.split(
                r"\s+(?:và|cùng)\s+(?=các\s|[A-ZĐÀ-Ỹ]|(?:ông|bà)\s|cơ quan|đơn vị"
                r"|(?:tỉnh|thành phố)\s+[A-ZĐÀ-Ỹ])",
                part,
            )
            current = pieces[0]
            for piece in pieces[1:]:
                # "Giám đốc các Bệnh viện và Viện ...": the title governs both bodies; a new title
                # ("... và Chủ tịch UBND ...") starts a new name.
                # A People's Committee has a Chairman, never a "Thủ trưởng": "Thủ trưởng các sở,
                # ban, ngành và Ủy ban nhân dân phường, xã" names two.
                governed = fold(current).startswith(_GOVERNING_PLURALS) and not (
                    title_of_head(words_and_keys(piece)[1], 0)
                    or piece.startswith("các ")
                    or fold(piece).startswith(("uy ban nhan dan", "ubnd"))
                )
                if governed:
                    current = f"{current} và {piece}"
                elif (
                    _starts_agency(piece)
                    or piece.startswith("các ")
                    or _PERSON.match(piece)
                    or _role_after_body(piece, current)
                ):
                    names.append(current)
                    current = piece
                else:
                    current = f"{current} và {piece}"
            names.append(current)
    names = _carry_place_head(names)
    kept: dict[str, str] = {}  # one name once, whatever its capitals ("tỉnh" / "Tỉnh")
    cleaned = [
        _DOUBLED.sub(
            r"\1", _GLOSS.sub("", _LEAD_IN_AFTER.sub("", _DANGLING_END.sub("", clean_name(n))))
        )
        for n in names
    ]  # _DOUBLED: "Thanh tra Ngân hàng Nhà nước Thanh tra Ngân hàng Nhà nước"
    for i, n in enumerate(cleaned):
        key = fold(n)
        if _THIS_DOCUMENT.search(key):
            continue  # "Quyết định này có hiệu lực ...": the document, not a body
        # "Thủ trưởng các cơ quan, đơn vị và các tổ chức, cá nhân có liên quan": the heads of
        # whatever bodies are concerned, no body in particular.
        concerned = i + 1 < len(cleaned) and "lien quan" in fold(cleaned[i + 1])
        if concerned and _role_only(_TITLE_FIRST.sub("", key)):
            continue
        if n and not _TO_ASSIGN.search(key) and not _PERSON.match(n) and not _role_only(key):
            kept.setdefault(key, n)
    return list(kept.values())


_BARE_PLACE = re.compile(r"^(?:tỉnh|thành phố)\s+[A-ZĐÀ-Ỹ]")
_HEADED_PLACE = re.compile(r"^(.+?\s)(?:tỉnh|thành phố)\s+[A-ZĐÀ-Ỹ]")


def _carry_place_head(names: list[str]) -> list[str]:
    """Return "Ủy ban nhân dân thành phố Hà Nội", "thành phố Hồ Chí Minh" as "Ủy ban nhân dân
    thành phố Hà Nội", "Ủy ban nhân dân thành phố Hồ Chí Minh": a head shared by places."""
    out: list[str] = []
    for name in names:
        head = _HEADED_PLACE.match(out[-1]) if out and _BARE_PLACE.match(name) else None
        out.append(f"{head.group(1)}{name}" if head else name)
    return out


def trim_to_directory(name: str, resolve: Resolve | None) -> str:
    """Return `name`, or with a directory the longest start of it that the directory knows."""
    if resolve is None or resolve(name) is not None:
        return name
    words = name.split()
    for end in range(len(words) - 1, 1, -1):
        start = " ".join(words[:end]).rstrip(",;:")
        rest = fold(words[end]).strip(",;:")
        # Cut only before what reads as the duty ("Báo Bắc Giang dành chuyên mục ..."), never
        # inside the name ("Ủy ban nhân dân các xã, phường" is not the province's "Ủy ban nhân dân").
        if rest in NAME_GOES_ON or words[end][:1].isupper() or words[end - 1].endswith(","):
            continue
        if resolve(start) is not None:
            return start
    return name


# "Các Bộ: Công an, Tài chính, ..." / "Giao các Sở: Y tế, Nội vụ ..." / "..., Giám đốc các Sở: Tài
# chính, Y tế, ..." / "Các Bộ, cơ quan: Tài chính, Xây dựng, ..." / "các Tập đoàn: Bưu chính Viễn
# thông Việt Nam, ...": a head (and the title before it) shared by a list, at its start or after a
# comma.
_SHARED_HEAD = re.compile(
    r"(?:^((?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu)\s+)|^|([,;]\s*))((?:Giám đốc|Thủ trưởng|Lãnh đạo|Bộ trưởng|Chủ tịch)\s+)?(?:[Cc]ác\s+)?"
    r"([Bb]ộ|Sở|Tập đoàn|Cục|Ban)(?:,\s*(?:cơ quan|ngành))?\s*:\s*"
)
_LIST_ENDS = re.compile(r"\s(?:cùng|và)\s+các\s")


def _own_name(piece: str) -> bool:
    """Return True when a piece of a shared head's list is a name of its own ("Tập đoàn Điện lực
    Việt Nam", "Văn phòng Chính phủ" after "Các Bộ, cơ quan:"), not a head's complement."""
    words, keys = words_and_keys(piece)
    if not keys or fold(piece).startswith(("cong an", "van hoa")):  # "Bộ Công an", "Bộ Văn hóa"
        return False
    following = keys[1] if len(keys) > 1 else ""
    return _starts_agency(piece) or (words[0].group()[:1].isupper() and is_head(keys[0], following))


# "Giám đốc: Trung tâm Phục vụ hành chính công tỉnh, Trung tâm Công báo - Tin học tỉnh; ...": a
# title shared by the bodies listed after its colon.
_SHARED_TITLE = re.compile(
    r"(?:^|(?<=[,;]\s))(Giám đốc|Thủ trưởng|Chủ tịch|Người đứng đầu)\s*:\s*(?=[A-ZĐÀ-Ỹ])"
)


def _spread_title(sentence: str) -> str:
    """Return "Giám đốc: Trung tâm A, Trung tâm B; ..." as "Giám đốc Trung tâm A, Giám đốc
    Trung tâm B; ..."."""
    m = _SHARED_TITLE.search(sentence)
    if m is None:
        return sentence
    listed, semicolon, after = sentence[m.end() :].partition(";")
    pieces = listed.split(", ")
    named = [f"{m.group(1)} {pieces[0]}"]
    for piece in pieces[1:]:
        named.append(f"{m.group(1)} {piece}" if _own_name(piece) else piece)
    return sentence[: m.start()] + ", ".join(named) + semicolon + after


# "Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai ...": the
# titles of a province's leaders shared by a list of provinces.
_PLACES_HEAD = re.compile(
    r"((?:(?:Đồng chí|đồng chí)\s+)?(?:(?:Bí thư|Chủ tịch|Phó Chủ tịch)\s+[^:;]{3,60}?"
    r"|Ủy ban nhân dân|Uỷ ban nhân dân|UBND))"
    r"\s+các\s+(tỉnh, thành phố|tỉnh|thành phố)\s*:\s*"
)
_PLACE = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}")


# The cities run by the centre (2025): "các tỉnh, thành phố: Hà Tĩnh, Huế" gives "tỉnh Hà Tĩnh"
# and "thành phố Huế".
_CITIES = frozenset(["ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"])


def _place_list(text: str, joiner: str) -> tuple[list[str], str]:
    """Return the places a list opens `text` with ("Khánh Hòa, Gia Lai và ...") and the rest."""
    places: list[str] = []
    rest = text
    while (place := _PLACE.match(rest)) is not None:
        places.append(place.group())
        rest = rest[place.end() :]
        more = re.match(rf"{joiner}(?=[A-ZĐÀ-Ỹ])", rest)
        if more is None or not _PLACE.match(rest[more.end() :]):
            break
        rest = rest[more.end() :]
    return places, rest


def _kind(listed: str, place: str) -> str:
    if "," not in listed:
        return listed  # "các tỉnh:" / "các thành phố:"
    return "thành phố" if fold(place) in _CITIES else "tỉnh"


def _spread_places(sentence: str) -> str:
    """Return the leaders of a list of provinces one by one: "Bí thư tỉnh ủy, Chủ tịch Ủy ban
    nhân dân các tỉnh: Khánh Hòa, Gia Lai và lãnh đạo các Bộ" gives "Bí thư tỉnh ủy Khánh Hòa,
    Bí thư tỉnh ủy Gia Lai, Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa, Chủ tịch Ủy ban nhân dân
    tỉnh Gia Lai và lãnh đạo các Bộ"."""
    m = _PLACES_HEAD.search(sentence)
    if m is None:
        return sentence
    places, rest = _place_list(sentence[m.end() :], r"\s*(?:,|và)\s*")
    if not places:
        return sentence
    titles = re.split(r",\s*|\s+và\s+", re.sub(r"^(?:Đồng chí|đồng chí)\s+", "", m.group(1)))
    named = [
        f"{title} {place}"
        if fold(title).endswith(("tinh uy", "thanh uy"))
        else f"{title} {_kind(m.group(2), place)} {place}"
        for title in titles
        for place in places
    ]
    return sentence[: m.start()] + ", ".join(named) + rest


# "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương ...": provinces named one by one.
_PLAIN_PLACES = re.compile(
    r"(?:(?<=^)|(?<=[,;]\s)|(?<=\svà\s))[Cc]ác (tỉnh|thành phố) (?=[A-ZĐÀ-Ỹ])"
)


def _spread_plain_places(sentence: str) -> str:
    """Return "Các tỉnh Nghệ An, Quảng Ngãi" as "tỉnh Nghệ An, tỉnh Quảng Ngãi"."""
    out, at = [], 0
    for m in _PLAIN_PLACES.finditer(sentence):
        if m.start() < at:
            continue
        places, rest = _place_list(sentence[m.end() :], r",\s*")
        if len(places) < 2:
            continue
        out += [sentence[at : m.start()], ", ".join(f"{m.group(1)} {p}" for p in places)]
        at = len(sentence) - len(rest)
    return "".join([*out, sentence[at:]])


def spread_head(sentence: str) -> str:
    """Return "Các Bộ: Công an, Tài chính có ..." as "Bộ Công an, Bộ Tài chính có ..."; every
    list of a sentence, each up to its semicolon, gets its head."""
    sentence = _spread_title(_spread_places(_spread_plain_places(sentence)))
    m = _SHARED_HEAD.search(sentence)
    if m is None:
        return sentence
    head = (m.group(3) or "") + m.group(4).capitalize()
    # "Giám đốc các Sở: Tài chính, Nông nghiệp và Môi trường; Thủ trưởng các cơ quan, đơn vị":
    # the list ends at its semicolon.
    listed, semicolon, after = sentence[m.end() :].partition(";")
    pieces = listed.split(", ")
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if _own_name(piece):
            out += pieces[i:]  # "..., Giám đốc Kho bạc ...": the next name, not the head's
            break
        if i and out and out[-1].endswith(f"{head} Văn hóa"):  # "Văn hóa, Thể thao và Du lịch"
            out[-1] += f", {piece}"
        else:
            out.append(f"{head} {piece}")
        if _LIST_ENDS.search(piece):  # "Sở: Tài chính, Y tế cùng các ngành, đơn vị ..."
            out += pieces[i + 1 :]
            break
        _, keys = words_and_keys(piece)
        if any(verb_at(keys, k) for k in range(1, len(keys))):
            out += pieces[i + 1 :]
            break
    opening = sentence[: m.start()] + (m.group(1) or m.group(2) or "")
    if semicolon:
        after = " " + spread_head(after.lstrip()) if after.startswith(" ") else spread_head(after)
    return opening + ", ".join(out) + semicolon + after


def lead_and_support(found: tuple[str, str | None], resolve: Resolve | None) -> list[Assignee]:
    """Return the subject's bodies, and those it works with as support ("phối hợp với Y")."""
    subject, partner = found
    leads = [trim_to_directory(n, resolve) for n in split_names(subject)]
    if not leads:
        return []
    if partner is None:
        return [Assignee(n) for n in leads]
    lead_keys = {n.casefold() for n in leads}
    supports = [trim_to_directory(n, resolve) for n in split_names(partner)]
    # "Các bộ, cơ quan, địa phương ..., phối hợp với các bộ, cơ quan, địa phương": named once.
    supports = [n for n in supports if n.casefold() not in lead_keys]
    return [Assignee(n, role="lead") for n in leads] + [
        Assignee(n, role="support") for n in supports
    ]
