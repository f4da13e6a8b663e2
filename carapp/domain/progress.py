"""The report category of a task (done on time, overdue …) from its deadline and its status."""

from __future__ import annotations

import calendar
from datetime import date

from carapp.domain.deadlines import Deadline, Recurrence
from carapp.domain.periods import ReportingPeriod, period_for
from carapp.domain.status import DerivedStatus, RecordedStatus


def effective_due(
    deadline: Deadline, as_of: date, period: ReportingPeriod | None = None
) -> date | None:
    """Return the day a task must be done by in `period` (default: the one open on `as_of`).

    A one-off deadline is due at the end of its window. A yearly one is due on its due day
    (31/12 when none is written) of the period's year; a continuous one at the end of the
    period's data window. Neither is due after the end of its own window (the plan period).
    None when the window is unknown.
    """
    if not deadline.understood:
        return None
    if deadline.recurrence is Recurrence.NONE:
        return deadline.end
    period = period or period_for(as_of)
    if deadline.recurrence is Recurrence.CONTINUOUS:
        due = period.end
    else:
        month, day = deadline.due_month_day or (12, 31)
        due = date(period.year, month, min(day, calendar.monthrange(period.year, month)[1]))
    return min(due, deadline.end) if deadline.end else due


def derive_status(
    deadline: Deadline,
    status: RecordedStatus | None,
    completed_on: date | None,
    as_of: date,
    period: ReportingPeriod | None = None,
) -> DerivedStatus | None:
    """Return the report category of a task as of a day, or None when its deadline is unknown.

    A task recorded done without a completion date counts as done on time: the officer vouched
    for it and nothing shows otherwise. Paused and cancelled tasks are judged as not done.
    """
    due = effective_due(deadline, as_of, period)
    if due is None:
        return None
    if status is RecordedStatus.DONE:
        late = completed_on is not None and completed_on > due
        return DerivedStatus.DONE_LATE if late else DerivedStatus.DONE_ON_TIME
    if _before_recurring_window(deadline, as_of):
        return DerivedStatus.NOT_DUE
    if as_of > due:
        return DerivedStatus.OVERDUE
    if status is RecordedStatus.IN_PROGRESS:
        return DerivedStatus.IN_PROGRESS_ON_TIME
    return DerivedStatus.NOT_DUE


def is_overdue(
    deadline: Deadline,
    status: RecordedStatus | None,
    completed_on: date | None,
    as_of: date,
    period: ReportingPeriod | None = None,
) -> bool:
    """Return whether the task is not done and its deadline has passed."""
    derived = derive_status(deadline, status, completed_on, as_of, period)
    return derived is DerivedStatus.OVERDUE


def _before_recurring_window(deadline: Deadline, as_of: date) -> bool:
    """Return whether a recurring or continuous task's plan period has not started yet."""
    recurring = deadline.recurrence is not Recurrence.NONE
    return recurring and deadline.start is not None and as_of < deadline.start
