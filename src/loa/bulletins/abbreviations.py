"""Abbreviations and letter names, as a provincial radio announcer reads them.

Two tables. `ABBREVIATIONS` is used anywhere in running text; `CODE_PARTS` only inside a
document number such as "427-CV/BTGTU", where short symbols ("CV", "TB", "CP") are not
ambiguous the way they are in a sentence. An all-capital word that is in neither table and has
no vowel ("HTX") cannot be a Vietnamese syllable, so it is spelled out with `LETTER_NAMES`;
other capitalised words ("BAN TUYÊN GIÁO") are left alone.

Expansions keep the capitals of a proper name ("Bộ Y tế", "Chính phủ") and are otherwise
lower case ("ủy ban nhân dân"); the reader capitalises at the start of a sentence.
How to add one: docs/formats/reading.md.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "ABBREVIATIONS",
    "CODE_PARTS",
    "LETTER_NAMES",
    "expand_code_part",
    "has_vowel",
    "spell_letters",
]

# Northern letter names; the hyphen keeps a two-syllable name together.
LETTER_NAMES: dict[str, str] = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ",
    "M": "em-mờ", "N": "en-nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy",
    "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê-kép",
    "X": "ích-xì", "Y": "i-dài", "Z": "dét",
}  # fmt: skip

# Read in running text. Keys are matched whole and with their case.
ABBREVIATIONS: dict[str, str] = {
    # bodies and offices
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "BCĐ": "ban chỉ đạo",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BYT": "Bộ Y tế",
    "SYT": "Sở Y tế",
    "TTYT": "trung tâm y tế",
    "CDC": "Trung tâm Kiểm soát bệnh tật",
    "WHO": "Tổ chức Y tế Thế giới",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "ĐUTT": "đảng ủy trực thuộc",
    "TW": "Trung ương",
    "TT&TT": "thông tin và truyền thông",
    "GD&ĐT": "giáo dục và đào tạo",
    "LĐ-TB&XH": "lao động, thương binh và xã hội",
    "STTTT": "Sở Thông tin và Truyền thông",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BV": "bệnh viện",
    "BVĐK": "bệnh viện đa khoa",
    # places
    "TP": "thành phố",
    "TP.": "thành phố",
    "TX": "thị xã",
    "TX.": "thị xã",
    "KCN": "khu công nghiệp",
    "CCN": "cụm công nghiệp",
    "HCM": "Hồ Chí Minh",
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "CN": "chủ nhật",
    # health and insurance
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "PCR": "pê xê e-rờ",
    "RT-PCR": "e-rờ tê pê xê e-rờ",
    "SARS-CoV-2": "sác cô vi hai",
    "COVID": "cô-vít",
    "Covid": "cô-vít",
    "covid": "cô-vít",
    "CNTT": "công nghệ thông tin",
    "ĐT": "điện thoại",
    "SĐT": "số điện thoại",
    # letters and signatures in a dispatch
    "V/v": "về việc",
    "v/v": "về việc",
    "đ/c": "đồng chí",
    "Đ/c": "đồng chí",
    "B/c": "báo cáo",
    "b/c": "báo cáo",
    "K/T": "ký thay",
    "KT.": "ký thay",
    "TM.": "thay mặt",
}

# Read only inside a document number: kinds of document, then who issued it.
CODE_PARTS: dict[str, str] = {
    "CV": "công văn",
    "QĐ": "quyết định",
    "NQ": "nghị quyết",
    "NĐ": "nghị định",
    "KH": "kế hoạch",
    "TB": "thông báo",
    "CT": "chỉ thị",
    "CĐ": "công điện",
    "HD": "hướng dẫn",
    "BC": "báo cáo",
    "TTr": "tờ trình",
    "TT": "thông tư",
    "KL": "kết luận",
    "GM": "giấy mời",
    "CTr": "chương trình",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "TU": "Tỉnh ủy",
    "HU": "huyện ủy",
    "ĐU": "đảng ủy",
    "TƯ": "Trung ương",
    "VP": "văn phòng",
    "BTG": "Ban Tuyên giáo",
    "BCĐQG": "Ban Chỉ đạo quốc gia",
    "SGDĐT": "Sở Giáo dục và Đào tạo",
}

_VOWELS = set("AEIOUY")


def spell_letters(word: str) -> str:
    """Return `word` read letter by letter ("HTX" -> "hát tê ích-xì"); digits stay digits."""
    names = [LETTER_NAMES.get(ch.upper(), ch) for ch in word]
    return " ".join(names)


def has_vowel(word: str) -> bool:
    """Return True when `word` holds a vowel letter, so it could be a Vietnamese syllable."""
    bare = unicodedata.normalize("NFD", word.upper())
    return any(ch in _VOWELS for ch in bare)


def expand_code_part(part: str) -> str:
    """Return how one symbol of a document number is read ("BTGTU" -> "Ban Tuyên giáo Tỉnh ủy").

    A symbol that is not in the tables but is made of known symbols ("VPUBND") is read as
    those; anything else is spelled out.
    """
    known = CODE_PARTS.get(part) or ABBREVIATIONS.get(part)
    if known:
        return known
    pieces = _split_known(part)
    return " ".join(pieces) if pieces else spell_letters(part)


def _split_known(part: str) -> list[str] | None:
    """Return the readings of known symbols that make up `part`, longest first, or None."""
    if not part:
        return []
    for end in range(len(part), 1, -1):
        head = part[:end]
        known = CODE_PARTS.get(head) or ABBREVIATIONS.get(head)
        if known:
            rest = _split_known(part[end:])
            if rest is not None:
                return [known, *rest]
    return None
