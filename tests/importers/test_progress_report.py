"""Progress reports like Cát Hải's are read with statuses, results and actual dates understood."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from carapp.domain import deadlines
from carapp.domain.status import RecordedStatus
from carapp.importers import ImportFailure, ReportImport, read_progress_report

from .files import FIXTURES, Builder, Sheet, Table, where

PART_A = "A. Nhiệm vụ theo Kế hoạch số 01-KH/BCĐ ngày 26/8/2025 của Ban Chỉ đạo"
PART_B = "B. Nhiệm vụ giao tại Phụ lục 3 của Kế hoạch số 238/KH-UBND ngày 13/9/2025"
PART_C = "C. Nhiệm vụ tại các Thông báo kết luận phiên họp Ban chỉ đạo Trung ương"
HEADER_A = [
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời hạn",
    "Kết quả",
    "Mô tả",
    "Ngày hoàn thành\nthực tế",
]
HEADER_B = [
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời hạn",
    "Trạng thái\nthực hiện",
    "Kết quả thực hiện",
    "Ngày\nhoàn\nthành\nthực tế",
]
HEADER_C = [
    "Mã nhiệm\nvụ",
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Văn bản giao\nnhiệm vụ",
    "Thời hạn",
    "Kết quả",
    "Mô tả",
    "Ngày hoàn thành thực tế",
]
CAT_HAI = "UBND đặc khu\nCát Hải"
RESULTS = ["Đặc khu đã hoàn thành tổ chức bộ máy.", "100% cơ quan sử dụng hệ thống dùng chung."]


def _cat_hai(build: Builder) -> ReportImport:
    """Read a Word report laid out like Cát Hải's: three parts, each with its own columns."""
    part_a = Table(
        [
            HEADER_A,
            [
                "Đẩy mạnh kết nối dữ liệu",
                CAT_HAI,
                "31/12/2025",
                "Đã hoàn thành",
                RESULTS,
                "tháng 7 năm \n2025",
            ],
            [
                "Tiếp tục số hóa hồ sơ",
                CAT_HAI,
                "31/12/2025",
                "Đang thực hiện",
                "99,09% hồ sơ",
                None,
            ],
        ]
    )
    part_b = Table(
        [
            HEADER_B,
            [
                "Hoàn thành CSDL",
                CAT_HAI,
                "30/06/2026",
                "đã thực \nhiện",
                "Đã khai thác",
                "tháng 12/ \n2025",
            ],
        ]
    )
    part_c = Table(
        [
            HEADER_C,
            [
                None,
                "Hoàn thành 114 cơ sở dữ liệu",
                CAT_HAI,
                "Thông báo số\n03-\nTB/BCĐTW\nngày 06/3/2025",
                "31/08/2025",
                "Đã hoàn thành",
                "Đã khai thác.",
                "31-07-2025",
            ],
            [
                "NV-02",
                "Số hóa quy trình",
                CAT_HAI,
                "",
                "2025-06-30",
                "ĐÃ HOÀN THÀNH",
                "",
                "30-09-\n2025",
            ],
        ]
    )
    path = build.docx("bao-cao.docx", PART_A, part_a, PART_B, part_b, PART_C, part_c)
    return read_progress_report(path)


def test_parts_become_sections(build: Builder) -> None:
    report = _cat_hai(build)

    assert [(p.numeral, p.title[:30], len(p.rows)) for p in report.parts] == [
        ("A", "Nhiệm vụ theo Kế hoạch số 01-K", 2),
        ("B", "Nhiệm vụ giao tại Phụ lục 3 củ", 1),
        ("C", "Nhiệm vụ tại các Thông báo kết", 2),
    ]
    assert report.kind == "docx"


def test_status_and_description_columns_are_told_apart_by_their_neighbours(build: Builder) -> None:
    rows = _cat_hai(build).rows

    assert [(r.status_text, r.description) for r in rows] == [
        ("Đã hoàn thành", "\n".join(RESULTS)),
        ("Đang thực hiện", "99,09% hồ sơ"),
        ("đã thực\nhiện", "Đã khai thác"),
        ("Đã hoàn thành", "Đã khai thác."),
        ("ĐÃ HOÀN THÀNH", ""),
    ]
    assert [r.status for r in rows] == [
        RecordedStatus.DONE,
        RecordedStatus.IN_PROGRESS,
        RecordedStatus.DONE,
        RecordedStatus.DONE,
        RecordedStatus.DONE,
    ]


def test_report_rows_keep_every_text(build: Builder) -> None:
    row = _cat_hai(build).parts[2].rows[0]

    assert (row.code, row.task_name, row.lead, row.deadline) == (
        "",
        "Hoàn thành 114 cơ sở dữ liệu",
        CAT_HAI,
        "31/08/2025",
    )
    assert row.assigning_document == "Thông báo số\n03-TB/BCĐTW\nngày 06/3/2025"
    assert row.where == "Bảng 3, dòng 2"
    assert _cat_hai(build).parts[2].rows[1].code == "NV-02"


def test_completion_dates_in_every_format_of_the_report(build: Builder) -> None:
    report = _cat_hai(build)

    assert [(r.completed_text, r.completed_on, r.completed_precision) for r in report.rows] == [
        ("tháng 7 năm\n2025", date(2025, 7, 31), "month"),
        ("", None, None),
        ("tháng 12/\n2025", date(2025, 12, 31), "month"),
        ("31-07-2025", date(2025, 7, 31), "day"),
        ("30-09-2025", date(2025, 9, 30), "day"),
    ]
    assert report.issues == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Đã hoàn thành", RecordedStatus.DONE),
        ("ĐÃ HOÀN THÀNH", RecordedStatus.DONE),
        ("đã thực hiện", RecordedStatus.DONE),
        ("Đang thực hiện", RecordedStatus.IN_PROGRESS),
        ("đang THỰC HIỆN", RecordedStatus.IN_PROGRESS),
        ("Chưa thực hiện", RecordedStatus.NOT_STARTED),
        ("Tạm dừng", RecordedStatus.PAUSED),
    ],
)
def test_status_words_in_any_case(
    build: Builder, kind: str, written: str, expected: RecordedStatus
) -> None:
    rows = [["Tên nhiệm vụ", "Trạng thái"], ["Việc một", written]]

    report = read_progress_report(build.table(kind, Table(rows)))

    assert [(r.status_text, r.status) for r in report.rows] == [(written, expected)]
    assert report.issues == []


def test_results_column_before_the_status_column_is_the_description(
    build: Builder, kind: str
) -> None:
    rows = [
        ["Tên nhiệm vụ", "Kết quả thực hiện", "Trạng thái"],
        ["Việc một", "Đã xong 9 hồ sơ", "Đang thực hiện"],
    ]

    row = read_progress_report(build.table(kind, Table(rows))).rows[0]

    assert (row.description, row.status) == ("Đã xong 9 hồ sơ", RecordedStatus.IN_PROGRESS)


def test_results_column_alone_is_the_status(build: Builder, kind: str) -> None:
    rows = [["Tên nhiệm vụ", "Kết quả thực hiện", "Thời hạn"], ["Việc một", "Đã hoàn thành", ""]]

    row = read_progress_report(build.table(kind, Table(rows))).rows[0]

    assert (row.description, row.status) == ("", RecordedStatus.DONE)


def test_report_row_worded_like_a_header_is_still_a_row(build: Builder, kind: str) -> None:
    header = ["Tên nhiệm vụ", "Đơn vị chủ trì", "Phối hợp", "Trạng thái", "Ngày hoàn thành thực tế"]
    row = ["Thực hiện nhiệm vụ", "Phòng chủ trì", "Đơn vị phối hợp", "Đã hoàn thành", "31/12/2025"]

    report = read_progress_report(build.table(kind, Table([header, row])))

    assert [(r.task_name, r.lead, r.completed_text) for r in report.rows] == [
        (row[0], row[1], row[4])
    ]


def test_unknown_status_is_left_empty_with_a_warning(build: Builder, kind: str) -> None:
    rows = [["Tên nhiệm vụ", "Trạng thái"], ["Việc một", "Hoãn lại"]]

    report = read_progress_report(build.table(kind, Table(rows)))

    assert [(r.status_text, r.status) for r in report.rows] == [("Hoãn lại", None)]
    assert [(i.severity, i.where) for i in report.issues] == [("warning", where(kind, 2))]
    assert "“Hoãn lại”" in report.issues[0].message


@pytest.mark.parametrize(
    ("written", "expected", "precision"),
    [
        ("31/12/2025", date(2025, 12, 31), "day"),
        ("2025-06-30", date(2025, 6, 30), "day"),
        ("31-07-2025", date(2025, 7, 31), "day"),
        ("tháng 12/2025", date(2025, 12, 31), "month"),
        ("tháng 7 năm 2025", date(2025, 7, 31), "month"),
        ("30-09-\n2025", date(2025, 9, 30), "day"),
    ],
)
def test_each_completion_date_format(
    build: Builder, kind: str, written: str, expected: date, precision: str
) -> None:
    rows = [["Tên nhiệm vụ", "Ngày hoàn thành thực tế"], ["Việc một", written]]

    report = read_progress_report(build.table(kind, Table(rows)))

    row = report.rows[0]
    assert (row.completed_on, row.completed_precision) == (expected, precision)
    assert report.issues == []


def test_completion_date_typed_as_an_excel_date(build: Builder) -> None:
    rows = [["Tên nhiệm vụ", "Ngày hoàn thành thực tế"], ["Việc một", datetime(2025, 12, 31)]]

    row = read_progress_report(build.xlsx("ngay.xlsx", Sheet("Báo cáo", rows))).rows[0]

    assert (row.completed_text, row.completed_on) == ("31/12/2025", date(2025, 12, 31))


def test_completion_date_not_understood_is_kept_as_text_with_a_warning(
    build: Builder, kind: str
) -> None:
    rows = [["Tên nhiệm vụ", "Ngày hoàn thành thực tế"], ["Việc một", "cuối quý"]]

    report = read_progress_report(build.table(kind, Table(rows)))

    assert [(r.completed_text, r.completed_on) for r in report.rows] == [("cuối quý", None)]
    assert [i.where for i in report.issues] == [where(kind, 2)]


def test_parts_and_changing_headers_within_one_sheet(build: Builder) -> None:
    rows = [
        ["BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ"],
        [PART_A],
        HEADER_A,
        ["Việc A", "Đặc khu", "31/12/2025", "Đã hoàn thành", "Mô tả A", "31/12/2025"],
        [PART_B],
        HEADER_B,
        ["Việc B", "Đặc khu", "30/06/2026", "Đang thực hiện", "Kết quả B", None],
    ]
    path = build.xlsx("bao-cao.xlsx", Sheet("Báo cáo", rows))

    report = read_progress_report(path)

    assert [
        (p.numeral, [(r.task_name, r.status, r.description) for r in p.rows]) for p in report.parts
    ] == [
        ("A", [("Việc A", RecordedStatus.DONE, "Mô tả A")]),
        ("B", [("Việc B", RecordedStatus.IN_PROGRESS, "Kết quả B")]),
    ]


def test_row_without_task_name_continues_the_row_above_with_a_warning(build: Builder) -> None:
    rows = [
        ["Tên nhiệm vụ", "Trạng thái", "Mô tả"],
        ["Việc một", "đã thực", "Đoạn một."],
        [None, "hiện", "Đoạn hai."],
    ]

    report = read_progress_report(build.table("docx", Table(rows)))

    row = report.rows[0]
    assert (row.status, row.description) == (RecordedStatus.DONE, "Đoạn một.\nĐoạn hai.")
    assert [i.where for i in report.issues] == ["Bảng 1, dòng 3"]


def test_report_deadline_not_understood_is_warned(
    build: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        deadlines, "parse_deadline", lambda text, *_: deadlines.Deadline(text, understood=False)
    )
    rows = [["Tên nhiệm vụ", "Thời hạn", "Trạng thái"], ["Việc một", "sớm nhất", "Đã hoàn thành"]]

    report = read_progress_report(build.table("xlsx", Table(rows)))

    assert [(i.where, "“sớm nhất”" in i.message) for i in report.issues] == [
        ("Trang tính “Phụ lục”, dòng 2", True)
    ]


def test_appendix_is_not_a_progress_report() -> None:
    with pytest.raises(ImportFailure) as caught:
        read_progress_report(FIXTURES / "bach-long-vi-phu-luc.docx")

    assert "không phải báo cáo tiến độ" in caught.value.message


def test_report_id_column_is_read(build: Builder) -> None:
    rows = [["ID", "Tên nhiệm vụ", "Trạng thái"], ["abc-1", "Việc một", "Đã hoàn thành"]]

    path = build.xlsx("xuat.xlsx", Sheet("Báo cáo", rows, hidden_columns=[0]))

    assert [r.id for r in read_progress_report(path).rows] == ["abc-1"]
