"""Reporting periods: codes, labels and data windows under Nghị định 09/2019/NĐ-CP."""

from datetime import date

import pytest

from carapp.domain.periods import (
    PeriodKind,
    ReportingPeriod,
    parse_period,
    period_for,
    period_in_text,
    periods_between,
)

Q1 = ReportingPeriod(2026, PeriodKind.Q1)
H1 = ReportingPeriod(2026, PeriodKind.H1)
Q3 = ReportingPeriod(2026, PeriodKind.Q3)
YEAR = ReportingPeriod(2026, PeriodKind.YEAR)


@pytest.mark.parametrize(
    ("period", "code", "label"),
    [
        (Q1, "2026-Q1", "Quý I/2026"),
        (H1, "2026-H1", "6 tháng 2026"),
        (Q3, "2026-Q3", "Quý III/2026"),
        (YEAR, "2026", "Năm 2026"),
    ],
)
def test_code_and_label(period: ReportingPeriod, code: str, label: str) -> None:
    assert period.code == code
    assert str(period) == code
    assert period.label == label


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Q1, date(2025, 12, 15), date(2026, 3, 14)),
        (H1, date(2025, 12, 15), date(2026, 6, 14)),
        (Q3, date(2026, 6, 15), date(2026, 9, 14)),
        (YEAR, date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_windows_follow_decree_09_2019(period: ReportingPeriod, start: date, end: date) -> None:
    assert period.window == (start, end)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("period", "calendar_end"),
    [
        (Q1, date(2026, 3, 31)),
        (H1, date(2026, 6, 30)),
        (Q3, date(2026, 9, 30)),
        (YEAR, date(2026, 12, 31)),
    ],
)
def test_calendar_end(period: ReportingPeriod, calendar_end: date) -> None:
    assert period.calendar_end == calendar_end


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026-Q1", Q1),
        ("2026-q1", Q1),
        (" 2026-H1 ", H1),
        ("2026-Q3", Q3),
        ("2026", YEAR),
        ("2026-Y", YEAR),
        ("Quý I/2026", Q1),
        ("quý 1/2026", Q1),
        ("Quý I năm 2026", Q1),
        ("Quý I / 2026", Q1),
        ("Báo cáo quý I/2026", Q1),
        ("6 tháng 2026", H1),
        ("6 tháng đầu năm 2026", H1),
        ("6 tháng năm 2026", H1),
        ("Quý III/2026", Q3),
        ("quý 3 năm 2026", Q3),
        ("Năm 2026", YEAR),
        ("năm 2026", YEAR),
    ],
)
def test_parse_period(text: str, period: ReportingPeriod) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("period", [Q1, H1, Q3, YEAR])
def test_parse_period_reads_back_code_and_label(period: ReportingPeriod) -> None:
    assert parse_period(period.code) == period
    assert parse_period(period.label) == period


@pytest.mark.parametrize(
    "text",
    ["", "abc", "Quý II/2026", "Quý IV/2026", "6 tháng cuối năm 2026", "2026-Q2", "Quý I/2026 x"],
)
def test_parse_period_rejects_what_is_no_period(text: str) -> None:
    with pytest.raises(ValueError, match="Kỳ báo cáo không hợp lệ"):
        parse_period(text)


def test_next_and_previous_walk_the_reporting_order() -> None:
    assert [Q1.next(), H1.next(), Q3.next()] == [H1, Q3, YEAR]
    assert YEAR.next() == ReportingPeriod(2027, PeriodKind.Q1)
    assert [YEAR.previous(), Q3.previous(), H1.previous()] == [Q3, H1, Q1]
    assert Q1.previous() == ReportingPeriod(2025, PeriodKind.YEAR)


def test_ordering() -> None:
    later_year = ReportingPeriod(2027, PeriodKind.Q1)
    assert Q1 < H1 < Q3 < YEAR < later_year
    assert YEAR > Q3 >= Q3
    assert sorted([later_year, YEAR, Q1, Q3, H1]) == [Q1, H1, Q3, YEAR, later_year]


def test_periods_between() -> None:
    periods = periods_between(2026, 2027)
    assert periods[:4] == [Q1, H1, Q3, YEAR]
    assert len(periods) == 8
    assert periods[-1] == ReportingPeriod(2027, PeriodKind.YEAR)
    assert periods == sorted(periods)


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (date(2025, 12, 15), Q1),
        (date(2026, 1, 10), Q1),
        (date(2026, 3, 14), Q1),
        (date(2026, 3, 15), H1),
        (date(2026, 6, 14), H1),
        (date(2026, 6, 15), Q3),
        (date(2026, 9, 14), Q3),
        (date(2026, 9, 15), YEAR),
        (date(2026, 12, 14), YEAR),
        (date(2026, 12, 15), ReportingPeriod(2027, PeriodKind.Q1)),
        (date(2026, 12, 31), ReportingPeriod(2027, PeriodKind.Q1)),
    ],
)
def test_period_for(day: date, period: ReportingPeriod) -> None:
    assert period_for(day) == period


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BÁO CÁO Kết quả thực hiện Kế hoạch cải cách hành chính Quý I/2026", "2026-Q1"),
        ("Kết quả thực hiện Kế hoạch cải cách hành chính quý 1 năm 2026", "2026-Q1"),
        ("Báo cáo công tác cải cách hành chính 6 tháng đầu năm 2026", "2026-H1"),
        ("Báo cáo kết quả 9 tháng năm 2026", "2026-Q3"),
        ("Kết quả thực hiện kế hoạch quý III năm 2026", "2026-Q3"),
        ("Báo cáo kết quả cải cách hành chính năm 2025", "2025"),
        ("Báo cáo tình hình thực hiện năm 2026", "2026"),
        ("(Số liệu từ ngày 15/12/2025 đến ngày 14/3/2026)", "2026-Q1"),
        ("Số liệu tính từ ngày 15/6/2026 đến hết ngày 14/9/2026", "2026-Q3"),
        ("từ ngày 01/01/2026 đến ngày 30/6/2026", "2026-H1"),
    ],
)
def test_period_named_in_a_document_title(text: str, code: str) -> None:
    assert period_in_text(text) == parse_period(code)


@pytest.mark.parametrize(
    "text",
    [
        "Bạch Long Vĩ, ngày 10 tháng 3 năm 2026",  # a date, not the year's report
        "(Số liệu tính đến ngày 10/03/2026)",
        "Báo cáo quý II năm 2026",  # no such reporting period
        "Báo cáo 6 tháng cuối năm 2026",
        "Kế hoạch cải cách hành chính giai đoạn 2026-2030",
        "từ ngày 01/02/2026 đến ngày 20/5/2026",  # a window of no period
    ],
)
def test_lines_that_name_no_period(text: str) -> None:
    assert period_in_text(text) is None
