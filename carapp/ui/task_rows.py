"""The rows of the task table without Qt views: due days, Vietnamese order, filters.

Sorting and filtering live here, in plain Python over precomputed keys, rather than in a
QSortFilterProxyModel: the proxy calls back into Python once per row to filter and twice per
comparison to sort, which costs 0.1–0.4 s per keystroke and about a second per sort on 20,000
tasks; a list comprehension over folded keys and a sort on Vietnamese ranks take milliseconds.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter

from carapp.domain.areas import ReformArea
from carapp.domain.periods import ReportingPeriod
from carapp.domain.progress import effective_due
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.domain.text import fold
from carapp.services.tasks import TaskRow, TaskView
from carapp.ui.collation import collated, sliced, vietnamese_collator

DUE_SOON_DAYS = 30
UNKNOWN = "unknown"  # the derived-status filter value for tasks whose deadline is not understood
DUE_SOON = "due_soon"  # the filter value for tasks not done and due within DUE_SOON_DAYS

# Columns of the table, in the order the Bạch Long Vĩ appendix prints them, then progress.
(
    COL_NUMBER,
    COL_CONTENT,
    COL_LEAD,
    COL_COOPERATING,
    COL_OUTPUT,
    COL_DEADLINE,
    COL_DUE,
    COL_STATUS,
    COL_DERIVED,
) = range(9)
TEXT_COLUMNS = {
    COL_NUMBER: "number",
    COL_CONTENT: "content",
    COL_LEAD: "lead",
    COL_COOPERATING: "cooperating",
    COL_OUTPUT: "output",
    COL_DEADLINE: "deadline",
}
_STATUS_ORDER: dict[RecordedStatus | None, int] = {s: i for i, s in enumerate(RecordedStatus)}
_DERIVED_ORDER: dict[DerivedStatus | None, int] = {s: i for i, s in enumerate(DerivedStatus)}


@dataclass(slots=True)
class TableRow:
    """One task in the table: what the service gave, and keys computed once to sort and filter."""

    view: TaskView
    search_key: str
    due: date | None
    order: int = 0  # place in the appendix (section, then position), the default order
    as_of: date | None = None  # the day `due_soon` was judged on
    id: str = field(init=False)
    lead: str = field(init=False)  # what the lead-unit filter compares
    overdue: bool = field(init=False)
    due_soon: bool = field(init=False)

    def __post_init__(self) -> None:
        self.id = self.view.id
        self.lead = lead_key(self.view)
        self.overdue = self.view.derived is DerivedStatus.OVERDUE
        self.due_soon = self.as_of is not None and is_due_soon(self, self.as_of)


def lead_key(view: TaskView) -> str:
    """Return what the lead-unit filter groups a task by: its unit, or its lead as written."""
    return f"unit:{view.lead_unit_id}" if view.lead_unit_id else _folded_lead(view.lead)


@functools.lru_cache(maxsize=4096)
def _folded_lead(lead: str) -> str:
    """Fold a lead as written once: thousands of tasks repeat a few hundred leads."""
    return f"text:{fold(lead)}"


_TEXT_OF = {column: attrgetter(name) for column, name in TEXT_COLUMNS.items()}
_TEXT_OF[COL_DEADLINE] = attrgetter("deadline.text")
_VIEW = attrgetter("view")


def text_of(view: TaskView, column: int) -> str:
    """Return the text a task shows in a text column."""
    return str(_TEXT_OF[column](view))


def table_rows(rows: Iterable[TaskRow], as_of: date, period: ReportingPeriod) -> list[TableRow]:
    """Return table rows with each task's due day in the period."""
    return [
        TableRow(
            r.view, r.search_key, effective_due(r.view.deadline, as_of, period), i, as_of=as_of
        )
        for i, r in enumerate(rows)
    ]


@dataclass(frozen=True)
class TableSummary:
    """What the section tree and the filter choices need to know about all the rows."""

    section_counts: dict[str, int]  # tasks, group headings left out
    areas: frozenset[ReformArea]
    leads: dict[str, tuple[str | None, str]]  # lead key -> (unit id, lead as first written)
    tally: tuple[int, int, int] = (0, 0, 0)  # tasks, overdue tasks, tasks due soon


def summarise(rows: Iterable[TableRow]) -> TableSummary:
    """Count tasks per section and collect the areas and lead units used."""
    counts: dict[str, int] = {}
    areas: set[ReformArea] = set()
    leads: dict[str, tuple[str | None, str]] = {}
    overdue = soon = 0
    for row in rows:
        view = row.view
        if not view.is_heading:
            counts[view.section_id] = counts.get(view.section_id, 0) + 1
            overdue += row.overdue
            soon += row.due_soon
        areas.add(view.area)
        if row.lead not in leads:
            leads[row.lead] = (view.lead_unit_id, view.lead)
    tally = (sum(counts.values()), overdue, soon)
    return TableSummary(counts, frozenset(areas), leads, tally)


class Ranks:
    """Each text column's values ranked in Vietnamese order (QCollator, vi_VN).

    Ranks are kept per distinct text, not per row: a sort looks a row's text up here.
    """

    def __init__(self) -> None:
        self._collator = vietnamese_collator()
        self._sorted: dict[int, list[str]] = {}
        self._rank: dict[int, dict[str, float]] = {}
        self._built: set[int] = set()

    def build(self, rows: list[TableRow], columns: Iterable[int] = TEXT_COLUMNS) -> Ranks:
        """Rank every value of the text columns (the rows are only read).

        About 60 ms of CPU on 20,000 tasks, in steps of at most a few milliseconds between
        which the GIL is let go (see collation.collated): run it off the GUI thread.
        """
        for column in columns:
            texts: set[str] = set()
            for _start, part in sliced(rows):
                texts.update(map(_TEXT_OF[column], map(_VIEW, part)))
            values = collated(texts, self._collator.compare)
            ranks: dict[str, float] = {}
            for start, found in sliced(values):
                ranks.update(zip(found, map(float, range(start, start + len(found))), strict=True))
            self._sorted[column], self._rank[column] = values, ranks
            self._built.add(column)
        return self

    def has(self, column: int) -> bool:
        """Tell whether a column's values were ranked (build), not only met one by one."""
        return column in self._built

    def key(self, column: int) -> Callable[[TableRow], float]:
        """Return a row's rank in a text column; empty texts rank last."""
        text = _TEXT_OF[column]
        ranks = self._rank.setdefault(column, {})

        def rank_of(row: TableRow) -> float:
            value = text(row.view)
            found = ranks.get(value)
            if found is not None:
                return found
            return self.rank(column, value) if value else math.inf

        return rank_of

    def rank(self, column: int, text: str) -> float:
        """Return a text's rank in a column, placing a value never seen between its neighbours."""
        ranks = self._rank.setdefault(column, {})
        found = ranks.get(text)
        if found is not None:
            return found
        values = self._sorted.setdefault(column, [])
        key = functools.cmp_to_key(self._collator.compare)
        at = bisect.bisect_left(values, key(text), key=key)
        low = ranks[values[at - 1]] if at > 0 else -1.0
        high = ranks[values[at]] if at < len(values) else low + 2.0
        values.insert(at, text)
        ranks[text] = (low + high) / 2
        return ranks[text]


def sort_key(column: int, ranks: Ranks) -> Callable[[TableRow], tuple[object, ...]]:
    """Return the key that orders rows by a column; empty values and unknown days go last."""
    if column in TEXT_COLUMNS:
        rank_of = ranks.key(column)
        return lambda r: (rank_of(r),)
    if column == COL_DUE:
        return lambda r: (r.due is None, r.due or date.max)
    if column == COL_STATUS:
        return lambda r: (_STATUS_ORDER.get(r.view.status, -1), r.view.percent or 0)
    if column == COL_DERIVED:
        return lambda r: (_DERIVED_ORDER.get(r.view.derived, len(_DERIVED_ORDER)),)
    return lambda r: (r.order,)


def is_due_soon(row: TableRow, as_of: date) -> bool:
    """Return whether a task is not done and falls due within the next DUE_SOON_DAYS days."""
    if row.due is None or row.view.status is RecordedStatus.DONE:
        return False
    return as_of <= row.due <= as_of + timedelta(days=DUE_SOON_DAYS)


@dataclass(frozen=True)
class TaskFilter:
    """What the officer narrowed the list to: typed words, section, area, lead unit, status."""

    search: str = ""  # folded already (text.fold): it is compared with every row's key
    section_id: str | None = None
    area: ReformArea | None = None
    lead: str | None = None
    derived: str | None = None
    task_ids: frozenset[str] | None = field(default=None)

    def apply(self, rows: list[TableRow], as_of: date) -> list[TableRow]:
        """Return the rows that pass, in order, with the items and headings they sit under."""
        passed = self._passing(rows, as_of)
        if len(passed) == len(rows):
            return passed
        return with_parents(rows, passed)

    def _passing(self, rows: list[TableRow], as_of: date) -> list[TableRow]:
        """Return the rows that pass: one quick pass per criterion set."""
        if self.task_ids is not None:
            rows = [r for r in rows if r.id in self.task_ids]
        if self.section_id:
            rows = [r for r in rows if r.view.section_id == self.section_id]
        if self.area is not None:
            rows = [r for r in rows if r.view.area is self.area]
        if self.lead:
            rows = [r for r in rows if r.lead == self.lead]
        if self.derived:
            rows = [r for r in rows if self._derived_matches(r, as_of)]
        if self.search:
            rows = [r for r in rows if self.search in r.search_key]
        return rows

    def matches(self, row: TableRow, as_of: date) -> bool:
        """Return whether a row passes every criterion."""
        view = row.view
        if self.task_ids is not None and view.id not in self.task_ids:
            return False
        if self.section_id and view.section_id != self.section_id:
            return False
        if self.area is not None and view.area is not self.area:
            return False
        if self.lead and row.lead != self.lead:
            return False
        if self.derived and not self._derived_matches(row, as_of):
            return False
        return self.search in row.search_key

    def _derived_matches(self, row: TableRow, as_of: date) -> bool:
        if self.derived == DUE_SOON:
            return row.due_soon if row.as_of == as_of else is_due_soon(row, as_of)
        if self.derived == UNKNOWN:
            return row.view.derived is None
        return row.view.derived is not None and row.view.derived.value == self.derived


def with_parents(rows: list[TableRow], passed: list[TableRow]) -> list[TableRow]:
    """Return `passed` with the outline parents of its sub-items, in the order of `rows`.

    A sub-item found by a search or a filter is shown under its item or group heading, so
    that it is never read out of its context.
    """
    wanted = {row.id for row in passed}
    parents = {row.id: row.view.outline_parent_id for row in rows if row.view.outline_parent_id}
    if not parents:
        return passed
    for row in passed:
        above = parents.get(row.id)
        while above and above not in wanted:
            wanted.add(above)
            above = parents.get(above)
    return [row for row in rows if row.id in wanted]
