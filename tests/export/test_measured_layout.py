"""Measured column widths, numbering, and the report's pages (Nghị định 30/2020 points)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm

from carapp.domain.documents import DocumentHeader, ProgressReport
from carapp.export import wording, write_report_pdf
from carapp.export.layout import FRAME_WIDTH
from carapp.export.measure import measure_cell, measured_widths
from carapp.export.pdf_report import COLUMNS, report_table
from tests.export.pdfmeasure import text_box, type_sizes
from tests.export.samples import nfd


def test_long_columns_get_the_room_and_short_ones_stay_narrow() -> None:
    headings = [measure_cell([t], 11, bold=True) for t in ("STT", "Nội dung", "Thời hạn")]
    long_text = "Rà soát, đánh giá thủ tục hành chính trong quá trình thực hiện " * 4
    rows = [
        [measure_cell([str(i)], 11), measure_cell([long_text], 11), measure_cell(["2026"], 11)]
        for i in range(1, 20)
    ]
    widths = measured_widths(headings, rows, 200 * mm, 6.0, [8 * mm] * 3)
    assert abs(sum(widths) - 200 * mm) < 0.01
    assert widths[1] > 140 * mm
    assert widths[0] < 15 * mm and widths[2] < 25 * mm


def test_a_web_address_does_not_take_the_whole_table() -> None:
    headings = [measure_cell([t], 11, bold=True) for t in ("A", "B")]
    url = "https://dichvucong.haiphong.gov.vn/" + "thutuc/" * 40
    rows = [[measure_cell([url], 11), measure_cell(["Văn phòng UBND đặc khu"], 11)]]
    widths = measured_widths(headings, rows, 200 * mm, 6.0)
    assert widths[1] > 40 * mm


def test_report_columns_follow_the_text(sample_report: ProgressReport) -> None:
    widths = report_table(sample_report).widths
    by_title = {c.title: w / mm for c, w in zip(COLUMNS, widths, strict=True)}
    assert abs(sum(widths) - FRAME_WIDTH) < 0.01
    assert by_title["Tên nhiệm vụ"] > 60 and by_title["Kết quả thực hiện"] > 50
    assert by_title["STT"] < 13 and by_title["Thời hạn"] < 25


def test_number_line_leaves_the_number_blank_or_fills_it() -> None:
    header = DocumentHeader("UBND", symbol="BC-UBND")
    assert re.fullmatch("Số:\u00a0{12}/BC-UBND", wording.number_line(header))
    header.number = "12"
    assert wording.number_line(header) == "Số: 12/BC-UBND"
    header.number = "95/KH-UBND"
    assert wording.number_line(header) == "Số: 95/KH-UBND"
    header.place, header.issued_on = "Bạch Long Vĩ", None
    assert re.fullmatch(
        "Bạch Long Vĩ, ngày\u00a0{6}tháng\u00a0{6}năm\u00a0{6}", wording.place_and_date(header)
    )


def test_the_attached_line_drops_a_phrase_written_twice() -> None:
    line = wording.in_parentheses(nfd("Kèm theo Kèm theo Kế hoạch số 95/KH-UBND của của UBND"))
    assert line == "(Kèm theo Kế hoạch số 95/KH-UBND của UBND)"


def test_report_pages_end_full_and_the_signature_follows_the_figures(
    sample_report: ProgressReport, tmp_path: Path
) -> None:
    path = tmp_path / "bao-cao.pdf"
    write_report_pdf(sample_report, path)
    reader = PdfReader(path)
    pages = len(reader.pages)
    assert pages <= 7  # 10 with fixed widths and rows that never split
    for page in range(1, pages - 2):  # the table's pages: rows cut at the foot, pages full
        assert text_box(path, page)[3] < 20 + 25, page
    last = reader.pages[-1].extract_text()
    assert "Tổng số 30 nhiệm vụ" in last and "Nguyễn Văn An" in last
    assert max(type_sizes(path), key=type_sizes(path).get) == 10.0  # the table's text


def test_signature_block_leaves_room_for_signature_and_seal(
    sample_report: ProgressReport, tmp_path: Path
) -> None:
    path = tmp_path / "bao-cao.pdf"
    sample_report.header.issued_on = date(2026, 3, 16)
    write_report_pdf(sample_report, path)
    positions: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for key in ("PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn An"):
            if key in text:
                positions[key] = tm[5] * cm[3] + cm[5]

    PdfReader(path).pages[-1].extract_text(visitor_text=visit)
    assert len(positions) == 4, positions
    assert positions["TM. ỦY BAN NHÂN DÂN"] > positions["KT. CHỦ TỊCH"] > positions["PHÓ CHỦ TỊCH"]
    gap_mm = (positions["PHÓ CHỦ TỊCH"] - positions["Nguyễn Văn An"]) / mm
    assert 25 <= gap_mm <= 40
