"""Vietnamese 8-bit encodings that predate Unicode: TCVN3 (ABC), VNI and Windows-1258.

Dispatches typed before about 2005, and many typed since by people who never left the old
fonts, are stored in one of these. Python ships Windows-1258 (`cp1258`) but not the two font
encodings, so their tables are written out here.

TCVN3 (ABC, TCVN 5712:1993 "VN3", the ".VnTime" fonts)
    One byte per letter. Lower-case toned vowels sit in 0xB5-0xFE, ă â ê ô ơ ư đ in 0xA8-0xAE
    and their capitals Ă Â Ê Ô Ơ Ư Đ in 0xA1-0xA7. VN3 has *no* toned capitals: typists used
    the same codes with the upper-case font (".VnTimeH"), so a capital Ấ and a small ấ share a
    byte. Choices made here:

    - encoding writes a toned capital with its lower-case code (what a typist produced);
    - decoding gives the lower-case letter, then puts the case back where the text shows it:
      a word whose Latin letters are all capitals ("TØNH" -> "TỈNH"), or a line that is all
      capitals, is made upper case. A lone toned capital in mixed text ("Ủy ban") cannot be
      told from "ủy ban" and stays lower case;
    - decoding also accepts the VN1 capitals that the standard places in 0xA0-0xFF (Ằ at
      0xAF, Ố at 0xFF ...) and the combining tone marks at 0xB0-0xB4, since they cannot be
      anything else. Bytes 0x80-0x9F are read as Windows-1252, not as VN1 capitals: files
      typed in Word with .VnTime carry curly quotes and dashes there.

VNI (VNI-Windows, the "VNI-Times" fonts)
    A letter is a base byte followed by a mark byte, both Windows-1252 code points: "aù" is
    á, "aâ" is â, "aá" is ấ, "aê" is ă. A few letters are one byte: ơ "ô", ư "ö", đ "ñ",
    the toned i ("í ì æ ó ò") and ỵ "î". Capitals use the capital mark bytes ("AÙ" is Á).

Windows-1258
    Has precomposed ă â ê ô ơ ư đ and a few toned Latin-1 letters; every other tone is a
    combining mark after the letter. Decoding normalises to NFC.

Guessing
    A file does not say its encoding. `decode_guessing` decodes the bytes with each of the
    three and keeps the reading whose accented words are most often well-formed Vietnamese
    syllables (`vietnamese_score`), frequent words breaking ties on very short texts.

Every codec raises UnicodeDecodeError / UnicodeEncodeError (both ValueError) on bytes or
characters its encoding has no place for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container

__all__ = [
    "LEGACY_DECODERS",
    "MIN_SCORE",
    "decode_guessing",
    "decode_tcvn3",
    "decode_vni",
    "decode_windows_1258",
    "encode_tcvn3",
    "encode_vni",
    "encode_windows_1258",
    "is_vietnamese_syllable",
    "vietnamese_letters",
    "vietnamese_score",
]

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
# TCVN3 lists each vowel's toned forms in this order: huyền, hỏi, ngã, sắc, nặng.
_TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)
_VOWELS = "aăâeêioôơuưy"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vietnamese_letters() -> list[str]:
    """Return the 134 non-ASCII Vietnamese letters (toned and modified vowels, đ), both cases."""
    lower = [_nfc(v + t) for v in _VOWELS for t in ("", *_TONES)] + ["đ"]
    lower = [ch for ch in lower if not ch.isascii()]
    return lower + [ch.upper() for ch in lower]


# --- TCVN3 -------------------------------------------------------------------------------------

# vowel: (byte of the toneless letter or None for ASCII, bytes of its five toned forms)
_TCVN3_VOWELS: dict[str, tuple[int | None, tuple[int, int, int, int, int]]] = {
    "a": (None, (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    "ă": (0xA8, (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    "â": (0xA9, (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    "e": (None, (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    "ê": (0xAA, (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    "i": (None, (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    "o": (None, (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    "ô": (0xAB, (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    "ơ": (0xAC, (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    "u": (None, (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    "ư": (0xAD, (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    "y": (None, (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
# Capitals that only the full VN1 set has; they are accepted when decoding, never written.
_TCVN3_VN1_CAPITALS = {
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ", 0xF0: "Ỗ", 0xFF: "Ố",
}  # fmt: skip


def _tcvn3_tables() -> tuple[dict[int, str], dict[str, int]]:
    """Return (byte -> character, character -> byte) for the letters of TCVN3."""
    encode: dict[str, int] = {"đ": 0xAE, **_TCVN3_CAPITALS}
    for vowel, (plain, toned) in _TCVN3_VOWELS.items():
        if plain is not None:
            encode[vowel] = plain
        for tone, code in zip(_TONES, toned, strict=True):
            encode[_nfc(vowel + tone)] = code
    decode = {code: ch for ch, code in encode.items()}
    decode.update(_TCVN3_VN1_CAPITALS)
    decode.update({0xB0: GRAVE, 0xB1: HOOK, 0xB2: TILDE, 0xB3: ACUTE, 0xB4: DOT, 0xA0: "\xa0"})
    # A toned capital has no code of its own: write it as the small letter (.VnTimeH practice).
    for ch, code in list(encode.items()):
        if ch.upper() != ch and ch.upper() not in encode:
            encode[ch.upper()] = code
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _tcvn3_tables()
# The letters that may stand for a capital the encoding could not write.
_TCVN3_CASELESS = frozenset(ch for ch in _TCVN3_DECODE.values() if ch.islower())


def decode_tcvn3(data: bytes, *, restore_capitals: bool = True) -> str:
    """Return the NFC text of TCVN3 (ABC) bytes, capitals restored in all-caps words and lines."""
    chars: list[str] = []
    for index, byte in enumerate(data):
        if byte < 0x80:
            chars.append(chr(byte))
        elif byte in _TCVN3_DECODE:
            chars.append(_TCVN3_DECODE[byte])
        else:
            chars.append(_cp1252_char(data, index, "tcvn3"))
    text = _nfc("".join(chars))
    return _restore_capitals(text) if restore_capitals else text


def encode_tcvn3(text: str) -> bytes:
    """Return `text` as TCVN3 (ABC) bytes; toned capitals are written as small letters."""
    out = bytearray()
    for index, ch in enumerate(_nfc(text)):
        if ch.isascii():
            out.append(ord(ch))
        elif ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        else:
            out.append(_cp1252_byte(text, index, ch, "tcvn3", allowed=range(0x80, 0xA0)))
    return bytes(out)


def _restore_capitals(text: str) -> str:
    """Return `text` with small toned letters upper-cased where their word or line is capitals.

    A word with two or more ordinary letters, all capitals ("TỉNH"), is a capital word. A line
    with such a word and no small ordinary letter is a capital line: its one-letter words
    ("ủY") are made capitals too. "Số 427 - CV/BTGTU" has no capital word and stays as it is.
    """
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        caps = [_is_capital_word(word) for word in words]
        if any(caps) and not any(ch.islower() for ch in _sure_letters(line)):
            lines.append(line.upper())
        else:
            lines.append(" ".join(w.upper() if c else w for w, c in zip(words, caps, strict=True)))
    return "\n".join(lines)


def _is_capital_word(word: str) -> bool:
    """Return True when `word` has a caseless-code letter and 2+ other letters, all capitals."""
    sure = _sure_letters(word)
    caseless = any(ch in _TCVN3_CASELESS for ch in word)
    return caseless and len(sure) >= 2 and all(ch.isupper() for ch in sure)


def _sure_letters(text: str) -> list[str]:
    """Return the letters of `text` whose case the encoding kept."""
    return [ch for ch in text if ch.isalpha() and ch not in _TCVN3_CASELESS]


# --- VNI ---------------------------------------------------------------------------------------

# Mark bytes (small letters) in tone order huyền, hỏi, ngã, sắc, nặng.
_VNI_TONE_MARKS = "øûõùï"
_VNI_CIRCUMFLEX_MARKS = "àåãáä"  # after a, e, o; "â" alone is the bare circumflex
_VNI_BREVE_MARKS = "èúüéë"  # after a; "ê" alone is the bare breve
_VNI_TONED_I = "ìæóíò"


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Return (VNI spelling -> character, character -> VNI spelling) for every letter."""
    encode: dict[str, str] = {"đ": "ñ", "ơ": "ô", "ư": "ö", "ỵ": "î"}
    for vowel, base in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y")):
        for tone, mark in zip(_TONES, _VNI_TONE_MARKS, strict=True):
            encode.setdefault(_nfc(vowel + tone), base + mark)
    for vowel, base in (("ơ", "ô"), ("ư", "ö")):
        for tone, mark in zip(_TONES, _VNI_TONE_MARKS, strict=True):
            encode[_nfc(vowel + tone)] = base + mark
    for vowel in "aeo":
        roofed = _nfc(vowel + "\u0302")
        encode[roofed] = vowel + "â"
        for tone, mark in zip(_TONES, _VNI_CIRCUMFLEX_MARKS, strict=True):
            encode[_nfc(roofed + tone)] = vowel + mark
    encode["ă"] = "aê"
    for tone, mark in zip(_TONES, _VNI_BREVE_MARKS, strict=True):
        encode[_nfc("ă" + tone)] = "a" + mark
    for tone, single in zip(_TONES, _VNI_TONED_I, strict=True):
        encode[_nfc("i" + tone)] = single
    encode.update({ch.upper(): spelled.upper() for ch, spelled in list(encode.items())})
    return {spelled: ch for ch, spelled in encode.items()}, encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_BYTES = frozenset("".join(_VNI_ENCODE.values()).encode("cp1252")) - set(range(0x80))


def decode_vni(data: bytes) -> str:
    """Return the NFC text of VNI-Windows bytes."""
    chars: list[str] = []
    index = 0
    while index < len(data):
        pair = data[index : index + 2]
        if len(pair) == 2 and pair[1] >= 0x80 and pair.decode("cp1252", "replace") in _VNI_DECODE:
            chars.append(_VNI_DECODE[pair.decode("cp1252")])
            index += 2
            continue
        byte = data[index]
        if byte < 0x80:
            chars.append(chr(byte))
        else:
            single = _cp1252_char(data, index, "vni")
            chars.append(_VNI_DECODE.get(single, single))
        index += 1
    return _nfc("".join(chars))


def encode_vni(text: str) -> bytes:
    """Return `text` as VNI-Windows bytes."""
    out = bytearray()
    for index, ch in enumerate(_nfc(text)):
        if ch.isascii():
            out.append(ord(ch))
        elif ch in _VNI_ENCODE:
            out += _VNI_ENCODE[ch].encode("cp1252")
        else:
            allowed = set(range(0x80, 0x100)) - _VNI_BYTES
            out.append(_cp1252_byte(text, index, ch, "vni", allowed=allowed))
    return bytes(out)


# --- Windows-1258 ------------------------------------------------------------------------------


def decode_windows_1258(data: bytes) -> str:
    """Return the NFC text of Windows-1258 bytes (its combining tone marks composed)."""
    return _nfc(data.decode("cp1258"))


def encode_windows_1258(text: str) -> bytes:
    """Return `text` as Windows-1258 bytes, splitting off tone marks it has no letter for."""
    out = bytearray()
    for index, ch in enumerate(_nfc(text)):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in _TONES)
        base = _nfc("".join(p for p in parts if p not in _TONES))
        try:
            out += base.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            raise UnicodeEncodeError(
                "windows-1258", text, index, index + 1, "no such character"
            ) from None
    return bytes(out)


# --- shared ------------------------------------------------------------------------------------


def _cp1252_char(data: bytes, index: int, encoding: str) -> str:
    """Return the Windows-1252 character of `data[index]`, or raise UnicodeDecodeError."""
    try:
        return data[index : index + 1].decode("cp1252")
    except UnicodeDecodeError:
        raise UnicodeDecodeError(
            encoding, data, index, index + 1, "byte has no character"
        ) from None


def _cp1252_byte(text: str, index: int, ch: str, encoding: str, *, allowed: Container[int]) -> int:
    """Return the Windows-1252 byte of `ch` where the font encoding leaves it free, or raise."""
    try:
        byte = ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        byte = -1
    if byte < 0 or byte not in allowed:
        raise UnicodeEncodeError(encoding, text, index, index + 1, "no such character")
    return byte


# --- guessing the encoding ---------------------------------------------------------------------

# Toneless spellings: onset, vowel group (with its glides), coda. Loose on purpose: it only has
# to tell Vietnamese from the letter soup a wrong decoding gives.
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWEL_GROUP = (
    "uyê|uya|uyu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|"
    "oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_CODA = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{_VOWEL_GROUP})(?:{_CODA})?")
_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = set(" \t\n\r\f.,;:!?()[]{}\"'“”‘’«»-–—/\\…%*+&@#=<>_|~^$€°§·•")
# Frequent syllables of administrative Vietnamese: they break ties on very short texts, where
# a wrong decoding can also spell a real but rare syllable ("Sè" for "Số").
_COMMON_WORDS = """
    và của các có là được trong cho không người những với này một đã để theo về thực hiện công
    tác tỉnh huyện xã phường dịch bệnh phòng chống số ngày tháng năm ủy ban nhân dân sở y tế đề
    nghị kính gửi nơi nhận lưu văn thư bản quyết định chỉ đạo tuyên truyền thông tin báo cáo kế
    hoạch đơn vị cơ quan địa phương hội tổ chức cấp tình hình trên ở tại đến từ như nhất cao mới
    đảng việt nam trưởng phó bí chủ tịch nhiệm vụ yêu cầu tăng cường đảm bảo thời gian sự trường
    hợp đồng chí ý kiến hướng dẫn triển khai nội dung hoạt động kết luận nghiêm túc khu vực biện
    pháp an toàn hiệu quả tiếp tục giám sát xử lý đối tượng mình ra vào lại cả nên khi đó nhiều
    sau trước
"""
_COMMON = frozenset(_COMMON_WORDS.split())
# Below this the best reading is mostly letter soup: better to ask for a Unicode file.
MIN_SCORE = 0.5
LEGACY_DECODERS: dict[str, Callable[[bytes], str]] = {
    "windows-1258": decode_windows_1258,
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
}
# Candidates in the order that wins a tie: the more common encoding first.
_CANDIDATES = tuple(LEGACY_DECODERS.items())


def is_vietnamese_syllable(word: str) -> bool:
    """Return True when `word` is spelled like one Vietnamese syllable (at most one tone)."""
    letters = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in letters) > 1:
        return False
    toneless = _nfc("".join(ch for ch in letters if ch not in _TONES))
    return _SYLLABLE.fullmatch(toneless) is not None


def vietnamese_score(text: str) -> float:
    """Return how Vietnamese `text` looks, from -1 (letter soup) to 1 (every accented word fits).

    Only words with a non-ASCII letter count: plain ASCII reads the same in every encoding.
    Stray symbols and control characters, and words that change case in the middle ("tƠ"),
    are what a wrong decoding leaves behind, so they count against.
    """
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        odd_case = not (word.islower() or word.isupper() or word.istitle())
        if is_vietnamese_syllable(word) and not odd_case:
            good += 1
        else:
            bad += 1
    for ch in text:
        if ch.isascii() and (ch.isprintable() or ch in _PUNCTUATION):
            continue
        if not (ch.isalnum() or ch in _PUNCTUATION or unicodedata.category(ch) == "Mn"):
            bad += 1
    counted = good + bad
    return 1.0 if counted == 0 else (good - bad) / counted


def decode_guessing(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) for 8-bit Vietnamese bytes, the encoding being the best reading.

    Tries Windows-1258, TCVN3 and VNI and keeps the text that reads most like Vietnamese.
    Raises ValueError when none of them reads as Vietnamese.
    """
    scored: list[tuple[float, int, int, str, str]] = []
    for rank, (name, decode) in enumerate(_CANDIDATES):
        try:
            text = decode(data)
        except UnicodeDecodeError:
            continue
        commons = sum(word.lower() in _COMMON for word in _WORD.findall(text))
        scored.append((round(vietnamese_score(text), 3), commons, -rank, text, name))
    if not scored:
        raise ValueError("no candidate encoding decodes these bytes")
    score, _, _, text, name = max(scored)
    if score < MIN_SCORE:
        raise ValueError(f"best reading ({name}) scores {score:.2f}, below {MIN_SCORE}")
    return text, name
