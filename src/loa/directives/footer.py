"""Lists of agencies ("Kính gửi:", "Nơi nhận:") and the signature block of a dispatch.

A list entry is one "- " line; an entry wrapped over lines ("- Bộ Chính trị, Ban Bí thư (để báo"
/ "cáo),") is joined back. The signature is the innermost authority (KT., TM., TL., ...), the
position written under it (the last line in capitals before the name: "KT. BỘ TRƯỞNG," /
"CHỦ NHIỆM" / "PHÓ CHỦ NHIỆM" gives "PHÓ CHỦ NHIỆM") and the signer's name, which may be
wrapped over two lines ("Bùi" / "Xuân Cường"). A head of government signs without authority
("THỦ TƯỚNG" over "Phạm Minh Chính").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loa.directives.header import LETTER, is_caps
from loa.directives.model import Signer
from loa.directives.vocabulary import SURNAMES
from loa.text import fold

__all__ = ["AUTHORITY", "BULLET", "bullet_list", "clean_name", "is_person", "signer"]

AUTHORITY = re.compile(r"^(K/T|KT|T/M|TM|T/L|TL|TUQ|Q)\s*[.:]?\s+(\S.*)$")
BULLET = re.compile(r"^\s*[-+•–~]\s*")  # "~": a hyphen as OCR may read it
_SPACED_HYPHEN = re.compile(rf"(?<={LETTER})(?:\s+-\s*|\s*-\s+)(?={LETTER})")


def clean_name(entry: str) -> str:
    """Return a list entry or agency name without its bullet and trailing punctuation."""
    entry = re.sub(r"\[\d{1,3}\]", "", entry)  # "Bộ Nội vụ[6]": a web copy's footnote mark
    entry = BULLET.sub("", entry).strip().rstrip(",;.").strip()
    entry = re.sub(r"\s+[-–]$", "", entry)  # "... tổ chức thành viên của Mặt trận -"
    return _SPACED_HYPHEN.sub(" - ", entry)


def _continues(entry: str, line: str, label_key: str) -> bool:
    """Return True when `line` is the wrapped rest of list entry `entry`."""
    if BULLET.match(line) or AUTHORITY.match(line) or is_caps(line):
        return False
    if label_key == "noi nhan":
        # The list's last entry ends with a full stop; a name below it is the signer's.
        ended = entry.rstrip().endswith(".") and _looks_like_name(line)
        return not fold(line).startswith("ban dien tu") and not ended
    if line[:1].islower():
        return True
    # An upper-case line goes on an entry left open only if it reads as the end of one, or on
    # a list of places broken after its comma ("... các tỉnh, thành phố: Hà Tĩnh," / "Quảng Trị,
    # Huế, ..., Khánh Hòa;").
    if re.search(r":\s*[^:;]+,$", entry.strip()):
        return bool(re.search(r"[;.]$", line))
    return (
        not re.search(r"[,;.:]$", entry.strip())
        and bool(re.search(r"[,;.]$", line))
        and (len(line.split()) <= 12)
    )


_LIST_END = re.compile(r"[,;]$|\.$")


def _list_rest(line: str) -> bool:
    """Return True for a list entry or the end of one ("- Lưu: VT.", "GĐĐT;")."""
    return bool(BULLET.match(line)) or (bool(_LIST_END.search(line)) and not AUTHORITY.match(line))


def _list_goes_on(lines: Sequence[str], j: int) -> bool:
    """Return True when signature lines at `j` stand between entries of the list."""
    block = [x for x in lines[j : j + 8] if x]
    for n, line in enumerate(block):
        if _list_rest(line):
            # Only capitals (the signature's titles) stand before it.
            return n > 0 and all(is_caps(x) or _looks_like_name(x) for x in block[:n])
    return False


def bullet_list(lines: Sequence[str], start: int, label_key: str) -> tuple[list[str], int, str]:
    """Return the entries of a "Kính gửi:"/"Nơi nhận:" list, the end index and the inline text."""
    first = lines[start]
    inline = first.split(":", 1)[1] if ":" in first else ""
    entries = [inline] if clean_name(inline) else []
    j = start + 1
    while j < len(lines):
        line = lines[j]
        key = fold(line)
        if not line:
            j += 1
        elif BULLET.match(line) and not AUTHORITY.match(BULLET.sub("", line)):
            entries.append(line)
            j += 1
        elif label_key == "noi nhan" and key.startswith("ban dien tu"):
            rest = line.split(":", 1)[1] if ":" in line else ""
            entries += [rest] if clean_name(rest) else []
            j += 1
        elif label_key == "noi nhan" and (
            (_looks_like_name(line) and _list_goes_on(lines, j))
            or (is_person(line) and entries and re.search(r"[;,.]$", entries[-1].rstrip()))
        ):
            j += 1  # the signer's name set inside the list (by a text layer or OCR)
        elif entries and lines[j - 1] and _continues(entries[-1], line, label_key):
            entries[-1] = f"{entries[-1].rstrip()} {line}"
            j += 1
        elif label_key == "noi nhan" and entries and _list_goes_on(lines, j):
            # A text layer set the signature column inside the list ("- TT," / "KT. TỔNG GIÁM
            # ĐỐC" / "PHÓ TỔNG GIÁM ĐỐC" / "GĐĐT;" / "- Lưu: VT"): the list goes on below it.
            k = j
            while k < len(lines) and not _list_rest(lines[k]):
                k += 1
            if _LIST_END.search(lines[k]) and not BULLET.match(lines[k]):
                entries[-1] = f"{entries[-1].rstrip()} {lines[k]}"
                k += 1
            j = k
        else:
            break
    return [clean_name(e) for e in entries], j, inline.strip()


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return (
        1 <= len(words) <= 5
        and all(w[:1].isupper() and w.isalpha() for w in words)
        and not is_caps(line)
    )


def is_person(line: str) -> bool:
    """Return True for a person's name alone on a line ("Trần Chí Hùng")."""
    words = line.split()
    return 2 <= len(words) <= 5 and _looks_like_name(line) and fold(words[0]) in SURNAMES


def _person_in_footer(lines: Sequence[str], start: int) -> str | None:
    """Return the last person's name alone on a line of the footer, from `start` on."""
    names = [line for line in lines[start : start + 45] if line and is_person(line)]
    return names[-1] if names else None


def _named_in_list(lines: Sequence[str], start: int, after: int) -> str | None:
    """Return the signer's name as the "Nơi nhận" list writes it ("PCN Phạm Mạnh Cường") when
    OCR garbled the signature's name line but kept its last word ("Rix/0anh Cường")."""
    garbled = next((x for x in lines[after : after + 4] if x), "").split()
    last = garbled[-1] if garbled else ""
    if not _looks_like_name(last) or len(garbled) > 5:
        return None
    footer = " ".join(lines[start : start + 45])
    for m in re.finditer(rf"((?:\S+\s+){{1,3}}){re.escape(last)}\b", footer):
        words = [*m.group(1).split(), last]
        while words and fold(words[0]) not in SURNAMES:
            words.pop(0)  # "PCN Phạm Mạnh Cường": the office's initials before the name
        if 2 <= len(words) <= 4 and _looks_like_name(" ".join(words)):
            return " ".join(words)
    return None


def _name_after(lines: Sequence[str], start: int) -> str | None:
    """Return the signer's name at or after `start`, joined when wrapped over two lines."""
    candidates = [i for i in range(start, min(len(lines), start + 8)) if lines[i]]
    for n, i in enumerate(candidates[:4]):
        name = lines[i]
        if not _looks_like_name(name) or "đã ký" in fold(name):
            continue
        nxt = candidates[n + 1] if n + 1 < len(candidates) else None
        if len(name.split()) == 1:
            if nxt is not None and _looks_like_name(lines[nxt]):
                return f"{name} {lines[nxt]}"
            continue
        # "Lê Tấn" / "Cận": a given name wrapped alone onto the next line (not a new surname).
        rest = lines[nxt].split() if nxt is not None else []
        wrapped = len(rest) == 1 and _looks_like_name(rest[0]) and fold(rest[0]) not in SURNAMES
        if len(name.split()) == 2 and wrapped:
            return f"{name} {rest[0]}"
        return name
    return None


# The signature stands this many lines after the first "Nơi nhận:" at most; an authority line
# further down belongs to an appendix's form ("TM. TỔ CHỨC (3)"), not to the document.
_SIGNATURE_AFTER_LIST = 45
_PLAIN_SIGNATURE_WITHIN = 100
_APPENDIX = re.compile(r"^(?:phu luc\b|\(?kem theo\b)")  # "PHỤ LỤC I", "(Kèm theo Quyết định ..."


def signer(lines: Sequence[str], body_start: int) -> tuple[Signer | None, int]:
    """Return the signature block and the index where it starts (len(lines) if none).

    The block beside the first "Nơi nhận" list is the document's own; only when there is none
    is the last authority of the text, or a title over a name after the list, taken.
    """
    lists = [i for i in range(body_start, len(lines)) if fold(lines[i]).startswith("noi nhan")]
    if lists:
        end = min(len(lines), lists[0] + _SIGNATURE_AFTER_LIST)
        end = next((i for i in range(lists[0] + 1, end) if _APPENDIX.match(fold(lines[i]))), end)
        found, first = _authority_signer(lines, body_start, end)
        if found is None:
            found, first = _plain_signer(lines, lists[0])
        if found is not None:
            return found, first
    found, first = _authority_signer(lines, body_start, len(lines))
    if found is not None:
        return found, first
    return _plain_signer(lines, lists[-1]) if lists else (None, len(lines))


def _authority_signer(lines: Sequence[str], body_start: int, end: int) -> tuple[Signer | None, int]:
    """Return the signature under the last authority ("KT. CHỦ TỊCH") before line `end`."""
    for i in range(min(end, len(lines)) - 1, body_start - 1, -1):
        m = AUTHORITY.match(lines[i])
        if not (m and is_caps(m.group(2))):
            continue
        first = i
        while (
            first - 1 >= body_start
            and lines[first - 1]
            and is_caps(lines[first - 1])
            and (AUTHORITY.match(lines[first - 1]) or lines[first - 1].rstrip().endswith(","))
        ):
            first -= 1
        authority = m.group(1).replace("/", "")
        block: list[str] = []
        j = i + 1
        while j < len(lines) and j < i + 8 and (not lines[j] or is_caps(lines[j])):
            # "GĐĐT;": the rest of a "Nơi nhận" entry set inside the signature column.
            if lines[j] and "đã ký" not in fold(lines[j]) and not re.search(r"[,;]$", lines[j]):
                block.append(lines[j])
            j += 1
        name = _name_after(lines, j)
        if name is None:
            noi_nhan = next(
                (
                    k
                    for k in range(first - 1, body_start - 1, -1)
                    if fold(lines[k]).startswith("noi nhan")
                ),
                first,
            )
            name = _person_in_footer(lines, noi_nhan) or _named_in_list(lines, noi_nhan, j)
        position = _position(block, m.group(2), authority)
        if position is None and authority == "KT":
            position = _deputy_above(lines, body_start, first)
        return Signer(name, position, authority), first
    return None, len(lines)


# Words that open a title and, alone on a line, want the rest of it below ("PHÓ" / "CHỦ TỊCH");
# "DÂN" alone ends the body named by the authority ("TM. ỦY BAN NHÂN" / "DÂN").
_TITLE_OPENERS = frozenset(["pho", "thu", "tong", "chu", "cuc", "bo", "chanh", "giam", "truong"])


def _wrapped_title(line: str, below: str) -> bool:
    """Return True when `below` is the rest of the title on `line` ("TỔNG KIỂM TOÁN NHÀ" /
    "NƯỚC", "PHÓ" / "CHỦ TỊCH")."""
    words = line.split()
    if below.rstrip().endswith((",", ";")):
        return False  # "TP;": the rest of a "Nơi nhận" entry the PDF's layer set under the title
    if len(words) == 1:
        return fold(words[0]) in _TITLE_OPENERS
    return len(below.split()) == 1


# A position is a title, not a sentence: "TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ" at most.
_POSITION_WORDS = 10
_DEPUTY = re.compile(r"(?<=\s)PHÓ\s+\S.*$")


def _position(block: Sequence[str], held: str, authority: str) -> str | None:
    """Return the signer's position: the last line in capitals under the authority, joined
    with the line above when a copy wrapped it ("PHÓ" / "CHỦ TỊCH"). A deputy signing for the head (KT.) whose title a copy ran on
    after the head's ("KT. TRƯỞNG BAN ... VỀ HQ PHÓ TRƯỞNG BAN") holds the "PHÓ ..." part."""
    lines = list(block)
    if len(lines) >= 2 and _wrapped_title(lines[-2], lines[-1]):
        lines[-2:] = [f"{lines[-2]} {lines[-1]}"]
    if authority == "KT":
        deputy = _DEPUTY.search(lines[-1] if lines else held)
        if deputy:
            return deputy.group(0)
    if lines and len(lines[-1].split()) <= _POSITION_WORDS:
        return lines[-1]
    return None


def _deputy_above(lines: Sequence[str], body_start: int, first: int) -> str | None:
    """Return a deputy's title that OCR set among the "Nơi nhận" lines above ("PHÓ CHỦ TỊCH")."""
    for i in range(first - 1, max(body_start, first - 30) - 1, -1):
        words = lines[i].split()
        if lines[i] and is_caps(lines[i]) and words[0] == "PHÓ" and len(words) <= 6:
            return lines[i]
    return None


def _plain_signer(lines: Sequence[str], noi_nhan: int) -> tuple[Signer | None, int]:
    """Return a signature without authority: a title in capitals over a name, after the list
    that starts at line `noi_nhan`."""
    # A scan's text may set the signature after the whole list, each entry over two or three
    # lines with blank lines between: up to _PLAIN_SIGNATURE_WITHIN lines, before an appendix.
    for i in range(noi_nhan + 1, min(len(lines), noi_nhan + _PLAIN_SIGNATURE_WITHIN)):
        if _APPENDIX.match(fold(lines[i])):
            break
        line = lines[i]
        if (
            line
            and is_caps(line)
            and not BULLET.match(line)
            and len(line.split()) <= 6
            and not line.rstrip().endswith((",", ";"))  # "KT, TTTT;": the rest of an entry
        ):
            title = [line]
            # "CHỦ" / "TỊCH", "TỔNG KIỂM TOÁN NHÀ" / "NƯỚC": a title wrapped over two lines.
            below = lines[i + 1] if i + 1 < len(lines) else ""
            if below and is_caps(below) and _wrapped_title(line, below):
                title.append(below)
            name = _name_after(lines, i + len(title))
            if name is not None:
                return Signer(name, " ".join(title), None), len(lines)
    return None, len(lines)
