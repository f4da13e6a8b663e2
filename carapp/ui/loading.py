"""What the window reads to show a plan's tasks, as plain functions a worker can run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from carapp import collector
from carapp.domain.periods import ReportingPeriod, period_for, periods_between
from carapp.services.audit import TaskChange, task_history
from carapp.services.progress import ProgressView, progress_history
from carapp.services.tasks import list_task_rows
from carapp.ui.task_rows import Ranks, TableRow, TableSummary, summarise, table_rows

# Plans with more tasks than this load on a worker thread with a busy indicator.
SYNC_LIMIT = 500


@dataclass(frozen=True)
class LoadedTable:
    """A plan's tasks as the table shows them, ranked for Vietnamese sorting."""

    plan_id: str
    rows: list[TableRow]
    ranks: Ranks  # empty when the load left ranking to rank_rows (see load_table)
    as_of: date
    period: ReportingPeriod
    summary: TableSummary
    # The panels' data of the task about to be selected (the one asked for, else the first),
    # read with the rows so that the GUI thread need not: (task id, its details).
    details: tuple[str, TaskDetails] | None = None


def load_table(
    engine: Engine,
    plan_id: str,
    period: ReportingPeriod,
    as_of: date,
    *,
    ranked: bool = True,
    select: str | None = None,
) -> LoadedTable:
    """Read every task of a plan with its status in the period; slow on large plans.

    With `ranked` False the Vietnamese ranks of the text columns (needed only to sort by
    them, ~0.4 s on 20,000 tasks) are left to `rank_rows`, run once the table is shown.
    The details of task `select` (else of the first task) are read too.
    """
    with collector.quiet():  # see collector.quiet: no full collection over the rows built
        found = list_task_rows(engine, plan_id, as_of=as_of, period=period)
        rows = table_rows(found, as_of, period)
        ranks = Ranks().build(rows) if ranked else Ranks()
        chosen = select if any(r.id == select for r in rows) else (rows[0].id if rows else None)
        details = (chosen, load_details(engine, chosen, period)) if chosen else None
        return LoadedTable(plan_id, rows, ranks, as_of, period, summarise(rows), details)


def rank_rows(rows: list[TableRow]) -> Ranks:
    """Rank the text columns of loaded rows in Vietnamese order (off the GUI thread)."""
    with collector.quiet():
        return Ranks().build(rows)


def fresh_rows(
    engine: Engine, plan_id: str, task_ids: list[str], period: ReportingPeriod, as_of: date
) -> list[TableRow]:
    """Read a few tasks again after an edit."""
    found = list_task_rows(engine, plan_id, as_of=as_of, period=period, task_ids=task_ids)
    return table_rows(found, as_of, period)


@dataclass(frozen=True)
class TaskDetails:
    """A task's progress record in the period, the state carried from before, its history."""

    record: ProgressView | None
    carried: ProgressView | None
    others: list[ProgressView]
    changes: list[TaskChange]


def load_details(engine: Engine, task_id: str, period: ReportingPeriod) -> TaskDetails:
    """Read what the panels show about one task in a period."""
    history = progress_history(engine, task_id)  # latest period first
    record = next((h for h in history if h.period == period), None)
    carried = next((h for h in history if h.period < period), None)
    others = [h for h in history if h.period != period]
    return TaskDetails(record, carried, others, task_history(engine, task_id))


def plan_periods(start_year: int, end_year: int, today: date) -> list[ReportingPeriod]:
    """Return the periods offered for a plan: its years, and this year's when outside them."""
    current = period_for(today).year
    return periods_between(min(start_year, current), max(end_year, current))


def as_of_for(period: ReportingPeriod, today: date) -> date:
    """Return the day statuses are judged on: today, or the end of a period already closed."""
    return min(today, period.end)
