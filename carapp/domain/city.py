"""The city's consolidated picture as data: each unit's status, counts by category and area."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from carapp.domain.areas import ReformArea
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.status import UNKNOWN_DEADLINE_LABEL, DerivedStatus
from carapp.domain.vietnam_time import VIETNAM_TIME

VIETNAM = VIETNAM_TIME
Category = DerivedStatus | None
CATEGORIES: tuple[Category, ...] = (*DerivedStatus, None)
TOTAL_LABEL = "Tổng cộng"


def category_label(category: Category) -> str:
    """Return a category's Vietnamese name (the unknown deadline included)."""
    return category.label if category is not None else UNKNOWN_DEADLINE_LABEL


@dataclass(frozen=True)
class UnitStatus:
    """One unit in the city's table: what it sent, and where its tasks stand for a period."""

    code: str
    name: str
    registered: bool  # allowed to sign in the trust store
    period: str  # the period asked about
    due_on: date
    last_period: str = ""  # the period of the last package accepted (any period)
    last_sequence: int | None = None
    last_received_at: datetime | None = None
    signer_subject: str = ""
    verification: str = ""
    received_at: datetime | None = None  # first package accepted for `period`
    today: date = field(default_factory=date.today)
    tasks_total: int = 0
    tasks_reported: int = 0  # with a progress record for `period`
    counts: dict[Category, int] = field(default_factory=dict)
    province: str = ""  # the code of the unit's parent unit; the city's own when it has none

    @property
    def received(self) -> bool:
        """Tell whether a report for the period was accepted."""
        return self.received_at is not None

    @property
    def on_time(self) -> bool | None:
        """True/False once judged; None while not received and not yet due."""
        if self.received_at is not None:
            return self.received_at.astimezone(VIETNAM).date() <= self.due_on
        return False if self.today > self.due_on else None

    @property
    def complete(self) -> bool:
        """Tell whether every task has a progress record for the period."""
        return self.tasks_total > 0 and self.tasks_reported == self.tasks_total

    @property
    def timeliness_label(self) -> str:
        """Return "Đúng hạn", "Muộn", "Quá hạn, chưa nhận" or "Chưa đến hạn"."""
        if self.received_at is not None:
            return "Đúng hạn" if self.on_time else "Muộn"
        return "Quá hạn, chưa nhận" if self.on_time is False else "Chưa đến hạn"

    @property
    def completeness_label(self) -> str:
        """Return "Đầy đủ" or "Thiếu 3/30" (tasks without a record for the period)."""
        if not self.received:
            return "Chưa có báo cáo"
        if self.complete:
            return "Đầy đủ"
        return f"Thiếu {self.tasks_total - self.tasks_reported}/{self.tasks_total}"

    @property
    def last_period_label(self) -> str:
        """Return the last period received as people write it (Quý I/2026), or ''."""
        return parse_period(self.last_period).label if self.last_period else ""


@dataclass(frozen=True)
class CountRow:
    """Counts of tasks by category for one unit, one reform area or everything."""

    label: str
    counts: dict[Category, int]
    total: int
    code: str = ""
    area: ReformArea | None = None

    def count(self, category: Category) -> int:
        """Return the tasks in `category`."""
        return self.counts.get(category, 0)


@dataclass(frozen=True)
class ProvinceSummary:
    """One province (a parent unit) in the picture: its units' reports and their tasks' counts."""

    code: str
    name: str
    units: int  # units under it in the picture
    received: int  # of them, reports received for the period
    on_time: int
    complete: int
    tasks: CountRow

    @property
    def received_label(self) -> str:
        """Return "12/40" (units that sent the period's report / units)."""
        return f"{self.received}/{self.units}"


@dataclass(frozen=True)
class Consolidation:
    """The city's picture of one period: each unit's status and counts, per area, in total."""

    period: ReportingPeriod
    as_of: date
    city_code: str
    city_name: str
    statuses: list[UnitStatus]
    units: list[CountRow]
    areas: list[CountRow]
    total: CountRow
    provinces: list[ProvinceSummary] = field(default_factory=list)
