"""What a plan can hold: periods in its years, dates near them, searches of a sensible length.

Pure rules that return the Vietnamese message for a value out of bounds, or None; the services
raise them before anything is written.
"""

from __future__ import annotations

from datetime import date

from carapp.domain.periods import ReportingPeriod

# Longer than any task's words a user would type; a 1 MB string made the search query fail.
MAX_SEARCH_LENGTH = 200
# Whatever the plan, a date outside these years is a typing error.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
# A task may be finished a little before its plan starts or after it ends, not decades away.
YEARS_AROUND_PLAN = 1


def search_problem(text: str) -> str | None:
    """Return why a search string cannot be searched (too long), or None."""
    if len(text) <= MAX_SEARCH_LENGTH:
        return None
    return (
        f"Chuỗi tìm kiếm quá dài ({len(text):,} ký tự; tối đa {MAX_SEARCH_LENGTH}): "
        "hãy nhập vài từ của nội dung cần tìm."
    ).replace(",", ".")


def period_problem(period: ReportingPeriod, start_year: int, end_year: int) -> str | None:
    """Return why `period` does not belong to a plan of years start…end, or None."""
    if start_year <= period.year <= end_year:
        return None
    return (
        f"Kỳ {period.label} nằm ngoài thời gian của kế hoạch "
        f"({_years(start_year, end_year)}): hãy chọn một kỳ trong các năm đó."
    )


def date_problem(day: date, start_year: int, end_year: int, what: str) -> str | None:
    """Return why `day` (named `what`) is too far from a plan of years start…end, or None."""
    first = max(start_year - YEARS_AROUND_PLAN, EARLIEST_YEAR)
    last = min(end_year + YEARS_AROUND_PLAN, LATEST_YEAR)
    if first <= day.year <= last:
        return None
    return (
        f"{what} {day.day:02d}/{day.month:02d}/{day.year:04d} nằm ngoài thời gian của kế hoạch "
        f"({_years(start_year, end_year)}): chỉ nhận ngày từ năm {first} đến năm {last}."
    )


def _years(start_year: int, end_year: int) -> str:
    return str(start_year) if start_year == end_year else f"{start_year}-{end_year}"
