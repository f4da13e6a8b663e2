"""Keep a task's stored deadline columns and its parsed Deadline in step."""

from __future__ import annotations

from typing import Any

from carapp.db.models import Plan, Task
from carapp.domain.deadlines import Deadline, Recurrence, parse_deadline
from carapp.domain.text import clean


def deadline_columns(text: str, plan: Plan) -> dict[str, Any]:
    """Parse a deadline as written and return the task columns that store it."""
    parsed = parse_deadline(text, plan.start_year, plan.end_year)
    month_day = parsed.due_month_day
    return {
        "deadline_text": clean(text),
        "deadline_start": parsed.start,
        "deadline_end": parsed.end,
        "recurrence": parsed.recurrence.value,
        "due_month_day": f"{month_day[0]:02d}-{month_day[1]:02d}" if month_day else "",
        "deadline_understood": parsed.understood,
    }


def deadline_of(task: Task) -> Deadline:
    """Rebuild a task's Deadline from its stored columns, without parsing again."""
    month_day = None
    if task.due_month_day:
        month, day = task.due_month_day.split("-")
        month_day = (int(month), int(day))
    return Deadline(
        text=task.deadline_text,
        start=task.deadline_start,
        end=task.deadline_end,
        recurrence=Recurrence(task.recurrence),
        due_month_day=month_day,
        understood=task.deadline_understood,
    )
