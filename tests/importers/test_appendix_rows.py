"""Section rows, numbering, sub-items and messy cells are read as officers mean them."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from carapp.domain import deadlines
from carapp.domain.areas import ReformArea
from carapp.importers import AppendixImport, read_appendix

from .files import Builder, Sheet, Table, where

HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]


def _sections(result: AppendixImport) -> list[tuple[str, str, list[str]]]:
    """Return (numeral, title, task numbers) of every imported section."""
    sections = result.appendix.sections
    return [(s.numeral, s.title, [t.number for t in s.tasks]) for s in sections]


def test_section_row_merged_over_the_whole_width(build: Builder, kind: str) -> None:
    rows = [HEADER, ["I. CẢI CÁCH THỂ CHẾ"], ["1", "Rà soát", "A", "B", "2026"]]

    result = read_appendix(build.table(kind, Table(rows, [(1, 0, 1, 4)])))

    section = result.appendix.sections[0]
    assert (section.numeral, section.title, section.area) == (
        "I",
        "CẢI CÁCH THỂ CHẾ",
        ReformArea.INSTITUTIONS,
    )
    assert [t.content for t in section.tasks] == ["Rà soát"]


def test_section_numeral_in_number_column_and_title_merged_over_the_rest(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["II", "CẢI CÁCH THỦ TỤC\nHÀNH CHÍNH"],
        ["1", "Công khai TTHC", "A", "B", "2026"],
    ]

    sections = read_appendix(build.table(kind, Table(rows, [(1, 1, 1, 4)]))).appendix.sections

    assert [(s.numeral, s.title, s.area) for s in sections] == [
        ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES)
    ]


def test_section_numeral_and_title_with_the_other_cells_empty(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["V.", "Cải cách tài chính công", None, None, None],
        ["1", "Tự chủ", "", "", ""],
    ]

    sections = read_appendix(build.table(kind, Table(rows))).appendix.sections

    assert [(s.numeral, s.title, s.area) for s in sections] == [
        ("V", "Cải cách tài chính công", ReformArea.PUBLIC_FINANCE)
    ]


def test_unnumbered_section_in_capitals(build: Builder, kind: str) -> None:
    rows = [HEADER, ["CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"], ["1", "Tự đánh giá", "A", "B", "2026"]]

    sections = read_appendix(build.table(kind, Table(rows, [(1, 0, 1, 4)]))).appendix.sections

    assert [(s.numeral, s.title, s.area) for s in sections] == [
        ("", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", ReformArea.DIRECTION)
    ]


def test_numbering_that_restarts_per_section(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["I", "CẢI CÁCH THỂ CHẾ"],
        ["1", "Ban hành văn bản", "Văn phòng Sở", "", "206-2030"],
        ["2", "Rà soát danh mục", "Văn phòng Sở", "", "2026 – tháng 2/2027"],
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
        ["1", "Ban hành quy định TTHC", "Văn phòng Sở", "", "2026-2030"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert _sections(result) == [
        ("I", "CẢI CÁCH THỂ CHẾ", ["1", "2"]),
        ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ["1"]),
    ]
    assert [i for i in result.issues if "lặp lại" in i.message] == []


def test_number_repeated_within_a_section_is_warned(build: Builder, kind: str) -> None:
    rows = [HEADER, ["I", "CẢI CÁCH THỂ CHẾ"], ["1", "Việc một", "", "", ""], ["1", "Việc hai"]]

    result = read_appendix(build.table(kind, Table(rows)))

    assert len(result.tasks) == 2
    assert [(i.where, i.message) for i in result.issues] == [
        (where(kind, 4), "Số thứ tự 1 lặp lại trong mục I.")
    ]


def test_multi_line_cells_keep_their_line_breaks(build: Builder, kind: str) -> None:
    rows = [HEADER, ["1", "Dòng một\nDòng hai", "Văn phòng\nUBND", "", "2026 – tháng\n2/2027"]]

    task = read_appendix(build.table(kind, Table(rows))).tasks[0]

    assert (task.content, task.lead) == ("Dòng một\nDòng hai", "Văn phòng\nUBND")
    assert task.deadline == "2026 – tháng 2/2027"


def test_word_cell_with_several_paragraphs_keeps_them_on_separate_lines(build: Builder) -> None:
    rows = [HEADER, ["1", ["Đoạn một;", "Đoạn hai."], "A", "B", "2026"]]

    task = read_appendix(build.docx("doan.docx", Table(rows))).tasks[0]

    assert task.content == "Đoạn một;\nĐoạn hai."


def test_stray_spaces_are_removed(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        [" 1 ", "  Rà   soát,\u00a0kiểm tra  \n  hệ thống  ", " Văn  phòng ", "", " 2026 "],
    ]

    task = read_appendix(build.table(kind, Table(rows))).tasks[0]

    assert (task.number, task.content, task.lead, task.deadline) == (
        "1",
        "Rà soát, kiểm tra\nhệ thống",
        "Văn phòng",
        "2026",
    )


def test_bullets_without_fields_of_their_own_join_the_task_above_with_warnings(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["1", "Cải cách thủ tục:", "Trung tâm", "", "2026"],
        [None, "- Rà soát thủ tục nội bộ", None, None, None],
        [None, "+ Cắt giảm giấy tờ", None, None, None],
        ["2", "Việc hai", "A", "", "2027"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [t.content for t in result.tasks] == [
        "Cải cách thủ tục:\n- Rà soát thủ tục nội bộ\n+ Cắt giảm giấy tờ",
        "Việc hai",
    ]
    assert [(i.where, i.message.split("”")[0]) for i in result.issues] == [
        (where(kind, 3), "Dòng không có số thứ tự “- Rà soát thủ tục nội…"),
        (where(kind, 4), "Dòng không có số thứ tự “+ Cắt giảm giấy tờ"),
    ]


def test_dash_in_the_number_column_marks_a_sub_item(build: Builder, kind: str) -> None:
    rows = [HEADER, ["1", "Việc chính", "A", "", "2026"], ["-", "Việc con", None, None, None]]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [t.content for t in result.tasks] == ["Việc chính\n- Việc con"]


def test_sub_item_with_no_task_above_is_kept_as_a_task_with_a_warning(
    build: Builder, kind: str
) -> None:
    rows = [HEADER, ["I", "CẢI CÁCH THỂ CHẾ"], [None, "- Rà soát văn bản", "A", "", "2026"]]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.number, t.marker, t.content, t.lead) for t in result.tasks] == [
        ("", "-", "Rà soát văn bản", "A")
    ]
    assert [(i.severity, i.where) for i in result.issues] == [("warning", where(kind, 3))]


def test_unnumbered_row_that_is_no_sub_item_joins_the_task_above_with_a_warning(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["1", "Rà soát, kiểm tra", "A", "", "2026"],
        [None, "và hệ thống hóa", "", "B", ""],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.content, t.cooperating) for t in result.tasks] == [
        ("Rà soát, kiểm tra\nvà hệ thống hóa", "B")
    ]
    assert [i.where for i in result.issues] == [where(kind, 3)]
    assert "đã ghép vào nhiệm vụ 1" in result.issues[0].message


def test_empty_cells_and_rows(build: Builder, kind: str) -> None:
    rows = [HEADER, [None, None, None, None, None], ["1", "Việc một", None, "", None]]

    result = read_appendix(build.table(kind, Table(rows)))

    task = result.tasks[0]
    assert (task.number, task.content, task.lead, task.cooperating, task.deadline) == (
        "1",
        "Việc một",
        "",
        "",
        "",
    )
    assert result.issues == []


def test_number_without_content_is_skipped_with_a_warning(build: Builder, kind: str) -> None:
    rows = [HEADER, ["1", "Việc một", "", "", ""], ["2", None, "A", None, None]]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [t.number for t in result.tasks] == ["1"]
    assert [i.where for i in result.issues] == [where(kind, 3)]


def test_decomposed_text_is_stored_composed(build: Builder, kind: str) -> None:
    header = [unicodedata.normalize("NFD", text) for text in HEADER]
    nfd = unicodedata.normalize("NFD", "Rà soát thủ tục hành chính")
    section = ["I", unicodedata.normalize("NFD", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")]
    rows = [header, section, ["1", nfd, unicodedata.normalize("NFD", "Văn phòng"), "", "2026"]]
    assert nfd != unicodedata.normalize("NFC", nfd)

    result = read_appendix(build.table(kind, Table(rows)))

    task = result.tasks[0]
    assert (task.content, task.lead) == ("Rà soát thủ tục hành chính", "Văn phòng")
    assert result.appendix.sections[0].area is ReformArea.PROCEDURES


def test_lead_merged_down_several_rows_belongs_to_each_task(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["1", "Việc một", "Phòng Văn hóa - Xã hội", "", "2026"],
        ["2", "Việc hai", None, "", "2026"],
        ["3", "Việc ba", None, "", "2026"],
    ]

    tasks = read_appendix(build.table(kind, Table(rows, [(1, 2, 3, 2)]))).tasks

    assert [t.lead for t in tasks] == ["Phòng Văn hóa - Xã hội"] * 3


def test_tasks_before_any_section_go_into_an_untitled_section(build: Builder, kind: str) -> None:
    rows = [HEADER, ["1", "Việc một", "A", "", "2026"]]

    sections = read_appendix(build.table(kind, Table(rows))).appendix.sections

    assert [(s.numeral, s.title, s.area, len(s.tasks)) for s in sections] == [
        ("", "", ReformArea.OTHER, 1)
    ]


def test_excel_numbers_and_dates_read_as_printed(build: Builder) -> None:
    rows = [
        HEADER,
        [1, "Việc một", "", "", datetime(2025, 12, 31)],
        [2.0, "Việc hai", "", "", 2026],
    ]

    tasks = read_appendix(build.xlsx("so.xlsx", Sheet("Phụ lục", rows))).tasks

    assert [(t.number, t.deadline) for t in tasks] == [("1", "31/12/2025"), ("2", "2026")]


def _understands_all_but_typo(text: str, *_: object) -> deadlines.Deadline:
    """Stand in for the deadline parser: only the printed typo "206-2030" is not understood."""
    return deadlines.Deadline(text, understood=text != "206-2030")


def test_deadline_not_understood_is_imported_with_a_warning_naming_the_row(
    build: Builder, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deadlines, "parse_deadline", _understands_all_but_typo)
    rows = [HEADER, ["1", "Việc một", "", "", "2026-2030"], ["2", "Việc hai", "", "", "206-2030"]]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [t.deadline for t in result.tasks] == ["2026-2030", "206-2030"]
    assert [(i.severity, i.where) for i in result.issues] == [("warning", where(kind, 3))]
    assert "“206-2030”" in result.issues[0].message
    assert "nhiệm vụ 2" in result.issues[0].message


def test_without_a_deadline_parser_no_deadline_is_flagged(
    build: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_yet(*_: object) -> deadlines.Deadline:
        raise NotImplementedError

    monkeypatch.setattr(deadlines, "parse_deadline", not_yet)
    rows = [HEADER, ["1", "Việc một", "", "", "206-2030"]]

    assert read_appendix(build.table("xlsx", Table(rows))).issues == []


def test_real_deadline_parser_flags_the_printed_typo(build: Builder) -> None:
    try:
        deadlines.parse_deadline("2026-2030")
    except NotImplementedError:
        pytest.skip("carapp.domain.deadlines.parse_deadline is not implemented yet")
    rows = [HEADER, ["1", "Việc một", "", "", "2026-2030"], ["2", "Việc hai", "", "", "206-2030"]]

    result = read_appendix(build.table("docx", Table(rows)))

    assert [i.where for i in result.issues] == ["Bảng 1, dòng 3"]
