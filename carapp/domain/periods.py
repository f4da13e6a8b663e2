"""Reporting periods (kỳ báo cáo) and their data windows under Nghị định 09/2019/NĐ-CP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import total_ordering

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
_LABELS = (
    (r"quy ?(?:i|1)(?:/| nam | )([0-9]{4})", PeriodKind.Q1),
    (r"quy ?(?:iii|3)(?:/| nam | )([0-9]{4})", PeriodKind.Q3),
    (r"6 thang(?: dau nam| nam)? ([0-9]{4})", PeriodKind.H1),
    (r"nam ([0-9]{4})", PeriodKind.YEAR),
)


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
