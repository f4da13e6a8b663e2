"""The progress-report PDF, read back: tasks, statuses, results, summary, signature."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pypdf import PdfReader

from carapp.domain.documents import ProgressReport
from carapp.export import write_report_pdf
from carapp.export.layout import MARGIN_TOP_MM, PAGE_HEIGHT
from tests.export.pdftext import (
    assert_in_order,
    assert_words_in_order,
    body_text,
    is_nfc,
    page_texts,
    spans,
    squash,
)
from tests.export.samples import giant_text

MM = 72 / 25.4
HEADER_ROW = (
    "STT Tên nhiệm vụ Đơn vị chủ trì Thời hạn Trạng thái, đánh giá Kết quả thực hiện "
    "Ngày hoàn thành thực tế"
)


@pytest.fixture
def report_pdf(sample_report: ProgressReport, tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao.pdf"
    write_report_pdf(sample_report, path)
    return path


def test_title_block(report_pdf: Path) -> None:
    assert_in_order(
        page_texts(report_pdf)[0],
        [
            "ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 15/BC-UBND",
            "Bạch Long Vĩ, ngày 16 tháng 3 năm 2026",
            "BÁO CÁO",
            "Kết quả thực hiện kế hoạch cải cách hành chính Quý I/2026",
            "Kế hoạch cải cách hành chính đặc khu Bạch Long Vĩ giai đoạn 2026 - 2030",
            "(Số liệu tính đến ngày 14/03/2026)",
        ],
    )


def test_every_task_row_in_order(sample_report: ProgressReport, report_pdf: Path) -> None:
    pages = page_texts(report_pdf)
    text = " ".join(pages)
    rows = [r for s in sample_report.sections for r in s.rows]
    assert_in_order(text, [r.task.content for r in rows])
    assert_in_order(text, [f"Đã tổ chức thực hiện nhiệm vụ số {r.task.number};" for r in rows])
    for row in rows:
        assert row.status and row.derived
        assert row.status.label in text and row.derived.label in text
        if row.completed_on:
            assert row.completed_on.strftime("%d/%m/%Y") in text
    assert "Đang thực hiện (60%)" in text
    assert "Khó khăn, vướng mắc: Đường truyền Internet ra đảo chưa ổn định." in text
    assert "Đề xuất: Đề nghị thành phố hỗ trợ thiết bị số hóa." in text
    for page in pages:
        if "Đã tổ chức thực hiện nhiệm vụ số" in page:  # the pages of the task table
            assert page.count(HEADER_ROW) == 1


def test_summary_and_total_sentence(report_pdf: Path) -> None:
    text = " ".join(page_texts(report_pdf))
    assert_in_order(
        text,
        [
            "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC",
            "STT Lĩnh vực Tổng số nhiệm vụ Hoàn thành đúng hạn Hoàn thành quá hạn",
            "1 Cải cách thể chế 5 1 1 1 1 1",
            "2 Cải cách thủ tục hành chính 7 2 2 1 1 1",
            "Tổng cộng 30 6 6 6 6 6",
            "Tổng số 30 nhiệm vụ; đã hoàn thành 12 (đúng hạn 6, quá hạn 6); "
            "đang thực hiện trong hạn 6; quá hạn 6; chưa đến hạn 6.",
        ],
    )


def test_signature_block_and_recipients(report_pdf: Path) -> None:
    last = len(PdfReader(report_pdf).pages) - 1
    text = page_texts(report_pdf)[last]
    for expected in (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
        "Nơi nhận:",
        "- Như trên;",
        "- Sở Nội vụ thành phố;",
        "- Lưu: VT.",
    ):
        assert expected in text
    found = {s.text: s for s in spans(report_pdf, last)}
    assert "BoldItalic" in found["Nơi nhận:"].font and found["Nơi nhận:"].size == 12
    assert found["- Như trên;"].size == 11
    assert "Bold" in found["Nguyễn Văn An"].font
    # The signature block sits at the right, "Nơi nhận:" at the left.
    assert found["Nguyễn Văn An"].x > found["Nơi nhận:"].x + 200


def test_page_numbers_from_page_2(report_pdf: Path) -> None:
    top_margin = PAGE_HEIGHT - MARGIN_TOP_MM * MM
    assert [s for s in spans(report_pdf, 0) if s.y > top_margin] == []
    assert [s.text for s in spans(report_pdf, 1) if s.y > top_margin] == ["2"]


def test_a_giant_result_is_printed_whole_and_composed(
    long_report: ProgressReport, tmp_path: Path
) -> None:
    path = tmp_path / "dai.pdf"
    calls: list[tuple[int, int]] = []
    write_report_pdf(long_report, path, lambda d, t: calls.append((d, t)))
    text = body_text(page_texts(path), HEADER_ROW)
    assert is_nfc(text)
    # The giant task name and the giant result share rows, so their words interleave.
    assert_words_in_order(text, giant_text(40, "đoạn"))
    assert_in_order(text, [f"(đoạn {i}) Ưu tiên" for i in range(1, 41)])
    assert_words_in_order(text, giant_text())
    assert_in_order(text, [f"(câu {i}) Ưu tiên" for i in range(1, 37)])
    assert calls[-1][0] == calls[-1][1]


def test_signature_stays_with_the_total_sentence(
    sample_report: ProgressReport, tmp_path: Path
) -> None:
    # Reports of every length from 1 to 30 tasks: some end with the total sentence at the foot
    # of a page, where the signature block alone would go over to the next page.
    rows = [row for section in sample_report.sections for row in section.rows]
    for count in range(1, len(rows) + 1):
        report = copy.deepcopy(sample_report)
        kept = {id(r) for r in rows[:count]}
        for section, original in zip(report.sections, sample_report.sections, strict=True):
            section.rows = [
                c for c, r in zip(section.rows, original.rows, strict=True) if id(r) in kept
            ]
        path = tmp_path / f"bao-cao-{count}.pdf"
        write_report_pdf(report, path)
        pages = page_texts(path)
        signed = [i for i, text in enumerate(pages) if "Nơi nhận" in text]
        assert len(signed) == 1
        assert "Tổng số" in squash(pages[signed[0]]), f"{count} tasks"
