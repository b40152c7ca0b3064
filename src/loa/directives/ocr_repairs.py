"""Repairs of what OCR does to a dispatch's number line and dates, each one reported.

A scan read by OCR often spaces or misreads the digits that matter most: "Số: 1 0 9 4 3 /BYT-MT",
"ngày 2 4 tháng 12", "ngày l8thang 8 năm 2O21" (l for 1, O for 0, S for 5, a lost space, a lost
tone mark). Only the "Số" line and "ngày ... tháng ... năm" dates are touched, so a word such as
"Sở" or "lồng" in the body is never changed. Every repair adds a warning saying what was read.

OCR also swaps tone marks in the capitals of the header and the signature ("BAN TUYỂN GIÁO",
"PHÓ TRUỞNG BAN"). A line in capitals holding one of the set phrases of official headers and
titles (`_HEADER_PHRASES`) with other marks on the same letters gets the phrase as it is written.
"""

from __future__ import annotations

import itertools
import re

from loa.text import fold, standard_tone_marks

__all__ = [
    "NUMBER_LABEL",
    "Spellings",
    "body_spellings",
    "repair_distribution",
    "repair_from_body",
    "repair_header_words",
    "repair_issuer_code",
    "repair_numbers",
    "restore_symbol_hyphen",
    "split_issuer_code",
    "split_type_code",
]

_DIGIT_LIKE = {"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "B": "8", "Z": "2"}
_D = r"[0-9lIOoSBZ]"
# "Số: 1 0 9 4 3 /BYT-MT", "Số: 5Ol9/SYT", "So 427 - CV/BTGTU"
# "Số" as OCR reads it: "Sô", "Sö", "So", "S6", "§ố", "Sẽ" (the hat and the tone both misread)
NUMBER_LABEL = "(?:[S§$][ốôoóòöõồổỗộơớờọỏ6ẽẻẹèéêếềểễệ]|^SỐ(?=\\s*:))"  # "SỐ:" opening a line
_COLON = r"\s*[:;ẽẻ]?\s*"  # "Sốẽ6556QĐ.BYT": the colon read as a letter
_NUMBER_LINE = re.compile(
    rf"(?P<label>(?<!\w){NUMBER_LABEL}{_COLON})(?P<digits>\d(?:\s?{_D}){{0,5}}|{_D}(?:\s?{_D}){{0,5}})"
    rf"(?P<tail>\s*(?:/|-\s*[A-ZĐ]))"
)
# "ngày 2 4 tháng 12 năm 2021", "ngày l8thang 8 nam 2O21"
_DATE = re.compile(
    rf"(?P<ngay>ng[aàáảãạ]y)\s*(?P<d>{_D}(?:\s?{_D})?)\s*(?P<thang>th[aáàảãạắằẳẵặấầẩẫậ]ng)\s*"
    rf"(?P<m>{_D}(?:\s?{_D})?)\s*(?P<nam>n[aăắằẳẵặâấầẩẫậ]m)\s*(?P<y>{_D}(?:\s?{_D}){{3}})(?!\d)",
    re.IGNORECASE,
)


def _digits(raw: str) -> str:
    return "".join(_DIGIT_LIKE.get(c, c) for c in raw if not c.isspace())


# "Số: 09/CT.UBND", "Số: 636/TB—VPCP": a dot or a dash read for the symbol's hyphen.
_SYMBOL_DASH = re.compile(r"(Số\s*:?\s*\d+\s*/?\s*[A-ZĐ][A-ZĐa-z&]*)\s*[.–—_~]\s*(?=[A-ZĐ])")
# "Số:3176QĐ-BYT": the slash between the number and the symbol lost ("Số 07KL/VPTW" is a party
# number that lost its hyphen instead).
_NO_SLASH = re.compile(
    rf"(?P<label>(?<!\w){NUMBER_LABEL}{_COLON})(?P<digits>\d+)(?=[A-ZĐ]{{2}})(?![\wĐ&]*\s*/)"
)


def _label(raw: str) -> str:
    """Return "Số" and its colon as OCR read them ("Sô:", "So", "Sốẽ") written right."""
    return "Số" + re.sub(r"[;ẽẻ]", ":", raw[2:])


def _fix_number(m: re.Match[str]) -> str:
    return f"{_label(m.group('label'))}{_digits(m.group('digits'))}{m.group('tail')}"


def _fix_date(m: re.Match[str]) -> str:
    clean = all(m.group(g).isdigit() for g in ("d", "m", "y"))
    words = (m.group("ngay") + m.group("thang") + m.group("nam")).lower()
    if clean and words == "ngàythángnăm":
        return m.group(0)
    day, month, year = _digits(m.group("d")), _digits(m.group("m")), _digits(m.group("y"))
    return f"ngày {day} tháng {month} năm {year}"


def repair_numbers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return the lines with number-line and date digits repaired, and a warning per repair."""
    out: list[str] = []
    warnings: list[str] = []
    for line in lines:
        fixed = _NUMBER_LINE.sub(_fix_number, line, count=1)
        fixed = _NO_SLASH.sub(lambda m: f"{_label(m.group('label'))}{m.group('digits')}/", fixed, 1)
        fixed = _SYMBOL_DASH.sub(r"\1-", fixed, count=1)
        fixed = _DATE.sub(_fix_date, fixed)
        if fixed != line and _normal(fixed) != _normal(line):
            before, after = line.strip(), fixed.strip()
            warnings.append(
                f"Đã sửa chữ số đọc nhầm (OCR): {before!r} → {after!r}; hãy soát lại. / "
                f"Repaired misread digits (OCR): {before!r} → {after!r}; please check."
            )
        out.append(fixed)
    return out, warnings


def _normal(line: str) -> str:
    """Return the line as the parser compares it: a clean date is not counted as repaired."""
    return re.sub(r"\s+", " ", line).strip()


# Set phrases of headers and signature titles, as written; matched on letters without marks.
_HEADER_PHRASES = (
    "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM",
    "BAN TUYÊN GIÁO", "TUYÊN GIÁO VÀ DÂN VẬN", "BAN CHẤP HÀNH TRUNG ƯƠNG", "VĂN PHÒNG CHÍNH PHỦ",
    "THỦ TƯỚNG CHÍNH PHỦ", "BỘ NỘI VỤ", "BỘ TÀI CHÍNH", "BỘ Y TẾ", "TỔNG CỤC THUẾ", "TỔNG CỤC", "CỤC THUẾ", "SỞ Y TẾ",
    "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "THÀNH PHỐ", "VĂN PHÒNG", "PHÓ CHỦ TỊCH", "CHỦ TỊCH",
    "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG", "PHÓ CHỦ NHIỆM", "CHỦ NHIỆM", "PHÓ TRƯỞNG THUẾ TỈNH", "TRƯỞNG THUẾ TỈNH",
    "BỘ TRƯỞNG", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ", "THỦ TƯỚNG",
    "GIAI ĐOẠN", "PHÒNG, CHỐNG", "TRÊN ĐỊA BÀN", "VỀ VIỆC", "THẨM QUYỀN",
    # Set phrases of titles in capitals, each with one reading whatever its marks.
    "BAN HÀNH", "THỰC HIỆN", "TĂNG CƯỜNG", "LĨNH VỰC", "TRIỂN KHAI", "QUẢN LÝ", "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH", "KẾ HOẠCH", "QUYẾT ĐỊNH", "CHỈ THỊ", "THÔNG BÁO", "KẾT LUẬN", "TỔ CHỨC",
    "KẾT NỐI", "CHIA SẺ", "DỮ LIỆU", "TÀI NGUYÊN", "CHÍNH SÁCH", "THỦ TỤC HÀNH CHÍNH",
    "PHƯƠNG ÁN", "SỬA ĐỔI", "BỔ SUNG", "CÔNG TÁC", "PHÁT TRIỂN", "KINH TẾ", "XÃ HỘI", "NHÀ NƯỚC",
    "BẢO HIỂM", "Y TẾ", "KHÁM BỆNH, CHỮA BỆNH", "TRUYỀN THÔNG", "TUYÊN TRUYỀN", "CHI PHÍ",
)  # fmt: skip
# Set phrases of subjects and bodies in lower case ("phòng, chồng dịch" is OCR's "phòng, chống").
_TEXT_PHRASES = (
    "phòng, chống", "giai đoạn", "thẩm quyền", "thành phố", "trực thuộc", "y tế", "chi phí",
    # Heads of agency names, so that a body OCR misspelt ("Chỉ cục Hải quan") is still named.
    "chi cục", "giám đốc", "ủy ban nhân dân", "đảng ủy", "thông tin điện tử",
)  # fmt: skip


def _letters(word: str) -> str:
    return fold(word).strip(".,;:")


_PHRASE_KEYS = sorted(
    ((tuple(_letters(w) for w in p.split()), p.split()) for p in _HEADER_PHRASES),
    key=lambda item: -len(item[0]),
)
_TEXT_KEYS = [(tuple(_letters(w) for w in p.split()), p.split()) for p in _TEXT_PHRASES]


def _glued(
    keys: list[str], i: int, phrases: list[tuple[tuple[str, ...], list[str]]]
) -> tuple[int, list[str]] | None:
    """Return (words taken, phrase) when words from `i` are a phrase with spaces lost."""
    for key, canonical in phrases:
        joined = "".join(key)
        run = ""
        for span in range(1, len(key)):
            if i + span > len(keys):
                break
            run += keys[i + span - 1]
            if run == joined:
                return span, canonical
            if not joined.startswith(run):
                break
    return None


# A section heading in capitals whose Roman numeral OCR read with a one or an "l" for an I:
# "1V. TỔ CHỨC THỰC HIỆN", "V1. KINH PHÍ". Only numerals with a V or an X are mended ("11."
# may be item eleven).
_ROMAN_HEADING = re.compile(r"^([1lI|]{0,3}[VX][1lI|]{0,3})(\s*[.\-–]\s+)(?=[A-ZĐÀ-Ỹ]{2,})")
_ROMANS = frozenset(["IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"])


def repair_roman_headings(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return the lines with misread Roman numerals of section headings mended, and a warning
    per line."""
    out: list[str] = []
    warnings: list[str] = []
    for line in lines:
        m = _ROMAN_HEADING.match(line.strip())
        numeral = re.sub(r"[1l|]", "I", m.group(1)) if m else ""
        heading = m is not None and not any(c.islower() for c in line.strip()[m.end() :])
        if not m or not heading or numeral == m.group(1) or numeral not in _ROMANS:
            out.append(line)
            continue
        fixed = numeral + line.strip()[len(m.group(1)) :]
        warnings.append(
            f"Đã sửa số La Mã đọc nhầm (OCR): {line.strip()!r} → {fixed!r}; hãy soát lại. / "
            f"Repaired a misread Roman numeral (OCR): {line.strip()!r} → {fixed!r}; please check."
        )
        out.append(fixed)
    return out, warnings


def repair_header_words(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return the lines with set header phrases in capitals spelt right, and a warning per line."""
    out: list[str] = []
    warnings: list[str] = []
    for line in lines:
        letters = [c for c in line if c.isalpha()]
        caps = len(letters) >= 2 and all(c.isupper() for c in letters)
        phrases = _PHRASE_KEYS if caps else _TEXT_KEYS
        words = line.split()
        keys = [_letters(w) for w in words]
        i = 0
        while caps and i < len(words):
            glued = _glued(keys, i, phrases)
            if glued is None:
                i += 1
                continue
            span, canonical = glued  # "VĂNPHÒNG": OCR lost the spaces between a phrase's words
            tail = words[i + span - 1][len(words[i + span - 1].rstrip(".,;:")) :]
            words[i : i + span] = [*canonical[:-1], canonical[-1].rstrip(".,;:") + tail]
            keys[i : i + span] = [_letters(w) for w in canonical]
            i += len(canonical)
        i = 0
        while i < len(words):
            for key, canonical in phrases:
                if tuple(keys[i : i + len(key)]) == key:
                    for n, right in enumerate(canonical):
                        right = right.rstrip(".,;:")
                        word = words[i + n].rstrip(".,;:")
                        if not caps and word[:1].isupper():
                            right = right[:1].upper() + right[1:]
                        # "UỶ" and "ỦY" are one spelling with the mark placed two ways: kept.
                        if standard_tone_marks(word).upper() != standard_tone_marks(right).upper():
                            words[i + n] = right + words[i + n][len(word) :]
                    i += len(key) - 1
                    break
            i += 1
        fixed = " ".join(words)
        if fixed != " ".join(line.split()):
            letters_vi = "dấu chữ in hoa" if caps else "chữ"
            warnings.append(
                f"Đã sửa {letters_vi} đọc nhầm (OCR): {line.strip()!r} → {fixed!r}; hãy soát "
                f"lại. / Repaired misread tone marks (OCR): {line.strip()!r} → {fixed!r}; please "
                "check."
            )
            out.append(fixed)
        else:
            out.append(line)
    return out, warnings


def restore_symbol_hyphen(symbol: str | None, distribution: list[str]) -> tuple[str | None, str]:
    """Return the number symbol with a hyphen OCR lost put back, and a warning if one was.

    The last part of a symbol is the drafting unit, which the "Lưu: VT, KHTC" entry of the
    distribution names too: "11208/BNVKHTC" with "Lưu: VT, Vụ KHTC" is "11208/BNV-KHTC".
    """
    if not symbol or "/" not in symbol:
        return symbol, ""
    head, tail = symbol.rsplit("/", 1)
    if "-" in tail:
        return symbol, ""
    archive = next((e for e in distribution if fold(e).startswith("luu")), "")
    codes = [c for c in re.findall(r"[A-ZĐ][A-ZĐ0-9]+", archive) if c != "VT"]
    for code in codes:
        if tail.endswith(code) and len(tail) - len(code) >= 2:
            fixed = f"{head}/{tail[: -len(code)]}-{code}"
            return fixed, (
                f"Số, ký hiệu đọc là {symbol}, thiếu gạch nối trước đơn vị soạn thảo {code} "
                f"(theo dòng 'Lưu'), sửa thành {fixed}; hãy soát lại. / Number symbol read as "
                f"{symbol} without the hyphen before the drafting unit {code} (named in the "
                f"'Lưu' line), read as {fixed}; please check."
            )
    return symbol, ""


# Letters OCR reads for one another in a symbol's capitals.
_LOOK_ALIKE = {frozenset(p) for p in ("UV", "O0", "I1", "B8", "S5", "DĐ")}


def _look_alike(code: str, initials: str) -> str | None:
    """Return the initials when `code` is them with look-alike letters swapped ("UPCP")."""
    if len(code) != len(initials) or len(code) < 3:
        return None
    pairs = [(a, b) for a, b in zip(code, initials, strict=True) if a != b]
    return initials if pairs and all(frozenset(p) in _LOOK_ALIKE for p in pairs) else None


def _one_letter_more(code: str, initials: str) -> str | None:
    """Return the start of the initials that `code` is with one letter too many ("BHXNH" of
    BẢO HIỂM XÃ HỘI VIỆT NAM is "BHXH")."""
    if len(code) < 5:
        return None
    for i in range(len(code)):
        shorter = code[:i] + code[i + 1 :]
        if initials.startswith(shorter):
            return shorter
    return None


def repair_issuer_code(symbol: str | None, issuer: str | None) -> tuple[str | None, str]:
    """Return the symbol with its issuer code read as the issuer's initials where OCR swapped
    look-alike letters ("3722/UPCP-CN" of VĂN PHÒNG CHÍNH PHỦ is "3722/VPCP-CN"), and a warning.
    """
    if not symbol or not issuer or "/" not in symbol:
        return symbol, ""
    head, tail = symbol.split("/", 1)
    parts = tail.split("-")
    initials = "".join(fold(w)[:1].upper() for w in issuer.split() if w[:1].isalpha())
    for n, code in enumerate(parts):
        if initials.startswith(code):
            continue
        right = _look_alike(code, initials) or _one_letter_more(code, initials)
        if right:
            fixed = f"{head}/{'-'.join([*parts[:n], right, *parts[n + 1 :]])}"
            return fixed, (
                f"Ký hiệu {code} đọc thành {right} (chữ đầu tên cơ quan ban hành), số, ký hiệu "
                f"là {fixed}; hãy soát lại. / Code {code} read as {right} (the issuing body's "
                f"initials), number symbol {fixed}; please check."
            )
    return symbol, ""


# Types a body gives its own documents, which open the symbol of a state text ("636/TB-VPCP").
_OWN_TYPES = ("QĐ", "TB", "KH", "CT", "HD", "BC", "TTr", "KL", "NQ", "CĐ", "GM", "CTr", "QC")
# Circulars and decrees carry their year ("35/2025/TT-BXD", "44/2025/NĐ-CP"); "TT" alone could
# open a centre's code ("TTYT"), so it is only split off after a year.
_YEAR_TYPES = ("TT", "NĐ")


def split_type_code(symbol: str | None) -> tuple[str | None, str]:
    """Return a state symbol whose hyphen after the type OCR lost put back, and a warning.

    "636/TBVPCP" is "636/TB-VPCP", "2500/QĐTTg" is "2500/QĐ-TTg": the type code opens the part
    after the slash, the issuer's code (capitals) follows it.
    """
    if not symbol or "/" not in symbol:
        return symbol, ""
    head, tail = symbol.rsplit("/", 1)
    if "-" in tail or "-" in head:
        return symbol, ""
    codes = _OWN_TYPES + (_YEAR_TYPES if re.search(r"/\d{4}$", head) else ())
    for code in sorted(codes, key=len, reverse=True):
        rest = tail[len(code) :]
        if tail.startswith(code) and len(rest) >= 2 and rest[:2].isupper():
            fixed = f"{head}/{code}-{rest}"
            return fixed, (
                f"Số, ký hiệu đọc là {symbol}, thiếu gạch nối sau loại văn bản {code}, sửa thành "
                f"{fixed}; hãy soát lại. / Number symbol read as {symbol} without the hyphen after "
                f"the type {code}, read as {fixed}; please check."
            )
    return symbol, ""


def split_issuer_code(symbol: str | None, issuer: str | None) -> tuple[str | None, str]:
    """Return a state symbol whose hyphen after the issuer's code OCR lost put back, and a warning.

    The code opens with the issuing body's initials: "296/BHXHCSYT" of BẢO HIỂM XÃ HỘI VIỆT NAM
    is "296/BHXH-CSYT", "384/BYTKCB" of BỘ Y TẾ is "384/BYT-KCB".
    """
    if not symbol or not issuer or "/" not in symbol:
        return symbol, ""
    head, tail = symbol.rsplit("/", 1)
    if "-" in tail or "-" in head:
        return symbol, ""
    initials = "".join(fold(w)[:1].upper() for w in issuer.split() if fold(w) != "va")
    shared = 0
    while shared < min(len(tail), len(initials)) and fold(tail[shared]).upper() == initials[shared]:
        shared += 1
    if shared < 2 or len(tail) - shared < 2:
        return symbol, ""
    fixed = f"{head}/{tail[:shared]}-{tail[shared:]}"
    return fixed, (
        f"Số, ký hiệu đọc là {symbol}, thiếu gạch nối sau mã cơ quan ban hành {tail[:shared]}, "
        f"sửa thành {fixed}; hãy soát lại. / Number symbol read as {symbol} without the hyphen "
        f"after the issuer's code {tail[:shared]}, read as {fixed}; please check."
    )


_WORD = re.compile(r"[^\W\d_]+")


_PARTS = {"subject": ("trích yếu", "the subject"), "issuer": ("tên cơ quan ban hành", "the issuer")}


Spellings = dict[tuple[str, str], dict[tuple[str, str], int]]


def body_spellings(body: str) -> Spellings:
    """Return how often the body writes each pair of neighbouring words, by their letters."""
    seen: Spellings = {}
    for line in body.splitlines():
        # "Uỷ ban" and "Ủy ban" are one spelling with the mark placed two ways: never a repair.
        words = [standard_tone_marks(w.lower()) for w in _WORD.findall(line)]
        for a, b in itertools.pairwise(words):
            spellings = seen.setdefault((fold(a), fold(b)), {})
            spellings[(a, b)] = spellings.get((a, b), 0) + 1
    return seen


def repair_from_body(
    text: str | None, seen: Spellings, part: str = "subject"
) -> tuple[str | None, str]:
    """Return a header part with words OCR misread spelt as the body spells them, and a warning.

    A scan's subject or issuer is read once, but its words come back in the body: "Metro Bên
    Thành" over a body that writes "Bến Thành" twice and "Bên Thành" never is "Metro Bến
    Thành", and "THÀNH PHỐ CẨN THƠ" over "thành phố Cần Thơ" is "THÀNH PHỐ CẦN THƠ". A word is
    changed only with its neighbour as printed, to a spelling with the same letters that the
    body uses at least twice while never using the part's own. `seen` is the body's
    `body_spellings`; `part` ("subject" or "issuer") names the part in the warning.
    """
    if not text:
        return text, ""
    spans = list(_WORD.finditer(text))
    words = [m.group() for m in spans]
    fixed = list(words)
    marked = [standard_tone_marks(w.lower()) for w in words]
    for i, word in enumerate(words):
        better: list[tuple[int, str]] = []
        for j in (i - 1, i + 1):
            if not 0 <= j < len(words):
                continue
            pair = (marked[i], marked[j]) if j > i else (marked[j], marked[i])
            spellings = seen.get((fold(pair[0]), fold(pair[1])), {})
            if spellings.get(pair, 0):
                better = []
                break  # the body writes it as the part does with one of its neighbours
            mine = 0 if j > i else 1
            better += [
                (n, p[mine])
                for p, n in spellings.items()
                if n >= 2 and p[1 - mine] == pair[1 - mine] and p[mine] != pair[mine]
            ]
        if better:
            right = max(better)[1]
            fixed[i] = (
                right.upper()
                if word.isupper() and len(word) > 1
                else (right[:1].upper() + right[1:] if word[:1].isupper() else right)
            )
    if fixed == words:
        return text, ""
    out = text
    for m, new in sorted(zip(spans, fixed, strict=True), key=lambda x: -x[0].start()):
        out = out[: m.start()] + new + out[m.end() :]
    vi, en = _PARTS[part]
    return out, (
        f"Đã sửa chữ đọc nhầm (OCR) trong {vi} theo cách viết trong thân văn bản: "
        f"{text!r} → {out!r}; hãy soát lại. / Repaired misread words (OCR) of {en} "
        f"as the body spells them: {text!r} → {out!r}; please check."
    )


# "Lưu: VT KCB": the archive line is "Lưu: VT, <the drafting unit>"; OCR loses the comma or reads
# it as "_". "(để bíc)", "(bực)": "b/c" (báo cáo) with its slash read as a tone mark.
_ARCHIVE = re.compile(r"^(Lưu\s*:?\s*VT)\s*(?:_\s*|\s+)(?=[A-ZĐ])")
_REPORT = re.compile(r"\((để\s+)?b[íìỉĩị1l|ựứừửữ]c\)")


def repair_distribution(entries: list[str]) -> tuple[list[str], list[str]]:
    """Return the "Nơi nhận" entries with the archive line's comma and "b/c" that OCR lost put
    back, and a warning when one was."""
    fixed = [_REPORT.sub(r"(\1b/c)", _ARCHIVE.sub(r"\1, ", entry)) for entry in entries]
    changed = [(a, b) for a, b in zip(entries, fixed, strict=True) if a != b]
    if not changed:
        return entries, []
    shown = "; ".join(f"{a!r} → {b!r}" for a, b in changed)
    return fixed, [
        f"Đã sửa chữ đọc nhầm (OCR) trong nơi nhận: {shown}; hãy soát lại. / Repaired misread "
        f"characters (OCR) in the distribution list: {shown}; please check."
    ]
