"""The tables a snapshot carries, their Vietnamese names and columns, and the rows a unit owns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Table, select

from carapp.db.models import (
    AuditEntry,
    Measurement,
    Plan,
    ProgressRecord,
    Section,
    Target,
    Task,
    Unit,
)

TABLES = {
    "plan": Plan.__table__,  # type: ignore[attr-defined]
    "section": Section.__table__,  # type: ignore[attr-defined]
    "target": Target.__table__,  # type: ignore[attr-defined]
    "measurement": Measurement.__table__,  # type: ignore[attr-defined]
    "task": Task.__table__,  # type: ignore[attr-defined]
    "progress_record": ProgressRecord.__table__,  # type: ignore[attr-defined]
}
UNIT: Table = Unit.__table__  # type: ignore[attr-defined]
AUDIT: Table = AuditEntry.__table__  # type: ignore[attr-defined]
TABLE_LABELS = {
    "plan": "kế hoạch",
    "section": "mục",
    "target": "chỉ tiêu",
    "measurement": "số liệu chỉ tiêu",
    "task": "nhiệm vụ",
    "progress_record": "tiến độ",
}
# Columns never sent: computed by the receiver (search_key), or local to the sender
# (archived_at: an archived plan is not sent at all).
_DERIVED = {
    "task": ("search_key",),
    "plan": ("archived_at",),
}
_CHUNK = 500  # ids per IN (...) clause


def table_columns(table: str) -> list[Column[Any]]:
    """Return the columns of `table` a snapshot carries (derived ones left out)."""
    skip = _DERIVED.get(table, ())
    return [c for c in TABLES[table].columns if c.name not in skip]


def chunked(values: Sequence[str]) -> Iterator[Sequence[str]]:
    """Yield `values` in slices small enough for one IN (...) clause."""
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _owned_rows(table: str, owner_id: str) -> Any:
    plan, section, target, task = (
        TABLES["plan"],
        TABLES["section"],
        TABLES["target"],
        TABLES["task"],
    )
    t = TABLES[table]
    if table == "plan":
        return select(t).where(t.c.owner_unit_id == owner_id)
    if table == "section":
        return (
            select(t).join(plan, plan.c.id == t.c.plan_id).where(plan.c.owner_unit_id == owner_id)
        )
    if table == "target":
        return (
            select(t)
            .join(section, section.c.id == t.c.section_id)
            .join(plan, plan.c.id == section.c.plan_id)
            .where(plan.c.owner_unit_id == owner_id)
        )
    if table == "measurement":
        return (
            select(t)
            .join(target, target.c.id == t.c.target_id)
            .join(section, section.c.id == target.c.section_id)
            .join(plan, plan.c.id == section.c.plan_id)
            .where(plan.c.owner_unit_id == owner_id)
        )
    if table == "task":
        return (
            select(t).join(plan, plan.c.id == t.c.plan_id).where(plan.c.owner_unit_id == owner_id)
        )
    return (
        select(t)
        .join(task, task.c.id == t.c.task_id)
        .join(plan, plan.c.id == task.c.plan_id)
        .where(plan.c.owner_unit_id == owner_id)
    )


def owned_query(table: str, owner_id: str, *, archived: bool = True) -> Any:
    """Return a SELECT of every row of `table` under the plans owned by `owner_id` (without
    archived plans and their rows when `archived` is False)."""
    query = _owned_rows(table, owner_id)
    if not archived:
        query = query.where(TABLES["plan"].c.archived_at.is_(None))
    return query
