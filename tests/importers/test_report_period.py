"""A report says which period it is for; the reader finds it in the lines above the table."""

from __future__ import annotations

import pytest

from carapp.domain.periods import parse_period
from carapp.importers.report import read_progress_report

from .files import Builder, Table

TABLE = Table(
    [
        ["Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Trạng thái"],
        ["Rà soát văn bản quy phạm pháp luật", "Văn phòng", "31/12/2026", "Đang thực hiện"],
    ]
)


@pytest.mark.parametrize(
    ("lines", "code", "line"),
    [
        (
            [
                "ỦY BAN NHÂN DÂN ĐẶC KHU CÁT HẢI",
                "Cát Hải, ngày 15 tháng 3 năm 2026",
                "BÁO CÁO",
                "Thực hiện Kế hoạch cải cách hành chính năm 2026",
                "(Số liệu từ ngày 15/12/2025 đến ngày 14/3/2026)",
            ],
            "2026-Q1",
            "(Số liệu từ ngày 15/12/2025 đến ngày 14/3/2026)",
        ),
        (
            ["BÁO CÁO", "Kết quả công tác cải cách hành chính năm 2025"],
            "2025",
            "Kết quả công tác cải cách hành chính năm 2025",
        ),
        (
            ["BÁO CÁO 9 THÁNG NĂM 2026", "Kế hoạch cải cách hành chính năm 2026"],
            "2026-Q3",
            "BÁO CÁO 9 THÁNG NĂM 2026",
        ),
    ],
)
def test_period_read_from_the_title(build: Builder, kind: str, lines, code, line) -> None:
    report = read_progress_report(build.table(kind, TABLE, above=lines))

    assert report.period == parse_period(code)
    assert report.period_line == line


def test_report_without_a_period(build: Builder, kind: str) -> None:
    lines = ["Cát Hải, ngày 15 tháng 3 năm 2026", "A. Nhiệm vụ theo Kế hoạch số 01-KH/BCĐ"]
    report = read_progress_report(build.table(kind, TABLE, above=lines))

    assert report.period is None and report.period_line == ""
