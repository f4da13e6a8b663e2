"""Put a plan's task views in outline order with their depth, and roll headings up."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlmodel import Session

from carapp.db.models import Task
from carapp.domain.outline import outline_order, rollup_status
from carapp.services.common import ServiceError

if TYPE_CHECKING:
    from carapp.services.tasks import TaskView

V = TypeVar("V", bound="TaskView")


def with_outline(views: list[V]) -> list[V]:
    """Return the views in outline order, each with its depth and the number it sits under.

    A group heading gets no recorded status and, as its derived category, the roll-up of its
    children (carapp.domain.outline.rollup_status); headings inside headings roll up first.
    """
    ordered = outline_order(views, lambda v: v.id, lambda v: v.outline_parent_id)
    by_id: dict[str, V] = {}
    result: list[V] = []
    for view, depth in ordered:
        parent = by_id.get(view.outline_parent_id or "")
        if parent is not None:  # a plan without outline copies nothing
            above = parent.number or parent.parent_number
            view = replace(view, level=depth, parent_number=above)
        by_id[view.id] = view
        result.append(view)
    if not any(view.is_heading for view in result):
        return result
    children: dict[str, list[int]] = {}
    for index, view in enumerate(result):
        if view.outline_parent_id in by_id:
            children.setdefault(view.outline_parent_id or "", []).append(index)
    for index in range(len(result) - 1, -1, -1):  # children come after their parent
        view = result[index]
        if view.is_heading:
            derived = rollup_status(result[i].derived for i in children.get(view.id, []))
            result[index] = replace(
                view, status=None, percent=None, completed_on=None, derived=derived
            )
    return result


def outline_family(session: Session, plan_id: str, task_ids: list[str]) -> list[str]:
    """Return the given tasks and every task of the same top-level item (headings roll up)."""
    task = Task.__table__.c  # type: ignore[attr-defined]
    pairs = session.execute(
        select(task.id, task.outline_parent_id).where(task.plan_id == plan_id)
    ).all()
    parent = {task_id: above for task_id, above in pairs}
    if not any(parent.values()):
        return task_ids

    def top(task_id: str) -> str:
        seen: set[str] = set()
        while parent.get(task_id) and task_id not in seen:
            seen.add(task_id)
            task_id = parent[task_id] or task_id
        return task_id

    wanted = {top(task_id) for task_id in task_ids if task_id in parent}
    family = {task_id for task_id in parent if top(task_id) in wanted}
    return [*task_ids, *sorted(family - set(task_ids))]


def check_outline(session: Session, task: Task) -> None:
    """Refuse an outline parent outside the task's plan, or one that is the task or under it."""
    seen = {task.id}
    above_id = task.outline_parent_id
    with session.no_autoflush:  # the change is checked before it reaches the database
        while above_id:
            if above_id in seen:
                raise ServiceError(
                    "Không thể đặt nhiệm vụ nằm dưới chính nó hoặc nhiệm vụ con của nó."
                )
            seen.add(above_id)
            above = session.get(Task, above_id)
            if above is None or above.plan_id != task.plan_id:
                raise ServiceError("Nhiệm vụ cha (mục trên) phải thuộc cùng kế hoạch.")
            above_id = above.outline_parent_id
