"""Hostile or odd files end with a Vietnamese message or a correct import, never a hang.

The files are built as raw XML (tests/importers/hostile.py); bench/bench_hostile.py measures the
time and memory each takes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carapp.importers import ImportFailure, read_appendix
from carapp.importers.limits import MAX_COLUMNS
from carapp.importers.report import read_progress_report

from . import hostile


def _refused(path: Path) -> str:
    """Return the message both readers give for a file they refuse."""
    with pytest.raises(ImportFailure):
        read_progress_report(path)
    with pytest.raises(ImportFailure) as caught:
        read_appendix(path)
    return caught.value.message


def test_word_cell_spanning_two_billion_columns(tmp_path: Path) -> None:
    result = read_appendix(hostile.docx_grid_span(tmp_path / "span.docx", "2147483648"))

    assert [(t.number, t.content) for t in result.tasks] == [
        ("1", "Rà soát"),
        ("2", "Rà soát thủ tục hành chính số 2"),
    ]
    (issue,) = result.issues
    assert issue.where == "Bảng 1, dòng 2"
    assert issue.message == (
        f"Ô trải rộng 2.147.483.648 cột (tệp bị lỗi): chỉ tính đến cột thứ {MAX_COLUMNS}."
    )


def test_word_cell_with_a_negative_span_is_one_cell(tmp_path: Path) -> None:
    result = read_appendix(hostile.docx_grid_span(tmp_path / "span.docx", "-5"))

    assert [t.lead for t in result.tasks] == ["", "Văn phòng"]
    assert [t.content for t in result.tasks][0] == "Rà soát"


@pytest.mark.parametrize("merged", [False, True])
def test_word_table_of_100_000_rows(tmp_path: Path, merged: bool) -> None:
    path = hostile.docx_rows(tmp_path / "dai.docx", 100_000, vertical_merge=merged)

    assert _refused(path) == (
        "Bảng 1 của tệp “dai.docx” có hơn 10.000 dòng; carapp đọc tối đa 10.000 dòng một bảng. "
        "Phụ lục, báo cáo thật không dài như vậy: hãy kiểm tra tệp (có thể có nhiều dòng thừa "
        "ở cuối) hoặc tách thành nhiều tệp."
    )


def test_excel_sheet_of_100_000_rows(tmp_path: Path) -> None:
    message = _refused(hostile.xlsx_rows(tmp_path / "dai.xlsx", 100_000))

    assert message.startswith("Một trang tính của tệp “dai.xlsx” có hơn 10.000 dòng")


def test_word_table_of_10_000_columns_imports_its_task(tmp_path: Path) -> None:
    result = read_appendix(hostile.docx_columns(tmp_path / "rong.docx", 10_000))

    assert [(t.number, t.content, t.lead, t.deadline) for t in result.tasks] == [
        ("1", "Rà soát", "Văn phòng", "2026")
    ]


@pytest.mark.parametrize("far", ["XFD1", "A1048576", "XFD1048576"])
def test_excel_value_in_the_farthest_cell(tmp_path: Path, far: str) -> None:
    result = read_appendix(hostile.xlsx_far_cell(tmp_path / "xa.xlsx", far))

    assert [(t.number, t.content) for t in result.tasks] == [("1", "Rà soát thủ tục hành chính")]
    messages = [issue.message for issue in result.issues]
    if far.startswith("XFD"):
        assert messages == [
            f"Trang tính “Sheet” có chữ ở cột thứ 16.384; chỉ đọc {MAX_COLUMNS} cột đầu, "
            "các ô xa hơn bị bỏ qua."
        ]
    else:  # the lone value far below, after empty rows, is past the table's end
        assert [issue.where for issue in result.issues] == ["Trang tính “Sheet”, dòng 1048576"]
        assert messages[0].startswith("Hết bảng nhiệm vụ")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_member_of_an_unsupported_compression_method(tmp_path: Path, kind: str) -> None:
    path = hostile.unsupported_zip(tmp_path / f"nen.{kind}", kind, method=99)
    part = "word/document.xml" if kind == "docx" else "xl/workbook.xml"

    assert _refused(path) == (
        f"Tệp “nen.{kind}” được nén theo cách carapp không đọc được (phần “{part}”, "
        "phương thức nén 99, phiên bản 2.0). "
        "Hãy mở tệp bằng Word/Excel rồi lưu lại dưới dạng .docx hoặc .xlsx."
    )


def test_zip_of_an_unsupported_version(tmp_path: Path) -> None:
    path = hostile.unsupported_zip(tmp_path / "moi.docx", "docx", version=99)

    assert _refused(path) == (
        "Tệp “moi.docx” được nén theo cách carapp không đọc được. "
        "Hãy mở tệp bằng Word/Excel rồi lưu lại dưới dạng .docx hoặc .xlsx."
    )


def test_excel_merged_range_over_the_whole_sheet(tmp_path: Path) -> None:
    path = hostile.xlsx_merged(tmp_path / "gop.xlsx", "A3:XFD1048576")

    assert _refused(path) == (
        "Tệp “gop.xlsx” có vùng gộp ô quá lớn (A3:XFD1048576; tối đa 100.000 ô gộp một trang "
        "tính): không phải một phụ lục hay báo cáo, hoặc tệp bị hỏng. Hãy bỏ gộp các ô thừa rồi "
        "lưu lại."
    )
