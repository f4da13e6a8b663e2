"""A plan's rows as plain JSON-ready dicts and back (for the deleted plans' backups).

Read and written through SQLAlchemy Core, without building an ORM object per row (pydantic
validation of 40,000 rows took most of the time of deleting and restoring a large plan; see
bench/bench_plan_delete.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, TypeDecorator
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel

from carapp.db.models import Measurement, Plan, ProgressRecord, Section, Target, Task
from carapp.domain.outline import outline_order


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _query(model: type[SQLModel], plan_id: str) -> Any:
    """Return a SELECT of the rows of `model` under a plan, in a stable order."""
    plan, section, target, task = (
        table_of(Plan),
        table_of(Section),
        table_of(Target),
        table_of(Task),
    )
    t = table_of(model)
    if model is Section:
        return sa_select(t).where(t.c.plan_id == plan_id).order_by(t.c.position)
    if model is Target:
        return (
            sa_select(t)
            .join(section, section.c.id == t.c.section_id)
            .where(section.c.plan_id == plan_id)
            .order_by(section.c.position, t.c.position)
        )
    if model is Measurement:
        return (
            sa_select(t)
            .join(target, target.c.id == t.c.target_id)
            .join(section, section.c.id == target.c.section_id)
            .where(section.c.plan_id == plan_id)
        )
    if model is Task:
        return sa_select(t).where(t.c.plan_id == plan_id).order_by(t.c.section_id, t.c.position)
    if model is ProgressRecord:
        return sa_select(t).join(task, task.c.id == t.c.task_id).where(task.c.plan_id == plan_id)
    return sa_select(plan).where(plan.c.id == plan_id)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def plan_rows(session: Session, model: type[SQLModel], plan_id: str) -> list[dict[str, Any]]:
    """Return the rows of `model` under a plan as JSON-ready dicts (columns by name)."""
    result = session.execute(_query(model, plan_id)).mappings()
    return [{k: _json_value(v) for k, v in row.items()} for row in result]


def parents_first(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return tasks with every outline parent before its sub-items (for inserting them); a
    link to a parent outside the list is dropped, the row kept."""
    ids = {t["id"] for t in tasks}
    for task in tasks:
        if task.get("outline_parent_id") not in ids:
            task["outline_parent_id"] = None
    ordered = outline_order(tasks, lambda t: t["id"], lambda t: t["outline_parent_id"])
    return [task for task, _depth in ordered]


def rows_from_json(model: type[SQLModel], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a backup's rows as column values: dates parsed, missing columns defaulted."""
    columns = table_of(model).columns
    parsers: dict[str, Any] = {}
    for column in columns:
        kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        if isinstance(kind, DateTime):
            parsers[column.name] = datetime.fromisoformat
        elif isinstance(kind, Date):
            parsers[column.name] = date.fromisoformat
    fields = model.model_fields
    values = []
    for row in rows:
        out = {}
        for column in columns:
            name = column.name
            if name not in row:
                out[name] = fields[name].get_default(call_default_factory=True)
            elif row[name] is not None and name in parsers:
                out[name] = parsers[name](row[name])
            else:
                out[name] = row[name]
        values.append(out)
    return values
