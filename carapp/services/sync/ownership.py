"""Who may change what locally (DESIGN.md, "Ownership"): the guards the editing services call.

- A task the city assigned (``origin == 'city'`` with a ``parent_task_id``: the unit's copy of a
  city task) keeps the city's content, lead unit and deadline: nobody edits them locally; they
  change only when the city publishes the assignments again. Its progress belongs to the unit.
- In city mode, the plans of other units (received in their report packages) are read-only:
  their tasks and progress change only through the unit's next signed package.

The sync services write through SQLAlchemy Core, not through these editing services, so the
guards never stand in their way.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from carapp.db.models import Plan, Task, Unit
from carapp.services.common import ServiceError
from carapp.services.sync.mode import mode_of, own_code_of

# The columns of an assigned task that the city decides.
CITY_OWNED_FIELDS = frozenset(
    {
        "number",
        "code",
        "content",
        "lead",
        "lead_unit_id",
        "cooperating",
        "output",
        "deadline_text",
        "assigning_document",
    }
)


def is_assigned_copy(task: Task) -> bool:
    """Tell whether `task` is a unit's copy of a task the city assigned."""
    return task.origin == "city" and task.parent_task_id is not None


def _foreign_owner(session: Session, plan_id: str) -> str | None:
    """Return the owner's code of a plan another unit owns, in city mode; else None."""
    if mode_of(session) != "city":
        return None
    plan = session.get(Plan, plan_id)
    if plan is None:
        return None
    owner = session.get(Unit, plan.owner_unit_id)
    own = own_code_of(session)
    if owner is None or owner.code == own:
        return None
    return owner.code


def _refuse_foreign(session: Session, plan_id: str, what: str) -> None:
    owner = _foreign_owner(session, plan_id)
    if owner is not None:
        raise ServiceError(
            f"{what} thuộc kế hoạch của đơn vị {owner}: thành phố không sửa dữ liệu của đơn vị; "
            "thay đổi chỉ đến qua gói báo cáo có chữ ký số của đơn vị."
        )


def check_task_change(session: Session, task: Task, fields: Iterable[str]) -> None:
    """Refuse changing city-owned content of an assigned task, or another unit's task."""
    _refuse_foreign(session, task.plan_id, "Nhiệm vụ này")
    touched = CITY_OWNED_FIELDS & set(fields)
    if is_assigned_copy(task) and touched:
        raise ServiceError(
            f"Nhiệm vụ “{task.number or task.content[:40]}” do thành phố giao: nội dung, đơn vị "
            "chủ trì và thời hạn do thành phố quyết định; đơn vị chỉ cập nhật tiến độ thực hiện."
        )


def check_task_delete(session: Session, task: Task) -> None:
    """Refuse deleting an assigned task, or another unit's task."""
    _refuse_foreign(session, task.plan_id, "Nhiệm vụ này")
    if is_assigned_copy(task):
        raise ServiceError(
            f"Nhiệm vụ “{task.number or task.content[:40]}” do thành phố giao, không xóa được."
        )


def check_plan_addition(session: Session, plan_id: str) -> None:
    """Refuse adding a task to another unit's plan (city mode)."""
    _refuse_foreign(session, plan_id, "Kế hoạch này")


def check_plan_change(session: Session, plan_id: str) -> None:
    """Refuse renaming, archiving or deleting another unit's plan (city mode)."""
    _refuse_foreign(session, plan_id, "Kế hoạch này")


def check_progress_change(session: Session, task_id: str) -> None:
    """Refuse recording progress on another unit's task (city mode)."""
    plan_id = session.exec(select(Task.plan_id).where(Task.id == task_id)).first()
    if plan_id is not None:
        _refuse_foreign(session, plan_id, "Tiến độ của nhiệm vụ này")
