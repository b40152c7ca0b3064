"""Reading organisation lists: the bundled Bắc Giang list and a user's CSV or XLSX file.

Headers may be English or Vietnamese (`COLUMNS`); kinds and levels may be written in
Vietnamese words ("cấp ủy", "tỉnh"). Every row is checked, and the first bad one raises
RowError naming its file, line and column, in Vietnamese and English.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from loa.archives import check_archive
from loa.directory.organisation import KINDS, LEVELS, Organisation
from loa.errors import DocumentError, EncodingError, RowError, Where
from loa.text import fold, nfc, squash_spaces

__all__ = ["COLUMNS", "load_bundled_orgs", "read_orgs_file"]

# English column -> Vietnamese column; both spellings are accepted in an import.
COLUMNS = {
    "org_id": "ma",
    "name": "ten",
    "short_name": "ten_viet_tat",
    "aliases": "ten_khac",
    "kind": "loai",
    "level": "cap",
    "parent_id": "ma_cha",
    "unit_code": "ma_don_vi",
    "members": "thanh_vien",
}
_REQUIRED = ("org_id", "name", "kind", "level")
_NOTE_COLUMNS = frozenset({"ghi_chu", "note", "notes"})
# Vietnamese words a spreadsheet author may type instead of the English values (folded).
_KIND_WORDS = {
    "cap uy": "party-committee",
    "ban tuyen giao": "propaganda-board",
    "co quan nha nuoc": "state-agency",
    "uy ban nhan dan": "people-committee",
    "bao chi": "press",
    "phat thanh truyen hinh": "radio-tv",
    "doan the": "mass-organisation",
    "ban chi dao": "steering-committee",
    "cong thong tin": "portal",
    "nhom": "group",
}
_LEVEL_WORDS = {"trung uong": "central", "tinh": "province", "huyen": "district"}
_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_LIST_SEPARATOR = re.compile(r"[;\n]")


def load_bundled_orgs() -> list[Organisation]:
    """Return the organisations of Bắc Giang province (2021) shipped with Loa."""
    source = resources.files("loa.directory").joinpath("data/bacgiang_orgs.csv")
    return _orgs_from_rows(_csv_rows(source.read_text(encoding="utf-8")), "bacgiang_orgs.csv", ())


def read_orgs_file(path: Path, *, known: Iterable[Organisation] = ()) -> list[Organisation]:
    """Return the organisations in a CSV or XLSX file, checked row by row.

    Parents and group members may name orgs of the file or of `known` (e.g. the bundled
    list). Raises RowError (with file, line and column) for the first bad row.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(_read_utf8(path))
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise DocumentError(
            f"Không đọc được tệp '{path.name}': chỉ nhận danh sách cơ quan dạng .csv hoặc .xlsx. "
            "Hãy lưu lại tệp theo một trong hai dạng đó.",
            f"Cannot read '{path.name}': organisation lists must be .csv or .xlsx. "
            "Save the file in one of those formats.",
            where=Where(file=path.name),
        )
    return _orgs_from_rows(rows, path.name, known)


def _read_utf8(path: Path) -> str:
    """Return the text of a CSV file saved as UTF-8 (with or without BOM)."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"Tệp không phải UTF-8 (byte lỗi ở vị trí {err.start}). "
            "Trong Excel hãy chọn 'Lưu thành' > 'CSV UTF-8'.",
            f"The file is not UTF-8 (bad byte at offset {err.start}). "
            "In Excel use 'Save as' > 'CSV UTF-8'.",
            where=Where(file=path.name),
        ) from None
    except OSError as err:
        raise DocumentError(
            f"Không mở được tệp: {err.strerror}.",
            f"Cannot open the file: {err.strerror}.",
            where=Where(file=path.name),
        ) from None


_Rows = Iterator[tuple[int, list[str]]]


def _csv_rows(text: str) -> _Rows:
    """Yield (line number, cells) for each row of a CSV text; the delimiter is guessed."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else (";" if first.count(";") > first.count(",") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def _xlsx_rows(path: Path) -> _Rows:
    """Yield (row number, cells) for each row of the first sheet of an XLSX workbook."""
    import openpyxl

    try:
        data = path.read_bytes()
        check_archive(data, Where(file=path.name))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise DocumentError(
            "Tệp Excel bị hỏng hoặc không phải .xlsx. Hãy mở bằng Excel và lưu lại dạng .xlsx.",
            "The Excel file is damaged or not .xlsx. Open it in Excel and save it as .xlsx.",
            where=Where(file=path.name),
        ) from None
    try:
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """Return a spreadsheet cell as text; whole numbers lose Excel's '.0' (24.0 -> '24')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _column_name(header: str) -> str | None:
    """Return the English column a header names (either language), or None if unknown."""
    slug = re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")
    for english, vietnamese in COLUMNS.items():
        if slug in (english, vietnamese):
            return english
    return None


def _orgs_from_rows(rows: _Rows, file: str, known: Iterable[Organisation]) -> list[Organisation]:
    """Return checked organisations from raw rows whose first non-empty row is the header."""
    header: dict[int, str] = {}
    labels: dict[str, str] = {}
    found: list[tuple[int, Organisation]] = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if not header:
            header, labels = _read_header(cells, line, file)
            continue
        values = {header[i]: squash_spaces(nfc(c)) for i, c in enumerate(cells) if i in header}
        found.append((line, _row_to_org(values, Where(file=file, line=line), labels)))
    if not header:
        raise RowError(
            "Tệp trống: cần một dòng tiêu đề (ma, ten, loai, cap, ...) và các dòng dữ liệu.",
            "The file is empty: it needs a header row (org_id, name, kind, level, ...) and data.",
            where=Where(file=file, line=1),
        )
    _check_references(found, file, labels, {org.org_id for org in known})
    return [org for _, org in found]


def _read_header(
    cells: Sequence[str], line: int, file: str
) -> tuple[dict[int, str], dict[str, str]]:
    """Return {cell index: English column} and {English column: header as written}."""
    header: dict[int, str] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(cells):
        text = cell.strip()
        if not text or re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_") in _NOTE_COLUMNS:
            continue
        column = _column_name(text)
        if column is None:
            accepted = ", ".join(f"{en}/{vi}" for en, vi in COLUMNS.items())
            raise RowError(
                f"Cột '{text}' không có trong mẫu. Các cột được nhận: {accepted}.",
                f"Unknown column '{text}'. Accepted columns: {accepted}.",
                where=Where(file=file, line=line, column=text),
            )
        header[index] = column
        labels[column] = text
    for column in _REQUIRED:
        if column not in labels:
            raise RowError(
                f"Thiếu cột bắt buộc '{COLUMNS[column]}' (hoặc '{column}') ở dòng tiêu đề.",
                f"The header row lacks the required column '{column}' (or '{COLUMNS[column]}').",
                where=Where(file=file, line=line, column=column),
            )
    return header, labels


def _row_to_org(values: dict[str, str], where: Where, labels: dict[str, str]) -> Organisation:
    """Return the Organisation of one data row, or raise RowError naming the bad cell."""

    def fail(column: str, vi: str, en: str) -> RowError:
        at = Where(file=where.file, line=where.line, column=labels.get(column, column))
        return RowError(vi, en, where=at)

    org_id, name = values.get("org_id", ""), values.get("name", "")
    if not org_id:
        raise fail(
            "org_id",
            "Thiếu mã cơ quan. Hãy điền một mã, ví dụ bg.so-tttt.",
            "The org id is missing. Fill in an id such as bg.so-tttt.",
        )
    if not _ID_PATTERN.fullmatch(org_id):
        raise fail(
            "org_id",
            f"Mã '{org_id}' không hợp lệ: chỉ dùng chữ thường không dấu, số, '.', '-', '_'.",
            f"Id '{org_id}' is invalid: use lower-case ASCII letters, digits, '.', '-', '_'.",
        )
    if not name:
        raise fail("name", f"Thiếu tên của cơ quan '{org_id}'.", f"Org '{org_id}' has no name.")
    kind = _choice(values.get("kind", ""), KINDS, _KIND_WORDS)
    if kind is None:
        raise fail(
            "kind",
            f"Loại '{values.get('kind', '')}' không hợp lệ. Dùng một trong: {', '.join(KINDS)}.",
            f"Unknown kind '{values.get('kind', '')}'. Use one of: {', '.join(KINDS)}.",
        )
    level = _choice(values.get("level", ""), LEVELS, _LEVEL_WORDS)
    if level is None:
        raise fail(
            "level",
            f"Cấp '{values.get('level', '')}' không hợp lệ: dùng tỉnh, huyện "
            "hoặc trung ương (province, district, central).",
            f"Unknown level '{values.get('level', '')}': use province, district or central.",
        )
    unit_code = values.get("unit_code", "")
    if unit_code and not unit_code.isdigit():
        raise fail(
            "unit_code",
            f"Mã đơn vị hành chính '{unit_code}' phải là số (ví dụ 24, 213).",
            f"Administrative unit code '{unit_code}' must be digits (e.g. 24, 213).",
        )
    members = _split_list(values.get("members", ""))
    if kind == "group" and not members:
        raise fail(
            "members",
            "Nhóm phải có thành viên: điền các mã cơ quan, cách nhau bởi ';'.",
            "A group needs members: list org ids separated by ';'.",
        )
    if members and kind != "group":
        raise fail(
            "members",
            "Chỉ dòng loại 'group' (nhóm) mới có thành viên.",
            "Only rows of kind 'group' may list members.",
        )
    return Organisation(
        org_id=org_id,
        name=name,
        short_name=values.get("short_name", ""),
        aliases=_split_list(values.get("aliases", "")),
        kind=kind,
        level=level,
        parent_id=values.get("parent_id") or None,
        unit_code=unit_code,
        members=members,
    )


def _choice(value: str, allowed: Sequence[str], words: dict[str, str]) -> str | None:
    """Return the allowed value `value` names, in English or Vietnamese, or None."""
    text = value.strip().lower()
    if text in allowed:
        return text
    folded = fold(text).replace("-", " ")
    # "cấp tỉnh" and "tỉnh" both name a level; "cấp ủy" is a kind, so try the whole word first.
    return words.get(folded) or words.get(re.sub(r"^cap ", "", folded))


def _split_list(cell: str) -> tuple[str, ...]:
    """Return the non-empty items of a ';'-separated cell."""
    return tuple(item.strip() for item in _LIST_SEPARATOR.split(cell) if item.strip())


def _check_references(
    found: list[tuple[int, Organisation]], file: str, labels: dict[str, str], known: set[str]
) -> None:
    """Raise RowError at the first duplicate id, unknown parent/member or parent cycle."""
    first_line: dict[str, int] = {}
    for line, org in found:
        if org.org_id in first_line:
            earlier = first_line[org.org_id]
            raise RowError(
                f"Mã '{org.org_id}' bị trùng với dòng {earlier}. Mỗi mã chỉ dùng một lần.",
                f"Id '{org.org_id}' repeats line {earlier}. Each id must be unique.",
                where=Where(file=file, line=line, column=labels.get("org_id")),
            )
        first_line[org.org_id] = line
    ids = known | set(first_line)
    parents = {org.org_id: org.parent_id for _, org in found}
    for line, org in found:
        at = Where(file=file, line=line, column=labels.get("parent_id", "parent_id"))
        if org.parent_id is not None and org.parent_id not in ids:
            raise RowError(
                f"Cơ quan cấp trên '{org.parent_id}' của '{org.org_id}' không có trong danh sách. "
                "Hãy thêm dòng cho cơ quan đó hoặc sửa mã.",
                f"Parent '{org.parent_id}' of '{org.org_id}' is not in the list. "
                "Add a row for it or fix the id.",
                where=at,
            )
        seen, current = {org.org_id}, org.parent_id
        while current is not None:
            if current in seen:
                raise RowError(
                    f"Quan hệ cấp trên của '{org.org_id}' tạo thành vòng lặp.",
                    f"The parents of '{org.org_id}' form a loop.",
                    where=at,
                )
            seen.add(current)
            current = parents.get(current)
        for member in org.members:
            if member not in ids or member == org.org_id:
                raise RowError(
                    f"Thành viên '{member}' của nhóm '{org.org_id}' không hợp lệ "
                    "(không có trong danh sách hoặc chính là nhóm).",
                    f"Member '{member}' of group '{org.org_id}' is unknown or the group itself.",
                    where=Where(file=file, line=line, column=labels.get("members", "members")),
                )
