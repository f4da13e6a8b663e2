"""The audit log: every change writes its entries in the same transaction as the change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import CompoundSelect, Engine, func, text, union
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, SQLModel, col, select

from carapp.db.models import RECORD_TASK, AuditEntry, ProgressRecord, Synced, utcnow
from carapp.services.common import reading

_SKIP = {"id", "created_at", "updated_at", "revision", "search_key"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def entity_name(obj: SQLModel) -> str:
    """Return the table name used as the audit log's entity."""
    return str(obj.__tablename__)


def log_create(session: Session, who: str, obj: SQLModel) -> None:
    """Record that `obj` was created, with every field it was given."""
    for field, value in obj.model_dump().items():
        if field in _SKIP or value in (None, "", "[]"):
            continue
        session.add(_entry(who, "create", obj, field, None, _text(value)))


def log_delete(session: Session, who: str, obj: SQLModel) -> None:
    """Record that `obj` is being deleted, keeping what it held."""
    for field, value in obj.model_dump().items():
        if field in _SKIP or value in (None, "", "[]"):
            continue
        session.add(_entry(who, "delete", obj, field, _text(value), None))


def apply_changes(session: Session, who: str, obj: SQLModel, changes: dict[str, Any]) -> list[str]:
    """Set the changed fields of `obj`, log each, bump its revision; return the fields changed."""
    changed = []
    for field, new in changes.items():
        old = getattr(obj, field)
        if old == new:
            continue
        setattr(obj, field, new)
        session.add(_entry(who, "update", obj, field, _text(old), _text(new)))
        changed.append(field)
    if changed:
        session.add(obj)
    if changed and isinstance(obj, Synced):
        obj.updated_at = utcnow()
        _bump_revision(session, obj)
    return changed


def _bump_revision(session: Session, obj: Synced) -> None:
    """Add one to the stored revision in SQL, so that no concurrent increment is lost."""
    if not sa_inspect(obj).persistent:  # not written yet: nothing to race with
        obj.revision += 1
        return
    obj.revision = type(obj).revision + 1
    session.flush()
    session.refresh(obj, ["revision"])


def _entry(
    who: str, action: str, obj: SQLModel, field: str, old: str | None, new: str | None
) -> AuditEntry:
    return AuditEntry(
        who=who,
        action=action,
        entity=entity_name(obj),
        entity_id=str(getattr(obj, "id", "")),
        field=field,
        old=old,
        new=new,
    )


@dataclass(frozen=True)
class AuditView:
    """One line of a record's change history."""

    at: datetime
    who: str
    action: str
    entity: str
    field: str
    old: str | None
    new: str | None


def history(engine: Engine, entity_ids: list[str]) -> list[AuditView]:
    """Return the changes to the given records, newest first."""
    with reading(engine) as session:
        rows = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.entity_id).in_(entity_ids))
            .order_by(col(AuditEntry.id).desc())
        ).all()
        return [AuditView(r.at, r.who, r.action, r.entity, r.field, r.old, r.new) for r in rows]


@dataclass(frozen=True)
class TaskChange:
    """One line of a task's change history; `period` names the progress record's period."""

    at: datetime
    who: str
    action: str
    entity: str
    field: str
    old: str | None
    new: str | None
    period: str = ""


def task_history(engine: Engine, task_id: str) -> list[TaskChange]:
    """Return the changes to a task and to its progress records (deleted ones too), newest first.

    A record a package created has one audit entry (field "package", naming the package body)
    instead of one per field, so its task and period are also read from the record itself.
    """
    with reading(engine) as session:
        periods = _record_periods(session, task_id)
        rows = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.entity_id).in_([task_id, *periods]))
            .order_by(col(AuditEntry.id).desc())
        ).all()
    return [
        TaskChange(
            r.at, r.who, r.action, r.entity, r.field, r.old, r.new, periods.get(r.entity_id) or ""
        )
        for r in rows
    ]


def record_ids_query(task_id: str) -> CompoundSelect[tuple[str]]:
    """Return the query of the ids of every progress record the task ever had.

    Its constants are written into the SQL (not bound) so that the planner sees the partial
    indexes' condition (models.RECORD_TASK) and uses them instead of scanning the audit.
    """
    created = select(AuditEntry.entity_id).where(text(RECORD_TASK), col(AuditEntry.new) == task_id)
    deleted = select(AuditEntry.entity_id).where(text(RECORD_TASK), col(AuditEntry.old) == task_id)
    return union(created, deleted)


def _record_periods(session: Session, task_id: str) -> dict[str, str]:
    """Return the period of every progress record of the task, kept or deleted, by id."""
    logged = session.execute(record_ids_query(task_id)).scalars().all()
    periods: dict[str, str] = dict(
        session.exec(
            select(AuditEntry.entity_id, func.coalesce(AuditEntry.new, AuditEntry.old)).where(
                col(AuditEntry.entity_id).in_(set(logged)),
                AuditEntry.field == "period",
                col(AuditEntry.action).in_(("create", "delete")),
            )
        ).all()
    )
    kept = session.exec(
        select(ProgressRecord.id, ProgressRecord.period).where(ProgressRecord.task_id == task_id)
    ).all()
    periods.update(dict(kept))
    return periods
