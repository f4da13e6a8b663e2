"""Completion dates are understood in every form offices write them, the text kept."""

from __future__ import annotations

from datetime import date

import pytest

from carapp.importers import CompletionDate, parse_completion_date


@pytest.mark.parametrize(
    ("written", "on", "precision"),
    [
        ("31/12/2025", date(2025, 12, 31), "day"),
        ("5/1/2026", date(2026, 1, 5), "day"),
        ("31.12.2025", date(2025, 12, 31), "day"),
        ("31-07-2025", date(2025, 7, 31), "day"),
        ("30-09-\n2025", date(2025, 9, 30), "day"),
        ("2025-06-30", date(2025, 6, 30), "day"),
        ("Ngày 05/01/2026", date(2026, 1, 5), "day"),
        ("ngày 30 tháng 9 năm 2025", date(2025, 9, 30), "day"),
        ("tháng 12/2025", date(2025, 12, 31), "month"),
        ("Tháng 12/ 2025", date(2025, 12, 31), "month"),
        ("tháng 7 năm \n2025", date(2025, 7, 31), "month"),
        ("tháng 2/2024", date(2024, 2, 29), "month"),
        ("T12/2025", date(2025, 12, 31), "month"),
        ("12/2025", date(2025, 12, 31), "month"),
    ],
)
def test_understood_formats(written: str, on: date, precision: str) -> None:
    assert parse_completion_date(written) == CompletionDate(written, on, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize("written", ["", "cuối quý", "31/02/2025", "tháng 13/2025", "2025"])
def test_not_understood_keeps_the_text_only(written: str) -> None:
    assert parse_completion_date(written) == CompletionDate(written)
