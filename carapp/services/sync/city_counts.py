"""The units' tasks counted by derived status, aggregated in the database (city picture).

A task's category depends on its deadline window, its latest progress record up to the period
and the report day (carapp.domain.progress.derive_status). The same rule is written here as one
SQL CASE over each task and its latest record, so the database counts the tasks per unit,
reform area, category and "reported for the period" and returns a few rows per unit instead of
every task. Portable SQL (SQLite and PostgreSQL): joins, CASE, MAX, COUNT, GROUP BY.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, String, and_, case, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from carapp.db.models import Plan, ProgressRecord, Section, Task, Unit
from carapp.domain.city import Category
from carapp.domain.deadlines import Recurrence
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.pacing import Pause, paced

# The CASE's text for each category ('' for an unknown deadline).
_CATEGORY_OF: dict[str, Category] = {"": None, **{d.value: d for d in DerivedStatus}}
TASK, SECTION = Task.__table__, Section.__table__  # type: ignore[attr-defined]
PLAN, UNIT, RECORD = Plan.__table__, Unit.__table__, ProgressRecord.__table__  # type: ignore[attr-defined]
PACE_ROWS = 2_000  # grouped rows counted between two pauses (~3 ms of work here)


@dataclass
class TaskCounts:
    """The other units' tasks counted by category: per unit, per reform area, reported ones."""

    units: dict[str, Counter[Category]] = field(default_factory=dict)  # by unit code
    areas: dict[str, Counter[Category]] = field(default_factory=dict)  # by area value
    reported: Counter[str] = field(default_factory=Counter)  # with a record for the period

    def unit(self, code: str) -> Counter[Category]:
        """Return one unit's counts (empty when it has no task)."""
        return self.units.get(code) or Counter()


def period_ranks(conn: Any, period: ReportingPeriod) -> dict[str, int]:
    """Return the period codes recorded up to `period`, each with its rank (later is higher)."""
    codes = [code for (code,) in conn.execute(select(RECORD.c.period).distinct())]
    known = sorted((parse_period(code), code) for code in codes)
    return {code: rank for rank, (p, code) in enumerate(known, start=1) if p <= period}


def _latest_join(joined: Any, ranks: Mapping[str, int], dialect: str) -> tuple[Any, Any]:
    """Join each task's latest record up to the period; return the join and the record.

    The same rows either way; each engine gets the form it runs fast: SQLite one index lookup
    per task (a correlated LIMIT 1), PostgreSQL a window over the records joined by hash
    (its per-row subplan is three times slower at national scale, SQLite's window join worse).
    """
    rank = case(ranks, value=RECORD.c.period)
    if dialect == "postgresql":
        numbered = (
            select(
                RECORD.c.task_id,
                RECORD.c.period,
                RECORD.c.status,
                RECORD.c.completed_on,
                func.row_number()
                .over(partition_by=RECORD.c.task_id, order_by=rank.desc())
                .label("position"),
            )
            .where(RECORD.c.period.in_(list(ranks)))
            .subquery("latest")
        )
        on = and_(numbered.c.task_id == TASK.c.id, numbered.c.position == 1)
        return joined.outerjoin(numbered, on), numbered
    latest, other = RECORD.alias("latest"), RECORD.alias("earlier")
    latest_period = (
        select(other.c.period)
        .where(other.c.task_id == TASK.c.id, other.c.period.in_(list(ranks)))
        .order_by(case(ranks, value=other.c.period).desc())
        .limit(1)
        .scalar_subquery()
    )
    on = and_(latest.c.task_id == TASK.c.id, latest.c.period == latest_period)
    return joined.outerjoin(latest, on), latest


def _yearly_due(conn: Any, period: ReportingPeriod) -> ColumnElement[Any]:
    """Return the due day of a yearly task in the period's year, by its written day (31/12)."""
    days = {md for (md,) in conn.execute(select(TASK.c.due_month_day).distinct()) if md}
    dec31 = date(period.year, 12, 31)
    if not days:
        return literal(dec31, Date)
    due = {md: literal(_in_year(md, period.year), Date) for md in days}
    return case(due, value=TASK.c.due_month_day, else_=literal(dec31, Date))


def _in_year(month_day: str, year: int) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _category(
    conn: Any, period: ReportingPeriod, day: date, status: Any, completed: Any
) -> ColumnElement[Any]:
    """Return the SQL of carapp.domain.progress.derive_status for a task and its latest record.

    '' stands for "deadline unknown". tests/services/test_city_counts.py checks it against
    derive_status on every kind of deadline, status and day.
    """
    start, end, recurrence = TASK.c.deadline_start, TASK.c.deadline_end, TASK.c.recurrence
    once = recurrence == Recurrence.NONE.value
    raw = case(
        (once, end),
        (recurrence == Recurrence.CONTINUOUS.value, literal(period.end, Date)),
        else_=_yearly_due(conn, period),
    )
    due = case((and_(end.is_not(None), end < raw), end), else_=raw)  # never after its window
    today = literal(day, Date)
    done = status == RecordedStatus.DONE.value
    return case(
        (or_(TASK.c.deadline_understood.is_(False), due.is_(None)), literal("")),
        (and_(done, completed.is_not(None), completed > due), DerivedStatus.DONE_LATE.value),
        (done, DerivedStatus.DONE_ON_TIME.value),
        (and_(~once, start.is_not(None), today < start), DerivedStatus.NOT_DUE.value),
        (today > due, DerivedStatus.OVERDUE.value),
        (status == RecordedStatus.IN_PROGRESS.value, DerivedStatus.IN_PROGRESS_ON_TIME.value),
        else_=DerivedStatus.NOT_DUE.value,
    )


def _grouped(
    conn: Any, own_code: str, ranks: Mapping[str, int], period: ReportingPeriod, day: date
) -> Select[Any]:
    """Count the other units' tasks (headings left out) per unit, area, category, reported."""
    joined = (
        TASK.join(SECTION, SECTION.c.id == TASK.c.section_id)
        .join(PLAN, PLAN.c.id == TASK.c.plan_id)
        .join(UNIT, UNIT.c.id == PLAN.c.owner_unit_id)
    )
    status: ColumnElement[Any] = literal(None, String)
    completed: ColumnElement[Any] = literal(None, Date)
    reported: ColumnElement[Any] = literal(0)
    if ranks:  # something was recorded up to the period: join each task's latest record
        joined, latest = _latest_join(joined, ranks, conn.dialect.name)
        status, completed = latest.c.status, latest.c.completed_on
        # The latest record is the period's own when there is one.
        reported = case((latest.c.period == period.code, 1), else_=0)
    per_task = (
        select(
            UNIT.c.code.label("code"),
            SECTION.c.area.label("area"),
            _category(conn, period, day, status, completed).label("category"),
            reported.label("reported"),
        )
        .select_from(joined)
        .where(UNIT.c.code != own_code, TASK.c.is_heading.is_(False))  # a heading is no task
        .subquery("per_task")
    )
    keys = [per_task.c.code, per_task.c.area, per_task.c.category, per_task.c.reported]
    # Grouped outside: PostgreSQL wants GROUP BY terms identical to the selected ones, which
    # an expression with bound parameters never is when written twice.
    return select(*keys, func.count().label("tasks")).group_by(*keys)


def task_counts(
    conn: Any, own_code: str, period: ReportingPeriod, day: date, pause: Pause | None = None
) -> TaskCounts:
    """Count the other units' tasks per unit, area and category, and those reported.

    The grouped rows are read one by one into counters, not kept: at national scale (about
    110,000 groups) keeping them would make Python's collector stop the window's thread.
    `pause` is called every PACE_ROWS rows (the window gives its GUI thread a turn: pacing).
    """
    ranks = period_ranks(conn, period)
    counts = TaskCounts()
    units, areas, reported_by = counts.units, counts.areas, counts.reported
    rows = conn.execute(_grouped(conn, own_code, ranks, period, day))
    for code, area, category, reported, n in paced(rows, pause, PACE_ROWS):
        derived = _CATEGORY_OF[category]
        (units.get(code) or units.setdefault(code, Counter()))[derived] += n
        (areas.get(area) or areas.setdefault(area, Counter()))[derived] += n
        if reported:
            reported_by[code] += n
    return counts
