"""Finding 4: zip bombs in .docx and .xlsx are refused before they are inflated.

The archives here are small on disk. One holds a real bomb (tens of megabytes of zeros in a
few kilobytes), one declares gigabytes in its central directory, one lies (declares a few
bytes and inflates to megabytes). Each is refused with a clear message on the CLI, the API
and the desk, while tracemalloc shows the refusal took no more than a few megabytes.
"""

from __future__ import annotations

import io
import random
import re
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy.orm import Session

from loa.directives.reading import read_bytes
from loa.errors import DocumentError
from loa.services.accounts import create_token, create_user
from loa.services.situation import import_situation_file
from loa.settings import Settings
from loa.situation.reading import table_from_bytes
from loa.web.app import create_app

GIB = 2**30


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("UBND TỈNH BẮC GIANG")
    document.add_paragraph("Về việc tăng cường phòng, chống dịch COVID-19")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["date", "unit_code", "new_cases_community", "new_cases_quarantined"])
    sheet.append(["2021-05-18", "07201", 3, 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_part(archive: bytes, name: str, content: bytes) -> bytes:
    """Return the archive with one more deflated part."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _declaring(archive: bytes, part: str, size: int) -> bytes:
    """Return the archive with `part`'s uncompressed size in the central directory set to `size`."""
    data = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        info = zf.getinfo(part)
    name = part.encode()
    at = 0
    while True:  # find the central directory record of `part`
        at = data.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == name:
            break
        at += 4
    struct.pack_into("<L", data, at + 24, size)
    assert info.file_size != size
    return bytes(data)


BOMB = b"\x00" * (64 * 2**20)


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    docx_bytes, xlsx_bytes = _docx(), _xlsx()
    return {
        "docx-real": _with_part(docx_bytes, "word/media/image1.bin", BOMB),
        "docx-declared": _declaring(
            _with_part(docx_bytes, "word/media/image1.bin", b"x" * 5000), "word/media/image1.bin",
            3 * GIB,
        ),
        "docx-lying": _declaring(
            _with_part(docx_bytes, "word/media/image1.bin", BOMB[: 16 * 2**20]),
            "word/media/image1.bin", 100,
        ),
        "xlsx-real": _with_part(xlsx_bytes, "xl/media/image1.bin", BOMB),
        "xlsx-declared": _declaring(
            _with_part(xlsx_bytes, "xl/media/image1.bin", b"x" * 5000), "xl/media/image1.bin",
            3 * GIB,
        ),
    }  # fmt: skip


def _peak(call: Callable[[], object]) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        call()
        caught: BaseException | None = None
    except BaseException as exc:
        caught = exc
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return caught, peak


@pytest.mark.parametrize("kind", ["docx-real", "docx-declared", "docx-lying"])
def test_a_docx_bomb_is_refused_without_inflating_it(bombs: dict[str, bytes], kind: str) -> None:
    data = bombs[kind]
    assert len(data) < 2**20
    caught, peak = _peak(lambda: read_bytes(data, "cv.docx"))
    assert isinstance(caught, DocumentError), caught
    assert "bom nén" in caught.message("vi") and "zip bomb" in caught.message("en")
    assert "cv.docx" in caught.message("en")
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB"


@pytest.mark.parametrize("kind", ["xlsx-real", "xlsx-declared"])
def test_an_xlsx_bomb_is_refused_without_inflating_it(bombs: dict[str, bytes], kind: str) -> None:
    data = bombs[kind]
    caught, peak = _peak(lambda: table_from_bytes(data, "cases.xlsx"))
    assert isinstance(caught, DocumentError), caught
    assert "LOA_ARCHIVE_MAX" in caught.message("en")
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB"


def test_the_declared_size_is_named_in_both_languages(bombs: dict[str, bytes]) -> None:
    with pytest.raises(DocumentError) as caught:
        read_bytes(bombs["docx-declared"], "cv.docx")
    assert re.search(r"3\.07\d MB", caught.value.message("vi"))
    assert re.search(r"3,07\d MB", caught.value.message("en"))
    assert "LOA_ARCHIVE_MAX_BYTES" in caught.value.message("vi")


def test_ordinary_files_still_open() -> None:
    assert "UBND TỈNH BẮC GIANG" in read_bytes(_docx(), "cv.docx").text
    assert table_from_bytes(_xlsx(), "cases.xlsx").rows[0].cells[1] == "07201"


def test_the_limits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    photo = random.Random(4).randbytes(2_000_000)  # a photo does not compress
    data = _with_part(_docx(), "word/media/photo.bin", photo)
    assert read_bytes(data, "cv.docx").text
    monkeypatch.setenv("LOA_ARCHIVE_MAX_BYTES", "1000000")
    with pytest.raises(DocumentError, match="LOA_ARCHIVE_MAX_BYTES"):
        read_bytes(data, "cv.docx")


def test_the_situation_import_refuses_an_xlsx_bomb(
    session: Session, bombs: dict[str, bytes]
) -> None:
    with pytest.raises(DocumentError, match="zip bomb"):
        import_situation_file(
            session, bombs["xlsx-real"], "cases.xlsx", province_code="24",
            today=date(2021, 12, 31), actor="test",
        )  # fmt: skip


def test_the_cli_refuses_bombs(loa, tmp_path: Path, bombs: dict[str, bytes]) -> None:  # type: ignore[no-untyped-def]
    dispatch, cases = tmp_path / "cv.docx", tmp_path / "cases.xlsx"
    dispatch.write_bytes(bombs["docx-real"])
    cases.write_bytes(bombs["xlsx-declared"])
    for args in (("directive", "import", str(dispatch)), ("situation", "import", str(cases))):
        result = loa(*args, ok=False)
        assert result.exit_code == 2, result.output
        assert "bom nén" in result.output and "zip bomb" in result.output


def test_the_api_and_the_desk_refuse_a_docx_bomb(
    session: Session, tmp_path: Path, bombs: dict[str, bytes]
) -> None:
    from contextlib import contextmanager

    from fastapi.testclient import TestClient

    @contextmanager
    def scope():  # type: ignore[no-untyped-def]
        try:
            yield session
        finally:
            session.rollback()

    app = create_app(Settings(data_dir=tmp_path, secret_key="k"), session_factory=scope)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    _, secret = create_token(session, "press", role="comms", actor="test")
    session.commit()
    files = {"file": ("cv.docx", bombs["docx-real"], "application/octet-stream")}
    answer = client.post(
        "/api/v1/directives", files=files, headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status_code == 400
    assert "zip bomb" in answer.json()["error"]["en"] and "bom nén" in answer.json()["error"]["vi"]
    assert re.search(r"cv\.docx", answer.json()["error"]["en"])
    create_user(session, "comms1", "correct-horse-battery", role="comms", actor="test")
    session.commit()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    signed = client.post(
        "/login",
        data={"login": "comms1", "password": "correct-horse-battery", "csrf_token": token[1]},
    )
    assert signed.status_code == 303
    form = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/directives").text)
    assert form
    sent = client.post("/directives/import", files=files, data={"csrf_token": form[1]})
    assert sent.status_code == 303 and sent.headers["location"] == "/directives"
    page = client.get("/directives").text
    assert "bom nén" in page
