"""Record what a task achieved in a reporting period, and read its history."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import Plan, ProgressRecord, Task
from carapp.domain.bounds import date_problem, period_problem
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.status import RecordedStatus
from carapp.domain.text import clean
from carapp.services.audit import apply_changes, log_create, log_delete
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.sync.ownership import check_progress_change

FIELDS = (
    "status",
    "percent",
    "description",
    "completed_on",
    "evidence",
    "difficulties",
    "proposals",
)


@dataclass(frozen=True)
class Evidence:
    """A document that proves a result: number, date, title and an optional file."""

    number: str = ""
    issued_on: str = ""
    title: str = ""
    file: str = ""


@dataclass(frozen=True)
class ProgressView:
    """A task's progress in one period."""

    period: ReportingPeriod
    status: RecordedStatus
    percent: int | None
    description: str
    completed_on: date | None
    evidence: list[Evidence] = field(default_factory=list)
    difficulties: str = ""
    proposals: str = ""
    updated_by: str = ""
    revision: int = 1


def _validated(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ServiceError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    values = dict(changes)
    if "status" in values:
        values["status"] = RecordedStatus(values["status"]).value
    percent = values.get("percent")
    if percent is not None and not 0 <= int(percent) <= 100:
        raise ServiceError(f"Tỷ lệ hoàn thành phải từ 0 đến 100 (đã nhập {percent}).")
    for name in ("description", "difficulties", "proposals"):
        if name in values:
            values[name] = clean(values[name])
    if "evidence" in values:
        values["evidence"] = json.dumps(
            [e.__dict__ if isinstance(e, Evidence) else dict(e) for e in values["evidence"]],
            ensure_ascii=False,
        )
    return values


HEADING_NO_PROGRESS = (
    "Đây là dòng tiêu đề nhóm nhiệm vụ, không phải một nhiệm vụ: không ghi tiến độ cho nhóm. "
    "Hãy ghi tiến độ cho từng nhiệm vụ con; tình trạng của nhóm được tổng hợp từ các nhiệm vụ con."
)


def set_progress(
    engine: Engine, who: str, task_id: str, period: ReportingPeriod, **changes: Any
) -> ProgressRecord:
    """Create or change a task's record for a period in one transaction, logging each field."""
    with transaction(engine) as session:
        return record_progress(session, who, task_id, period, **changes)


def record_progress(
    session: Session, who: str, task_id: str, period: ReportingPeriod, **changes: Any
) -> ProgressRecord:
    """Create or change a task's record for a period inside the caller's transaction."""
    values = _validated(changes)
    if values.get("status") == RecordedStatus.DONE.value and "percent" not in values:
        values["percent"] = 100
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
    if task.is_heading:
        raise ServiceError(HEADING_NO_PROGRESS)
    _check_in_plan(session, task, period, values.get("completed_on"))
    check_progress_change(session, task_id)
    record = session.exec(
        select(ProgressRecord).where(
            ProgressRecord.task_id == task_id, ProgressRecord.period == period.code
        )
    ).first()
    if record is None:
        record = ProgressRecord(task_id=task_id, period=period.code, updated_by=who, **values)
        session.add(record)
        log_create(session, who, record)
    else:
        apply_changes(session, who, record, {**values, "updated_by": who})
    return record


def _check_in_plan(
    session: Session, task: Task, period: ReportingPeriod, completed_on: date | None
) -> None:
    """Refuse a period outside the task's plan years and a completion date far from them."""
    plan = session.get(Plan, task.plan_id)
    if plan is None:
        return
    problem = period_problem(period, plan.start_year, plan.end_year)
    if problem is None and completed_on is not None:
        what = "Ngày hoàn thành"
        problem = date_problem(completed_on, plan.start_year, plan.end_year, what)
    if problem:
        raise ServiceError(problem)


def _view(record: ProgressRecord) -> ProgressView:
    return ProgressView(
        period=parse_period(record.period),
        status=RecordedStatus(record.status),
        percent=record.percent,
        description=record.description,
        completed_on=record.completed_on,
        evidence=[Evidence(**e) for e in json.loads(record.evidence or "[]")],
        difficulties=record.difficulties,
        proposals=record.proposals,
        updated_by=record.updated_by,
        revision=record.revision,
    )


def progress_history(engine: Engine, task_id: str) -> list[ProgressView]:
    """Return a task's records, latest period first."""
    with reading(engine) as session:
        records = session.exec(select(ProgressRecord).where(ProgressRecord.task_id == task_id))
        views = [_view(r) for r in records]
    return sorted(views, key=lambda v: v.period, reverse=True)


def progress_for(engine: Engine, task_id: str, period: ReportingPeriod) -> ProgressView | None:
    """Return a task's record for exactly this period, or None."""
    for view in progress_history(engine, task_id):
        if view.period == period:
            return view
    return None


def delete_progress(engine: Engine, who: str, task_id: str, period: ReportingPeriod) -> bool:
    """Remove a task's record for one period (undoing its creation); return whether one existed."""
    with transaction(engine) as session:
        check_progress_change(session, task_id)
        record = session.exec(
            select(ProgressRecord).where(
                ProgressRecord.task_id == task_id, ProgressRecord.period == period.code
            )
        ).first()
        if record is None:
            return False
        log_delete(session, who, record)
        session.delete(record)
    return True
