"""What follows a table in a sheet (summary, closing sentence, signature, Nơi nhận) is no task."""

from __future__ import annotations

from carapp.importers import read_appendix
from carapp.importers.report import read_progress_report

from .files import Builder, Sheet

HEADER = ["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Trạng thái"]
TASK_1 = ["1", "Rà soát văn bản quy phạm pháp luật", "Văn phòng", "31/12/2026", "Đã hoàn thành"]
TASK_2 = ["2", "Công khai thủ tục hành chính", "Phòng Kinh tế", "30/06/2026", "Đang thực hiện"]


def test_summary_sentence_and_signature_below_the_table_are_not_tasks(build: Builder) -> None:
    rows = [
        ["BÁO CÁO"],
        ["Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2026"],
        HEADER,
        TASK_1,
        TASK_2,
        [],
        ["Tổng số 2 nhiệm vụ; đã hoàn thành 1 nhiệm vụ."],
        ["1", "Cải cách thể chế", "1", "1", "0"],  # a count table: numbered, like tasks
        [],
        ["Nơi nhận:", "", "", "KT. CHỦ TỊCH"],
        ["- Như trên;", "", "", "PHÓ CHỦ TỊCH"],
    ]
    path = build.xlsx("bao-cao.xlsx", Sheet("Báo cáo", rows))

    report = read_progress_report(path)

    assert [row.task_name for row in report.rows] == [TASK_1[1], TASK_2[1]]
    notes = [str(issue) for issue in report.issues]
    assert notes == [
        "Trang tính “Báo cáo”, dòng 7: Hết bảng nhiệm vụ: phần từ dòng này "
        "(tổng hợp, chữ ký, nơi nhận) không đọc."
    ]


def test_signature_right_below_the_table_ends_it(build: Builder) -> None:
    rows = [HEADER, TASK_1, ["", "", "", "TM. ỦY BAN NHÂN DÂN"], ["", "", "", "CHỦ TỊCH"]]
    path = build.xlsx("bao-cao.xlsx", Sheet("Báo cáo", rows))

    assert [row.task_name for row in read_progress_report(path).rows] == [TASK_1[1]]


def test_section_heading_after_an_empty_row_does_not_end_the_table(build: Builder) -> None:
    rows = [
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        ["I", "CẢI CÁCH THỂ CHẾ"],
        TASK_1[:4],
        [],
        ["CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"],
        ["2", "Kiểm tra công tác cải cách hành chính", "Văn phòng", "2026"],
        [],
        ["B. Nhiệm vụ khác"],
        ["3", "Tuyên truyền cải cách hành chính", "Văn phòng", "2026"],
    ]
    path = build.xlsx("phu-luc.xlsx", Sheet("Phụ lục", rows))

    result = read_appendix(path)

    assert [t.number for t in result.tasks] == ["1", "2", "3"]
    assert not any("Hết bảng" in issue.message for issue in result.issues)
