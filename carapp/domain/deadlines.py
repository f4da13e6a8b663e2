"""Deadlines as offices write them ("Quý IV/2025", "2026-2030", "Hằng năm") and their windows."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import TypeAlias

from carapp.domain.text import clean, fold, nfc

# Years outside this span are typos ("206-2030", "20266"), never plan years.
MIN_YEAR = 1990
MAX_YEAR = 2099


class Recurrence(StrEnum):
    """Whether a deadline names one window, a yearly one, or continuous work."""

    NONE = "none"
    YEARLY = "yearly"
    CONTINUOUS = "continuous"


@dataclass(frozen=True)
class Deadline:
    """A deadline's text exactly as written, and what it was understood to mean.

    `start`/`end` are the normalised window (both included); None when not understood or, for a
    recurring/continuous deadline, when no plan period was given. `due_month_day` is the yearly
    due day of "trước ngày 15/12 hằng năm" as (12, 15). `understood` is False when the text was
    not recognised: the text is kept, the window is unknown, nothing is guessed.
    """

    text: str
    start: date | None = None
    end: date | None = None
    recurrence: Recurrence = Recurrence.NONE
    due_month_day: tuple[int, int] | None = None
    understood: bool = True

    def describe(self) -> str:
        """Return how the text was understood, in Vietnamese, e.g. '01/10/2025 – 31/12/2025'."""
        if not self.understood:
            if not self.text:
                return "Chưa ghi thời hạn: cần bổ sung"
            return f"Không hiểu được thời hạn “{self.text}”: cần sửa lại"
        window = _describe_window(self.start, self.end)
        if self.recurrence is Recurrence.NONE:
            return window
        words = "Thường xuyên" if self.recurrence is Recurrence.CONTINUOUS else "Hằng năm"
        if self.due_month_day is not None:
            month, day = self.due_month_day
            words += f", trước ngày {day:02d}/{month:02d}"
        return f"{words} ({window})" if window else words


def parse_deadline(
    text: str, plan_start_year: int | None = None, plan_end_year: int | None = None
) -> Deadline:
    """Understand a deadline as written; recurring ones span the plan period when given.

    Raises ValueError when the plan period itself ends before it starts.
    """
    if plan_start_year and plan_end_year and plan_end_year < plan_start_year:
        raise ValueError(f"Giai đoạn kế hoạch không hợp lệ: {plan_start_year}-{plan_end_year}")
    written = nfc(text).strip()
    key = _key(text)
    if re.search(_YEARLY, key):
        rest = re.sub(_CONTINUOUS, " ", re.sub(_YEARLY, " ", key))
        found = _recurring(rest, Recurrence.YEARLY, plan_start_year, plan_end_year)
    elif re.search(_CONTINUOUS, key):
        rest = re.sub(_CONTINUOUS, " ", key)
        found = _recurring(rest, Recurrence.CONTINUOUS, plan_start_year, plan_end_year)
    else:
        window = _window(key) if key else None
        found = Deadline("", window[0], window[1]) if window else None
    if found is None:
        return Deadline(written, understood=False)
    return replace(found, text=written)


Window: TypeAlias = tuple[date, date]
_Reader: TypeAlias = Callable[[re.Match[str]], Window | None]
_DueReader: TypeAlias = Callable[[re.Match[str]], tuple[int, int] | None]

_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_YEARLY = r"\b(?:dinh ky )?hang nam\b"
_CONTINUOUS = r"\b(?:thuong xuyen|lien tuc)\b"
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PREFIX = re.compile(r"^(?:giai doan|trong|tu) ")


def _key(text: str) -> str:
    """Return the folded text with one kind of dash and no spaces around separators."""
    key = _DASHES.sub("-", fold(clean(text)))
    key = re.sub(r"[(),;:]", " ", key)
    key = re.sub(r"\s*([-/.])\s*", r"\1", key)
    return re.sub(r"\s+", " ", key).strip(" .")


def _describe_window(start: date | None, end: date | None) -> str:
    """Return a window as dd/mm/yyyy, a single day alone, an open end with từ/đến."""
    if start and end:
        return f"{start:%d/%m/%Y}" if start == end else f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    if start:
        return f"từ {start:%d/%m/%Y}"
    return f"đến {end:%d/%m/%Y}" if end else ""


def _recurring(
    rest: str, recurrence: Recurrence, first_year: int | None, last_year: int | None
) -> Deadline | None:
    """Return a yearly or continuous deadline; the rest may name a due day and a window."""
    due = None
    if recurrence is Recurrence.YEARLY:
        due, rest = _take_due(rest)
    rest = rest.strip(" -")
    start = date(first_year, 1, 1) if first_year else None
    end = date(last_year, 12, 31) if last_year else None
    if rest:
        window = _window(rest)
        if window is None:
            return None
        start, end = window
    return Deadline("", start, end, recurrence, due)


def _take_due(rest: str) -> tuple[tuple[int, int] | None, str]:
    """Find a yearly due day ("15/12", "tháng 6", "quý II") and remove it from `rest`."""
    for pattern, read in _DUE_READERS:
        m = re.search(rf"(?<![\w/.-]){pattern}(?![\w/.-])", rest)
        due = read(m) if m else None
        if m and due:
            return due, rest[: m.start()] + rest[m.end() :]
    return None, rest


def _day_month(m: re.Match[str]) -> tuple[int, int] | None:
    """Return (month, day) of a day-month that exists in some year (29/02 included)."""
    day, month = int(m.group(1)), int(m.group(2))
    return (month, day) if 1 <= month <= 12 and 1 <= day <= _last_day(2000, month) else None


def _month_end(m: re.Match[str]) -> tuple[int, int] | None:
    """Return (month, last day) of a month named without its year."""
    month = int(m.group(1))
    return (month, _last_day(2000, month)) if 1 <= month <= 12 else None


def _quarter_end(m: re.Match[str]) -> tuple[int, int] | None:
    """Return (month, last day) of the last month of a quarter named without its year."""
    month = _QUARTERS[m.group(1)] * 3
    return month, _last_day(2000, month)


def _last_day(year: int, month: int) -> int:
    """Return the number of days in a month, leap years included."""
    return calendar.monthrange(year, month)[1]


def _window(key: str) -> Window | None:
    """Return the window of one term or of a range "A-B" / "từ A đến B"."""
    key = _PREFIX.sub("", key)
    return _term(key) or _range(key)


def _range(key: str) -> Window | None:
    """Return the window from the start of A to the end of B; None if B ends before A starts."""
    for cut in re.finditer(r"-| den (?:het )?", key):
        first, last = _term(key[: cut.start()]), _term(key[cut.end() :])
        if first and last:
            return (first[0], last[1]) if first[0] <= last[1] else None
    return None


def _term(key: str) -> Window | None:
    """Return the window of a single date, month, quarter, half year or year."""
    for pattern, read in _TERMS:
        m = pattern.fullmatch(key.strip())
        if m:
            return read(m)
    return None


def _day(year: int, month: int, day: int) -> Window | None:
    """Return the one-day window of a date, None if it does not exist or the year is a typo."""
    if not MIN_YEAR <= year <= MAX_YEAR or not 1 <= month <= 12:
        return None
    if not 1 <= day <= _last_day(year, month):
        return None
    return date(year, month, day), date(year, month, day)


def _months(year: int, first: int, last: int) -> Window | None:
    """Return the window from the first day of month `first` to the last day of month `last`."""
    if not MIN_YEAR <= year <= MAX_YEAR or not 1 <= first <= last <= 12:
        return None
    return date(year, first, 1), date(year, last, _last_day(year, last))


def _dmy(m: re.Match[str]) -> Window | None:
    """Return a day written dd/mm/yyyy, with any separator."""
    return _day(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def _ymd(m: re.Match[str]) -> Window | None:
    """Return a day written yyyy-mm-dd."""
    return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _month(m: re.Match[str]) -> Window | None:
    """Return a month of a year."""
    return _months(int(m.group(2)), int(m.group(1)), int(m.group(1)))


def _month_span(m: re.Match[str]) -> Window | None:
    """Return months first..last of one year ("tháng 10-12/2025")."""
    return _months(int(m.group(3)), int(m.group(1)), int(m.group(2)))


def _quarter(m: re.Match[str]) -> Window | None:
    """Return a quarter of a year."""
    last = _QUARTERS[m.group(1)] * 3
    return _months(int(m.group(2)), last - 2, last)


def _half(m: re.Match[str]) -> Window | None:
    """Return the first or the second half of a year."""
    first = 1 if m.group(1) == "dau" else 7
    return _months(int(m.group(2)), first, first + 5)


def _year(m: re.Match[str]) -> Window | None:
    """Return a whole year."""
    return _months(int(m.group(1)), 1, 12)


# [0-9], not \d: \d also matches Arabic-Indic and full-width digits ("٢٠٢٦").
_Y = r"([0-9]{4})"
_D = r"([0-9]{1,2})"
_ON = r"(?:truoc )?(?:ngay )?"  # "trước ngày 31/12/2025" is due that day
_MONTH = r"(?:thang ?|t)"
_OF = r"(?:/|-|\.| nam | )"  # between a month or quarter and its year
_TERMS: tuple[tuple[re.Pattern[str], _Reader], ...] = (
    (re.compile(rf"{_ON}{_D}[/.-]{_D}[/.-]{_Y}"), _dmy),
    (re.compile(rf"{_ON}{_D} thang {_D} nam {_Y}"), _dmy),
    (re.compile(rf"{_ON}{_Y}-{_D}-{_D}"), _ymd),
    (re.compile(rf"{_MONTH}{_D}{_OF}{_Y}"), _month),
    (re.compile(rf"{_D}/{_Y}"), _month),
    (re.compile(rf"{_MONTH}{_D}-{_MONTH}?{_D}{_OF}{_Y}"), _month_span),
    (re.compile(rf"quy ?(iv|iii|ii|i|[1-4]){_OF}{_Y}"), _quarter),
    (re.compile(rf"6 thang (dau|cuoi)(?: nam)? {_Y}"), _half),
    (re.compile(rf"(?:nam )?{_Y}"), _year),
)
_DUE_READERS: tuple[tuple[str, _DueReader], ...] = (
    (rf"{_ON}{_D}[/.-]{_D}", _day_month),
    (rf"(?:trong )?thang {_D}", _month_end),
    (r"(?:trong )?quy (iv|iii|ii|i|[1-4])", _quarter_end),
)
