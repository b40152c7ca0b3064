"""Size limits on what people send: dispatch files, task notes, request bodies (docs/settings.md).

Each limit is a setting; going over it is a TooLargeError that names the size, the limit and
the setting, in Vietnamese and English. The web desk answers it with HTTP 413.
"""

from __future__ import annotations

from loa.errors import TooLargeError, Where
from loa.formatting import format_number
from loa.settings import Settings, get_settings

__all__ = ["check_dispatch_size", "check_note_length", "request_too_large"]


def _mb(size: int, lang: str) -> str:
    return f"{format_number(size / 2**20, 1, lang)} MB"


def check_dispatch_size(data: bytes, filename: str, settings: Settings | None = None) -> None:
    """Raise TooLargeError if a dispatch file is over LOA_MAX_UPLOAD_BYTES."""
    limit = (settings or get_settings()).max_upload_bytes
    if len(data) <= limit:
        return
    raise TooLargeError(
        f"Tệp công văn nặng {_mb(len(data), 'vi')}, quá giới hạn {_mb(limit, 'vi')} "
        "(LOA_MAX_UPLOAD_BYTES). Hãy gửi bản nhẹ hơn (PDF nén, hoặc .docx không kèm ảnh lớn).",
        f"The dispatch file is {_mb(len(data), 'en')}, over the limit of {_mb(limit, 'en')} "
        "(LOA_MAX_UPLOAD_BYTES). Send a lighter copy (a compressed PDF, or a .docx without "
        "large pictures).",
        where=Where(file=filename),
    )


def check_note_length(note: str | None, settings: Settings | None = None) -> None:
    """Raise TooLargeError if a task's note is longer than LOA_MAX_NOTE_CHARS."""
    limit = (settings or get_settings()).max_note_chars
    if note is None or len(note) <= limit:
        return
    raise TooLargeError(
        f"Ghi chú dài {format_number(len(note), 0, 'vi')} ký tự, quá giới hạn "
        f"{format_number(limit, 0, 'vi')} (LOA_MAX_NOTE_CHARS). Hãy rút gọn, hoặc gửi báo cáo "
        "dài thành tệp qua kênh của văn phòng.",
        f"The note is {format_number(len(note), 0, 'en')} characters, over the limit of "
        f"{format_number(limit, 0, 'en')} (LOA_MAX_NOTE_CHARS). Shorten it, or send a long "
        "report as a file through the office's channel.",
        where=Where(column="note"),
    )


def request_too_large(limit: int, setting: str) -> TooLargeError:
    """Return the error for a request body over `limit` bytes (the setting named)."""
    return TooLargeError(
        f"Dữ liệu gửi lên quá lớn: giới hạn {_mb(limit, 'vi')} ({setting}). Hãy gửi tệp nhỏ "
        "hơn, hoặc nhờ quản trị viên nâng giới hạn.",
        f"What was sent is too large: the limit is {_mb(limit, 'en')} ({setting}). Send a "
        "smaller file, or ask the administrator to raise the limit.",
    )
