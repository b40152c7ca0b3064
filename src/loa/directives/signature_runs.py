"""Signature blocks that a copy ran together on one line, set back on lines of their own.

A legal-documents site's text export writes the signature as one line, sometimes at the end of
the last "Nơi nhận" entry: "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Phạm Lương Sơn", "- Lưu: VT,
ĐMDN (2b). BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng", or the authority alone above the rest ("TL." /
"BỘ TRƯỞNG CHÁNH VĂN PHÒNG Nguyễn Đức Tâm"). The footer reader expects one part a line, as the
paper prints them: each authority ("KT. TỔNG GIÁM ĐỐC"), then the position ("PHÓ TỔNG GIÁM
ĐỐC"), then the name. A run of capitals that holds an office and ends with a name is cut so:
before each authority, before a position that opens after the authority's title ("PHÓ ...",
"THỨ TRƯỞNG", "CHÁNH VĂN PHÒNG", "CHỦ TỊCH" after "TM. ỦY BAN NHÂN DÂN"), and before the name.
Titles joined by a comma ("BỘ TRƯỞNG, CHỦ NHIỆM") stay one position.
"""

from __future__ import annotations

import re

from loa.directives.footer import BULLET
from loa.directives.vocabulary import SURNAMES
from loa.text import fold

__all__ = ["split_signature_runs"]

_AUTHORITY = re.compile(r"^(?:K/T|KT|T/M|TM|T/L|TL|TUQ|Q)\s*\.?$")
# Words that open a position, fold()ed; two-word openings are matched on the pair.
_POSITION_STARTS = (
    ("pho",), ("thu", "truong"), ("chanh",), ("chu", "tich"), ("chu", "nhiem"), ("bi", "thu"),
    ("giam", "doc"), ("tong", "giam"), ("truong", "ban"), ("cuc", "truong"), ("vu", "truong"),
    ("vien", "truong"), ("tong", "cuc"),
)  # fmt: skip
# A position does not open after these ("PHÓ CHỦ TỊCH", "TỔNG GIÁM ĐỐC", "BAN BÍ THƯ").
_BOUND_BEFORE = frozenset(["pho", "tong", "ban"])
# How a signature's first title opens, fold()ed.
_TITLE_STARTS = (
    "bo truong", "thu truong", "tong", "giam doc", "chu tich", "chu nhiem", "pho ", "truong",
    "chanh", "bi thu", "thu tuong", "uy ban", "ban ", "hoi dong", "cuc truong", "vu truong",
    "vien truong", "thuong truc", "dang uy", "tinh uy", "huyen uy", "thanh uy",
)  # fmt: skip
_OFFICE_WORDS = ("truong", "giam doc", "chu tich", "chu nhiem", "bi thu", "chanh", "thu tuong")


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_name_word(word: str) -> bool:
    return word.isalpha() and word[:1].isupper() and word[1:].islower()


def _position_lines(run: list[str]) -> list[str]:
    """Return a run of capitals cut before each authority and each position after a title."""
    keys = [fold(w).strip(".,") for w in run]
    lines: list[list[str]] = []
    for k, word in enumerate(run):
        prev = run[k - 1] if k else ""
        opens = _AUTHORITY.match(word) is not None
        if not opens and k and not _AUTHORITY.match(prev) and not prev.endswith(","):
            pair = tuple(keys[k : k + 2])
            starts = any(pair[: len(s)] == s for s in _POSITION_STARTS)
            opens = starts and keys[k - 1] not in _BOUND_BEFORE
        if opens and lines and not (len(lines[-1]) == 1 and _AUTHORITY.match(lines[-1][0])):
            lines.append([word])
        elif lines:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(line) for line in lines]


def _split(line: str) -> list[str]:
    words = line.split()
    n = len(words)
    while n > 0 and _is_name_word(words[n - 1]) and len(words) - n < 5:
        n -= 1
    name = words[n:]
    start = n
    while start > 0 and (_is_caps(words[start - 1]) or _AUTHORITY.match(words[start - 1])):
        stop = words[start - 1].endswith((".", ":", ";"))
        if start < n and stop and not _AUTHORITY.match(words[start - 1]):
            break  # "- Lưu: VT, ĐMDN. BỘ TRƯỞNG": the entry ends at its full stop
        start -= 1
    while start < n and not (
        _AUTHORITY.match(words[start]) or fold(" ".join(words[start:n])).startswith(_TITLE_STARTS)
    ):
        start += 1  # "VT, KTN BỘ TRƯỞNG": the archive codes before the title
    run = words[start:n]
    # "- Bộ Lao động ... PHÓ CHỦ TỊCH": OCR ran a title of the signature column onto an entry.
    entry_then_title = not name and line.lstrip().startswith("- ") and start > 1 and len(run) >= 2
    if entry_then_title:
        keys = tuple(fold(w).strip(".,") for w in run[:2])
        entry_then_title = _AUTHORITY.match(run[0]) is not None or any(
            keys[: len(s)] == s for s in _POSITION_STARTS
        )
    if not (2 <= len(name) <= 5 or entry_then_title) or not run:
        return [line]
    if not any(w in fold(" ".join(run)) for w in _OFFICE_WORDS):
        return [line]
    before = " ".join(words[:start])
    return [
        *([before] if before else []),
        *_position_lines(run),
        *([" ".join(name)] if name else []),
    ]


# "- Ủy ban MTTQ Việt Nam thành phố; - Trần Chí Hùng": OCR ran the signer's name onto an entry.
_NAME_AFTER_ENTRY = re.compile(r"^(\s*[-+•~].*?[;,.])\s*-?\s*((?:\S+\s+){1,4}\S+)\s*$")


def _name_after_entry(line: str) -> list[str]:
    m = _NAME_AFTER_ENTRY.match(line)
    if m is None:
        return [line]
    words = m.group(2).split()
    if fold(words[0]) not in SURNAMES or not all(_is_name_word(w) for w in words):
        return [line]
    return [m.group(1), m.group(2)]


# "KT.CHỦ TỊCH": a copy lost the space after the authority's full stop; "KT, TỔNG CỤC TRƯỞNG":
# OCR read the full stop as a comma.
_GLUED_AUTHORITY = re.compile(
    r"(?<![\w/])(K/T|KT|T/M|TM|T/L|TL|TUQ)(?:\.(?=[A-ZĐÀ-Ỹ])|,\s*(?=[A-ZĐÀ-Ỹ]{2,}\s))"
)


# "- Như trên; THỨ TRƯỞNG": a PDF text layer ran the signature column onto the end of an entry.
_TITLE_AFTER_ENTRY = re.compile(
    r"^(\s*[-+•~].*?[;,.])\s+((?:(?:K/T|KT|T/M|TM|T/L|TL)\.\s+)?[A-ZĐÀ-Ỹ ,]+)$"
)
_LABEL_THEN_SIGNATURE = re.compile(r"^(\s*Nơi nhận\s*:)\s*(\S.*)$", re.IGNORECASE)


def _signature_part(text: str) -> bool:
    """Return True when `text` is a part of a signature: an authority, a title or a name."""
    words = text.split()
    if not words:
        return False
    if _AUTHORITY.match(words[0].rstrip(",")):
        return True
    if all(_is_caps(w) for w in words):
        return fold(text).startswith(_TITLE_STARTS) and any(w in fold(text) for w in _OFFICE_WORDS)
    return 2 <= len(words) <= 5 and fold(words[0]) in SURNAMES and all(map(_is_name_word, words))


def _footer_beside_list(lines: list[str]) -> list[str]:
    """Return the lines with a signature run onto the "Nơi nhận" lines set after the list.

    "Nơi nhận: KT. BỘ TRƯỞNG" / "- Như trên; THỨ TRƯỞNG" / ... / "- Cổng TTĐT Bộ Y tế; Nguyễn
    Trường Sơn": the two columns of the footer came as one, a part of the signature at the end
    of each list line. The parts are taken off their lines and put, in order, after the list.
    """
    start = next((i for i, line in enumerate(lines) if fold(line).startswith("noi nhan")), None)
    if start is None:
        return lines
    head = _LABEL_THEN_SIGNATURE.match(lines[start])
    parts: list[str] = []
    out = list(lines)
    if head and _signature_part(head.group(2)):
        out[start], parts = head.group(1), [head.group(2)]
    end = start
    for i in range(start + 1, min(len(out), start + 60)):
        line = out[i]
        if not line.strip():
            continue
        if not BULLET.match(line):
            break
        end = i
        m = _TITLE_AFTER_ENTRY.match(line) or _NAME_AFTER_ENTRY.match(line)
        if m and _signature_part(m.group(2).strip()):
            out[i] = m.group(1)
            parts.append(m.group(2).strip())
    if not parts:
        return lines
    return out[: end + 1] + parts + out[end + 1 :]


def split_signature_runs(lines: list[str]) -> list[str]:
    """Return the lines with signature blocks run together set one part a line."""
    out: list[str] = []
    for line in _footer_beside_list(lines):
        line = _GLUED_AUTHORITY.sub(r"\1. ", line)
        if out and _AUTHORITY.match(out[-1].strip()) and line and _is_caps(line.split()[0]):
            out[-1] = f"{out[-1].strip()} {line.strip()}"  # "TL." / "BỘ TRƯỞNG ..."
            parts = _split(out.pop())
        else:
            parts = (
                [p for part in _name_after_entry(line) for p in _split(part)] if line else [line]
            )
        out += parts
    return out
