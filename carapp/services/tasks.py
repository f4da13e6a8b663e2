"""Tasks: list them with their derived status, create, edit and delete them."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Engine
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from carapp.db.models import Plan, ProgressRecord, Section, Task
from carapp.domain.areas import ReformArea
from carapp.domain.bounds import search_problem
from carapp.domain.deadlines import Deadline, Recurrence
from carapp.domain.periods import ReportingPeriod, parse_period, period_for
from carapp.domain.progress import derive_status
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.domain.text import clean, fold
from carapp.services.audit import apply_changes, log_create, log_delete
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.deadlines import deadline_columns, deadline_of
from carapp.services.sync.ownership import check_plan_addition, check_task_change, check_task_delete
from carapp.services.task_outline import (
    check_outline,
    outline_family,
    rows_in_outline,
    with_outline,
)

TEXT_FIELDS = ("number", "code", "content", "lead", "cooperating", "output", "assigning_document")
OUTLINE_FIELDS = ("outline_parent_id", "marker", "is_heading")
EDITABLE = (
    *TEXT_FIELDS,
    "deadline_text",
    "section_id",
    "lead_unit_id",
    "position",
    *OUTLINE_FIELDS,
)


class TaskView(NamedTuple):
    """A task as lists show it: appendix fields, its progress in the period, derived status.

    A named tuple: the window holds one per task (20,000 on a large plan), and a tuple is made
    ten times faster than a frozen dataclass (which sets each field through object.__setattr__).
    """

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
    # The outline: the item this one sits under, its printed marker, whether it is a group
    # heading (not a task; its derived status is its children's roll-up), its depth and the
    # printed number of the numbered item above it ("" at the top).
    outline_parent_id: str | None = None
    marker: str = ""
    is_heading: bool = False
    level: int = 0
    parent_number: str = ""


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
    problem = search_problem(search)
    if problem:
        raise ServiceError(problem)
    day = as_of or date.today()
    chosen = period or period_for(day)
    if plan_id and not fold(search):  # one plan: plain columns, ~3× faster than ORM objects
        views = [r.view for r in list_task_rows(engine, plan_id, as_of=day, period=chosen)]
        return [v for v in views if v.derived is DerivedStatus.OVERDUE] if overdue else views
    with reading(engine) as session:
        query = select(Task, Section).join(Section, col(Task.section_id) == col(Section.id))
        if plan_id:
            query = query.where(Task.plan_id == plan_id)
        else:  # across plans: the archived ones stay out
            query = query.where(col(Task.plan_id).in_(_active_plans()))
        query = query.order_by(col(Task.plan_id), col(Section.position), col(Task.position))
        rows = session.exec(query).all()
        records = latest_records(session, chosen, plan_id=plan_id)
    views = [_view(task, section, records.get(task.id), day, chosen) for task, section in rows]
    views = with_outline(views)  # on the whole plan: a heading rolls up all its children
    key = fold(search)
    if key:
        keys = {task.id: task.search_key for task, _ in rows}
        views = [v for v in views if key in keys[v.id]]
    if overdue:
        views = [v for v in views if v.derived is DerivedStatus.OVERDUE]
    return views


def _active_plans() -> Any:
    """Return a subquery of the plans that are not archived."""
    return select(Plan.id).where(col(Plan.archived_at).is_(None))


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
        outline_parent_id=task.outline_parent_id,
        marker=task.marker,
        is_heading=task.is_heading,
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
        else:
            query = query.where(col(Task.plan_id).in_(_active_plans()))
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
    with transaction(engine) as session:
        return add_task(session, who, section_id, **fields)


def add_task(session: Session, who: str, section_id: str, **fields: Any) -> Task:
    """Add a task inside the caller's transaction."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    section = session.get(Section, section_id)
    if section is None:
        raise NotFound("Không tìm thấy mục (nội dung) để thêm nhiệm vụ.")
    plan = session.get(Plan, section.plan_id)
    assert plan is not None
    check_plan_addition(session, plan.id)
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
    check_outline(session, task.id, plan.id, task.outline_parent_id)
    task.search_key = search_key(task)
    session.add(task)
    log_create(session, who, task)
    return task


def update_task(engine: Engine, who: str, task_id: str, **changes: Any) -> list[str]:
    """Change fields of a task in one transaction; return the fields that really changed."""
    with transaction(engine) as session:
        return change_task(session, who, task_id, **changes)


def change_task(session: Session, who: str, task_id: str, **changes: Any) -> list[str]:
    """Change fields of a task inside the caller's transaction."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
    check_task_change(session, task, changes)
    values = {k: clean(v) if k in TEXT_FIELDS else v for k, v in changes.items()}
    if "content" in values and not values["content"]:
        raise ServiceError("Nội dung công việc không được để trống.")
    if "deadline_text" in values:
        plan = session.get(Plan, task.plan_id)
        assert plan is not None
        values.update(deadline_columns(values.pop("deadline_text"), plan))
    if "outline_parent_id" in values:
        check_outline(session, task.id, task.plan_id, values["outline_parent_id"])
    changed = apply_changes(session, who, task, values)
    task.search_key = search_key(task)
    if "section_id" in changed:  # sub-items go with their item
        below = session.exec(select(Task).where(Task.outline_parent_id == task.id)).all()
        for child in below:
            if child.section_id != task.section_id:
                change_task(session, who, child.id, section_id=task.section_id)
    return changed


def delete_task(engine: Engine, who: str, task_id: str) -> None:
    """Delete a task and its progress, keeping what it held in the audit log."""
    with transaction(engine) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
        check_task_delete(session, task)
        below = session.exec(
            select(func.count()).select_from(Task).where(Task.outline_parent_id == task_id)
        ).one()
        if below:
            raise ServiceError(
                f"Nhiệm vụ này có {below} nhiệm vụ con: hãy xóa các nhiệm vụ con trước, "
                "để không mất nhiệm vụ nào mà không hay biết."
            )
        log_delete(session, who, task)
        session.delete(task)


# Enum lookups by value: calling the enum class is slow enough to matter on 20,000 rows.
_AREAS = {a.value: a for a in ReformArea}
_RECORDED = {s.value: s for s in RecordedStatus}
_RECURRENCES = {r.value: r for r in Recurrence}


class TaskRow(NamedTuple):
    """A task as the GUI's table holds it: its view and its folded search key."""

    view: TaskView
    search_key: str


def list_task_rows(
    engine: Engine,
    plan_id: str,
    *,
    as_of: date | None = None,
    period: ReportingPeriod | None = None,
    task_ids: list[str] | None = None,
) -> list[TaskRow]:
    """Return a plan's tasks (or only `task_ids`) like list_tasks, with their search keys.

    Reads plain columns instead of ORM objects, so a plan of 20,000 tasks loads about five
    times faster; the GUI loads and refreshes its table through this. Values many tasks
    repeat (plan, section, lead, output, deadline …) are held once, not once per task.
    """
    day = as_of or date.today()
    chosen = period or period_for(day)
    task, section, record = Task.__table__.c, Section.__table__.c, ProgressRecord.__table__.c  # type: ignore[attr-defined]
    query = (  # in appendix order once read (_in_appendix_order): SQLite sorts these rows slower
        sa_select(*(task[name] for name in _ROW_COLUMNS), section.numeral, section.area)
        .add_columns(section.position)
        .join_from(Task.__table__, Section.__table__, task.section_id == section.id)  # type: ignore[attr-defined]
        .where(task.plan_id == plan_id)
    )
    records = (
        sa_select(record.task_id, record.period, record.status, record.percent, record.completed_on)
        .join_from(ProgressRecord.__table__, Task.__table__, task.id == record.task_id)  # type: ignore[attr-defined]
        .where(task.plan_id == plan_id)
    )
    with reading(engine) as session:
        if task_ids is not None:  # with the rest of their items: a heading rolls them up
            family = outline_family(session, plan_id, task_ids)
            query = query.where(task.id.in_(family))
            records = records.where(record.task_id.in_(family))
        best = _latest_by_task(_in_batches(session, records), chosen)
        shared = _Shared(day, chosen)
        found = [
            (*_APPENDIX_ORDER(row), _row(row, best.get(row[0]), shared))
            for part in _partitions(session, query)
            for row in part
        ]
    return rows_in_outline(_in_appendix_order(found))


def _in_appendix_order(found: list[tuple[int, int, TaskRow]]) -> list[TaskRow]:
    """Return the rows by section, then task position (the key is the tuples' head).

    Sorted here rather than by ORDER BY: SQLite copies every whole row (contents, search keys)
    into a temporary B-tree, 20 % of the read on 20,000 tasks; this sort moves references, and
    each fetched batch is let go once its rows are built.
    """
    found.sort(key=_BY_PLACE)
    return [row for _section, _position, row in found]


def _partitions(session: Session, query: Any) -> Iterator[Sequence[Any]]:
    """Fetch rows 500 at a time: one fetchall() of 20,000 rows holds the GIL ~100 ms, a stall
    the GUI thread feels while this runs on a worker."""
    yield from session.execute(query, execution_options={"yield_per": 500}).partitions()


def _in_batches(session: Session, query: Any) -> list[Any]:
    return [row for part in _partitions(session, query) for row in part]


_ROW_COLUMNS = (
    "id",
    "plan_id",
    "section_id",
    "position",
    "number",
    "code",
    "content",
    "lead",
    "lead_unit_id",
    "cooperating",
    "output",
    "deadline_text",
    "deadline_start",
    "deadline_end",
    "recurrence",
    "due_month_day",
    "deadline_understood",
    "assigning_document",
    "origin",
    "revision",
    "search_key",
    "outline_parent_id",
    "marker",
    "is_heading",
)
# The section position (after the section numeral and area), then the task position.
_APPENDIX_ORDER = operator.itemgetter(len(_ROW_COLUMNS) + 2, _ROW_COLUMNS.index("position"))
_BY_PLACE = operator.itemgetter(0, 1)


def _latest_by_task(records: Any, period: ReportingPeriod) -> dict[str, tuple[Any, ...]]:
    """Return each task's record for `period` or its latest earlier one, as plain tuples."""
    periods: dict[str, ReportingPeriod] = {}
    best: dict[str, tuple[ReportingPeriod, tuple[Any, ...]]] = {}
    for task_id, code, status, percent, completed in records:
        record_period = periods.get(code) or periods.setdefault(code, parse_period(code))
        if record_period > period:
            continue
        current = best.get(task_id)
        if current is None or record_period > current[0]:
            best[task_id] = (record_period, (status, percent, completed))
    return {task_id: record for task_id, (_, record) in best.items()}


class _Shared:
    """One object for each distinct value that tasks repeat (plan, section, lead, output …),
    each deadline and each derived status, for the length of one listing."""

    def __init__(self, day: date, period: ReportingPeriod) -> None:
        self.day, self.period = day, period
        self.share: Callable[[Any, Any], Any] = {}.setdefault
        self.deadlines: dict[tuple[Any, ...], Deadline] = {}
        self.derived: dict[tuple[int, Any, Any], DerivedStatus | None] = {}

    def deadline(self, key: tuple[Any, ...]) -> Deadline:
        found = self.deadlines.get(key)
        if found is None:
            text, start, end, recurrence, written_day, understood = key
            month_day = None
            if written_day:
                month, dom = written_day.split("-")
                month_day = (int(month), int(dom))
            found = Deadline(text, start, end, _RECURRENCES[recurrence], month_day, understood)
            self.deadlines[key] = found
        return found

    def derive(
        self, deadline: Deadline, status: RecordedStatus | None, completed: date | None
    ) -> DerivedStatus | None:
        key = (id(deadline), status, completed)  # deadlines are shared: one id per deadline
        if key not in self.derived:
            self.derived[key] = derive_status(deadline, status, completed, self.day, self.period)
        return self.derived[key]


def _row(row: Sequence[Any], record: tuple[Any, ...] | None, shared: _Shared) -> TaskRow:
    (
        task_id,
        plan_id,
        section_id,
        position,
        number,
        code,
        content,
        lead,
        lead_unit_id,
        cooperating,
        output,
        deadline_text,
        deadline_start,
        deadline_end,
        recurrence,
        due_month_day,
        understood,
        assigning_document,
        origin,
        revision,
        search_key,
        outline_parent_id,
        marker,
        is_heading,
        numeral,
        area,
        _section_position,
    ) = row  # the columns of _ROW_COLUMNS, then the section's
    share = shared.share
    deadline = shared.deadline(
        (share(deadline_text, deadline_text), deadline_start, deadline_end, recurrence)
        + (due_month_day, understood)
    )
    status = _RECORDED[record[0]] if record else None
    completed = record[2] if record else None
    view = TaskView(  # by position, in TaskView's order: keywords cost 5× more on 20,000 rows
        task_id,
        share(plan_id, plan_id),
        share(section_id, section_id),
        share(numeral, numeral),
        _AREAS[area],
        position,
        number,
        share(code, code),
        content,
        share(lead, lead),
        share(lead_unit_id, lead_unit_id),
        share(cooperating, cooperating),
        share(output, output),
        deadline,
        share(assigning_document, assigning_document),
        share(origin, origin),
        revision,
        status,
        record[1] if record else None,
        completed,
        shared.derive(deadline, status, completed),
        outline_parent_id,
        share(marker, marker),
        bool(is_heading),
    )
    return TaskRow(view, search_key)


def task_snapshot(engine: Engine, task_id: str) -> dict[str, Any]:
    """Return everything a task holds (its columns and its progress records), to restore it."""
    with reading(engine) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"Không tìm thấy nhiệm vụ “{task_id}”.")
        records = session.exec(select(ProgressRecord).where(ProgressRecord.task_id == task_id))
        return {"task": task.model_dump(), "progress": [r.model_dump() for r in records]}


def restore_task(engine: Engine, who: str, snapshot: dict[str, Any]) -> Task:
    """Put back a task taken by task_snapshot, same id and progress, logging its creation."""
    with transaction(engine) as session:
        values = dict(snapshot["task"])
        if session.get(Task, values["id"]) is not None:
            raise ServiceError("Nhiệm vụ này vẫn còn trong kế hoạch, không cần khôi phục.")
        if session.get(Section, values["section_id"]) is None:
            raise NotFound("Mục chứa nhiệm vụ không còn nữa, không khôi phục được.")
        task = Task(**values)
        session.add(task)
        log_create(session, who, task)
        session.flush()
        for record_values in snapshot["progress"]:
            record = ProgressRecord(**record_values)
            session.add(record)
            log_create(session, who, record)
    return task
