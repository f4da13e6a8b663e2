"""Bring plans and reports in from Word/Excel: preview what changes, then apply all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from carapp.db.models import Plan, Section, Task, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.deadlines import parse_deadline
from carapp.domain.documents import TaskRow
from carapp.importers import AppendixImport, read_appendix
from carapp.importers.baseline import read_baseline
from carapp.services.audit import log_create
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, reading, transaction
from carapp.services.import_owner import NewUnit, lead_matcher
from carapp.services.settings import put_setting
from carapp.services.sync.mode import OWN_UNIT_KEY, own_code_of
from carapp.services.tasks import add_task, change_task
from carapp.services.units import add_unit

# Appendix column -> Task column.
TASK_FIELDS = {
    "number": "number",
    "content": "content",
    "lead": "lead",
    "cooperating": "cooperating",
    "output": "output",
    "deadline": "deadline_text",
}
FIELD_LABELS = {
    "number": "STT",
    "content": "Nội dung công việc",
    "lead": "Đơn vị chủ trì",
    "cooperating": "Đơn vị phối hợp",
    "output": "Kết quả/Sản phẩm",
    "deadline": "Thời gian hoàn thành",
}
Choice = Literal["file", "database"]


@dataclass(frozen=True)
class FieldChange:
    """A field whose value in the file differs from the database."""

    task_id: str
    field: str
    database: str
    file: str
    conflict: bool  # changed in the database too since the export


@dataclass
class AppendixPreview:
    """What importing an appendix file would do, shown before anything is written."""

    source: AppendixImport
    plan_id: str | None  # None: a new plan
    new_tasks: list[tuple[str, TaskRow]] = field(default_factory=list)  # (section numeral, row)
    changes: list[FieldChange] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # task ids in the plan, not in the file
    has_baseline: bool = False

    @property
    def conflicts(self) -> list[FieldChange]:
        """Return the changes made both in the file and in the database."""
        return [c for c in self.changes if c.conflict]


def preview_appendix(engine: Engine, path: str | Path) -> AppendixPreview:
    """Read an appendix file and compare it with the database; write nothing."""
    source = read_appendix(path)
    ids = {t.id for t in source.tasks if t.id}
    with reading(engine) as session:
        known = {t.id: t for t in session.exec(select(Task).where(col(Task.id).in_(ids)))}
        plans = {t.plan_id for t in known.values()}
        if len(plans) > 1:
            raise ServiceError("Tệp chứa nhiệm vụ của nhiều kế hoạch khác nhau; không thể nhập.")
        if not plans:
            return _new_plan_preview(source)
        plan_id = plans.pop()
        in_plan = session.exec(select(Task.id).where(Task.plan_id == plan_id)).all()
    baseline = read_baseline(path)
    preview = AppendixPreview(source, plan_id, has_baseline=bool(baseline))
    for section in source.appendix.sections:
        for row in section.tasks:
            task = known.get(row.id or "")
            if task is None:
                preview.new_tasks.append((section.numeral, row))
            else:
                preview.changes += _diff(task, row, baseline.get(task.id))
    preview.missing = [i for i in in_plan if i not in ids]
    return preview


def new_plan_preview(source: AppendixImport) -> AppendixPreview:
    """Return the preview of a new plan holding every task read (also for a report's rows)."""
    return _new_plan_preview(source)


def _new_plan_preview(source: AppendixImport) -> AppendixPreview:
    preview = AppendixPreview(source, None)
    for section in source.appendix.sections:
        preview.new_tasks += [(section.numeral, row) for row in section.tasks]
    return preview


def _diff(task: Task, row: TaskRow, base: dict[str, str] | None) -> list[FieldChange]:
    changes = []
    for name, column in TASK_FIELDS.items():
        database, file = str(getattr(task, column)), getattr(row, name)
        if database == file:
            continue
        original = base.get(name, database) if base is not None else database
        if file == original:
            continue  # only the database changed since the export: keep it
        changes.append(FieldChange(task.id, name, database, file, conflict=database != original))
    return changes


@dataclass(frozen=True)
class AppendixResult:
    """What an applied import did (or, on a dry run, would have done)."""

    plan_id: str
    created: int
    changed: int
    owner_code: str = ""
    owner_created: bool = False
    linked: int = 0  # new tasks whose lead body was linked to a unit of the list
    dry_run: bool = False
    created_ids: tuple[str, ...] = ()  # the new tasks' ids, in the order of preview.new_tasks


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction rolls back."""

    def __init__(self, result: AppendixResult) -> None:
        super().__init__("dry run")
        self.result = result


def apply_appendix(
    engine: Engine,
    who: str,
    preview: AppendixPreview,
    *,
    choices: dict[tuple[str, str], Choice] | None = None,
    owner_code: str = "",
    title: str = "",
    new_owner: NewUnit | None = None,
    dry_run: bool = False,
) -> AppendixResult:
    """Apply a preview in one transaction; every conflict needs a choice, else nothing is written.

    A new plan belongs to `owner_code`, or to `new_owner`, added in the same transaction (and
    made this database's own unit when it has none). A dry run does all of it, checks included,
    then rolls back: it fails exactly where the real run would.
    """
    choices = choices or {}
    undecided = [c for c in preview.conflicts if (c.task_id, c.field) not in choices]
    if undecided:
        raise ServiceError(
            f"Còn {len(undecided)} nội dung bị sửa ở cả hai nơi chưa được quyết định; chưa nhập gì."
        )
    if not dry_run:
        backup_before(engine, "truoc-nhap")
    try:
        with transaction(engine) as session:
            result = _apply(session, who, preview, choices, owner_code, title, new_owner)
            if dry_run:
                raise _DryRun(replace(result, dry_run=True))
    except _DryRun as done:
        return done.result
    return result


def write_appendix(
    session: Session,
    who: str,
    preview: AppendixPreview,
    *,
    owner_code: str = "",
    title: str = "",
    new_owner: NewUnit | None = None,
) -> AppendixResult:
    """Apply a preview without conflicts inside the caller's transaction (a report's new plan)."""
    return _apply(session, who, preview, {}, owner_code, title, new_owner)


def _apply(
    session: Session,
    who: str,
    preview: AppendixPreview,
    choices: dict[tuple[str, str], Choice],
    owner_code: str,
    title: str,
    new_owner: NewUnit | None,
) -> AppendixResult:
    plan = session.get(Plan, preview.plan_id) if preview.plan_id else None
    created_owner = False
    if plan is None:
        owner = _owner(session, who, owner_code, new_owner)
        created_owner = new_owner is not None and owner.code == new_owner.code
        plan = _create_plan(session, who, preview, owner, title)
    owner_unit = session.get(Unit, plan.owner_unit_id)
    sections = _sections_by_numeral(session, who, plan, preview)
    lead_unit = lead_matcher(session)
    linked = 0
    created: dict[int, str] = {}  # id() of an imported row -> the task made from it
    parents = {id(row.parent) for _, row in preview.new_tasks if row.parent is not None}
    for numeral, row in preview.new_tasks:
        values: dict[str, Any] = _task_values(row, _parent_id(row, created))
        values["lead_unit_id"] = lead_unit(row.lead)
        linked += values["lead_unit_id"] is not None
        task = add_task(session, who, sections[numeral], **values)
        created[id(row)] = task.id
        if id(row) in parents:
            session.flush()  # its sub-items look it up
    changed = 0
    for change in preview.changes:
        if choices.get((change.task_id, change.field), "file") == "file":
            values = {TASK_FIELDS[change.field]: change.file}
            linked_id = lead_unit(change.file) if change.field == "lead" else None
            if linked_id is not None:  # a new lead body the unit list knows: link it too
                values["lead_unit_id"] = linked_id
            change_task(session, who, change.task_id, **values)
            changed += 1
    code = owner_unit.code if owner_unit else ""
    ids = tuple(created.values())
    return AppendixResult(plan.id, len(ids), changed, code, created_owner, linked, created_ids=ids)


def _parent_id(row: TaskRow, created: dict[int, str]) -> str | None:
    """Return the id of the task a sub-item goes under: one made by this import, or known."""
    if row.parent is None:
        return None
    return created.get(id(row.parent)) or row.parent.id


def _task_values(row: TaskRow, parent_id: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {column: getattr(row, name) for name, column in TASK_FIELDS.items()}
    values.update(code=row.code, assigning_document=row.assigning_document)
    values.update(outline_parent_id=parent_id, marker=row.marker, is_heading=row.is_heading)
    return values


def _owner(session: Session, who: str, code: str, new_owner: NewUnit | None) -> Unit:
    if new_owner is not None:
        found = session.exec(select(Unit).where(Unit.code == new_owner.code)).first()
        if found is not None:
            return found
        unit = add_unit(
            session, who, new_owner.code, new_owner.name, new_owner.kind, **new_owner.setup
        )
        if not own_code_of(session):
            put_setting(session, who, OWN_UNIT_KEY, unit.code)
        return unit
    if code:
        named = session.exec(select(Unit).where(Unit.code == code)).first()
        if named is None:
            raise ServiceError(f"Không có đơn vị mã “{code}”.")
        return named
    own = own_code_of(session)
    if own:
        found = session.exec(select(Unit).where(Unit.code == own)).first()
        if found is not None:
            return found
    candidates = session.exec(
        select(Unit).where(col(Unit.kind).in_(("special_zone", "commune", "ward")))
    ).all()
    tops = list(candidates)
    if len(tops) == 1:
        return tops[0]
    raise ServiceError("Hãy chọn đơn vị sở hữu kế hoạch (mã đơn vị).")


def _create_plan(
    session: Session, who: str, preview: AppendixPreview, owner: Unit, title: str
) -> Plan:
    start, end = _years(preview.source.tasks)
    appendix = preview.source.appendix
    header = appendix.header
    plan = Plan(
        owner_unit_id=owner.id,
        title=title or default_title(start, end),
        issuer=header.issuer or _issuer(owner),
        parent_issuer=header.parent_issuer or owner.parent_body,
        number=header.number,
        place=header.place or owner.place,
        issued_on=header.issued_on,
        appendix_label=appendix.label or "Phụ lục",
        appendix_title=appendix.title,
        appendix_attached_to=appendix.attached_to,
        start_year=start,
        end_year=end,
        sign_authority=owner.sign_authority,
        sign_post=owner.sign_post,
        sign_name=owner.sign_name,
    )
    session.add(plan)
    session.flush()
    log_create(session, who, plan)
    return plan


def default_title(start: int, end: int) -> str:
    """Return the title of a plan imported without one."""
    when = f"năm {start}" if start == end else f"giai đoạn {start} - {end}"
    return f"Kế hoạch cải cách hành chính {when}"


def _issuer(owner: Unit) -> str:
    """Return the issuing body a plan prints: the unit's letterhead on one line, or its name."""
    return " ".join(owner.letterhead.split()) or owner.name.upper()


def _years(rows: list[TaskRow]) -> tuple[int, int]:
    windows = [parse_deadline(r.deadline) for r in rows]
    starts = [w.start.year for w in windows if w.start]
    ends = [w.end.year for w in windows if w.end]
    if starts and ends:
        return min(starts), max(ends)
    this_year = date.today().year
    return this_year, this_year + 4


def _sections_by_numeral(
    session: Session, who: str, plan: Plan, preview: AppendixPreview
) -> dict[str, str]:
    existing = session.exec(select(Section).where(Section.plan_id == plan.id)).all()
    ids = {s.numeral: s.id for s in existing}
    position = max((s.position for s in existing), default=0)
    for section in preview.source.appendix.sections:
        if section.numeral in ids or not any(n == section.numeral for n, _ in preview.new_tasks):
            continue
        position += 1
        area = section.area if section.area in ReformArea else ReformArea.OTHER
        added = Section(
            plan_id=plan.id,
            position=position,
            numeral=section.numeral,
            title=section.title,
            area=ReformArea(area).value,
        )
        session.add(added)
        session.flush()
        log_create(session, who, added)
        ids[section.numeral] = added.id
    return ids
