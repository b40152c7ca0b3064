"""Vietnamese (and English) presentation of dates and numbers, and the reading of typed numbers.

Every number a person sees goes out through `format_number` / `format_figure`, and every number
a person types (a task's result on the CLI, the desk or the API, a CLI option, a CSV cell) comes
in through `parse_number` / `parse_count`, so the two always agree:

    Vietnamese ("vi")  '.' or a space groups thousands, ',' marks decimals: 1.250 = 1 250 = 1250,
                       1,5 = one and a half, 1.250,5
    English ("en")     ',' or a space groups thousands, '.' marks decimals: 1,250.5
    unknown (None)     a file whose writer's language is not known: an entry is accepted when
                       only one convention can read it or both read it alike (1250, 1 250,
                       18.0, 1.234.567); `1.000` (a thousand, or one) is refused

A count (a whole number) typed with a decimal mark followed by exactly three digits (`1,250` in
Vietnamese, `1.250` in English) is refused, and the message shows both readings: the writer
almost certainly grouped thousands the other language's way. Values must be finite, at most
`LARGEST` in size, and not below the field's minimum (0 unless the field declares otherwise).
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, localcontext

from loa.errors import InputError

__all__ = [
    "LARGEST",
    "check_number",
    "format_date",
    "format_figure",
    "format_number",
    "format_percent",
    "parse_count",
    "parse_number",
]

#: The largest magnitude a typed number may have: beyond it a float no longer holds every
#: whole number exactly, and no figure Loa keeps comes near it.
LARGEST = 999_999_999_999_999

# Space, no-break space, narrow no-break space (what French-style locales and Word insert),
# thin space and figure space all group thousands.
_SPACES = " \u00a0\u202f\u2009\u2007"
_MINUS = "-\u2212"
_NOT_FINITE = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞"}
_BODY = re.compile(r"[0-9.,]+")


def format_date(day: date, lang: str = "vi") -> str:
    """Return a date as official documents write it: 'ngày 04 tháng 11 năm 2021'.

    Days 1-9 and months 1-2 are zero-padded, as Decree 30 requires; English gives '4 November 2021'.
    """
    if lang != "vi":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_number(value: float | int | Decimal, decimals: int = 0, lang: str = "vi") -> str:
    """Return a number with thousands separators: '1.803.950' and '12,5' in Vietnamese."""
    text = f"{value:,.{decimals}f}"
    if lang != "vi":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_figure(value: float | int | Decimal, lang: str = "vi", *, max_decimals: int = 3) -> str:
    """Return a figure with only the decimals it has: 1250 → '1.250', 12.5 → '12,5', 11.0 → '11'.

    A value that is not finite (never stored, but a computation can give one) is shown as '–'.
    """
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        exact = Decimal(value)
    else:  # a float, or a numpy number from a computation: its shortest exact decimal form
        number = float(value)
        if not math.isfinite(number):
            return "–"
        exact = Decimal(repr(number))
    with localcontext() as context:  # enough digits for the largest float, not the default 28
        context.prec = max(context.prec, exact.adjusted() + max_decimals + 2)
        rounded = round(exact, max_decimals).normalize()
    exponent = rounded.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(rounded, decimals, lang)


def format_percent(share: float, decimals: int = 1, lang: str = "vi") -> str:
    """Return a share (0.125) as a percentage ('12,5%')."""
    return format_number(share * 100, decimals, lang) + "%"


def parse_count(
    text: str,
    *,
    lang: str | None = "vi",
    field: str | None = None,
    largest: int | None = LARGEST,
) -> int:
    """Return the whole, non-negative number typed in `text`; InputError (vi+en) if it is not one.

    `largest` None leaves the upper bound to the caller (a store of int64 counts has its own).
    """
    value = _typed(text, lang=lang, whole=True, field=field)
    return int(_checked(value, whole=True, minimum=0, largest=largest, field=field))


def parse_number(
    text: str,
    *,
    lang: str | None = "vi",
    whole: bool = False,
    minimum: float | None = 0,
    field: str | None = None,
) -> float:
    """Return the number typed in `text`, read the way `lang` writes numbers (module docstring).

    `whole` asks for a count; `minimum` (None for no bound) is the smallest value allowed;
    `field` names what was typed, for the message. Raises InputError in Vietnamese and English,
    saying what was wrong and how to write it.
    """
    value = _typed(text, lang=lang, whole=whole, field=field)
    return float(_checked(value, whole=whole, minimum=minimum, largest=LARGEST, field=field)) + 0.0


def _typed(text: str, *, lang: str | None, whole: bool, field: str | None) -> Decimal:
    """Return the exact value typed in `text`, signed, before any bound is checked."""
    shown = text.strip(_SPACES + "\t\r\n")
    if not shown:
        raise _error(field, "Chưa nhập số.", "No number was given.")
    body = shown
    negative = body[0] in _MINUS
    if body[0] in _MINUS + "+":
        body = body[1:].lstrip(_SPACES)
    if shown.lower() in _NOT_FINITE:
        raise _not_finite(field, shown)
    body = "".join(" " if c in _SPACES else c for c in body)
    vi = _read(body, group=".", point=",")
    en = _read(body, group=",", point=".")
    if lang is None:
        value = _unknown_language(shown, vi, en, field)
    else:
        mine, other = (vi, en) if lang == "vi" else (en, vi)
        if mine is None:
            raise _wrong_convention(shown, lang, other, field)
        decimal_mark = "," if lang == "vi" else "."
        if whole and _three_after(body, decimal_mark) and other is not None and other != mine:
            raise _ambiguous(shown, vi, en, field, whole=True)
        value = mine
    return -value if negative else value


def check_number(
    value: float, *, whole: bool = False, minimum: float | None = 0, field: str | None = None
) -> float:
    """Return `value` if it is finite, within `LARGEST`, whole when asked and not below `minimum`.

    Numbers that arrive already as numbers (JSON in the API) go through this same check.
    """
    if not math.isfinite(value):
        raise _not_finite(field, str(value))
    exact = Decimal(repr(float(value)))
    return float(_checked(exact, whole=whole, minimum=minimum, largest=LARGEST, field=field)) + 0.0


def _checked(
    value: Decimal, *, whole: bool, minimum: float | None, largest: int | None, field: str | None
) -> Decimal:
    """Return `value` if within `largest`, whole when asked and not below `minimum`."""
    if largest is not None and abs(value) > largest:
        raise _error(
            field,
            f"Số này quá lớn (tối đa {format_number(largest)}). Hãy kiểm tra lại.",
            f"The number is too large (at most {format_number(largest, 0, 'en')}). Check it.",
        )
    if whole and value != value.to_integral_value():
        raise _error(
            field,
            f"{format_figure(value, 'vi', max_decimals=6)} không phải số nguyên; ở đây cần một "
            "số đếm (0, 1, 2, …), không có phần thập phân.",
            f"{format_figure(value, 'en', max_decimals=6)} is not a whole number; this is a "
            "count (0, 1, 2, …) with no decimals.",
        )
    if minimum is not None and value < Decimal(repr(float(minimum))):
        if minimum == 0:
            raise _error(
                field,
                f"Số âm {format_figure(value, 'vi')} không được nhận: giá trị này không thể âm.",
                f"The negative number {format_figure(value, 'en')} is refused: "
                "this value cannot be negative.",
            )
        raise _error(
            field,
            f"{format_figure(value, 'vi')} nhỏ hơn mức thấp nhất {format_figure(minimum, 'vi')}.",
            f"{format_figure(value, 'en')} is below the minimum {format_figure(minimum, 'en')}.",
        )
    return value


def _read(body: str, *, group: str, point: str) -> Decimal | None:
    """Return `body` read with `group` (or a space) between thousands and `point` before decimals."""
    if not _BODY.fullmatch(body.replace(" ", "")) or body.count(point) > 1:
        return None
    whole, sep, decimals = body.partition(point)
    if sep and not (decimals.isascii() and decimals.isdigit()):
        return None
    separators = {c for c in whole if not c.isdigit()}
    if len(separators) > 1 or separators - {group, " "}:
        return None
    if separators:
        parts = whole.split(separators.pop())
        # A grouped number starts with 1-3 digits, never 0 ("0.125" is no thousand).
        lead = parts[0]
        if not 1 <= len(lead) <= 3 or lead[0] == "0" or any(len(p) != 3 for p in parts[1:]):
            return None
        whole = "".join(parts)
    if not whole and not decimals:
        return None
    return Decimal(f"{whole or '0'}.{decimals or '0'}")


def _three_after(body: str, point: str) -> bool:
    _, sep, decimals = body.partition(point)
    return bool(sep) and len(decimals) == 3


def _unknown_language(
    shown: str, vi: Decimal | None, en: Decimal | None, field: str | None
) -> Decimal:
    if vi is not None and en is not None and vi != en:
        raise _ambiguous(shown, vi, en, field, whole=False)
    value = vi if vi is not None else en
    if value is None:
        raise _unreadable(field, shown)
    return value


def _ambiguous(
    shown: str, vi: Decimal | None, en: Decimal | None, field: str | None, *, whole: bool
) -> InputError:
    readings = [r for r in (vi, en) if r is not None]
    vi_forms = " hoặc ".join(format_figure(r, "vi", max_decimals=6) for r in readings)
    en_forms = " or ".join(format_figure(r, "en", max_decimals=6) for r in readings)
    meant = [r for r in readings if not whole or r == r.to_integral_value()]
    plain_vi = " hoặc ".join(_plain(r, ",") for r in meant)
    plain_en = " or ".join(_plain(r, ".") for r in meant)
    if whole:
        why_vi = (
            "Giá trị này là một số đếm, mà một dấu phân cách trước đúng ba chữ số thường là cách "
            "viết hàng nghìn của ngôn ngữ kia"
        )
        why_en = (
            "This is a count, and a mark before exactly three digits is usually the other "
            "language's thousands separator"
        )
    else:
        why_vi = "Không biết tệp viết số theo kiểu Việt Nam hay tiếng Anh"
        why_en = "It is not known whether the file writes numbers the Vietnamese or English way"
    return _error(
        field,
        f"'{shown}' đọc được hai cách: {vi_forms}. {why_vi}, nên số này không được nhận. "
        f"Hãy viết lại chỉ bằng chữ số: {plain_vi}.",
        f"'{shown}' reads two ways: {en_forms}. {why_en}, so it is refused. "
        f"Write it again in digits only: {plain_en}.",
    )


def _plain(value: Decimal, point: str) -> str:
    return format(value.normalize(), "f").replace(".", point)


def _wrong_convention(
    shown: str, lang: str, other: Decimal | None, field: str | None
) -> InputError:
    if other is None:
        return _unreadable(field, shown)
    if lang == "vi":
        return _error(
            field,
            f"'{shown}' viết theo kiểu tiếng Anh. Tiếng Việt dùng dấu chấm (hoặc dấu cách) phân "
            f"cách hàng nghìn và dấu phẩy trước phần thập phân: hãy viết "
            f"{format_figure(other, 'vi', max_decimals=6)}, hoặc chọn nhập kiểu tiếng Anh "
            "(--lang en, hoặc giao diện tiếng Anh).",
            f"'{shown}' is written the English way, but Vietnamese input is selected: write "
            f"{format_figure(other, 'vi', max_decimals=6)} ('.' groups thousands, ',' marks "
            "decimals), or switch to English input (--lang en, or the desk in English).",
        )
    return _error(
        field,
        f"'{shown}' viết theo kiểu Việt Nam, nhưng đang chọn nhập kiểu tiếng Anh: hãy viết "
        f"{format_figure(other, 'en', max_decimals=6)} (dấu phẩy phân cách hàng nghìn, dấu chấm "
        "trước phần thập phân), hoặc chọn tiếng Việt.",
        f"'{shown}' is written the Vietnamese way: in English write "
        f"{format_figure(other, 'en', max_decimals=6)} (',' groups thousands, '.' marks decimals), "
        "or switch to Vietnamese input.",
    )


def _unreadable(field: str | None, shown: str) -> InputError:
    return _error(
        field,
        f"'{shown}' không phải một con số. Hãy viết chữ số, ví dụ 1.250 hoặc 12,5.",
        f"'{shown}' is not a number. Write digits, e.g. 1250 or 12.5.",
    )


def _not_finite(field: str | None, shown: str) -> InputError:
    return _error(
        field,
        f"'{shown}' không phải một số hữu hạn. Hãy nhập một con số thật, ví dụ 12.",
        f"'{shown}' is not a finite number. Enter a real figure, e.g. 12.",
    )


def _error(field: str | None, vi: str, en: str) -> InputError:
    if field:
        return InputError(f"{field}: {vi}", f"{field}: {en}")
    return InputError(vi, en)
