"""Tasks: list them with their derived status, create, edit and delete them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from carapp.db.models import Plan, ProgressRecord, Section, Task
from carapp.domain.areas import ReformArea
from carapp.domain.deadlines import Deadline
from carapp.domain.periods import ReportingPeriod, parse_period, period_for
from carapp.domain.progress import derive_status
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.domain.text import clean, fold
from carapp.services.audit import apply_changes, log_create, log_delete
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.deadlines import deadline_columns, deadline_of

TEXT_FIELDS = ("number", "code", "content", "lead", "cooperating", "output", "assigning_document")
EDITABLE = (*TEXT_FIELDS, "deadline_text", "section_id", "lead_unit_id", "position")


@dataclass(frozen=True)
class TaskView:
    """A task as lists show it: appendix fields, its progress in the period, derived status."""

    id: str
    plan_id: str
    section_id: str
    section_numeral: str
    area: ReformArea
    position: int
    number: str
    code: str
    content: str
    lead: str
    lead_unit_id: str | None
    cooperating: str
    output: str
    deadline: Deadline
    assigning_document: str
    origin: str
    revision: int
    status: RecordedStatus | None
    percent: int | None
    completed_on: date | None
    derived: DerivedStatus | None


def search_key(task: Task) -> str:
    """Return the folded text searched when the user types ("thu tuc" finds "thủ tục")."""
    parts = (task.number, task.code, task.content, task.lead, task.cooperating, task.output)
    return fold(" ".join(parts))


def latest_records(
    session: Session,
    period: ReportingPeriod,
    *,
    plan_id: str | None = None,
    task_ids: list[str] | None = None,
) -> dict[str, ProgressRecord]:
    """Return each task's record for `period`, or its latest earlier one (progress carries on)."""
    query = select(ProgressRecord)
    if plan_id is not None:
        query = query.join(Task, col(Task.id) == col(ProgressRecord.task_id)).where(
            Task.plan_id == plan_id
        )
    if task_ids is not None:
        query = query.where(col(ProgressRecord.task_id).in_(task_ids))
    best: dict[str, tuple[ReportingPeriod, ProgressRecord]] = {}
    for record in session.exec(query):
        record_period = parse_period(record.period)
        if record_period > period:
            continue
        current = best.get(record.task_id)
        if current is None or record_period > current[0]:
            best[record.task_id] = (record_period, record)
    return {task_id: record for task_id, (_, record) in best.items()}


def list_tasks(
    engine: Engine,
    plan_id: str | None = None,
    *,
    as_of: date | None = None,
    period: ReportingPeriod | None = None,
    search: str = "",
    overdue: bool = False,
) -> list[TaskView]:
    """Return the tasks in appendix order with their status as of a day and for a period."""
    day = as_of or date.today()
    chosen = period or period_for(day)
    with reading(engine) as session:
        query = select(Task, Section).join(Section, col(Task.section_id) == col(Section.id))
        if plan_id:
            query = query.where(Task.plan_id == plan_id)
        key = fold(search)
        if key:
            query = query.where(col(Task.search_key).contains(key, autoescape=True))
        query = query.order_by(col(Task.plan_id), col(Section.position), col(Task.position))
        rows = session.exec(query).all()
        records = latest_records(session, chosen, plan_id=plan_id)
    views = [_view(task, section, records.get(task.id), day, chosen) for task, section in rows]
    if overdue:
        views = [v for v in views if v.derived is DerivedStatus.OVERDUE]
    return views


def _view(
    task: Task, section: Section, record: ProgressRecord | None, day: date, period: ReportingPeriod
) -> TaskView:
    deadline = deadline_of(task)
    status = RecordedStatus(record.status) if record else None
    completed = record.completed_on if record else None
    return TaskView(
        id=task.id,
        plan_id=task.plan_id,
        section_id=task.section_id,
        section_numeral=section.numeral,
        area=ReformArea(section.area),
        position=task.position,
        number=task.number,
        code=task.code,
        content=task.content,
        lead=task.lead,
        lead_unit_id=task.lead_unit_id,
        cooperating=task.cooperating,
        output=task.output,
        deadline=deadline,
        assigning_document=task.assigning_document,
        origin=task.origin,
        revision=task.revision,
        status=status,
        percent=record.percent if record else None,
        completed_on=completed,
        derived=derive_status(deadline, status, completed, day, period),
    )


def get_task(engine: Engine, task_id: str) -> Task:
    """Return one task, detached."""
    with reading(engine) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
        return task


def find_task(engine: Engine, reference: str, plan_id: str | None = None) -> Task:
    """Return the task a user names by its printed number, its code or (a prefix of) its id."""
    ref = reference.strip()
    with reading(engine) as session:
        query = select(Task)
        if plan_id:
            query = query.where(Task.plan_id == plan_id)
        by_number = session.exec(
            query.where((Task.number == ref) | (Task.code == ref) | (Task.id == ref))
        ).all()
        if not by_number and len(ref) >= 8:
            by_number = session.exec(query.where(col(Task.id).startswith(ref))).all()
    if not by_number:
        raise NotFound(f"Không tìm thấy nhiệm vụ “{ref}”.")
    if len(by_number) > 1:
        raise ServiceError(
            f"Có {len(by_number)} nhiệm vụ ứng với “{ref}”: hãy chọn kế hoạch (--plan)."
        )
    return by_number[0]


def create_task(engine: Engine, who: str, section_id: str, **fields: Any) -> Task:
    """Add a task at the end of a section (or at `position`) and log it."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    with transaction(engine) as session:
        section = session.get(Section, section_id)
        if section is None:
            raise NotFound("Không tìm thấy mục (nội dung) để thêm nhiệm vụ.")
        plan = session.get(Plan, section.plan_id)
        assert plan is not None
        values: dict[str, Any] = {k: clean(v) if k in TEXT_FIELDS else v for k, v in fields.items()}
        if not values.get("content"):
            raise ServiceError("Nội dung công việc không được để trống.")
        if "position" not in values:
            last = session.exec(
                select(func.max(Task.position)).where(Task.section_id == section_id)
            ).one()
            values["position"] = (last or 0) + 1
        values.update(deadline_columns(values.pop("deadline_text", ""), plan))
        task = Task(plan_id=plan.id, section_id=section_id, **values)
        task.search_key = search_key(task)
        session.add(task)
        log_create(session, who, task)
    return task


def update_task(engine: Engine, who: str, task_id: str, **changes: Any) -> list[str]:
    """Change fields of a task in one transaction; return the fields that really changed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    with transaction(engine) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
        values = {k: clean(v) if k in TEXT_FIELDS else v for k, v in changes.items()}
        if "content" in values and not values["content"]:
            raise ServiceError("Nội dung công việc không được để trống.")
        if "deadline_text" in values:
            plan = session.get(Plan, task.plan_id)
            assert plan is not None
            values.update(deadline_columns(values.pop("deadline_text"), plan))
        changed = apply_changes(session, who, task, values)
        task.search_key = search_key(task)
    return changed


def delete_task(engine: Engine, who: str, task_id: str) -> None:
    """Delete a task and its progress, keeping what it held in the audit log."""
    with transaction(engine) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
        log_delete(session, who, task)
        session.delete(task)
