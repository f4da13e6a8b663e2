"""Headers are found by their words in any order and wording; tables are found among others."""

from __future__ import annotations

from datetime import datetime

import pytest

from carapp.importers import read_appendix
from carapp.importers.excel import value_text

from .files import Builder, Sheet, Table

TASK = "Rà soát văn bản quy phạm pháp luật"
SECTION = ["I", "CẢI CÁCH THỂ CHẾ"]


def _fields(path: object) -> list[tuple[str, str, str, str, str, str]]:
    """Return (number, content, lead, cooperating, output, deadline) of every imported task."""
    tasks = read_appendix(path).tasks  # type: ignore[arg-type]
    return [(t.number, t.content, t.lead, t.cooperating, t.output, t.deadline) for t in tasks]


@pytest.mark.parametrize(
    "header",
    [
        ["Thời hạn", "TT", "Cơ quan phối hợp", "Tên nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì"],
        ["Tiến độ", "Số TT", "Phối hợp", "Nhiệm vụ", "Kết quả dự kiến", "Chủ trì"],
        ["THỜI GIAN HOÀN THÀNH", "stt", "ĐƠN VỊ PHỐI HỢP", "NỘI DUNG", "KẾT QUẢ", "ĐƠN VỊ CHỦ TRÌ"],
        [
            "Thoi gian hoan thanh",
            "STT",
            "Don vi phoi hop",
            "Noi dung cong viec",
            "San pham",
            "Don vi chu tri",
        ],
    ],
)
def test_reordered_and_renamed_headers_map_each_column(
    build: Builder, kind: str, header: list[str]
) -> None:
    rows = [header, ["2026-2030", "1", "Các phòng", TASK, "Báo cáo", "Văn phòng UBND"]]

    fields = _fields(build.table(kind, Table(rows)))

    assert fields == [("1", TASK, "Văn phòng UBND", "Các phòng", "Báo cáo", "2026-2030")]


@pytest.mark.parametrize(
    "merges",
    [
        [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4)],
        [(0, 2, 0, 3)],  # only the parent cell merged; the cells under the others left empty
    ],
)
def test_two_row_header_with_merged_parent_cell(
    build: Builder, kind: str, merges: list[tuple[int, int, int, int]]
) -> None:
    rows = [
        ["STT", "Nội dung công việc", "Đơn vị thực hiện", None, "Thời gian hoàn thành"],
        [None, None, "Chủ trì", "Phối hợp", None],
        ["1", TASK, "Văn phòng UBND", "Phòng Kinh tế", "2026"],
    ]

    result = read_appendix(build.table(kind, Table(rows, merges)))

    tasks = [(t.number, t.content, t.lead, t.cooperating, t.deadline) for t in result.tasks]
    assert tasks == [("1", TASK, "Văn phòng UBND", "Phòng Kinh tế", "2026")]
    assert result.issues == []


def test_header_rows_repeated_on_later_pages_are_skipped(build: Builder, kind: str) -> None:
    header = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"]
    rows = [header, SECTION, ["1", TASK, "A", "2026"], header, ["2", "Việc hai", "B", "2027"]]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.number, t.content) for t in result.tasks] == [("1", TASK), ("2", "Việc hai")]
    assert len(result.appendix.sections) == 1
    assert result.issues == []


def test_task_worded_like_a_header_is_still_a_task(build: Builder, kind: str) -> None:
    header = ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Thời hạn"]
    task = ["5", "Thực hiện nhiệm vụ", "Phòng chủ trì", "Đơn vị phối hợp", "Kết quả", "2026"]

    fields = _fields(build.table(kind, Table([header, task])))

    assert fields == [tuple(task)]


def test_row_numbering_the_columns_is_skipped(build: Builder, kind: str) -> None:
    rows = [
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", TASK, "A", "2026"],
    ]

    assert _fields(build.table(kind, Table(rows))) == [("1", TASK, "A", "", "", "2026")]


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (1, "1"), (2.0, "2"), (2.5, "2.5"), (datetime(2025, 6, 30, 8, 0), "30/06/2025")],
)
def test_excel_values_read_as_printed(value: object, text: str) -> None:
    assert value_text(value) == text


def test_hidden_id_and_code_columns_of_carapp_exports_fill_the_task(build: Builder) -> None:
    rows = [
        ["ID", "Mã nhiệm vụ", "STT", "Nội dung công việc", "Thời gian hoàn thành"],
        ["3f1c2a9e-0000-4000-8000-000000000001", "BLV-01", 1, TASK, "2026-2030"],
        [None, None, 2, "Việc không có mã", "2026"],
    ]
    path = build.xlsx("xuat.xlsx", Sheet("Phụ lục", rows, hidden_columns=[0]))

    tasks = read_appendix(path).tasks

    assert [(t.id, t.code, t.number) for t in tasks] == [
        ("3f1c2a9e-0000-4000-8000-000000000001", "BLV-01", "1"),
        (None, "", "2"),
    ]


def test_second_table_continues_the_same_plan(build: Builder) -> None:
    header = ["STT", "Nội dung công việc", "Thời gian hoàn thành"]
    first = Table([header, SECTION, ["1", TASK, "2026"]])
    second = Table([header, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ["2", "Công khai TTHC", "2027"]])
    path = build.docx("hai-bang.docx", "Phụ lục", first, "(tiếp theo)", second)

    sections = read_appendix(path).appendix.sections

    assert [(s.numeral, [t.number for t in s.tasks]) for s in sections] == [
        ("I", ["1"]),
        ("II", ["2"]),
    ]


def test_second_sheet_continues_the_same_plan(build: Builder) -> None:
    header = ["STT", "Nội dung công việc", "Thời gian hoàn thành"]
    path = build.xlsx(
        "hai-trang.xlsx",
        Sheet("Trang 1", [header, SECTION, ["1", TASK, "2026"]]),
        Sheet("Trang 2", [header, ["2", "Việc hai", "2027"]]),
    )

    sections = read_appendix(path).appendix.sections

    assert [(s.numeral, [t.number for t in s.tasks]) for s in sections] == [("I", ["1", "2"])]


def test_table_without_header_is_ignored_with_a_note(build: Builder) -> None:
    # (A borderless header-block table is read as the document's header: see test_letterhead.)
    layout = Table([["Ghi chú", "Số liệu tổng hợp đến ngày 30/6"]])
    plan = Table([["STT", "Nội dung công việc", "Thời hạn"], ["1", TASK, "2026"]])
    path = build.docx("co-bang-tieu-de.docx", layout, "DANH MỤC NHIỆM VỤ", plan)

    result = read_appendix(path)

    assert [t.content for t in result.tasks] == [TASK]
    assert [(i.severity, i.where) for i in result.issues] == [("warning", "Bảng 1")]
    assert "bỏ qua" in result.issues[0].message


def test_table_without_header_after_the_plan_continues_it_when_it_has_the_same_columns(
    build: Builder,
) -> None:
    plan = Table([["STT", "Nội dung công việc", "Thời hạn"], SECTION + [None], ["1", TASK, "2026"]])
    rest = Table([["2", "Việc trên trang sau", "2027"]])
    path = build.docx("bang-ngat.docx", plan, rest)

    result = read_appendix(path)

    assert [t.number for t in result.tasks] == ["1", "2"]
    assert [i.where for i in result.issues] == ["Bảng 2"]
    assert "đọc tiếp theo các cột của bảng 1" in result.issues[0].message


def test_hidden_sheet_is_skipped_with_a_note(build: Builder) -> None:
    header = ["STT", "Nội dung công việc", "Thời hạn"]
    path = build.xlsx(
        "an.xlsx",
        Sheet("Phụ lục", [header, ["1", TASK, "2026"]]),
        Sheet("Nháp", [header, ["9", "Việc nháp", "2026"]], hidden=True),
    )

    result = read_appendix(path)

    assert [t.number for t in result.tasks] == ["1"]
    assert [i.where for i in result.issues] == ["Trang tính “Nháp”"]


def test_attached_to_line_above_the_table_is_kept(build: Builder, kind: str) -> None:
    above = [
        "PHỤ LỤC II",
        "DANH MỤC NHIỆM VỤ KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH",
        "GIAI ĐOẠN 2026-2030",
        "(Kèm theo Kế hoạch số 69/KH-NV ngày 29 tháng 8 năm 2025 của Sở Ngoại vụ)",
    ]
    rows = [["TT", "Nội dung công việc", "Thời gian hoàn thành"], ["1", TASK, "2026"]]

    appendix = read_appendix(build.table(kind, Table(rows), above)).appendix

    assert appendix.label == "PHỤ LỤC II"
    assert appendix.title == "DANH MỤC NHIỆM VỤ KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026-2030"
    assert appendix.attached_to == above[3]
