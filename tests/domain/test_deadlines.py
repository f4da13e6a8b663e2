"""Deadlines as written: every expression of DOMAIN.md's table, its variants and the typos."""

import unicodedata
from datetime import date

import pytest

from carapp.domain.deadlines import Deadline, Recurrence, parse_deadline

D = date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # One day, any separator.
        ("31/12/2025", D(2025, 12, 31), D(2025, 12, 31)),
        ("31-12-2025", D(2025, 12, 31), D(2025, 12, 31)),
        ("2025-12-31", D(2025, 12, 31), D(2025, 12, 31)),
        ("31.12.2025", D(2025, 12, 31), D(2025, 12, 31)),
        ("9/6/2025", D(2025, 6, 9), D(2025, 6, 9)),
        ("2025-06-30", D(2025, 6, 30), D(2025, 6, 30)),
        ("Trước ngày 31/12/2025", D(2025, 12, 31), D(2025, 12, 31)),
        ("ngày 31 tháng 12 năm 2025", D(2025, 12, 31), D(2025, 12, 31)),
        ("29/02/2028", D(2028, 2, 29), D(2028, 2, 29)),
        # A month.
        ("tháng 12/2025", D(2025, 12, 1), D(2025, 12, 31)),
        ("tháng 12 năm 2025", D(2025, 12, 1), D(2025, 12, 31)),
        ("T12/2025", D(2025, 12, 1), D(2025, 12, 31)),
        ("Tháng 2/2027", D(2027, 2, 1), D(2027, 2, 28)),
        ("tháng 2/2028", D(2028, 2, 1), D(2028, 2, 29)),
        ("tháng 10-12/2025", D(2025, 10, 1), D(2025, 12, 31)),
        # A quarter, Roman or Arabic.
        ("Quý IV/2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("Quý 4/2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("quý IV năm 2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("Quý I/2026", D(2026, 1, 1), D(2026, 3, 31)),
        ("Quý II/2026", D(2026, 4, 1), D(2026, 6, 30)),
        ("Quý III/2026", D(2026, 7, 1), D(2026, 9, 30)),
        # A half year.
        ("6 tháng đầu năm 2026", D(2026, 1, 1), D(2026, 6, 30)),
        ("6 tháng cuối năm 2026", D(2026, 7, 1), D(2026, 12, 31)),
        # A year.
        ("năm 2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("Năm 2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
        # A range of years, any dash, any spacing.
        ("2026-2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("2026 – 2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("2026–2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("2026 — 2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("2026 - 2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("giai đoạn 2026-2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("Giai đoạn 2026 – 2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("2026-2027", D(2026, 1, 1), D(2027, 12, 31)),
        ("từ năm 2026 đến năm 2030", D(2026, 1, 1), D(2030, 12, 31)),
        # Mixed ranges; February's end depends on the leap year.
        ("2026 – tháng 2/2027", D(2026, 1, 1), D(2027, 2, 28)),
        ("2027 – tháng 2/2028", D(2027, 1, 1), D(2028, 2, 29)),
        ("Quý IV/2025 - Quý I/2026", D(2025, 10, 1), D(2026, 3, 31)),
        ("từ tháng 1/2026 đến tháng 6/2026", D(2026, 1, 1), D(2026, 6, 30)),
        # Messy input: NFD, stray spaces, line breaks, a trailing full stop.
        (unicodedata.normalize("NFD", "  Quý  IV / 2025 "), D(2025, 10, 1), D(2025, 12, 31)),
        ("tháng 12/\n2025", D(2025, 12, 1), D(2025, 12, 31)),
        ("30-09-\n2025", D(2025, 9, 30), D(2025, 9, 30)),
        ("31/12/2025.", D(2025, 12, 31), D(2025, 12, 31)),
    ],
)
def test_one_off_windows(text: str, start: date, end: date) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert deadline.understood
    assert (deadline.start, deadline.end) == (start, end)
    assert deadline.recurrence is Recurrence.NONE
    assert deadline.due_month_day is None


@pytest.mark.parametrize(
    "text", ["Hằng năm", "Hàng năm", "hằng năm", "HÀNG NĂM", "Định kỳ hằng năm"]
)
def test_yearly_spans_the_plan_period(text: str) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert deadline.understood
    assert deadline.recurrence is Recurrence.YEARLY
    assert (deadline.start, deadline.end) == (D(2026, 1, 1), D(2030, 12, 31))
    assert deadline.due_month_day is None


@pytest.mark.parametrize("text", ["Thường xuyên", "thường xuyên", "THƯỜNG XUYÊN", "Liên tục"])
def test_continuous_spans_the_plan_period(text: str) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert deadline.understood
    assert deadline.recurrence is Recurrence.CONTINUOUS
    assert (deadline.start, deadline.end) == (D(2026, 1, 1), D(2030, 12, 31))


@pytest.mark.parametrize("text", ["Hằng năm", "Thường xuyên"])
def test_recurring_without_plan_period_has_no_window(text: str) -> None:
    deadline = parse_deadline(text)
    assert deadline.understood
    assert (deadline.start, deadline.end) == (None, None)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("trước ngày 15/12 hằng năm", (12, 15)),
        ("Trước ngày 15/12 hàng năm", (12, 15)),
        ("Hằng năm, trước ngày 15/12", (12, 15)),
        ("ngày 30/6 hằng năm", (6, 30)),
        ("Hằng năm, trước ngày 29/2", (2, 29)),
        ("tháng 6 hằng năm", (6, 30)),
        ("Quý IV hằng năm", (12, 31)),
    ],
)
def test_yearly_due_day(text: str, due: tuple[int, int]) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert deadline.understood
    assert deadline.recurrence is Recurrence.YEARLY
    assert deadline.due_month_day == due
    assert (deadline.start, deadline.end) == (D(2026, 1, 1), D(2030, 12, 31))


def test_continuous_and_yearly_together_is_yearly() -> None:
    deadline = parse_deadline("Thường xuyên, hằng năm", 2026, 2030)
    assert deadline.understood
    assert deadline.recurrence is Recurrence.YEARLY


def test_recurring_with_its_own_years_overrides_the_plan_period() -> None:
    deadline = parse_deadline("Thường xuyên, giai đoạn 2026-2027", 2026, 2030)
    assert deadline.recurrence is Recurrence.CONTINUOUS
    assert (deadline.start, deadline.end) == (D(2026, 1, 1), D(2027, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "206-2030",
        "0206-2030",
        "31/12/0206",
        "2026-2300",
        "2026-203",
        "20266",
        "31/02/2026",
        "29/02/2027",
        "32/12/2025",
        "31/13/2025",
        "tháng 13/2025",
        "Quý V/2025",
        "Quý 5/2025",
        "2030-2026",
        "tháng 12/2026 - tháng 1/2026",
        "Trước tháng 12/2025",
        "6 tháng năm 2026",
        "hằng quý",
        "Hằng năm, trước ngày 30/02",
        "Hằng năm, khi có yêu cầu",
        "Thường xuyên, khi có yêu cầu",
        "Khi có văn bản chỉ đạo",
        "abc",
        "12",
        "-",
    ],
)
def test_typos_and_garbage_are_not_understood(text: str) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert not deadline.understood
    assert (deadline.start, deadline.end) == (None, None)
    assert deadline.text == text


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_is_not_understood(text: str) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert not deadline.understood
    assert deadline.end is None
    assert deadline.text == ""
    assert deadline.describe() == "Chưa ghi thời hạn: cần bổ sung"


def test_text_is_kept_as_written_in_nfc_and_stripped() -> None:
    written = unicodedata.normalize("NFD", "  Quý IV/2025 ")
    assert parse_deadline(written).text == "Quý IV/2025"
    assert parse_deadline(" 2026  –  2030 ").text == "2026  –  2030"


def test_plan_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="Giai đoạn kế hoạch"):
        parse_deadline("Hằng năm", 2030, 2026)


@pytest.mark.parametrize(
    ("text", "plan", "described"),
    [
        ("31/12/2025", (None, None), "31/12/2025"),
        ("9/6/2025", (None, None), "09/06/2025"),
        ("Quý IV/2025", (None, None), "01/10/2025 – 31/12/2025"),
        ("2026 – tháng 2/2027", (None, None), "01/01/2026 – 28/02/2027"),
        ("Hàng năm", (2026, 2030), "Hằng năm (01/01/2026 – 31/12/2030)"),
        ("Hằng năm", (None, None), "Hằng năm"),
        ("Thường xuyên", (2026, 2030), "Thường xuyên (01/01/2026 – 31/12/2030)"),
        ("trước ngày 15/12 hằng năm", (None, None), "Hằng năm, trước ngày 15/12"),
        (
            "trước ngày 5/3 hằng năm",
            (2026, 2030),
            "Hằng năm, trước ngày 05/03 (01/01/2026 – 31/12/2030)",
        ),
        ("Hằng năm", (2026, None), "Hằng năm (từ 01/01/2026)"),
        ("206-2030", (2026, 2030), "Không hiểu được thời hạn “206-2030”: cần sửa lại"),
    ],
)
def test_describe(text: str, plan: tuple[int | None, int | None], described: str) -> None:
    assert parse_deadline(text, *plan).describe() == described


def test_describe_open_end() -> None:
    assert Deadline("x", end=D(2030, 12, 31)).describe() == "đến 31/12/2030"
