"""Zip containers (.docx, .xlsx) checked before any reader opens them: no zip bombs.

A .docx or .xlsx is a zip archive. A small one can hold gigabytes (a "zip bomb"), and the
readers (python-docx, openpyxl) inflate whole parts into memory. `check_archive` looks first:

1. the central directory (a few bytes per entry, read without inflating anything): too many
   entries, a declared total over `LOA_ARCHIVE_MAX_BYTES`, an entry whose declared size is
   over `LOA_ARCHIVE_MAX_RATIO` times its compressed size, or a compression method other
   than stored or deflate (which no Word or Excel file uses) is refused;
2. then every deflated entry is inflated a chunk at a time, keeping nothing, and stopped as
   soon as it gives more than it declared or the total passes the limit: a central directory
   that lies about sizes is refused too, and memory stays at one chunk.

Each refusal is a DocumentError in Vietnamese and English that names the file, the size and
the setting. A file that is not a zip at all passes: its reader says it is damaged.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from loa.errors import DocumentError, Where
from loa.formatting import format_number
from loa.settings import Settings, get_settings

__all__ = ["check_archive"]

_CHUNK = 1 << 20
# Parts smaller than this are never bombs, whatever their ratio (tiny XML compresses well).
_RATIO_FLOOR = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


def _mb(size: int, lang: str) -> str:
    return f"{format_number(size / 2**20, 0 if size >= 10 * 2**20 else 1, lang)} MB"


def _refuse(where: Where, vi: str, en: str) -> DocumentError:
    return DocumentError(
        f"{vi} Tệp có thể là một 'bom nén'; Loa không mở nó. Nếu tệp thật sự đúng, hãy lưu lại "
        "thành tệp nhỏ hơn (hoặc CSV), hoặc nhờ quản trị viên nâng giới hạn.",
        f"{en} It may be a zip bomb; Loa did not open it. If the file is genuine, save it as a "
        "smaller file (or as CSV), or ask the administrator to raise the limit.",
        where=where,
    )


def check_archive(data: bytes, where: Where, settings: Settings | None = None) -> None:
    """Raise DocumentError if the zip in `data` would inflate past the configured limits."""
    limits = settings or get_settings()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return
    if len(entries) > limits.archive_max_entries:
        raise _refuse(
            where,
            f"Tệp nén chứa {len(entries)} phần, quá giới hạn {limits.archive_max_entries} "
            "(LOA_ARCHIVE_MAX_ENTRIES).",
            f"The archive holds {len(entries)} parts, over the limit of "
            f"{limits.archive_max_entries} (LOA_ARCHIVE_MAX_ENTRIES).",
        )
    declared = sum(e.file_size for e in entries)
    if declared > limits.archive_max_bytes:
        raise _refuse(
            where,
            f"Tệp nén khai báo {_mb(declared, 'vi')} khi giải nén, quá giới hạn "
            f"{_mb(limits.archive_max_bytes, 'vi')} (LOA_ARCHIVE_MAX_BYTES).",
            f"The archive declares {_mb(declared, 'en')} once inflated, over the limit of "
            f"{_mb(limits.archive_max_bytes, 'en')} (LOA_ARCHIVE_MAX_BYTES).",
        )
    for entry in entries:
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentError(
                f"Phần {entry.filename} của tệp nén dùng cách nén Word và Excel không dùng. "
                "Hãy mở tệp bằng Word hoặc Excel và lưu lại.",
                f"Part {entry.filename} of the archive uses a compression Word and Excel never "
                "use. Open the file in Word or Excel and save it again.",
                where=where,
            )
        _check_ratio(entry, entry.file_size, limits, where)
    total = 0
    for entry in entries:
        if entry.compress_type == zipfile.ZIP_DEFLATED:
            total += _inflated_size(data, entry, limits.archive_max_bytes - total, where)


def _check_ratio(entry: zipfile.ZipInfo, size: int, limits: Settings, where: Where) -> None:
    if size <= _RATIO_FLOOR:
        return
    if size > limits.archive_max_ratio * max(entry.compress_size, 1):
        ratio = size // max(entry.compress_size, 1)
        raise _refuse(
            where,
            f"Phần {entry.filename} nén {_mb(size, 'vi')} vào {entry.compress_size} byte "
            f"(gấp {ratio} lần, giới hạn {limits.archive_max_ratio}, LOA_ARCHIVE_MAX_RATIO).",
            f"Part {entry.filename} packs {_mb(size, 'en')} into {entry.compress_size} bytes "
            f"({ratio} times, limit {limits.archive_max_ratio}, LOA_ARCHIVE_MAX_RATIO).",
        )


def _inflated_size(data: bytes, entry: zipfile.ZipInfo, allowed: int, where: Where) -> int:
    """Return how many bytes the entry really inflates to; refuse past `allowed` or its claim."""
    start = entry.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        return 0  # a damaged archive: the reader says so
    fields = _LOCAL_HEADER.unpack(header)
    offset = start + _LOCAL_HEADER.size + fields[-2] + fields[-1]
    compressed = memoryview(data)[offset : offset + entry.compress_size]
    limit = min(entry.file_size, allowed)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    for position in range(0, len(compressed), _CHUNK):
        pending = bytes(compressed[position : position + _CHUNK])
        while not inflater.eof:
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error:
                return size  # a damaged stream: the reader says so
            size += len(out)
            if size > limit:
                raise _lying_or_too_big(entry, allowed, where)
            pending = inflater.unconsumed_tail
            # A full chunk out may leave more inside zlib even when all input is taken.
            if not pending and len(out) < _CHUNK:
                break
        if inflater.eof:
            break
    return size


def _lying_or_too_big(entry: zipfile.ZipInfo, allowed: int, where: Where) -> DocumentError:
    if entry.file_size <= allowed:
        return _refuse(
            where,
            f"Phần {entry.filename} giải nén ra nhiều hơn kích thước nó khai báo "
            f"({_mb(entry.file_size, 'vi')}).",
            f"Part {entry.filename} inflates to more than the size it declares "
            f"({_mb(entry.file_size, 'en')}).",
        )
    return _refuse(
        where,
        f"Tệp nén giải nén ra hơn {_mb(allowed, 'vi')} (LOA_ARCHIVE_MAX_BYTES).",
        f"The archive inflates to more than {_mb(allowed, 'en')} (LOA_ARCHIVE_MAX_BYTES).",
    )
