"""Files that cannot be imported fail with one exception and a Vietnamese message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from carapp.importers import ImportFailure, read_appendix
from carapp.importers.report import read_progress_report

from .files import FIXTURES, Builder, Sheet, Table

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def _fail(path: Path) -> ImportFailure:
    """Return the failure of importing `path` as an appendix; the report reader fails too."""
    with pytest.raises(ImportFailure):
        read_progress_report(path)
    with pytest.raises(ImportFailure) as caught:
        read_appendix(path)
    return caught.value


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    path.write_text("STT;Nội dung công việc\n1;Rà soát\n", encoding="utf-8")

    failure = _fail(path)

    assert "“ke-hoach.xlsx” không phải tệp Word (.docx) hay Excel (.xlsx)" in failure.message
    assert "dù có đuôi .xlsx" in failure.message


@pytest.mark.parametrize("name", ["bao-mat.xlsx", "cu.xls", "cu.docx"])
def test_encrypted_or_old_format_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(OLE2 + bytes(504))

    failure = _fail(path)

    assert "được bảo vệ bằng mật khẩu" in failure.message
    assert "(.doc/.xls)" in failure.message
    assert name in failure.message


def test_damaged_zip(tmp_path: Path) -> None:
    whole = (FIXTURES / "bach-long-vi-phu-luc.docx").read_bytes()
    path = tmp_path / "hong.docx"
    path.write_bytes(whole[: len(whole) // 2])

    failure = _fail(path)

    assert "“hong.docx” bị hỏng" in failure.message


def test_zip_with_a_damaged_document_inside(tmp_path: Path) -> None:
    path = tmp_path / "hong-ben-trong.docx"
    with (
        zipfile.ZipFile(FIXTURES / "bach-long-vi-phu-luc.docx") as source,
        zipfile.ZipFile(path, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)

    failure = _fail(path)

    assert "Tệp Word “hong-ben-trong.docx” bị hỏng" in failure.message


def test_zip_that_is_neither_word_nor_excel(tmp_path: Path) -> None:
    path = tmp_path / "nen.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải Word")

    assert "không phải tệp Word (.docx) hay Excel (.xlsx)" in _fail(path).message


def test_word_file_without_a_table(build: Builder) -> None:
    path = build.docx("khong-bang.docx", "Phụ lục", "DANH MỤC NHIỆM VỤ", "1. Rà soát văn bản")

    assert "không có bảng nào" in _fail(path).message


def test_no_table_with_a_recognisable_header(build: Builder, kind: str) -> None:
    rows = [["Cột A", "Cột B", "Cột C"], ["1", "Rà soát", "2026"]]

    failure = _fail(build.table(kind, Table(rows)))

    assert "Không tìm thấy bảng nào có dòng tiêu đề nhận ra được" in failure.message
    assert "“Nội dung công việc”" in failure.message


def test_table_with_only_its_header(build: Builder, kind: str) -> None:
    rows = [["STT", "Nội dung công việc", "Tên nhiệm vụ", "Trạng thái", "Thời hạn"]]

    failure = _fail(build.table(kind, Table(rows)))

    assert failure.message == "Bảng chỉ có dòng tiêu đề, không có nhiệm vụ nào."
    assert failure.where == ("Bảng 1" if kind == "docx" else "Trang tính “Phụ lục”")
    assert str(failure) == f"{failure.where}: {failure.message}"


def test_empty_workbook(build: Builder) -> None:
    path = build.xlsx("rong.xlsx", Sheet("Sheet1", []))

    assert "không có dữ liệu" in _fail(path).message


@pytest.mark.parametrize("content", [b"", None])
def test_empty_or_missing_file(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "phu-luc.docx"
    if content is not None:
        path.write_bytes(content)

    message = _fail(path).message

    assert ("rỗng" if content is not None else "Không tìm thấy tệp") in message
