"""Put a plan's task views in outline order with their depth, and roll headings up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlmodel import Session

from carapp.db.models import Task
from carapp.domain.outline import outline_indexes, rollup_status
from carapp.services.common import ServiceError

if TYPE_CHECKING:
    from carapp.services.tasks import TaskRow, TaskView

V = TypeVar("V", bound="TaskView")
R = TypeVar("R", bound="TaskRow")


def outline_places(
    ids: Sequence[str], parents: Sequence[str | None], numbers: Sequence[str]
) -> list[tuple[int, int, str]]:
    """Return (index, depth, number of the numbered item above) of each task, in outline order."""
    label: dict[str, str] = {}  # id -> the number a sub-item of it shows as its parent's
    places = []
    for index, depth in outline_indexes(ids, parents):
        above = label.get(parents[index] or "", "") if depth else ""
        label[ids[index]] = numbers[index] or above
        places.append((index, depth, above))
    return places


def with_outline(views: list[V]) -> list[V]:
    """Return the views in outline order, each with its depth and the number it sits under,
    group headings rolled up (see roll_up)."""
    ids = [v.id for v in views]
    parents = [v.outline_parent_id for v in views]
    places = outline_places(ids, parents, [v.number for v in views])
    ordered = [
        _with(views[index], level=depth, parent_number=above) if depth else views[index]
        for index, depth, above in places
    ]
    return roll_up(ordered)


def roll_up(views: list[V]) -> list[V]:
    """Give each group heading no recorded status and its children's roll-up as its category.

    `views` are in outline order (children after their parent), so headings inside headings
    roll up first (carapp.domain.outline.rollup_status).
    """
    if not any(view.is_heading for view in views):
        return views
    children: dict[str, list[int]] = {}
    for index, view in enumerate(views):
        if view.outline_parent_id:
            children.setdefault(view.outline_parent_id, []).append(index)
    result = list(views)
    for index in range(len(result) - 1, -1, -1):
        view = result[index]
        if view.is_heading:
            derived = rollup_status(result[i].derived for i in children.get(view.id, []))
            result[index] = _with(
                view, status=None, percent=None, completed_on=None, derived=derived
            )
    return result


def _with(view: V, **changes: Any) -> V:
    """Return a copy of a view (a named tuple) with some fields changed."""
    return view._replace(**changes)


def rows_in_outline(rows: list[R]) -> list[R]:
    """Return the table's rows (view and search key) in outline order, headings rolled up.

    A plan without outline is returned as it is, nothing copied.
    """
    if not any(row.view.outline_parent_id or row.view.is_heading for row in rows):
        return rows
    keys = {row.view.id: row.search_key for row in rows}
    kind = type(rows[0])
    return [kind(view, keys[view.id]) for view in with_outline([row.view for row in rows])]


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


def check_outline(session: Session, task_id: str, plan_id: str, parent_id: str | None) -> None:
    """Refuse an outline parent outside the task's plan, or one that is the task or under it."""
    seen = {task_id}
    above_id = parent_id
    with session.no_autoflush:  # checked before the change reaches the database
        while above_id:
            if above_id in seen:
                raise ServiceError(
                    "Không thể đặt nhiệm vụ nằm dưới chính nó hoặc nhiệm vụ con của nó."
                )
            seen.add(above_id)
            above = session.get(Task, above_id)
            if above is None or above.plan_id != plan_id:
                raise ServiceError("Nhiệm vụ cha (mục trên) phải thuộc cùng kế hoạch.")
            above_id = above.outline_parent_id
