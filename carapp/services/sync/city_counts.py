"""The units' tasks counted by derived status, aggregated in the database (city picture).

A task's category depends on its deadline window, its latest progress record up to the period
and the report day (carapp.domain.progress.derive_status). The database groups the tasks by
exactly what the category depends on (unit, reform area, deadline window, recorded status,
completion date of a done task, whether the period itself was reported) and counts them; each
group's category is then derived once in Python. Plans share a handful of deadlines, so the
groups are far fewer than the tasks. Portable SQL: joins, CASE, MAX, COUNT, GROUP BY.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from carapp.db.models import Plan, ProgressRecord, Section, Task, Unit
from carapp.domain.city import Category
from carapp.domain.deadlines import Deadline, Recurrence
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.progress import derive_status
from carapp.domain.status import RecordedStatus

TASK, SECTION = Task.__table__, Section.__table__  # type: ignore[attr-defined]
PLAN, UNIT, RECORD = Plan.__table__, Unit.__table__, ProgressRecord.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TaskGroup:
    """Tasks of one unit and reform area that fall in the same category for the period."""

    unit_code: str
    area: str
    derived: Category
    reported: bool  # the tasks have a progress record for exactly the period
    count: int


def period_ranks(conn: Any, period: ReportingPeriod) -> dict[str, int]:
    """Return the period codes recorded up to `period`, each with its rank (later is higher)."""
    codes = [code for (code,) in conn.execute(select(RECORD.c.period).distinct())]
    known = sorted((parse_period(code), code) for code in codes)
    return {code: rank for rank, (p, code) in enumerate(known, start=1) if p <= period}


def _latest(ranks: Mapping[str, int], period: ReportingPeriod) -> Any:
    """Return a subquery: per task, the rank of its latest record and whether `period` has one."""
    rank = case(ranks, value=RECORD.c.period)
    exact = case((RECORD.c.period == period.code, 1), else_=0)
    return (
        select(
            RECORD.c.task_id,
            func.max(rank).label("rank"),
            func.max(exact).label("reported"),
        )
        .where(RECORD.c.period.in_(list(ranks)))
        .group_by(RECORD.c.task_id)
        .subquery("best")
    )


def _grouped(conn: Any, own_code: str, ranks: Mapping[str, int], period: ReportingPeriod) -> Any:
    """Count the other units' tasks (headings left out) by what their category depends on."""
    keys: list[ColumnElement[Any]] = [
        UNIT.c.code,
        SECTION.c.area,
        TASK.c.deadline_start,
        TASK.c.deadline_end,
        TASK.c.recurrence,
        TASK.c.due_month_day,
        TASK.c.deadline_understood,
    ]
    joined = (
        TASK.join(SECTION, SECTION.c.id == TASK.c.section_id)
        .join(PLAN, PLAN.c.id == TASK.c.plan_id)
        .join(UNIT, UNIT.c.id == PLAN.c.owner_unit_id)
    )
    if ranks:
        best, latest = _latest(ranks, period), RECORD.alias("latest")
        code_of_rank = case({r: code for code, r in ranks.items()}, value=best.c.rank)
        joined = joined.outerjoin(best, best.c.task_id == TASK.c.id).outerjoin(
            latest, and_(latest.c.task_id == TASK.c.id, latest.c.period == code_of_rank)
        )
        done = latest.c.status == RecordedStatus.DONE.value
        keys += [
            latest.c.status,
            case((done, latest.c.completed_on)).label("completed_on"),
            func.coalesce(best.c.reported, 0).label("reported"),
        ]
    else:  # nothing recorded up to the period
        keys += [literal(None).label("status"), literal(None).label("completed"), literal(0)]
    query = (
        select(*keys, func.count().label("tasks"))
        .select_from(joined)
        .where(UNIT.c.code != own_code, TASK.c.is_heading.is_(False))  # a heading is no task
        .group_by(*keys)
    )
    return conn.execute(query).all()


def _deadline(start: Any, end: Any, recurrence: str, month_day: str | None, ok: bool) -> Deadline:
    parsed = None
    if month_day:
        month, day = month_day.split("-")
        parsed = (int(month), int(day))
    return Deadline(
        text="",
        start=start,
        end=end,
        recurrence=Recurrence(recurrence),
        due_month_day=parsed,
        understood=ok,
    )


def task_groups(conn: Any, own_code: str, period: ReportingPeriod, day: date) -> list[TaskGroup]:
    """Return the other units' tasks counted per unit, area, category and reported flag."""
    ranks = period_ranks(conn, period)
    groups = []
    for row in _grouped(conn, own_code, ranks, period):
        code, area, start, end, recurrence, month_day, ok, status, completed, reported, n = row
        recorded = RecordedStatus(status) if status else None
        deadline = _deadline(start, end, recurrence, month_day, bool(ok))
        derived = derive_status(deadline, recorded, completed, day, period)
        groups.append(TaskGroup(code, area, derived, bool(reported), int(n)))
    return groups
