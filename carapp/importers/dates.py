"""Actual completion dates as offices write them in progress reports."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from carapp.domain.text import fold
from carapp.importers.table import one_line

Precision = Literal["day", "month"]

_DAY_MONTH_YEAR = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})")
_WORDS_DAY = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_MONTH_YEAR = re.compile(r"(?:thang\s*|t)?(\d{1,2})\s*(?:[/.-]|nam)\s*(\d{4})")


@dataclass(frozen=True)
class CompletionDate:
    """A completion date's text as written and the day it was understood as.

    A month without a day ("tháng 12/2025", "tháng 7 năm 2025") is read as the month's last day
    with precision "month": the latest day it can mean, so a task is never judged done on time
    on a guess. `on` is None when the text was not understood.
    """

    text: str
    on: date | None = None
    precision: Precision | None = None


def parse_completion_date(text: str) -> CompletionDate:
    """Understand 31/12/2025, 31-07-2025, 2025-06-30, tháng 12/2025, tháng 7 năm 2025 …"""
    key = fold(one_line(text)).rstrip(".")
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_WORDS_DAY, "dmy"), (_YEAR_MONTH_DAY, "ymd")):
        match = pattern.fullmatch(key)
        if match:
            numbers = [int(part) for part in match.groups()]
            day, month, year = numbers if order == "dmy" else numbers[::-1]
            return _dated(text, year, month, day, "day")
    match = _MONTH_YEAR.fullmatch(key)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return _dated(text, year, month, last, "month")
    return CompletionDate(text)


def _dated(text: str, year: int, month: int, day: int, precision: Precision) -> CompletionDate:
    """Return the date, or an ununderstood one when the numbers make no calendar day."""
    try:
        return CompletionDate(text, date(year, month, day), precision)
    except ValueError:
        return CompletionDate(text)
