"""What kind of text is this: a checkable claim, an opinion, a complaint, a question, or other.

Only a *claim* (it asserts something checkable about the world: a cure, a death toll, a
lockdown date, a vaccine's effect) can be called false. An *opinion* judges, criticises,
praises or wishes; a *complaint* reports a problem the writer has with a service; a
*question* asks. These three are public feedback, never misinformation. *Other* is everything
off the subject (greetings, adverts, "share").

A question wrapped around a claim ("Tiêm vắc xin gây vô sinh có đúng không?") is the claim
with `asked=True`: the claim inside is what gets checked.

The rules read the post's match key (teencode spelled out, no diacritics), so "chữa khỏi",
"chua khoi" and "chữa khỏi" typed in teencode meet the same cue. Each cue is a phrase a person
can read in `CUES` below; the result says which cues decided, so an officer who disagrees can
see why. Decided in this order:

1. nothing but off-subject words (adverts, greetings) or no words at all: *other*;
2. a check wrapper ("có đúng không", "thật không", "có phải ... không") or a yes/no question
   whose body holds a claim cue: *claim*, asked;
3. a question (a question mark, a wh-word, "... không?" at the end): *complaint* if it
   reports a problem, *opinion* if it is rhetorical ("kiểu gì", "sao lại"), else *question*;
4. complaint cues outweigh claim cues: *complaint*;
5. claim cues with no opinion cue, or strong claim cues (a count of deaths or cases, a date
   of a measure) whatever the tone: *claim*;
6. opinion cues: *opinion*; a post on the epidemic with no cue at all: *opinion* with low
   confidence (being wrong in that direction costs a correction that should not exist less
   than the other way: a claim missed can still be opened by hand, with a reason).

The held-out half of `tests/data/listening/kinds.jsonl` was written before these rules and
never read while tuning them (`bench/listening_kinds.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from loa.listening.normalise import match_key
from loa.listening.topics import topic_scores

__all__ = ["CUES", "FEEDBACK", "Kind", "KindResult", "classify"]


class Kind(StrEnum):
    """What a post is: a claim about the world, or public feedback, or off the subject."""

    CLAIM = "claim"
    OPINION = "opinion"
    COMPLAINT = "complaint"
    QUESTION = "question"
    OTHER = "other"

    @property
    def is_claim(self) -> bool:
        """Return True for a checkable claim: the only kind that can be called false."""
        return self is Kind.CLAIM

    @property
    def is_feedback(self) -> bool:
        """Return True for opinions, complaints and questions: public concerns, not claims."""
        return self in FEEDBACK

    @property
    def label_vi(self) -> str:
        """Return the Vietnamese label ("Tin cần kiểm chứng", "Ý kiến", ...)."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """Return the English label."""
        return _LABELS[self][1]


#: The kinds counted as public concerns (by topic and area), never as misinformation.
FEEDBACK = (Kind.OPINION, Kind.COMPLAINT, Kind.QUESTION)

_LABELS = {
    Kind.CLAIM: ("Tin cần kiểm chứng", "Checkable claim"),
    Kind.OPINION: ("Ý kiến, nhận xét", "Opinion"),
    Kind.COMPLAINT: ("Phản ánh, khiếu nại", "Complaint"),
    Kind.QUESTION: ("Câu hỏi", "Question"),
    Kind.OTHER: ("Khác", "Other"),
}

# Extra shorthand seen in posts, on folded words (normalise's TEENCODE has the common ones).
_SHORTHAND = {
    "xog": "xong", "v": "vay", "s": "sao", "bh": "bay gio", "dki": "dang ky", "hqua": "hom qua",
    "nc": "nuoc", "lm": "lam", "cq": "chinh quyen", "kq": "ket qua", "dg": "duong",
    "e": "em", "t": "toi", "ae": "anh em", "mk": "minh", "ntn": "nhu the nao", "ms": "moi",
    "hum": "hom", "ctrinh": "chuong trinh", "vk": "vo", "ck": "chong", "nvay": "nhu vay",
}  # fmt: skip

#: The cues, as folded phrases (regular expressions over whole words), per role.
CUES: dict[str, tuple[str, ...]] = {
    # Asks whether a statement is true: the statement is the claim.
    "check": (
        r"co dung (la|khong|vay|ko)", r"dung khong", r"dung chu", r"dung vay khong",
        r"phai khong", r"co phai (la )?", r"that khong", r"co that", r"la that",
        r"that (a|ha|sao|vay)", r"co chinh xac", r"tin nay", r"dung ko",
    ),
    # Asserts a checkable effect, count, cause or measure.
    "claim": (
        r"gay (ra )?\w+", r"chua (khoi|benh|tri|covid|viem)", r"chua duoc (covid|benh)", r"khoi benh",
        r"la khoi", r"ngan ngua", r"ngua", r"song duoc", r"nhiem tu", r"tu truong",
        r"sap (phong toa|cach ly|dong cua)", r"cach ly toan", r"tu tuan sau", r"cong nhan", r"diet (duoc|sach|het|virus|vi rut)",
        r"tieu diet", r"giet", r"ngua (duoc|hoan toan)", r"phong (duoc|ngua duoc)",
        r"mien (dich|nhiem)", r"bien doi gen", r"thay doi adn", r"adn", r"vo sinh", r"chip",
        r"5g", r"dong mau", r"viem co tim", r"liet", r"dot quy", r"tu ky", r"ung thu",
        r"suy (tim|giam)", r"day thi", r"ngo doc", r"dao thai", r"teo", r"sat khuan",
        r"khu trung", r"rua troi", r"lay (lan|qua|benh|nhiem)", r"chet", r"tu vong",
        r"duong tinh", r"am tinh", r"nhiem( lai| benh)?", r"bien chung", r"omicron",
        r"het (giuong|oxy|may tho|cho)", r"qua tai", r"phong toa", r"cach ly xa hoi",
        r"dong cua", r"bi phat", r"phat \d+", r"cap phep", r"cong nhan chua", r"giau",
        r"gap (\d+|hai|ba|bon|nam|muoi) lan", r"nghe (noi|bao|dau)", r"tang gap", r"chi la", r"nuoc muoi sinh ly", r"khong ngan duoc", r"vo ich",
        r"cum thuong", r"khong nguy hiem", r"het han", r"lam (giam|tang|lay|teo)",
        r"khong (the|bi) (nhiem|lay)", r"cat (dien|nuoc|tro cap)", r"khong duoc (cap|dieu tri)",
        r"dung tiep nhan", r"se nghi", r"giup (tang|phong|chua|diet|khoi|dao thai)",
        r"co chua", r"bi (liet|chet|nhiem|dot quy|soc)", r"tiem xong", r"sau (khi )?tiem",
        r"lam (thay doi|vo sinh|chet)", r"hoc online", r"rai thuoc", r"phun thuoc",
    ),
    # Hard facts: a number of cases or deaths, a date a measure starts.
    "strong": (
        r"\d[\d.]* (nguoi|ca|cong nhan|benh nhan) \w*\s?(chet|tu vong|duong tinh|nhiem|moi|f0)",
        r"\d[\d.]* ca", r"(co|da co) \d+ (nguoi|ca)", r"tu (mai|0 gio|ngay \d+|thu \w+|\d+/\d+|tuan sau|dem nay)",
        r"\d+ nhan vien",
        r"(tu vong|chet) \w+ \d+", r"len toi \d+",
    ),
    # Reports a problem the writer has with a service.
    "complaint": (
        r"chua nhan (duoc|luong)", r"van chua", r"khong ai (nghe|bat|den|hoi|lien lac|mang|"
        r"giai quyet|tra loi|di cho|goi|tiep te)", r"dung chung", r"chi co (mot|1)", r"cua toi",
        r"van bao", r"khong thay (goi|lich|tien)", r"chua (co|tra|thay) "
        r"(ket qua|tien|hoi am|lich|ai)", r"bao ban", r"may ban", r"xep hang", r"cho ca (buoi|ngay|tieng|sang|chieu|thang|tuan)",
        r"hen (hoai|lai)", r"quay lai", r"\bloi\b", r"ung tac", r"thieu (nuoc|chan|do)",
        r"no luong", r"cat luong", r"khong luong", r"bi (giu|ket|nham|hen)", r"sai ten",
        r"khong duoc (uu tien|nhan|ho tro|xuat|tiep te)", r"chua duoc (tiep te|tiem|giai quyet|"
        r"tra loi|hoi)", r"mang yeu", r"khong lien lac duoc", r"khong vao duoc",
        r"khong dang nhap", r"com thiu", r"nguoi ngat", r"hong het", r"khong co (xe|nuoc|ai)",
        r"phai (tra tien|cho|di lai)", r"kho qua", r"chua ai", r"\d+ (ngay|thang|tuan) (roi|r)",
        r"da \d+ (ngay|thang|tuan)", r"(da|den) (ba|hai|bon|mot) (thang|tuan|ngay)",
        r"tu thang \d+", r"chua xong", r"chua toi luot", r"khong hoc duoc", r"bao loi",
        r"an khong noi", r"dang ky .* (khong|chua) thay", r"cho mai", r"ca buoi", r"ca tieng",
        r"chua co tien", r"den gio", r"den bay gio",
    ),
    # Judges, criticises, praises, wishes.
    "opinion": (
        r"qua (cham|te|kem|dang|khat khe|muc|phien|it|cung nhac)", r"cham (chap|qua)",
        r"lam an", r"kieu (nay|gi)", r"that vong", r"xau ho", r"tu hao", r"cam on", r"biet on",
        r"chuc", r"mong", r"cau mong", r"thuong (qua|lam|cac)", r"xot xa", r"co len", r"dang khen", r"le ra",
        r"dang le", r"\bnen\b", r"chiu trach nhiem", r"tu chuc", r"toi thay", r"theo toi",
        r"dong y", r"phan doi", r"ung ho", r"hinh thuc", r"tac trach", r"vo trach nhiem",
        r"vo ly", r"vo nhan dao", r"hop ly", r"dung dan", r"thieu (chuyen nghiep|khoa hoc)",
        r"khong on", r"\btot\b", r"gioi (qua|lam|nhat)", r"qua kem", r"kem (qua|lam)", r"(?<!y )te (qua|lam|ghe)",
        r"qua te", r"chan (qua|ghe|that)", r"gi ma", r"lay gi", r"chang .* gi", r"bo tay", r"\bvl\b",
        r"vai", r"nhu hach", r"niem tin", r"ai ma tin", r"khong tin", r"xoanh xoach",
        r"danh do", r"khau hieu", r"cho co", r"chiu roi", r"tan tinh", r"nhiet tinh",
        r"vat va", r"hy sinh", r"binh an", r"phien ha", r"ton kem", r"khat khe", r"khong hop ly",
        r"chang thay gi", r"chang lam", r"khong ro rang", r"thuc chat", r"that su", r"qua muc",
        r"qua dang", r"chet doi", r"song sao", r"song noi", r"yeu qua", r"lam viec vi dan",
        r"thoa dang", r"qua it", r"chuyen nghiep", r"hoai",
    ),
    # Rhetorical questions: criticism, not a request for information.
    "rhetorical": (r"kieu (gi|nay)", r"sao lai", r"lam an", r"the nay"),
    # Asks for information.
    "wh": (
        r"cho (em |minh |toi )?hoi", r"xin hoi", r"ai biet", r"bao gio", r"khi nao", r"o dau",
        r"the nao", r"lam sao", r"bao nhieu", r"bao lau", r"tai sao", r"vi sao", r"may (ngay|mui)",
        r"nhung (gi|thuoc gi|dau hieu gi)", r"tiem mui may", r"cho ai", r"xin (so|link)",
    ),
    # Words that ask only in a question: "ai cần gì mua ngay" asserts.
    "wh_weak": (r"(lam|can|mang|chuan bi|loai) gi", r"gi vay", r"moi duoc"),
    # Off the subject: adverts, greetings, requests to share.
    "other": (
        r"lien he", r"inbox", r"\bib\b", r"tuyen", r"ban (nha|dat|khau trang)", r"ship", r"share",
        r"like", r"\btag\b", r"link", r"xem them", r"ghe tham", r"chuc mung", r"chao", r"sinh nhat",
        r"nam moi", r"troi (dep|mua)", r"bong", r"doi tuyen", r"chia se", r"gia si", r"gia re",
        r"luong cao", r"ngay moi", r"vui ve", r"haha", r"hihi", r"vui qua", r"^up$", r"^len$", r"^ok$", r"^vang$",
    ),
}  # fmt: skip
_PATTERNS = {
    role: [re.compile(r"(?<!\w)(?:" + cue + r")(?!\w)") for cue in cues]
    for role, cues in CUES.items()
}
# Words that put a post on the epidemic response even with no topic keyword.
_DOMAIN = re.compile(
    r"\b(?:dich|chong dich|bac si|y te|tuyen dau|chinh quyen|lanh dao|can bo|ban chi dao|"
    r"bo doi|cong an|chien si|tinh|huyen|xa|phuong|thon|xom|covid|virus|benh|dan)\b"
)
# "... không?" or "... chưa?" at the end (particles after it allowed) asks yes or no.
_YES_NO = re.compile(r"\b(?:khong|chua)(?: (?:a|vay|nhi|ha|the|nhe|moi nguoi|mn|ca nha|ban oi))*$")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class KindResult:
    """The kind of a text, how sure the rules are (0..1), and the cues that decided it."""

    kind: Kind
    confidence: float
    asked: bool = False
    cues: tuple[str, ...] = ()

    def reason(self, lang: str = "vi") -> str:
        """Return why the text got its kind, in Vietnamese or English."""
        vi, en = _reason(self)
        return en if lang == "en" else vi

    def as_dict(self, lang: str = "vi") -> dict[str, object]:
        """Return the result as `listen classify --format json` prints it."""
        out: dict[str, object] = {
            "kind": self.kind.value,
            "confidence": round(self.confidence, 2),
            "reason": self.reason(lang),
        }
        if self.asked:
            out["asked"] = True
        return out


def _reason(result: KindResult) -> tuple[str, str]:
    said = ", ".join(f"«{c}»" for c in result.cues[:3])
    cue_vi = f" (dấu hiệu: {said})" if said else ""
    cue_en = f" (cues: {said})" if said else ""
    if result.kind is Kind.CLAIM and result.asked:
        return (
            "Câu hỏi về một thông tin có thể kiểm chứng; thông tin bên trong là cái cần kiểm chứng"
            + cue_vi,
            "A question about a checkable statement; the statement inside is what gets checked"
            + cue_en,
        )
    texts = {
        Kind.CLAIM: (
            "Khẳng định một điều có thể kiểm chứng (tác dụng, số liệu, biện pháp, nguyên nhân)",
            "Asserts something checkable (an effect, a figure, a measure, a cause)",
        ),
        Kind.OPINION: (
            "Nhận xét, phê bình, khen ngợi hoặc mong muốn: ý kiến, không phải tin sai",
            "Judges, criticises, praises or wishes: an opinion, not misinformation",
        ),
        Kind.COMPLAINT: (
            "Phản ánh một khó khăn với dịch vụ, cần được giải quyết",
            "Reports a problem with a service, for someone to answer",
        ),
        Kind.QUESTION: ("Hỏi thông tin, cần được trả lời", "Asks for information"),
        Kind.OTHER: ("Không nói về dịch bệnh hay công tác phòng chống", "Off the subject"),
    }
    vi, en = texts[result.kind]
    return vi + cue_vi, en + cue_en


def _key(text: str) -> str:
    words = match_key(text).split()
    return " ".join(_SHORTHAND.get(w, w) for w in words)


def _hits(role: str, key: str) -> list[str]:
    return [m.group(0) for p in _PATTERNS[role] for m in [p.search(key)] if m]


def _sure(margin: float, base: float = 0.6) -> float:
    return round(min(0.97, base + 0.1 * margin), 2)


def classify(text: str) -> KindResult:
    """Return the kind of `text` (as typed: diacritics or not, teencode) with its cues."""
    key = _key(text)
    if not _WORDS.search(key):
        return KindResult(Kind.OTHER, 0.9)
    claim, strong = _hits("claim", key), _hits("strong", key)
    complaint, opinion = _hits("complaint", key), _hits("opinion", key)
    check, wh, weak = _hits("check", key), _hits("wh", key), _hits("wh_weak", key)
    off = _hits("other", key)
    domain = bool(topic_scores(text)) or bool(_DOMAIN.search(key))
    facts = claim + strong
    yes_no = bool(_YES_NO.search(key))
    # A wh-word in a statement that judges ("xem dân sống thế nào") does not ask, nor does a
    # weak one in a statement that asserts ("sắp phong tỏa, ai cần gì mua ngay"), unless a
    # question mark says so.
    asks = (
        "?" in text or bool(check) or yes_no or (bool(wh) and not opinion)
        or (bool(weak) and not opinion and not facts)
    )  # fmt: skip
    wh = wh + weak

    if off and not facts and not complaint and not (domain and (opinion or asks)):
        return KindResult(Kind.OTHER, _sure(len(off), 0.6), cues=tuple(off))
    if not domain and not facts and not complaint and not opinion and not asks:
        return KindResult(Kind.OTHER, 0.5)
    if check and (facts or domain):
        return KindResult(Kind.CLAIM, _sure(len(facts) + 1), asked=True, cues=(*check, *facts))
    if asks:
        if complaint and len(complaint) >= len(facts):
            return KindResult(Kind.COMPLAINT, _sure(len(complaint)), cues=tuple(complaint))
        rhetorical = _hits("rhetorical", key)
        if rhetorical and not facts:
            return KindResult(Kind.OPINION, _sure(len(rhetorical)), cues=tuple(rhetorical))
        if facts and not wh:
            return KindResult(Kind.CLAIM, _sure(len(facts)), asked=True, cues=tuple(facts))
        return KindResult(Kind.QUESTION, _sure(len(wh) + 1), cues=tuple(wh))
    if complaint and len(complaint) >= len(facts):
        return KindResult(Kind.COMPLAINT, _sure(len(complaint) - len(facts)), cues=tuple(complaint))
    if strong or (facts and len(facts) > len(opinion)):
        return KindResult(Kind.CLAIM, _sure(len(facts) - len(opinion)), cues=tuple(facts))
    if opinion:
        return KindResult(Kind.OPINION, _sure(len(opinion) - len(facts)), cues=tuple(opinion))
    return KindResult(Kind.OPINION, 0.4)
