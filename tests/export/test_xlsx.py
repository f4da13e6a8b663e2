"""The workbooks, read back with openpyxl: layout for printing, ids, validation, row heights."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from carapp.domain.documents import Appendix, ProgressReport
from carapp.domain.status import RecordedStatus
from carapp.export import write_appendix_xlsx, write_report_xlsx
from carapp.export.fonts import text_width
from carapp.export.xlsx_common import POINTS_PER_CHAR
from tests.export.pdftext import squash


def load(path: Path) -> Any:
    return openpyxl.load_workbook(path).active


def find_row(ws: Any, column: int, value: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {column}")


def task_rows(ws: Any, id_column: int) -> dict[str, list[int]]:
    """Return each task id and the rows it spans (its first row and the continuation rows)."""
    header = find_row(ws, 1, "STT")
    rows: dict[str, list[int]] = {}
    current: str | None = None
    for row in range(header + 1, ws.max_row + 1):
        value = ws.cell(row, id_column).value
        piece = ws.cell(row, 1).value is None and ws.cell(row, 2).value
        if value and value != current:
            current = value
            rows[current] = [row]
        elif current and piece and value in (current, None):  # the appendix repeats the id
            rows[current].append(row)
        else:
            current = None
    return rows


def min_lines(text: str, width_chars: float, size: float) -> int:
    """Return a lower bound on the lines `text` needs in a column `width_chars` wide."""
    area = width_chars * POINTS_PER_CHAR
    return sum(max(1, math.ceil(text_width(p, size) / area)) for p in text.split("\n"))


def assert_rows_tall_enough(ws: Any, rows: list[int], columns: int, size: float) -> None:
    for row in rows:
        height = ws.row_dimensions[row].height
        assert height is not None and height <= 409
        for column in range(1, columns + 1):
            value = ws.cell(row, column).value
            if isinstance(value, str) and value:
                width = ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width
                assert height >= min_lines(value, width, size) * size * 1.1, (row, column)


def assert_print_setup(ws: Any, title_row: int, last_column: str) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    margins = ws.page_margins
    assert (margins.left, margins.right) == pytest.approx((30 / 25.4, 15 / 25.4))
    assert (margins.top, margins.bottom) == pytest.approx((20 / 25.4, 20 / 25.4))
    assert ws.print_title_rows == f"${title_row}:${title_row}"
    assert ws.print_area.endswith(f"$A$1:${last_column}${ws.max_row}")
    assert "&P" in str(ws.oddHeader.center.text)
    assert ws.HeaderFooter.differentFirst


def test_appendix_workbook(sample_appendix: Appendix, tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    calls: list[tuple[int, int]] = []
    write_appendix_xlsx(sample_appendix, path, lambda d, t: calls.append((d, t)))
    assert calls[-1] == (30, 30) and len(calls) >= 30
    ws = load(path)
    assert ws.title == "Phụ lục"
    title_row = find_row(ws, 1, "STT")
    assert [ws.cell(title_row, c).value for c in range(1, 8)] == [
        "STT",
        "Nội dung công việc",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Kết quả/ Sản phẩm",
        "Thời gian hoàn thành",
        "ID",
    ]
    assert_print_setup(ws, title_row, "F")
    assert ws.column_dimensions["G"].hidden
    assert ws.column_dimensions["B"].width == max(ws.column_dimensions[c].width for c in "ABCDEF")
    merged = {str(r) for r in ws.merged_cells.ranges}
    label_row = find_row(ws, 1, "Phụ lục")
    assert (
        ws.cell(label_row + 1, 1).value
        == unicodedata.normalize("NFC", sample_appendix.title).upper()
    )
    assert ws.cell(label_row + 2, 1).value == (
        "(Kèm theo Kế hoạch số 95/KH-UBND ngày 03/9/2025 của Ủy ban nhân dân đặc khu Bạch Long Vĩ)"
    )
    for row in (label_row, label_row + 1, label_row + 2):
        assert f"A{row}:F{row}" in merged
    for section in sample_appendix.sections:
        row = find_row(ws, 2, section.title)
        assert ws.cell(row, 1).value == section.numeral and f"B{row}:F{row}" in merged
        assert ws.cell(row, 2).font.b
    assert ws.cell(1, 3).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws.cell(3, 3).value == "Bạch Long Vĩ, ngày 03 tháng 9 năm 2025"
    assert ws.cell(3, 3).font.i and ws.cell(1, 3).font.b
    assert ws.cell(title_row + 2, 2).font.name == "Times New Roman"

    tasks = [t for s in sample_appendix.sections for t in s.tasks]
    rows = task_rows(ws, 7)
    assert list(rows) == [t.id for t in tasks]
    for task in tasks:
        (row,) = rows[task.id or ""]
        assert ws.cell(row, 1).value == task.number and ws.cell(row, 2).value == task.content
        assert ws.cell(row, 6).value == task.deadline
        assert ws.cell(row, 2).alignment.wrap_text
        assert_rows_tall_enough(ws, [row], 6, 12)


def test_giant_cells_continue_on_rows_below_and_read_back_whole(
    long_appendix: Appendix, tmp_path: Path
) -> None:
    path = tmp_path / "dai.xlsx"
    write_appendix_xlsx(long_appendix, path)
    ws = load(path)
    rows = task_rows(ws, 7)
    assert list(rows) == ["t-1", "t-2", "t-3"]
    giant_rows = rows["t-2"]
    assert len(giant_rows) > 3
    content = " ".join(ws.cell(r, 2).value for r in giant_rows)
    assert squash(content) == squash(
        unicodedata.normalize("NFC", long_appendix.sections[0].tasks[1].content)
    )
    assert_rows_tall_enough(ws, giant_rows, 6, 12)
    for row in giant_rows[1:]:  # no rule between the pieces of one task
        assert ws.cell(row, 2).border.top.style is None
    assert ws.cell(giant_rows[-1], 2).border.bottom.style == "thin"
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert unicodedata.is_normalized("NFC", cell.value)


def test_report_workbook(sample_report: ProgressReport, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    write_report_xlsx(sample_report, path)
    ws = load(path)
    assert ws.title == "Báo cáo"
    title_row = find_row(ws, 1, "STT")
    assert ws.cell(title_row, 5).value == "Trạng thái" and ws.cell(title_row, 9).value == "ID"
    assert_print_setup(ws, title_row, "H")
    assert ws.column_dimensions["I"].hidden
    assert find_row(ws, 1, "BÁO CÁO") < title_row

    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    for status in RecordedStatus:
        assert status.label in validation.formula1
    rows = [r for s in sample_report.sections for r in s.rows]
    found = task_rows(ws, 9)
    assert list(found) == [r.task.id for r in rows]
    for row in rows:
        (n,) = found[row.task.id or ""]
        assert f"E{n}" in validation.sqref
        assert row.status and ws.cell(n, 5).value == row.status.label
        assert row.derived and ws.cell(n, 8).value == row.derived.label
        assert ws.cell(n, 6).value.startswith(
            f"Đã tổ chức thực hiện nhiệm vụ số {row.task.number};"
        )
        if row.completed_on:
            assert ws.cell(n, 7).value == dt.datetime.combine(row.completed_on, dt.time())
            assert ws.cell(n, 7).number_format == "DD/MM/YYYY"
        assert_rows_tall_enough(ws, [n], 8, 11)
    assert (
        "Khó khăn, vướng mắc: Đường truyền Internet ra đảo chưa ổn định."
        in ws.cell(found[rows[0].task.id or ""][0], 6).value
    )

    summary = find_row(ws, 1, "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC")
    assert summary > max(n for rs in found.values() for n in rs)
    total = find_row(ws, 1, "Tổng cộng")
    assert [ws.cell(total, c).value for c in range(3, 9)] == ["30", "6", "6", "6", "6", "6"]
    assert ws.cell(total + 2, 1).value.startswith("Tổng số 30 nhiệm vụ; đã hoàn thành 12")
    assert find_row(ws, 1, "Nơi nhận:") > total
    assert find_row(ws, 4, "TM. ỦY BAN NHÂN DÂN") > total
    assert find_row(ws, 4, "Nguyễn Văn An") > find_row(ws, 4, "PHÓ CHỦ TỊCH")
    assert ws.cell(find_row(ws, 1, "Nơi nhận:"), 1).font.i


def test_report_workbook_with_a_giant_result(long_report: ProgressReport, tmp_path: Path) -> None:
    path = tmp_path / "dai.xlsx"
    calls: list[tuple[int, int]] = []
    write_report_xlsx(long_report, path, lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, 3)
    ws = load(path)
    rows = task_rows(ws, 9)["t-2"]
    result = " ".join(ws.cell(r, 6).value or "" for r in rows)
    assert "(đoạn 1)" in result and "(đoạn 40)" in result
    assert_rows_tall_enough(ws, rows, 8, 11)
