"""What a post is about and what kind of post it is: WHO's five topics, local ones, feedback.

Topics are found by keyword rules on the post's match key (lower case, teencode spelled out,
no diacritics), so "tiêm vắc xin" and "tiem vac xin" are the same rule. WHO's infodemic
taxonomy has five: cause, illness, treatment, interventions, information; a province adds its
own: vaccines, testing, quarantine, lockdown, support payments, food and prices. A post takes
the topic with the most rule hits, local topics winning ties (they are more specific).

What kind of post it is (claim, opinion, complaint, question, other) is `kinds.classify`'s
job; topics are counted for every kind, so public concerns are shown by topic too.
"""

from __future__ import annotations

import re
from enum import StrEnum

from loa.listening.normalise import match_key

__all__ = ["Topic", "topic_of", "topic_scores"]


class Topic(StrEnum):
    """A topic of conversation: WHO's five, then the province's own."""

    CAUSE = "cause"
    ILLNESS = "illness"
    TREATMENT = "treatment"
    INTERVENTIONS = "interventions"
    INFORMATION = "information"
    VACCINES = "vaccines"
    TESTING = "testing"
    QUARANTINE = "quarantine"
    LOCKDOWN = "lockdown"
    SUPPORT = "support_payments"
    FOOD_PRICES = "food_prices"
    OTHER = "other"

    @property
    def label_vi(self) -> str:
        """Return the Vietnamese label of the topic."""
        return _LABELS[self]


_LABELS = {
    Topic.CAUSE: "Nguồn gốc, nguyên nhân",
    Topic.ILLNESS: "Bệnh, triệu chứng, lây truyền",
    Topic.TREATMENT: "Điều trị, thuốc",
    Topic.INTERVENTIONS: "Biện pháp phòng, chống dịch",
    Topic.INFORMATION: "Thông tin, số liệu, tin đồn",
    Topic.VACCINES: "Vắc xin, tiêm chủng",
    Topic.TESTING: "Xét nghiệm",
    Topic.QUARANTINE: "Cách ly",
    Topic.LOCKDOWN: "Phong tỏa, giãn cách",
    Topic.SUPPORT: "Hỗ trợ, trợ cấp",
    Topic.FOOD_PRICES: "Lương thực, giá cả",
    Topic.OTHER: "Khác",
}

# Keywords as match keys (folded, teencode spelled out). Whole words only.
_RULES: dict[Topic, tuple[str, ...]] = {
    Topic.CAUSE: (
        "nguon goc", "phong thi nghiem", "vu khi sinh hoc", "5g", "song 5g", "con doi", "tu doi",
        "nguyen nhan", "tu trung quoc", "nhan tao", "ro ri",
    ),
    Topic.ILLNESS: (
        "trieu chung", "lay nhiem", "lay lan", "lay qua", "lay truyen", "bi lay", "tu vong",
        "chet", "bien chung", "bien the", "delta", "mat vi giac", "sot", "ho khan", "kho tho",
        "f0", "nhiem", "tre em",
        "nguoi gia", "benh nen",
    ),
    Topic.TREATMENT: (
        "chua khoi", "chua benh", "dieu tri", "thuoc", "thao duoc", "xong hoi", "xong la",
        "an toi", "toi song", "gung", "nuoc muoi", "chanh", "uong", "bai thuoc", "khang sinh", "ivermectin",
        "molnupiravir", "thuoc nam", "vitamin",
    ),
    Topic.INTERVENTIONS: (
        "khau trang", "5k", "rua tay", "sat khuan", "khu khuan", "phun thuoc", "khoang cach",
        "phun khu khuan", "deo khau trang", "gian cach xa hoi",
    ),
    Topic.INFORMATION: (
        "tin don", "tin gia", "che giau", "giau so lieu", "so ca", "so lieu", "bao chi",
        "thong tin", "cong bo", "an giau", "mang xa hoi",
    ),
    Topic.VACCINES: (
        "vac xin", "tiem", "tiem chung", "mui tiem", "mui 1", "mui 2", "mui 3", "astrazeneca", "pfizer",
        "moderna", "sinopharm", "vero cell", "vo sinh", "phan ung sau tiem", "so tiem",
    ),
    Topic.TESTING: (
        "xet nghiem", "test nhanh", "pcr", "rt pcr", "lay mau", "que test", "ket qua xet nghiem",
        "duong tinh", "am tinh",
    ),
    Topic.QUARANTINE: (
        "cach ly", "khu cach ly", "cach ly tai nha", "cach ly tap trung", "f1", "f2",
        "khai bao y te", "to covid",
    ),
    Topic.LOCKDOWN: (
        "phong toa", "gian cach", "chi thi 16", "chi thi 15", "chot", "chot chan", "cam duong",
        "phong toa toan", "lenh phong toa", "dong cua", "cam ra duong", "giay di duong",
        "ngung hoat dong",
    ),
    Topic.SUPPORT: (
        "ho tro", "tro cap", "goi ho tro", "tien ho tro", "goi 26000", "nghi quyet 68",
        "nghi quyet 42", "cuu tro", "tro giup", "chinh sach ho tro",
    ),
    Topic.FOOD_PRICES: (
        "gia ca", "tang gia", "gia rau", "gia thit", "gia gao", "thoi gia", "gao", "thuc pham",
        "rau", "thit", "di cho", "sieu thi", "luong thuc",
        "vai thieu", "nong san", "het hang", "tich tru", "mi tom",
    ),
}  # fmt: skip
_LOCAL = {Topic.VACCINES, Topic.TESTING, Topic.QUARANTINE, Topic.LOCKDOWN, Topic.SUPPORT}
_LOCAL |= {Topic.FOOD_PRICES}
_PATTERNS = {
    topic: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for topic, words in _RULES.items()
}


def topic_scores(text: str) -> dict[Topic, int]:
    """Return the number of rule hits per topic (topics without hits left out)."""
    key = match_key(text)
    scores = {topic: len(pattern.findall(key)) for topic, pattern in _PATTERNS.items()}
    return {topic: hits for topic, hits in scores.items() if hits}


def topic_of(text: str) -> Topic:
    """Return the post's topic: most rule hits, local topics first on a tie; OTHER if none."""
    scores = topic_scores(text)
    if not scores:
        return Topic.OTHER
    return max(scores, key=lambda t: (scores[t], t in _LOCAL, -list(Topic).index(t)))
