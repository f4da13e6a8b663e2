"""Counts of a progress report's tasks per derived status and reform area."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from carapp.domain.areas import ReformArea
from carapp.domain.documents import ProgressReport
from carapp.domain.status import DerivedStatus
from carapp.export.wording import SUMMARY_TOTAL


@dataclass(frozen=True)
class Tally:
    """How many tasks of one area (or of all) fall in each category."""

    label: str
    counts: dict[DerivedStatus, int]
    total: int

    @property
    def unassessed(self) -> int:
        """Return the tasks that carry no derived status."""
        return self.total - sum(self.counts.values())

    def cells(self) -> list[str]:
        """Return the total then one count per category, as printed in the summary table."""
        return [str(self.total)] + [str(self.counts[s]) for s in DerivedStatus]


@dataclass(frozen=True)
class Summary:
    """One tally per reform area present in the report (in the official order) and the total."""

    areas: list[Tally]
    total: Tally


def _tally(label: str, statuses: list[DerivedStatus | None]) -> Tally:
    counter = Counter(s for s in statuses if s is not None)
    return Tally(label, {s: counter[s] for s in DerivedStatus}, len(statuses))


def summarise(report: ProgressReport) -> Summary:
    """Count the report's tasks per derived status for each reform area and overall.

    A group heading is not a task: it is left out (its sub-items are counted).
    """
    by_area: dict[ReformArea, list[DerivedStatus | None]] = {}
    for section in report.sections:
        statuses = [row.derived for row in section.rows if not row.task.is_heading]
        by_area.setdefault(section.area, []).extend(statuses)
    areas = [_tally(area.label, by_area[area]) for area in ReformArea if by_area.get(area)]
    everything = [s for statuses in by_area.values() for s in statuses]
    return Summary(areas, _tally(SUMMARY_TOTAL, everything))


def total_sentence(total: Tally) -> str:
    """Return "Tổng số N nhiệm vụ; đã hoàn thành X (đúng hạn A, quá hạn B); … chưa đến hạn E."."""
    c = total.counts
    on_time, late = c[DerivedStatus.DONE_ON_TIME], c[DerivedStatus.DONE_LATE]
    parts = [
        f"Tổng số {total.total} nhiệm vụ",
        f"đã hoàn thành {on_time + late} (đúng hạn {on_time}, quá hạn {late})",
        f"đang thực hiện trong hạn {c[DerivedStatus.IN_PROGRESS_ON_TIME]}",
        f"quá hạn {c[DerivedStatus.OVERDUE]}",
        f"chưa đến hạn {c[DerivedStatus.NOT_DUE]}",
    ]
    if total.unassessed:
        parts.append(f"chưa đánh giá {total.unassessed}")
    return "; ".join(parts) + "."
