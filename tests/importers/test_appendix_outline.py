"""Rows without a printed number become sub-items with their own fields, as real appendices mean."""

from __future__ import annotations

from carapp.domain.documents import TaskRow
from carapp.importers import AppendixImport, read_appendix

from .files import Builder, Table, where

HEADER = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian hoàn thành",
]


def _outline(result: AppendixImport) -> list[tuple[object, ...]]:
    """Return every task as (number, marker, content, lead, cooperating, output, deadline,
    heading, parent's content)."""
    return [
        (
            t.number,
            t.marker,
            t.content,
            t.lead,
            t.cooperating,
            t.output,
            t.deadline,
            t.is_heading,
            t.parent.content if t.parent else None,
        )
        for t in result.tasks
    ]


def test_dash_rows_with_their_own_lead_and_deadline_under_a_numbered_item(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
        ["1", "Rà soát, đơn giản hóa TTHC", "Văn phòng", "Các phòng", "Kế hoạch", "2026-2030"],
        [None, "- Rà soát, đánh giá TTHC", "Văn phòng Sở", "Các phòng", "Văn bản", "2026-2030"],
        [None, "– Cắt giảm quy định kinh doanh", "Phòng Kinh tế", "", "Báo cáo", "Hằng năm"],
        ["2", "Công khai TTHC", "Trung tâm", "", "Tin bài", "2026"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert _outline(result) == [
        ("1", "", "Rà soát, đơn giản hóa TTHC", "Văn phòng", "Các phòng", "Kế hoạch",
         "2026-2030", False, None),
        ("", "-", "Rà soát, đánh giá TTHC", "Văn phòng Sở", "Các phòng", "Văn bản",
         "2026-2030", False, "Rà soát, đơn giản hóa TTHC"),
        ("", "–", "Cắt giảm quy định kinh doanh", "Phòng Kinh tế", "", "Báo cáo", "Hằng năm",
         False, "Rà soát, đơn giản hóa TTHC"),
        ("2", "", "Công khai TTHC", "Trung tâm", "", "Tin bài", "2026", False, None),
    ]  # fmt: skip
    assert result.issues == []


def test_unmarked_rows_under_a_group_heading_with_empty_cells(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["2", "Rà soát, đơn giản hóa thủ tục hành chính", None, None, None, None],
        [None, "Rà soát thủ tục nội bộ", "Văn phòng Sở", "Các phòng", "Văn bản", "2026-2030"],
        [None, "Cắt giảm giấy tờ", "Văn phòng", None, "Báo cáo", "Hàng năm"],
        ["3", "Kiểm tra CCHC", "Văn phòng Sở", "Các phòng", "Kế hoạch", "Hàng năm"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert _outline(result) == [
        ("2", "", "Rà soát, đơn giản hóa thủ tục hành chính", "", "", "", "", True, None),
        ("", "", "Rà soát thủ tục nội bộ", "Văn phòng Sở", "Các phòng", "Văn bản", "2026-2030",
         False, "Rà soát, đơn giản hóa thủ tục hành chính"),
        ("", "", "Cắt giảm giấy tờ", "Văn phòng", "", "Báo cáo", "Hàng năm", False,
         "Rà soát, đơn giản hóa thủ tục hành chính"),
        ("3", "", "Kiểm tra CCHC", "Văn phòng Sở", "Các phòng", "Kế hoạch", "Hàng năm", False,
         None),
    ]  # fmt: skip
    assert result.issues == []


def test_plus_under_dash_makes_two_levels(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["1", "Cải cách thủ tục", None, None, None, None],
        [None, "- Rà soát thủ tục:", None, None, None, None],
        [None, "+ Thủ tục đất đai", "Phòng Kinh tế", "", "Báo cáo", "2026"],
        [None, "+ Thủ tục hộ tịch", "Phòng Tư pháp", "", "Báo cáo", "2027"],
        [None, "- Công khai thủ tục", "Trung tâm", "", "Tin bài", "2028"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    levels = [(t.marker, t.content, t.level, t.is_heading, t.deadline) for t in result.tasks]
    assert levels == [
        ("", "Cải cách thủ tục", 0, True, ""),
        ("-", "Rà soát thủ tục:", 1, True, ""),
        ("+", "Thủ tục đất đai", 2, False, "2026"),
        ("+", "Thủ tục hộ tịch", 2, False, "2027"),
        ("-", "Công khai thủ tục", 1, False, "2028"),
    ]
    assert [t.parent.content for t in result.tasks[2:4] if t.parent] == ["Rà soát thủ tục:"] * 2
    assert result.issues == []


def test_lettered_markers_in_the_content_or_the_number_column(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["1", "Tuyên truyền CCHC", "Văn phòng", "", "Kế hoạch", "Hằng năm"],
        [None, "a) Tuyên truyền trên cổng thông tin", "Văn phòng", "", "Tin bài", "2026"],
        ["b)", "b) Hội thi tìm hiểu CCHC", "Đoàn Thanh niên", "", "Hội thi", "2027"],
        ["2", "Đối thoại", None, None, None, None],
        [None, "a. Tọa đàm", "Văn phòng", "", "Biên bản", "2028"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.number, t.marker, t.content, t.deadline, t.level) for t in result.tasks] == [
        ("1", "", "Tuyên truyền CCHC", "Hằng năm", 0),
        ("", "a)", "Tuyên truyền trên cổng thông tin", "2026", 1),
        ("", "b)", "Hội thi tìm hiểu CCHC", "2027", 1),
        ("2", "", "Đối thoại", "", 0),
        ("", "a.", "Tọa đàm", "2028", 1),
    ]
    assert [t.is_heading for t in result.tasks] == [
        False,
        False,
        False,
        True,
        False,
    ]  # it has its own fields: an item with sub-items


def test_a_true_continuation_row_is_folded_with_a_warning_naming_it(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["1", "Rà soát, kiểm tra, hệ thống", "Văn phòng", "Các phòng", "Báo cáo", "2026-2030"],
        [None, "văn bản quy phạm pháp luật", None, None, None, None],
        ["2", "Việc hai", "Văn phòng", "", "", "2026"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.number, t.content, t.parent) for t in result.tasks] == [
        ("1", "Rà soát, kiểm tra, hệ thống\nvăn bản quy phạm pháp luật", None),
        ("2", "Việc hai", None),
    ]
    assert [(i.severity, i.where, i.message) for i in result.issues] == [
        (
            "warning",
            where(kind, 3),
            "Dòng không có số thứ tự “văn bản quy phạm pháp luật” không có đơn vị chủ trì, "
            "thời hạn hay sản phẩm riêng: đã ghép vào nhiệm vụ 1 phía trên.",
        )
    ]


def test_bullet_of_the_same_list_as_a_sub_item_is_a_sub_item_even_without_fields(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["1", "Cải cách thủ tục", None, None, None, None],
        [None, "- Rà soát thủ tục", None, None, None, None],
        [None, "- Công khai thủ tục", "Trung tâm", "", "Tin bài", "2028"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.marker, t.content, t.is_heading) for t in result.tasks] == [
        ("", "Cải cách thủ tục", True),
        ("-", "Rà soát thủ tục", False),
        ("-", "Công khai thủ tục", False),
    ]
    assert result.issues == []


def test_lead_merged_down_over_bullets_does_not_make_them_tasks(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["1", "Số hóa hồ sơ:", "Văn phòng", "", "Dữ liệu", "2026"],
        [None, "- hồ sơ đất đai;", None, None, None, None],
        [None, "- hồ sơ hộ tịch.", None, None, None, None],
    ]

    result = read_appendix(build.table(kind, Table(rows, [(1, 2, 3, 2), (1, 5, 3, 5)])))

    assert [(t.content, t.lead, t.deadline) for t in result.tasks] == [
        ("Số hóa hồ sơ:\n- hồ sơ đất đai;\n- hồ sơ hộ tịch.", "Văn phòng", "2026")
    ]
    assert [i.where for i in result.issues] == [where(kind, 3), where(kind, 4)]


def test_sub_items_share_a_lead_merged_down_and_keep_their_own_deadlines(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["1", "Số hóa hồ sơ", "Văn phòng", "", "", ""],
        [None, "- Hồ sơ đất đai", None, "", "Dữ liệu", "2026"],
        [None, "- Hồ sơ hộ tịch", None, "", "Dữ liệu", "2027"],
    ]

    result = read_appendix(build.table(kind, Table(rows, [(1, 2, 3, 2)])))

    assert [(t.content, t.lead, t.deadline, t.level) for t in result.tasks] == [
        ("Số hóa hồ sơ", "Văn phòng", "", 0),
        ("Hồ sơ đất đai", "Văn phòng", "2026", 1),
        ("Hồ sơ hộ tịch", "Văn phòng", "2027", 1),
    ]
    assert not result.tasks[0].is_heading


def test_unnumbered_rows_with_fields_at_the_start_of_a_section_stay_side_by_side(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["I", "CẢI CÁCH THỂ CHẾ"],
        [None, "Rà soát văn bản", "Văn phòng", "", "Báo cáo", "2026"],
        [None, "Theo dõi thi hành pháp luật", "Văn phòng", "", "Báo cáo", "2027"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.content, t.level) for t in result.tasks] == [
        ("Rà soát văn bản", 0),
        ("Theo dõi thi hành pháp luật", 0),
    ]
    assert [i.where for i in result.issues] == [where(kind, 3), where(kind, 4)]


def test_level_of_a_task_row() -> None:
    top = TaskRow("1", "Việc")
    child = TaskRow("", "Con", marker="-", parent=top)
    assert (top.level, child.level, child.printed_content) == (0, 1, "- Con")


def test_in_carapps_own_workbook_rows_with_the_same_id_are_one_cut_cell(
    build: Builder, kind: str
) -> None:
    rows = [
        [*HEADER, "ID"],
        ["1", "Việc chính", "Văn phòng", "", "Báo cáo", "2026", "id-1"],
        [None, "phần còn lại của ô", "(tiếp)", "", "", "", "id-1"],
        [None, "- Việc con", "Phòng Kinh tế", "", "Báo cáo", "2027", "id-2"],
        [None, "- và phần cuối", "Phòng", "", "", "", "id-2"],
        [None, "- Việc người dùng thêm", "Phòng Tư pháp", "", "", "2028", None],
        [None, None, None, "Các phòng", None, None, None],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.id, t.content, t.lead, t.cooperating, t.level) for t in result.tasks] == [
        ("id-1", "Việc chính\nphần còn lại của ô", "Văn phòng\n(tiếp)", "", 0),
        ("id-2", "Việc con\n- và phần cuối", "Phòng Kinh tế\nPhòng", "", 1),
        (None, "Việc người dùng thêm", "Phòng Tư pháp", "Các phòng", 1),
    ]
    assert [(i.where, i.message) for i in result.issues] == [
        (
            where(kind, 3),
            "Dòng “phần còn lại của ô” là phần tiếp theo của ô quá dài (cùng mã nhiệm vụ): "
            "đã ghép vào nhiệm vụ 1 phía trên.",
        ),
        (
            where(kind, 5),
            "Dòng “- và phần cuối” là phần tiếp theo của ô quá dài (cùng mã nhiệm vụ): "
            "đã ghép vào nhiệm vụ con “Việc con” phía trên.",
        ),
        (
            where(kind, 7),
            "Dòng không có số thứ tự và không có nội dung: "
            "đã ghép vào nhiệm vụ con “Việc người dùng thêm” phía trên.",
        ),
    ]


def test_sub_numbers_sit_under_their_item_and_keep_their_number(build: Builder, kind: str) -> None:
    rows = [
        HEADER,
        ["1", "Cải cách thủ tục hành chính", None, None, None, None],
        ["1.1", "Rà soát thủ tục", "Văn phòng", "", "Báo cáo", "2026"],
        ["1.2", "Công khai thủ tục:", None, None, None, None],
        [None, "- Tại bộ phận một cửa", "Trung tâm", "", "Niêm yết", "2027"],
        [None, "- Trên cổng dịch vụ công", "Văn phòng", "", "Dữ liệu", "2028"],
        ["1.3", "Số hóa hồ sơ", "Văn phòng", "", "Dữ liệu", "2029"],
        ["2", "Kiểm tra", "Văn phòng", "", "Kế hoạch", "2030"],
        ["2.1.", "Kiểm tra định kỳ", "Văn phòng", "", "Biên bản", "2030"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert [(t.number, t.marker, t.level, t.is_heading, t.deadline) for t in result.tasks] == [
        ("1", "", 0, True, ""),
        ("1.1", "", 1, False, "2026"),
        ("1.2", "", 1, True, ""),
        ("", "-", 2, False, "2027"),
        ("", "-", 2, False, "2028"),
        ("1.3", "", 1, False, "2029"),
        ("2", "", 0, False, "2030"),
        ("2.1.", "", 1, False, "2030"),
    ]
    assert result.issues == []


def test_an_unnumbered_title_merged_across_the_row_is_a_group_heading(
    build: Builder, kind: str
) -> None:
    rows = [
        HEADER,
        ["1", "Rà soát văn bản", "Văn phòng", "", "Báo cáo", "2026"],
        [None, "Nhóm nhiệm vụ về công khai thủ tục"],
        [None, "Niêm yết tại bộ phận một cửa", "Trung tâm", "", "Niêm yết", "2026"],
        [None, "Cập nhật Cổng dịch vụ công", "Văn phòng", "", "Dữ liệu", "2027"],
        [None, "Ghi chú: các nhiệm vụ thường xuyên"],
    ]

    result = read_appendix(build.table(kind, Table(rows, [(2, 1, 2, 5), (5, 1, 5, 5)])))

    assert [(t.content, t.is_heading, t.level, t.lead) for t in result.tasks] == [
        ("Rà soát văn bản", False, 0, "Văn phòng"),
        ("Nhóm nhiệm vụ về công khai thủ tục", True, 0, ""),
        ("Niêm yết tại bộ phận một cửa", False, 1, "Trung tâm"),
        ("Cập nhật Cổng dịch vụ công", False, 1, "Văn phòng"),
        ("Ghi chú: các nhiệm vụ thường xuyên", False, 0, ""),
    ]
    assert [(i.where, i.message) for i in result.issues] == [
        (
            where(kind, 6),
            "Dòng gộp ô “Ghi chú: các nhiệm vụ thường…” không có số thứ tự và không có "
            "nhiệm vụ con: đã nhập thành một nhiệm vụ riêng, cần kiểm tra lại.",
        )
    ]
