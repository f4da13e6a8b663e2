"""Sub-item rows ("- …", "+ …") of a progress report belong to the task above them."""

from __future__ import annotations

from carapp.importers import read_progress_report

from .files import Builder, Table

UNNUMBERED = ["Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Trạng thái", "Kết quả thực hiện"]
NUMBERED = ["STT", *UNNUMBERED]


def test_bullet_rows_with_only_a_name_are_folded_into_the_task_above(
    build: Builder, kind: str
) -> None:
    table = Table(
        [
            UNNUMBERED,
            ["Số hóa hồ sơ", "Văn phòng", "31/12/2025", "Đang thực hiện", "Đạt 80%"],
            ["- Hồ sơ đất đai", None, None, None, None],
            ["+ Hồ sơ hộ tịch", None, None, None, None],
            ["- Cải cách riêng", "Phòng Nội vụ", "30/06/2026", "Đã hoàn thành", "Xong"],
        ]
    )

    report = read_progress_report(build.table(kind, table))

    assert [(r.task_name, r.lead, r.status_text) for r in report.rows] == [
        ("Số hóa hồ sơ\n- Hồ sơ đất đai\n+ Hồ sơ hộ tịch", "Văn phòng", "Đang thực hiện"),
        ("- Cải cách riêng", "Phòng Nội vụ", "Đã hoàn thành"),
    ]
    assert report.issues == []


def test_bullet_rows_without_a_number_are_folded_with_their_texts(
    build: Builder, kind: str
) -> None:
    table = Table(
        [
            NUMBERED,
            ["1", "Số hóa hồ sơ", "Văn phòng", "31/12/2025", "Đang thực hiện", "Đạt 80%"],
            [None, "- Hồ sơ đất đai", None, None, None, "Đạt 90%"],
            ["-", "Hồ sơ hộ tịch", None, None, None, None],
            ["2", "- Công khai thủ tục", "Trung tâm", "30/06/2026", "Đã hoàn thành", "Xong"],
        ]
    )

    report = read_progress_report(build.table(kind, table))

    assert [(r.number, r.task_name, r.description) for r in report.rows] == [
        ("1", "Số hóa hồ sơ\n- Hồ sơ đất đai\n- Hồ sơ hộ tịch", "Đạt 80%\nĐạt 90%"),
        ("2", "- Công khai thủ tục", "Xong"),
    ]
    assert report.issues == []


def test_bullet_row_with_nothing_above_stays_a_row(build: Builder, kind: str) -> None:
    table = Table([UNNUMBERED, ["- Hồ sơ đất đai", "Văn phòng", "2025", "Đã hoàn thành", "Xong"]])

    report = read_progress_report(build.table(kind, table))

    assert [r.task_name for r in report.rows] == ["- Hồ sơ đất đai"]
