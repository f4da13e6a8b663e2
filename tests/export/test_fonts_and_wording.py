"""The shipped font, and the words and dates printed in the official layout."""

from __future__ import annotations

import unicodedata
from datetime import date

from reportlab.lib.fonts import tt2ps

from carapp.domain.documents import DocumentHeader, ProgressRow, TaskRow
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.export import fonts, wording
from carapp.export.summary import summarise, total_sentence
from carapp.resources import resource_path
from tests.export.samples import load_sample_appendix, sample_report_from

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def all_vietnamese_letters() -> str:
    """Return every Vietnamese letter, both cases, with and without tone marks (NFC)."""
    vowels = "aăâeêioôơuưy"
    letters = [v + tone for v in vowels for tone in ("", *TONES)]
    text = unicodedata.normalize("NFC", "".join(letters)) + "đ"
    return text + text.upper()


def test_the_four_faces_and_the_licence_ship_in_resources() -> None:
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert resource_path("fonts", f"LiberationSerif-{name}.ttf").is_file()
    licence = resource_path("fonts", "LICENSE-LiberationFonts.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_every_face_has_every_vietnamese_letter() -> None:
    letters = all_vietnamese_letters()
    assert "Ơ" in letters and "Ư" in letters and "ỹ" in letters and "Ặ" in letters
    for bold in (False, True):
        for italic in (False, True):
            assert fonts.missing_glyphs(letters, bold=bold, italic=italic) == []


def test_the_family_maps_bold_and_italic_to_their_faces() -> None:
    family = fonts.register_fonts()
    assert fonts.register_fonts() == family  # registering twice is harmless
    assert tt2ps(family, 1, 0) == fonts.BOLD
    assert tt2ps(family, 0, 1) == fonts.ITALIC
    assert tt2ps(family, 1, 1) == fonts.BOLD_ITALIC


def test_long_dates_have_leading_zeros_for_days_below_10_and_months_1_and_2() -> None:
    assert wording.long_date(date(2025, 9, 3)) == "ngày 03 tháng 9 năm 2025"
    assert wording.long_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert wording.long_date(date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert wording.long_date(date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"
    header = DocumentHeader("UBND", place="Bạch Long Vĩ", issued_on=date(2025, 9, 3))
    assert wording.place_and_date(header) == "Bạch Long Vĩ, ngày 03 tháng 9 năm 2025"
    assert wording.day_month_year(date(2026, 3, 1)) == "01/03/2026"


def test_missing_number_and_date_leave_blanks_to_fill_in() -> None:
    header = DocumentHeader("UBND", place="Bạch Long Vĩ")
    assert wording.number_line(header).startswith("Số:")
    assert wording.place_and_date(header).startswith("Bạch Long Vĩ, ngày")
    assert "năm" in wording.place_and_date(header)


def test_attached_line_gets_its_parentheses_once() -> None:
    assert wording.in_parentheses("Kèm theo Kế hoạch số 95") == "(Kèm theo Kế hoạch số 95)"
    assert wording.in_parentheses(" (Kèm theo Kế hoạch số 95) ") == "(Kèm theo Kế hoạch số 95)"
    assert wording.in_parentheses("") == ""
    assert wording.in_parentheses(None) == ""


def test_recipients_are_dashed_lines_ending_with_semicolons_and_a_full_stop() -> None:
    lines = wording.recipient_lines(["Như trên", "- Sở Nội vụ;", "", "Lưu: VT"])
    assert lines == ["- Như trên;", "- Sở Nội vụ;", "- Lưu: VT."]


def test_text_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    assert wording.text(decomposed) == "Ủy ban nhân dân"
    assert wording.issuer_lines(DocumentHeader(decomposed))[1] == "ỦY BAN NHÂN DÂN"


def test_result_paragraphs_add_difficulties_and_proposals() -> None:
    row = ProgressRow(
        TaskRow("1", "x"),
        RecordedStatus.IN_PROGRESS,
        percent=40,
        description="Dòng một\n\nDòng hai",
        difficulties="Thiếu thiết bị",
        proposals="Hỗ trợ kinh phí",
    )
    assert wording.result_paragraphs(row) == [
        ("", "Dòng một"),
        ("", "Dòng hai"),
        ("Khó khăn, vướng mắc:", "Thiếu thiết bị"),
        ("Đề xuất:", "Hỗ trợ kinh phí"),
    ]
    assert wording.status_text(row) == "Đang thực hiện (40%)"


def test_report_subject_names_the_period_by_default() -> None:
    period = ReportingPeriod(2026, PeriodKind.Q1)
    expected = "Kết quả thực hiện kế hoạch cải cách hành chính Quý I/2026"
    assert wording.report_subject("", period) == expected
    assert wording.report_subject("Báo cáo riêng", period) == "Báo cáo riêng"


def test_summary_counts_per_area_and_the_total_sentence() -> None:
    report = sample_report_from(load_sample_appendix())
    report.sections[0].rows[0].derived = None
    summary = summarise(report)
    assert [t.label for t in summary.areas][:2] == [
        "Cải cách thể chế",
        "Cải cách thủ tục hành chính",
    ]
    assert sum(t.total for t in summary.areas) == summary.total.total == 30
    assert summary.total.counts[DerivedStatus.DONE_ON_TIME] == 5
    assert summary.total.unassessed == 1
    assert total_sentence(summary.total) == (
        "Tổng số 30 nhiệm vụ; đã hoàn thành 11 (đúng hạn 5, quá hạn 6); "
        "đang thực hiện trong hạn 6; quá hạn 6; chưa đến hạn 6; chưa đánh giá 1."
    )
