"""Reporting periods (kỳ báo cáo) and their data windows under Nghị định 09/2019/NĐ-CP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import total_ordering

from carapp.domain.deadlines import parse_deadline
from carapp.domain.text import fold


class PeriodKind(StrEnum):
    """The four reports a unit sends each year."""

    Q1 = "Q1"
    H1 = "H1"
    Q3 = "Q3"
    YEAR = "Y"


_ORDER = (PeriodKind.Q1, PeriodKind.H1, PeriodKind.Q3, PeriodKind.YEAR)
# [0-9], not \d: \d also matches Arabic-Indic and full-width digits ("٢٠٢٦").
_CODE = re.compile(r"^\s*([0-9]{4})(?:-(Q1|H1|Q3|Y))?\s*$", re.IGNORECASE)
# Folded labels as offices write them; "6 tháng cuối năm" is no reporting period.
# "9 tháng" is the Quý III report (it covers the year's first nine months).
_LABELS = (
    (r"quy ?(?:i|1)(?:/| nam | )([0-9]{4})", PeriodKind.Q1),
    (r"quy ?(?:iii|3)(?:/| nam | )([0-9]{4})", PeriodKind.Q3),
    (r"9 thang(?: dau nam| dau| nam)? ([0-9]{4})", PeriodKind.Q3),
    (r"6 thang(?: dau nam| dau| nam)? ([0-9]{4})", PeriodKind.H1),
    (r"nam ([0-9]{4})", PeriodKind.YEAR),
)
# "năm 2026" right after these is part of a date or of another span, not the year's report.
_PART_OF_YEAR = re.compile(r"(?:\bthang [0-9]{1,2}|\bthang|\bquy ?\w+|\bcuoi|\bdau) $")
_DATE_RANGE = re.compile(r"\btu (?:ngay )?(\S+) den (?:het )?(?:ngay )?(\S+)")


@total_ordering
@dataclass(frozen=True)
class ReportingPeriod:
    """One reporting period of one year, e.g. Quý I/2026 (code ``2026-Q1``)."""

    year: int
    kind: PeriodKind

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return (self.year, _ORDER.index(self.kind)) < (other.year, _ORDER.index(other.kind))

    @property
    def code(self) -> str:
        """Return the stable code stored in the database: 2026-Q1, 2026-H1, 2026-Q3, 2026."""
        return str(self.year) if self.kind is PeriodKind.YEAR else f"{self.year}-{self.kind.value}"

    @property
    def label(self) -> str:
        """Return the Vietnamese name: Quý I/2026, 6 tháng 2026, Quý III/2026, Năm 2026."""
        return {
            PeriodKind.Q1: f"Quý I/{self.year}",
            PeriodKind.H1: f"6 tháng {self.year}",
            PeriodKind.Q3: f"Quý III/{self.year}",
            PeriodKind.YEAR: f"Năm {self.year}",
        }[self.kind]

    @property
    def window(self) -> tuple[date, date]:
        """Return the data window [start, end] the report covers (both days included)."""
        start = date(self.year - 1, 12, 15)
        if self.kind is PeriodKind.Q1:
            return start, date(self.year, 3, 14)
        if self.kind is PeriodKind.H1:
            return start, date(self.year, 6, 14)
        if self.kind is PeriodKind.Q3:
            return date(self.year, 6, 15), date(self.year, 9, 14)
        return start, date(self.year, 12, 14)

    @property
    def start(self) -> date:
        """Return the first day of the data window."""
        return self.window[0]

    @property
    def end(self) -> date:
        """Return the last day of the data window."""
        return self.window[1]

    @property
    def calendar_end(self) -> date:
        """Return the end of the calendar span the period names (31/3, 30/6, 30/9, 31/12)."""
        month, day = {
            PeriodKind.Q1: (3, 31),
            PeriodKind.H1: (6, 30),
            PeriodKind.Q3: (9, 30),
            PeriodKind.YEAR: (12, 31),
        }[self.kind]
        return date(self.year, month, day)

    def next(self) -> ReportingPeriod:
        """Return the period reported after this one."""
        i = _ORDER.index(self.kind)
        if i == len(_ORDER) - 1:
            return ReportingPeriod(self.year + 1, _ORDER[0])
        return ReportingPeriod(self.year, _ORDER[i + 1])

    def previous(self) -> ReportingPeriod:
        """Return the period reported before this one."""
        i = _ORDER.index(self.kind)
        if i == 0:
            return ReportingPeriod(self.year - 1, _ORDER[-1])
        return ReportingPeriod(self.year, _ORDER[i - 1])

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> ReportingPeriod:
    """Read a period from its code (2026-Q1) or its Vietnamese label (Quý I/2026, 6 tháng 2026).

    Raises ValueError with a Vietnamese message when the text names no period.
    """
    m = _CODE.match(text)
    if m:
        kind = PeriodKind(m.group(2).upper()) if m.group(2) else PeriodKind.YEAR
        return ReportingPeriod(int(m.group(1)), kind)
    key = re.sub(r"\s*/\s*", "/", fold(text))
    for pattern, kind in _LABELS:
        m = re.fullmatch(rf"(?:(?:bao cao|ky bao cao|ky) )?{pattern}", key)
        if m:
            return ReportingPeriod(int(m.group(1)), kind)
    raise ValueError(
        f"Kỳ báo cáo không hợp lệ: “{text}” (ví dụ đúng: 2026-Q1, 2026-H1, 2026-Q3, 2026)"
    )


def period_in_text(text: str) -> ReportingPeriod | None:
    """Return the period a document's title names, or None.

    Understands "Quý I/2026", "quý 1 năm 2026", "6 tháng đầu năm 2026", "9 tháng năm 2026",
    "Báo cáo … năm 2025" and a data window in words ("từ ngày 15/12/2025 đến ngày 14/3/2026",
    read by the deadline parser). A date range wins over a label, a quarter or half year over a
    year; dates such as "ngày 10 tháng 3 năm 2026" are not taken for "năm 2026".
    """
    key = re.sub(r"\s*/\s*", "/", fold(text))
    for match in _DATE_RANGE.finditer(key):
        window = parse_deadline(f"từ {match.group(1)} đến {match.group(2)}")
        if window.start and window.end:
            found = period_of_window(window.start, window.end)
            if found is not None:
                return found
    for pattern, kind in _LABELS:
        for m in re.finditer(rf"\b{pattern}\b", key):
            if kind is not PeriodKind.YEAR or not _PART_OF_YEAR.search(key[: m.start()]):
                return ReportingPeriod(int(m.group(1)), kind)
    return None


def period_of_window(start: date, end: date) -> ReportingPeriod | None:
    """Return the period whose data window (or calendar span) is [start, end], or None."""
    for kind in _ORDER:
        period = ReportingPeriod(end.year, kind)
        starts = {period.start, date(end.year, 1, 1)}
        if kind is PeriodKind.Q3:
            starts.add(date(end.year, 7, 1))
        if end in (period.end, period.calendar_end) and start in starts:
            return period
    return None


def periods_between(first_year: int, last_year: int) -> list[ReportingPeriod]:
    """Return every period of the years first_year..last_year, in reporting order."""
    return [ReportingPeriod(y, k) for y in range(first_year, last_year + 1) for k in _ORDER]


def period_for(day: date) -> ReportingPeriod:
    """Return the period whose report is the next one due on `day` (its window still open)."""
    for kind in _ORDER:
        candidate = ReportingPeriod(day.year, kind)
        if candidate.start <= day <= candidate.end:
            return candidate
    return ReportingPeriod(day.year + 1, PeriodKind.Q1)


def period_phrase(period: ReportingPeriod) -> str:
    """Return the period as a report title says it: "quý I năm 2026", "6 tháng đầu năm 2026"."""
    return {
        PeriodKind.Q1: f"quý I năm {period.year}",
        PeriodKind.H1: f"6 tháng đầu năm {period.year}",
        PeriodKind.Q3: f"quý III năm {period.year}",
        PeriodKind.YEAR: f"năm {period.year}",
    }[period.kind]
