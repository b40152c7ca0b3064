"""Numbers in a route's path are checked against the store's id range before anything runs.

Every id column of Loa's store is an INTEGER: 64 bits on SQLite, 32 on PostgreSQL. A number
outside the narrower range can name nothing, so `/tasks/18446744073709551621` is answered
"not found" in words (404) on both stores instead of reaching the database and failing there.
A value the store cannot hold that comes another way (a form or JSON field) is answered 422
by the handlers in `loa.web.app`.
"""

from __future__ import annotations

from fastapi import Request

from loa.errors import InputError, NotFoundError
from loa.formatting import format_number

__all__ = ["MAX_ID", "check_path_ids", "out_of_range"]

MAX_ID = 2**31 - 1


def _number(text: str) -> int | None:
    digits = text[1:] if text[:1] in "+-" else text
    return int(text) if digits.isascii() and digits.isdigit() else None


async def check_path_ids(request: Request) -> None:
    """Refuse (404, with why) a path whose id is beyond what the store's ids can be."""
    for value in request.path_params.values():
        number = _number(str(value))
        if number is not None and not 0 <= number <= MAX_ID:
            shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
            raise NotFoundError(
                f"Không có mục mang số {shown}: số hiệu là số nguyên từ 0 đến "
                f"{format_number(MAX_ID)}.",
                f"Nothing has the number {shown}: ids are whole numbers from 0 to "
                f"{format_number(MAX_ID, lang='en')} (the store's INTEGER, not 64 bits).",
            )


def out_of_range() -> InputError:
    """Return the error for a number or text the store cannot hold (from a form or body)."""
    return InputError(
        "Có một giá trị vượt quá giới hạn lưu trữ (số hiệu lớn hơn "
        f"{format_number(MAX_ID)} hoặc chữ quá dài). Hãy kiểm tra lại dữ liệu gửi lên.",
        "A value is beyond what the store holds (an id above "
        f"{format_number(MAX_ID, lang='en')}, or text too long). Check what was sent.",
    )
