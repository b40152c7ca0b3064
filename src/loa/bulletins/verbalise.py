"""Text for the loudspeaker: numbers, dates, times, phone numbers and codes written as read aloud.

`verbalise` turns "Từ ngày 04/11/2021, 12,5% số ca F0 ở TP Bắc Giang" into words a commune
announcer (or a speech engine) reads without guessing. Words are left alone. The conventions are
the northern ones of provincial radio, set out in docs/formats/reading.md:

- "nghìn" (not "ngàn"), "tỷ", "linh" for a zero ten (105 "một trăm linh năm"), "mốt" for 1 and
  "tư" for 4 after "mươi" (21 "hai mươi mốt", 24 "hai mươi tư"), "lăm" for 5 after mười/mươi;
- Vietnamese separators: "1.803.950" is a count, "12,5" a decimal; a dot that does not group
  thousands ("1.5") is read "chấm", as a section number is;
- days 1 to 10 take "mùng", month 4 is "tháng tư";
- phone numbers and hotlines are read digit by digit, group by group, with a comma for the pause;
- a document number "427-CV/BTGTU" is read as its number, then its symbols spelled out in words.
"""

from __future__ import annotations

import re
from datetime import date

from loa.bulletins.abbreviations import (
    ABBREVIATIONS,
    expand_code_part,
    has_vowel,
    spell_letters,
)
from loa.errors import InputError
from loa.text import nfc

__all__ = [
    "date_words",
    "decimal_words",
    "digit_words",
    "number_words",
    "phone_words",
    "time_words",
    "verbalise",
]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# After "mươi" the northern reading changes 1, 4 and 5; after "mười" only 5 changes.
_AFTER_MUOI = {1: "mốt", 4: "tư", 5: "lăm"}

UNITS = {
    "%": "phần trăm",
    "km/h": "ki-lô-mét trên giờ",
    "mmHg": "mi-li-mét thủy ngân",
    "$": "đô la",
    "USD": "đô la Mỹ",
    "°C": "độ xê",
    "°": "độ",
    "km²": "ki-lô-mét vuông",
    "km2": "ki-lô-mét vuông",
    "km": "ki-lô-mét",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "mm": "mi-li-mét",
    "cm": "xăng-ti-mét",
    "ml": "mi-li-lít",
    "mg": "mi-li-gam",
    "kg": "ki-lô-gam",
    "ha": "héc-ta",
    "g": "gam",
    "m": "mét",
    "h": "giờ",
    "đ": "đồng",
    "VNĐ": "đồng",
    "VND": "đồng",
}


def number_words(n: int) -> str:
    """Return the whole number `n` in words: 1005 -> "một nghìn không trăm linh năm"."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return "không"
    billions, rest = divmod(n, 1_000_000_000)
    words = [number_words(billions) + " tỷ"] if billions else []
    full = bool(billions)
    for value, name in (
        (rest // 1_000_000, " triệu"),
        (rest // 1000 % 1000, " nghìn"),
        (rest % 1000, ""),
    ):
        if value:
            words.append(_hundreds(value, full=full) + name)
            full = True
    return " ".join(words)


def _hundreds(n: int, *, full: bool) -> str:
    """Return 1..999 in words; `full` reads the empty hundreds of an inner group ("không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = [DIGITS[hundreds], "trăm"] if full or hundreds else []
    if tens == 0 and units:
        words += ["linh", DIGITS[units]] if words else [DIGITS[units]]
    elif tens == 1:
        words += ["mười"] + (["lăm" if units == 5 else DIGITS[units]] if units else [])
    elif tens > 1:
        words += [DIGITS[tens], "mươi"] + ([_AFTER_MUOI.get(units, DIGITS[units])] if units else [])
    return " ".join(words)


def digit_words(digits: str) -> str:
    """Return each digit of `digits` in words: "115" -> "một một năm"."""
    return " ".join(DIGITS[int(ch)] for ch in digits if ch.isdigit())


def decimal_words(text: str) -> str:
    """Return a number written the Vietnamese way in words: "1.803,25" -> "... phẩy hai mươi lăm".

    Up to three decimals are read as a number after their leading zeros ("0,05" "không phẩy
    không năm"); longer ones digit by digit.
    """
    whole, _, fraction = text.partition(",")
    words = number_words(int(whole.replace(".", "")))
    if not fraction:
        return words
    if len(fraction) > 3:
        return f"{words} phẩy {digit_words(fraction)}"
    significant = fraction.lstrip("0")
    zeros = ["không"] * (len(fraction) - len(significant))
    tail = [number_words(int(significant))] if significant else []
    return " ".join([words, "phẩy", *zeros, *tail])


def day_words(day: int) -> str:
    """Return a day of the month as said after "ngày": 4 -> "mùng bốn", 14 -> "mười bốn"."""
    return f"mùng {number_words(day)}" if day <= 10 else number_words(day)


def month_words(month: int) -> str:
    """Return a month as said after "tháng": 4 -> "tư", 11 -> "mười một"."""
    return "tư" if month == 4 else number_words(month)


def date_words(d: date) -> str:
    """Return a date in words: 2021-11-04 -> "ngày mùng bốn tháng mười một năm hai nghìn ..."."""
    return _date_phrase(d.day, d.month, d.year)


def _date_phrase(day: int | None, month: int, year: int | None, *, after: str = "") -> str:
    """Return day, month and year in words, leaving out the word `after` already said."""
    parts = []
    if day is not None:
        parts.append(f"ngày {day_words(day)}")
    parts.append(f"tháng {month_words(month)}")
    if year is not None:
        parts.append(f"năm {number_words(year)}")
    phrase = " ".join(parts)
    if after and phrase.startswith(after + " "):
        phrase = phrase[len(after) + 1 :]
    return phrase


def time_words(hour: int, minute: int = 0, second: int = 0) -> str:
    """Return a clock time in words: (7, 30) -> "bảy giờ ba mươi phút"; (19,) -> "mười chín giờ"."""
    words = [number_words(hour), "giờ"]
    if minute or second:
        words += [number_words(minute), "phút"]
    if second:
        words += [number_words(second), "giây"]
    return " ".join(words)


def phone_words(number: str) -> str:
    """Return a phone number digit by digit, a comma between groups: "1900 9095" -> "..., ...".

    The groups are those written (spaces, dots or hyphens); a number written in one piece is
    grouped 4-3-3 (mobile), 4-4 (1900/1800 hotline) or read whole when short (115).
    """
    groups = [g for g in re.split(r"[ .\-]+", number.strip()) if g]
    if not groups or not all(g.isdigit() for g in groups):
        raise InputError(
            f"“{number}” không phải là số điện thoại: chỉ viết chữ số, cách nhóm bằng dấu cách.",
            f"“{number}” is not a phone number: write digits only, groups split by spaces.",
        )
    if len(groups) == 1:
        groups = _group_digits(groups[0])
    return ", ".join(digit_words(g) for g in groups)


def _group_digits(digits: str) -> list[str]:
    """Return a run of digits cut the way it is usually written for reading."""
    if len(digits) <= 4:
        return [digits]
    if len(digits) == 8:
        sizes = [4, 4]
    elif len(digits) >= 10:
        sizes = [4, 3, len(digits) - 7]
    else:
        sizes = [len(digits) - 3 * ((len(digits) - 1) // 3)] + [3] * ((len(digits) - 1) // 3)
    out, at = [], 0
    for size in sizes:
        out.append(digits[at : at + size])
        at += size
    return out


# ---- reading running text -------------------------------------------------------------------

_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:\.\d{3})+(?![\d.])(?:,\d+)?|\d+(?:,\d+)?(?![.,]?\d)"
_QTY = rf"(?:{_NUM})(?:\s?(?:{_UNIT})(?![\w/]))?"
_TIME = r"\d{1,2}(?:[hg]\d{2}|:\d{2}(?::\d{2})?)(?!\d)"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{1,2}(?![/\d])"
_SYMBOL = r"[A-ZĐƯ]{2,}[a-z]?"
_SYMBOLS = rf"{_SYMBOL}(?:[-/]{_SYMBOL})*"
_START = r"(?<![\w.,/-])"

_TOKENS = re.compile(
    rf"""
    {_START}(?P<code>\d+(?:/\d{{4}})?(?:[-/]{_SYMBOLS}|\s*[-/]\s*{_SYMBOL}[-/]{_SYMBOLS})(?![\w]))
    | {_START}(?P<date>\d{{1,2}})(?P<sep>[/.\-])(?P<dm>\d{{1,2}})(?P=sep)(?P<dy>\d{{4}})(?!\d)
    | {_START}(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})(?!\d)
    | {_START}(?P<phone>0\d{{2,3}}(?:[ .\-]?\d{{3,4}}){{2}})(?![\d])
    | {_START}(?P<hotline>1[89]00[ .\-]?\d{{2,4}}(?:[ .\-]?\d{{2,4}})?)(?![\d])
    | {_START}(?P<range>(?:{_DATE}|{_TIME}|{_QTY})\s*[-–]\s*(?:{_DATE}|{_TIME}|{_QTY}))(?![\w/])
    | {_START}(?P<monthyear>\d{{1,2}})/(?P<my>\d{{4}})(?!\d)
    | {_START}(?P<daymonth>\d{{1,2}})/(?P<dmm>\d{{1,2}})(?![/\w])
    | {_START}(?P<time>{_TIME})
    | (?P<virus>SARS-CoV-2|(?i:covid)[\s-]?19)(?!\w)
    | (?<!\w)(?P<alnum>[A-ZĐ]{{1,4}}\d+(?:[A-ZĐ]+\d*)*|[Ff]\d+|\d{{1,2}}[A-Z]|[25]k)(?!\w)
    | ^(?P<item>[ \t]*\d{{1,2}})[.)](?=[ \t])
    | (?<![\w.,-])(?P<qty>{_QTY})
    | (?P<dotted>\d+(?:\.\d+)+)
    | (?P<digits>\d+)
    """,
    re.VERBOSE | re.MULTILINE,
)

_PHONE_CUE = re.compile(
    r"(?:gọi|đường dây nóng|hotline|tổng đài|điện thoại|sđt|đt)(?:\s+(?:tới|đến|ngay))?"
    r"(?:\s+số)?\s*:?\s*$",
    re.IGNORECASE,
)
_NO_FROM = {"từ", "khoảng", "chừng", "tầm", "trong", "độ", "ngày", "tháng", "năm"}


def verbalise(text: str) -> str:
    """Return `text` with every number, date, time, phone number and code written as read.

    Words stay as written; the result is NFC plain text with commas where the reader pauses.
    """
    text = nfc(text)
    text = _TOKENS.sub(_read_token, text)
    text = _WORDS.sub(_read_word, text)
    for pattern, spoken in _SYMBOLS_SPOKEN:
        text = pattern.sub(spoken, text)
    lines = (re.sub(r"[ \t]+", " ", line).replace(" ,", ",").strip() for line in text.split("\n"))
    return nfc("\n".join(lines))


def _read_token(m: re.Match[str]) -> str:
    """Return the reading of one match of `_TOKENS`, capitalised at a sentence start."""
    before = m.string[: m.start()]
    spoken = _read_inner(m)
    return _capitalise(spoken) if _starts_sentence(before) else spoken


def _read_inner(m: re.Match[str]) -> str:
    """Return the reading of one match of `_TOKENS` as it is, without capitals."""
    kind = next(name for name in _READERS if m.group(name) is not None)
    return _READERS[kind](m, m.string[: m.start()])


def _previous_word(before: str) -> str:
    found = re.search(r"(\w+)\W*$", before)
    return found.group(1).lower() if found else ""


def _read_code(m: re.Match[str], before: str) -> str:
    number, symbols = re.split(r"\s*[-/]\s*(?=[A-ZĐƯ])", m.group("code"), maxsplit=1)
    first, _, year = number.partition("/")
    parts = [number_words(int(first))]
    if year:
        parts.append(f"năm {number_words(int(year))}")
    readings = [expand_code_part(p) for p in re.split(r"[-/]", symbols)]
    # "Nghị quyết số 128/NQ-CP": the kind was just said, so it is not said twice.
    said = " ".join(before.split()[-6:]).lower()
    if readings[0].lower() in said:
        readings = readings[1:]
    # A pause after the code when the sentence goes on ("..., Chính phủ, ngày 11/10/2021").
    pause = "," if re.match(r"\s+\w", m.string[m.end() :]) else ""
    return ", ".join(parts + readings) + pause


def _read_date(m: re.Match[str], before: str) -> str:
    day, month, year = int(m.group("date")), int(m.group("dm")), int(m.group("dy"))
    return _checked_date(day, month, year, m.group(0), before)


def _read_iso(m: re.Match[str], before: str) -> str:
    year, month, day = (int(p) for p in m.group("iso").split("-"))
    return _checked_date(day, month, year, m.group(0), before)


def _checked_date(day: int, month: int, year: int, raw: str, before: str) -> str:
    try:
        date(year, month, day)
    except ValueError:
        return _over(raw)
    return _date_phrase(day, month, year, after=_previous_word(before))


def _read_month_year(m: re.Match[str], before: str) -> str:
    month, year = int(m.group("monthyear")), int(m.group("my"))
    if not 1 <= month <= 12:
        return _over(m.group(0))
    return _date_phrase(None, month, year, after=_previous_word(before))


def _read_day_month(m: re.Match[str], before: str) -> str:
    day, month = int(m.group("daymonth")), int(m.group("dmm"))
    previous = _previous_word(before)
    # "trực 24/7" is round the clock, not the 24th of July.
    if not (1 <= day <= 31 and 1 <= month <= 12) or (
        (day, month) == (24, 7) and previous != "ngày"
    ):
        return _over(m.group(0))
    return _date_phrase(day, month, None, after=previous)


def _over(raw: str) -> str:
    """Return "a/b" or "a/b/c" read as a ratio: "hai mươi tư trên bảy"."""
    return " trên ".join(number_words(int(p)) for p in re.split(r"[/.\-]", raw) if p.isdigit())


def _read_time(m: re.Match[str], before: str) -> str:
    hour, minute, second = (int(p) for p in [*re.split(r"[hg:]", m.group("time")), "0"][:3])
    if hour > 24 or minute > 59 or second > 59:
        return ", ".join(number_words(int(p)) for p in re.split(r"[hg:]", m.group("time")))
    return time_words(hour, minute, second)


def _read_phone(m: re.Match[str], before: str) -> str:
    return phone_words(m.group(0))


def _read_range(m: re.Match[str], before: str) -> str:
    low, high = re.split(r"\s*[-–]\s*(?=\d)", m.group("range"), maxsplit=1)
    previous = _previous_word(before)
    low_words = _date_phrase_after(_TOKENS.sub(_read_inner, low), previous)
    high_words = _TOKENS.sub(_read_inner, high)
    lead = "" if previous in _NO_FROM else "từ "
    return f"{lead}{low_words} đến {high_words}"


def _date_phrase_after(words: str, previous: str) -> str:
    if previous in ("ngày", "tháng") and words.startswith(previous + " "):
        return words[len(previous) + 1 :]
    return words


def _read_virus(m: re.Match[str], before: str) -> str:
    return "sác cô vi hai" if m.group("virus") == "SARS-CoV-2" else "cô-vít mười chín"


def _read_alnum(m: re.Match[str], before: str) -> str:
    pieces = re.findall(r"\d+|\D+", m.group("alnum"))
    return " ".join(number_words(int(p)) if p.isdigit() else spell_letters(p) for p in pieces)


def _read_item(m: re.Match[str], before: str) -> str:
    raw = m.group("item")
    indent = raw[: len(raw) - len(raw.lstrip())]
    return f"{indent}{_capitalise(number_words(int(raw.strip())))},"


def _read_qty(m: re.Match[str], before: str) -> str:
    number, *rest = re.split(r"\s?(?=[^\d.,])", m.group("qty"), maxsplit=1)
    unit = rest[0] if rest else ""
    if unit:
        return f"{decimal_words(number)} {UNITS[unit]}"
    if number.isdigit():
        return _read_integer(number, before)
    return decimal_words(number)


def _read_integer(number: str, before: str) -> str:
    """Return a bare integer read the way its preceding word asks (day, month, rank, phone)."""
    value, previous = int(number), _previous_word(before)
    if _PHONE_CUE.search(before[-40:]) or (len(number) >= 3 and number.startswith("0")):
        return phone_words(number)
    if previous == "ngày" and 1 <= value <= 31:
        return day_words(value)
    if previous == "tháng" and 1 <= value <= 12:
        return month_words(value)
    if previous == "thứ":
        return {1: "nhất", 4: "tư"}.get(value, number_words(value))
    return number_words(value)


def _read_dotted(m: re.Match[str], before: str) -> str:
    return " chấm ".join(number_words(int(p)) for p in m.group("dotted").split("."))


def _read_digits(m: re.Match[str], before: str) -> str:
    # Digits glued to a word ("x2", "mã1") are read as a separate number.
    space = " " if before[-1:].isalpha() else ""
    return space + _read_integer(m.group(0), before)


_READERS = {
    "code": _read_code,
    "date": _read_date,
    "iso": _read_iso,
    "phone": _read_phone,
    "hotline": _read_phone,
    "range": _read_range,
    "monthyear": _read_month_year,
    "daymonth": _read_day_month,
    "time": _read_time,
    "virus": _read_virus,
    "alnum": _read_alnum,
    "item": _read_item,
    "qty": _read_qty,
    "dotted": _read_dotted,
    "digits": _read_digits,
}

# ---- words and symbols ----------------------------------------------------------------------

_KEYS = "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
_WORDS = re.compile(rf"(?<![\w/&.\-])(?:{_KEYS}|[A-ZĐ]+)(?![\w/&\-])")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# Words after which a capital-letter numeral is a number: "Quý IV", "Đại hội XIII", "thế kỷ XXI".
_ROMAN_CUES = {"quý", "kỷ", "khóa", "khoá", "hội", "kỳ", "chương", "phần", "mục", "tập"}


def _read_word(m: re.Match[str]) -> str:
    word, before = m.group(0), m.string[: m.start()]
    spoken = ABBREVIATIONS.get(word)
    if spoken is None and _ROMAN.fullmatch(word) and _previous_word(before) in _ROMAN_CUES:
        spoken = number_words(_roman_value(word))
    if spoken is None:
        # A capitalised word with no vowel cannot be a syllable, so it is an acronym.
        spoken = word if len(word) < 2 or has_vowel(word) else spell_letters(word)
    return _capitalise(spoken) if _starts_sentence(before) else spoken


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


_SYMBOLS_SPOKEN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\*+"), ""),
    (re.compile(r"\s*&\s*"), " và "),
    (re.compile(r"\s*\+\s*"), " cộng "),
    (re.compile(r"\s*%"), " phần trăm"),
    (re.compile(r"°C\b"), "độ xê"),
    (re.compile(r"°"), " độ"),
    (re.compile(r"\s*≥\s*"), " lớn hơn hoặc bằng "),
    (re.compile(r"\s*≤\s*"), " nhỏ hơn hoặc bằng "),
    (re.compile(r"~\s*"), "khoảng "),
    (re.compile(r"−\s*"), "âm "),
    (re.compile(r"\s*=\s*"), " bằng "),
    (re.compile(r"\s+>\s+"), " lớn hơn "),
    (re.compile(r"\s+<\s+"), " nhỏ hơn "),
    (re.compile(r"\bvà/hoặc\b"), "và hoặc"),
    (re.compile(r"(?<=\w)/(?=\w)"), " trên "),
    (re.compile(r"/"), " "),
]


def _starts_sentence(before: str) -> bool:
    """Return True when text after `before` opens a sentence, a line or a bullet."""
    stripped = before.rstrip(" \t")
    return (
        not stripped
        or stripped[-1] in ".!?\n"
        or re.search(r"(?:^|\n)\s*[-–•]$", stripped) is not None
    )


def _capitalise(words: str) -> str:
    return words[:1].upper() + words[1:]
