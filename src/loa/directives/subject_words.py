"""Where a duty's subject ends: agency head words, duty verbs and the names of known bodies.

agencies.py reads who a duty is given to; this module reads the words of a sentence for it:
`words_and_keys` gives each word and its fold()ed key, `is_head` tells the first word of an
agency's name ("Sở", "các sở", "Chủ tịch"), `verb_at` a duty verb of the vocabulary,
`noun_before` a verb that is part of a name ("Ban Chỉ đạo"), and `duty_start` where the duty
after a subject starts, keeping a known body's name whole (agency_names.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loa.directives.agency_names import known_name, qualifier
from loa.directives.vocabulary import AGENCY_HEADS, DUTY_VERBS, NOUN_BEFORE_VERB, PLURAL_HEADS
from loa.text import fold, standard_tone_marks

__all__ = [
    "NAME_GOES_ON",
    "NO_DUTY",
    "PAIRED_HEADS",
    "STATEMENT",
    "duty_start",
    "is_head",
    "names_a_body",
    "noun_before",
    "opens_with_agency",
    "partner_in",
    "up_to_duty",
    "verb_at",
    "words_and_keys",
]  # fmt: skip

_MAX_SUBJECT_WORDS = 45
# "X là ...", "X bị ...", "X được ...": the sentence states, it does not assign.
NO_DUTY = frozenset(["la", "bi", "duoc"])
# ... and the first words of nouns made with a verb: "chương trình", "Tờ trình", "công trình",
# "quy trình", "lộ trình", "Tổ kiểm tra".
_ANY_CASE_NOUNS = frozenset(["cac", "nhung", "moi", "viec", "chuong", "to", "cong", "quy", "lo"])
# Words that carry a name on ("... các xã", "... cấp tỉnh", "... trực thuộc ...").
NAME_GOES_ON = frozenset(
    ["cac", "cap", "tinh", "huyen", "xa", "phuong", "thanh", "thi", "truc", "thuoc", "va", "cua",
     "tren", "dia", "ban", "khu", "vuc", "trung", "uong", "nhan", "dan", "quan", "so", "nganh",
     "cung", "noi"]
)  # fmt: skip


# "Sở Y tế tỉnh trong thời gian qua ...", "... tại ...": words after a name before a later duty.
_ADVERBIAL = frozenset(
    ["trong", "tai", "o", "tu", "ve", "voi", "nam", "thoi", "sau", "truoc", "khi"]
)
# "Bộ Y tế đã ban hành ...", "Ủy ban nhân dân tỉnh nhận được ...": what a body did, not a duty.
STATEMENT = frozenset(["đã", "vừa", "đang", "vẫn", "nhận", "ghi"])


# One-word verbs (and the head "Sở") whose letters other words share: "tăng" and "tầng" ("Cục
# Kết cấu hạ tầng"), "sở" and "số" ("Số lượng"), "cần" and "căn", "mở" and "mô", "dành" and "danh" ("danh sách"). A word not spelt as the verb
# gets a key of its own, so it is never read as the verb.
_VERB_SPELLINGS = {
    "tang": {"tăng"}, "can": {"cần"}, "mo": {"mở"}, "danh": {"dành", "đánh"}, "se": {"sẽ"},
    "gui": {"gửi"}, "tiem": {"tiêm"}, "phai": {"phải"}, "khong": {"không"}, "trinh": {"trình"},
    "so": {"sở"},
}  # fmt: skip
_PUNCTUATION = ',;:.()“”"'


def _key(word: str) -> str:
    key = fold(word).strip(_PUNCTUATION)
    spellings = _VERB_SPELLINGS.get(key)
    written = standard_tone_marks(word.lower().strip(_PUNCTUATION))
    if spellings and written not in spellings:
        return f"{key}~"
    return key


def words_and_keys(text: str) -> tuple[list[re.Match[str]], list[str]]:
    """Return the words of `text` and their keys (fold()ed, punctuation around them dropped)."""
    words = list(re.finditer(r"\S+", text))
    keys = [_key(w.group()) for w in words]
    for i in range(len(keys) - 1):
        # "Cần Thơ" is the city, never the verb "cần".
        if keys[i] == "can" and keys[i + 1] == "tho" and words[i + 1].group()[:1].isupper():
            keys[i] = "can~"
    return words, keys


def verb_at(keys: Sequence[str], k: int) -> int:
    """Return how many words a duty verb of the vocabulary starting at word `k` has (0: none)."""
    for verb in DUTY_VERBS:
        if keys[k : k + len(verb)] == verb:
            return len(verb)
    return 0


def _place_word(words: Sequence[re.Match[str]], keys: Sequence[str], j: int) -> bool:
    """Return True when word `j` goes on a name as a place ("Bắc Giang"), not the next line's
    opening or a capitalised duty ("... thành phố\nTăng cường ...")."""
    gap = words[j].string[words[j - 1].end() : words[j].start()]
    return words[j].group()[:1].isupper() and "\n" not in gap and not verb_at(keys, j)


def _name_end(words: Sequence[re.Match[str]], keys: Sequence[str], k: int) -> tuple[int, bool]:
    """Return where a known body's name opening at word `k` ends, with its place or level
    ("Sở Y tế các tỉnh, thành phố", "Bộ Chỉ huy Quân sự tỉnh Bắc Giang", "... (CDC)"), and
    whether the words after it are the duty rather than more of a list (0, False: no name)."""
    n = known_name(keys, k)
    if not n:
        return 0, False
    j = k + n
    while j < len(keys) and not words[j - 1].group().endswith((",", ";", ":", ".")):
        if (n := known_name(keys, j)) and words[j].group()[:1].isupper():
            j += n  # a body inside the name: "Bảo hiểm xã hội Bộ Quốc phòng", "Đảng ủy Bộ Y tế"
        elif n := qualifier(keys, j):
            j += n
        elif words[j].group().startswith("("):  # "Trung tâm Kiểm soát bệnh tật (CDC)"
            while j < len(keys) and ")" not in words[j].group():
                j += 1
            j += 1
        elif _place_word(words, keys, j):  # a place: "... tỉnh Bắc Giang", "... Tỉnh ủy"
            if is_head(keys[j], keys[j + 1] if j + 1 < len(keys) else ""):
                return j, False  # "Thường trực Ban ...": a body the list does not know
            j += 1
        else:
            break
    if j >= len(keys) or words[j - 1].group().endswith((",", ";", ":", ".")):
        return j, False
    # "... các xã", "... trực thuộc", "... và Sở ...", "các huyện ủy": the name or list goes on;
    # "... trong thời gian qua ...", "... tại ...": the duty, if any, comes later.
    party_committee = keys[j] == "uy" and keys[j - 1] in ("huyen", "tinh", "thanh", "thi", "quan")
    return j, keys[j] not in NAME_GOES_ON and keys[j] not in _ADVERBIAL and not party_committee


def duty_start(words: Sequence[re.Match[str]], keys: Sequence[str], head: int) -> int | None:
    """Return where the duty after a subject opening at word `head` starts (None: none does).

    The duty starts at a verb of the vocabulary or a colon; the words of a known name are never
    read as verbs ("Bộ Kế hoạch và Đầu tư", "Trung tâm Kiểm soát bệnh tật"). When no verb of
    the vocabulary comes, it starts right after the first known body's name and its place that
    nothing of a name or a list follows ("Sở Văn hóa, Thể thao và Du lịch tạm dừng ...").
    """
    begin = head + 1
    since = begin  # a long list of agencies restarts the count at each of them
    fallback = None
    k = head
    while k < len(keys):
        opens_name = k == head or (
            k > 0 and (words[k - 1].group().endswith((",", ";")) or keys[k - 1] in ("va", "cung"))
        )
        if opens_name:
            end, duty_follows = _name_end(words, keys, k)
            if duty_follows and words[end].group().lower() in STATEMENT:
                return end  # "Bộ Y tế đã ban hành ...": what the body did, not a duty
            if duty_follows and fallback is None:
                fallback = end
            if end > k + 1:
                k, since = end, end
                continue
        if k < begin:
            k += 1
            continue
        if k - since >= _MAX_SUBJECT_WORDS:
            return fallback
        if k and words[k - 1].group().endswith((",", ";")) and _opens_name(words, keys, k):
            since = k
        if k and words[k - 1].group().endswith(":"):
            return k
        if keys[k] in NO_DUTY:
            return k
        if keys[k : k + 2] == ["to", "chuc"] and words[k - 1].group().endswith(","):
            k += 1
            continue  # "Các cơ quan, tổ chức ...": a noun in a list, not "to organise"
        if verb_at(keys, k) and not noun_before(words, keys, k):
            return k
        k += 1
    return fallback


def _opens_name(words: Sequence[re.Match[str]], keys: Sequence[str], k: int) -> bool:
    """Return True when word `k` opens an agency's name ("Sở ...", "các sở ...")."""
    following = keys[k + 1] if k + 1 < len(keys) else ""
    if keys[k] == "cac":
        return following in PLURAL_HEADS
    return words[k].group()[:1].isupper() and is_head(keys[k], following)


# What follows "tổ chức" when it names organisations: "xã hội", "chính trị - xã hội", "đoàn thể",
# "quốc tế", "phi chính phủ", "tôn giáo".
_KINDS = frozenset(["xa", "chinh", "doan", "quoc", "phi", "ton"])


def noun_before(words: Sequence[re.Match[str]], keys: Sequence[str], k: int) -> bool:
    """Return True when the word before `k` makes the verb there a noun ("Ban chỉ đạo")."""
    before = words[k - 1].group()
    if before.endswith(";"):
        return True
    if keys[k : k + 2] == ["to", "chuc"] and keys[k + 2 : k + 3] and keys[k + 2] in _KINDS:
        return True  # "các đoàn thể, tổ chức xã hội": organisations, not "to organise"
    if keys[k - 1] in _ANY_CASE_NOUNS and before[-1:].isalpha():  # not "khởi công...) chủ động"
        return True
    # "Ủy ban Kiểm tra": "ban" of "Ủy ban" is written lower case, the name after it capitalised.
    if keys[k - 2 : k] == ["uy", "ban"] and words[k].group()[:1].isupper():
        return True
    # "Sở Thông tin", "Vụ Tổ chức", "Trung tâm Y tế": capitalised; "cơ sở có trách nhiệm": not
    # a noun; nor "các Sở chịu trách nhiệm", "các Vụ chịu ...": a Sở's, a Vụ's name is capitalised.
    if keys[k - 1] in ("so", "vu") and not words[k].group()[:1].isupper():
        return False
    # "Trung tâm Đổi mới sáng tạo", "Trung tâm Phát triển quỹ đất": the centre's name.
    if keys[k - 2 : k] == ["trung", "tam"] and words[k].group()[:1].isupper():
        return True
    return keys[k - 1] in NOUN_BEFORE_VERB and before[:1].isupper()


# Head words that open an agency or office holder only with the word after them: "Chủ tịch",
# "Chủ nhiệm", "Thủ trưởng", "Thủ tướng" (a "chủ quản dữ liệu" is a role in a rule, not an agency).
PAIRED_HEADS = {
    "chu": ("tich", "nhiem"),
    "thu": ("truong", "tuong", "vien"),  # Thủ trưởng, Thủ tướng, Thư viện tỉnh
    # "Công an", "Công ty", "Công đoàn", "Cổng Thông tin ..."; "... và Công nghệ" ends a name.
    "cong": ("an", "ty", "doan", "thong"),
    # Heads that are agencies or office holders only with their second word.
    "thong": ("tan",),  # Thông tấn xã Việt Nam
    "tap": ("doan", "chi"),  # Tập đoàn Điện lực Việt Nam, Tạp chí Cộng sản
    "tram": ("y",),  # Trạm Y tế các xã
    "hieu": ("truong",),  # Hiệu trưởng các trường
    "ngan": ("hang",),  # Ngân hàng Nhà nước; not "Ngân sách thành phố"
    # Chi cục, Chi nhánh, Chi bộ, Chi hội, Chi đoàn, Chỉ huy trưởng; not "Chỉ số", "Chỉ tiêu".
    "chi": ("cuc", "nhanh", "bo", "hoi", "doan", "huy"),
    "bi": ("thu",),  # Bí thư các chi bộ
    "thuong": ("truc", "vu"),  # Thường trực Tỉnh ủy, Thường vụ ...
    "nguoi": ("dung",),  # Người đứng đầu ...; not "Người nộp phí", "Người dân"
    "giam": ("doc",),  # Giám đốc ...; not "Giảm thiểu", "Giám sát"
    "tinh": ("uy", "doan", "doi"),  # Tỉnh ủy, Tỉnh đoàn, Tỉnh đội; not "Tình hình"
    "hiep": ("hoi",),  # Hiệp hội Doanh nghiệp tỉnh
    "co": ("quan", "so"),  # Cơ quan ..., Cơ sở khám bệnh ...; not "Cơ chế hoạt động"
    # Thành phố, Thanh tra, Thành ủy, Thành đoàn, Thành viên ...; not "Thành phần, cấu tạo".
    "thanh": ("pho", "tra", "uy", "doan", "vien"),
    # Tổng cục, Tổng công ty, Tổng Giám đốc, Tổng Liên đoàn, Tổng Biên tập, Tổng Thư ký, Tổng
    # Kiểm toán; not "Tổng mức chi", "Tổng kết".
    "tong": ("cuc", "cong", "giam", "lien", "bien", "thu", "kiem"),
}
# Head words that open no agency with the word after them: "Trường hợp" (a case), "Bảo quản",
# "Bảo đảm" (verbs), "Báo cáo" (a report), "Quan điểm" (a plan's principles).
_NOT_HEADS = frozenset(
    [("truong", "hop"), ("bao", "quan"), ("bao", "dam"), ("bao", "ve"), ("bao", "cao"),
     ("co", "the"), ("thu", "tuc"), ("cong", "tac"), ("cong", "viec"), ("quan", "diem"),
     ("quan", "tam"), ("quan", "he"), ("van", "ban"), ("to", "chuc")]
)  # fmt: skip


def is_head(key: str, following: str) -> bool:
    if (key, following) in _NOT_HEADS:
        return False
    if key in PAIRED_HEADS:
        return following in PAIRED_HEADS[key]
    if key not in AGENCY_HEADS:
        return False
    return not (key == "cac" and following not in PLURAL_HEADS)


def names_a_body(text: str) -> bool:
    """Return True when `text` opens on a known body's name ("Các Chi cục Hải quan ...")."""
    _, keys = words_and_keys(text)
    return known_name(keys, 1 if keys[:1] == ["cac"] else 0) > 0


def opens_with_agency(text: str) -> bool:
    """Return True when `text` opens on an agency or office holder ("Chánh Văn phòng ...")."""
    _, keys = words_and_keys(text)
    return bool(keys) and is_head(keys[0], keys[1] if len(keys) > 1 else "")


def province_subject(words: Sequence[re.Match[str]], keys: Sequence[str], start: int) -> bool:
    """Return True when a sentence's subject is the province (or city) itself, as a notice of the
    Prime Minister's conclusions writes it: "Tỉnh chủ động ...", "tỉnh Đắk Lắk cần tiếp tục
    ...", "thành phố Đà Nẵng cần tập trung ..."."""
    after = start + 2 if keys[start : start + 2] == ["thanh", "pho"] else start + 1
    if (keys[start] != "tinh" and after == start + 1) or after >= len(keys):
        return False
    if verb_at(keys, after):
        return True  # "Tỉnh chủ động ...", "Thành phố chủ động ..."
    named = after
    while named < len(keys) and words[named].group()[:1].isupper():
        named += 1
    return named > start + 1 and named < len(keys) and bool(verb_at(keys, named))


def up_to_duty(names: str) -> str:
    """Return the bodies `names` opens on, up to the duty that follows them."""
    words, keys = words_and_keys(names)
    stop = duty_start(words, keys, 0)
    return names[: words[stop].start()] if stop is not None else names


_PARTNER = re.compile(r"\b(?:phối hợp|kết hợp)(?: chặt chẽ)?(?: với| cùng)\s+", re.IGNORECASE)


def partner_in(clause: str) -> str | None:
    """Return the bodies a clause names after "phối hợp với" / "kết hợp với", if any: "Sở Y tế
    hướng dẫn ..., phối hợp với Sở Tài chính kiểm tra ..." gives "Sở Tài chính"."""
    for m in _PARTNER.finditer(clause):
        if opens_with_agency(clause[m.end() :]):
            return up_to_duty(clause[m.end() :])
    return None
