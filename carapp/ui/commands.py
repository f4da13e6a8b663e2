"""Edits as undoable commands: each do and undo is one service call, so undo is audited too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.services.common import user_message
from carapp.services.progress import FIELDS as PROGRESS_FIELDS
from carapp.services.progress import delete_progress, progress_for, set_progress
from carapp.services.tasks import (
    create_task,
    delete_task,
    get_task,
    restore_task,
    task_snapshot,
    update_task,
)


@dataclass(frozen=True)
class Change:
    """What a command changed: some tasks, and whether tasks were added or removed."""

    task_ids: tuple[str, ...]
    structure: bool = False


@dataclass(frozen=True)
class EditContext:
    """What commands need: the database, the user's name, and whom to tell what happened."""

    engine: Engine
    who: str
    changed: Callable[[Change], None]
    failed: Callable[[str], None]


class ServiceCommand(QUndoCommand):
    """A command whose first do runs before it is pushed, so a refused edit never enters."""

    def __init__(self, ctx: EditContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._pushed = False

    def apply(self) -> Change:
        """Make the change through a service; raise ServiceError when refused."""
        raise NotImplementedError

    def revert(self) -> Change:
        """Write the old values back through the same service."""
        raise NotImplementedError

    def redo(self) -> None:
        if not self._pushed:  # already applied by push()
            self._pushed = True
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: Callable[[], Change]) -> None:
        try:
            change = step()
        except Exception as exc:  # refused, or the disk is full: nothing was written
            message = user_message(exc)
            if message is None:
                raise
            self.setObsolete(True)  # the database moved on; drop the command from the stack
            self.ctx.failed(f"Không thực hiện được “{self.text()}”: {message}")
            return
        self.ctx.changed(change)


def push(stack: QUndoStack, command: ServiceCommand) -> bool:
    """Apply a command and put it on the stack; tell the user and return False if refused."""
    try:
        change = command.apply()
    except Exception as exc:  # refused, or the disk is full: nothing was written
        message = user_message(exc)
        if message is None:
            raise
        command.ctx.failed(message)
        return False
    stack.push(command)
    command.ctx.changed(change)
    return True


class EditTaskCommand(ServiceCommand):
    """Change appendix fields of a task (content, lead, deadline …)."""

    def __init__(self, ctx: EditContext, task_id: str, changes: dict[str, Any], label: str) -> None:
        task = get_task(ctx.engine, task_id)
        super().__init__(ctx, f"Sửa {label} của nhiệm vụ {task.number}".replace("  ", " "))
        self.task_id = task_id
        self.new = dict(changes)
        self.old = {name: getattr(task, name) for name in changes}

    def apply(self) -> Change:
        update_task(self.ctx.engine, self.ctx.who, self.task_id, **self.new)
        return Change((self.task_id,), structure="section_id" in self.new)

    def revert(self) -> Change:
        update_task(self.ctx.engine, self.ctx.who, self.task_id, **self.old)
        return Change((self.task_id,), structure="section_id" in self.old)


class ProgressCommand(ServiceCommand):
    """Record part of a task's progress in a period; undo restores the record as it was."""

    def __init__(
        self,
        ctx: EditContext,
        task_id: str,
        period: ReportingPeriod,
        changes: dict[str, Any],
        label: str,
    ) -> None:
        task = get_task(ctx.engine, task_id)
        super().__init__(ctx, f"Ghi {label} ({period.label}) của nhiệm vụ {task.number}")
        self.task_id, self.period, self.new = task_id, period, dict(changes)
        before = progress_for(ctx.engine, task_id, period)
        self.old = (
            None if before is None else {name: getattr(before, name) for name in PROGRESS_FIELDS}
        )

    def apply(self) -> Change:
        set_progress(self.ctx.engine, self.ctx.who, self.task_id, self.period, **self.new)
        return Change((self.task_id,))

    def revert(self) -> Change:
        if self.old is None:
            delete_progress(self.ctx.engine, self.ctx.who, self.task_id, self.period)
        else:
            set_progress(self.ctx.engine, self.ctx.who, self.task_id, self.period, **self.old)
        return Change((self.task_id,))


class AddTaskCommand(ServiceCommand):
    """Add a task to a section; redo after undo puts back the same task (same id)."""

    def __init__(self, ctx: EditContext, section_id: str, fields: dict[str, Any]) -> None:
        super().__init__(ctx, f"Thêm nhiệm vụ {fields.get('number', '')}".strip())
        self.section_id, self.fields = section_id, dict(fields)
        self.task_id = ""
        self._snapshot: dict[str, Any] | None = None

    def apply(self) -> Change:
        if self._snapshot is None:
            self.task_id = create_task(
                self.ctx.engine, self.ctx.who, self.section_id, **self.fields
            ).id
        else:
            restore_task(self.ctx.engine, self.ctx.who, self._snapshot)
        return Change((self.task_id,), structure=True)

    def revert(self) -> Change:
        self._snapshot = task_snapshot(self.ctx.engine, self.task_id)
        delete_task(self.ctx.engine, self.ctx.who, self.task_id)
        return Change((self.task_id,), structure=True)


class DeleteTaskCommand(ServiceCommand):
    """Delete a task and its progress; undo puts both back, same ids."""

    def __init__(self, ctx: EditContext, task_id: str) -> None:
        task = get_task(ctx.engine, task_id)
        super().__init__(ctx, f"Xóa nhiệm vụ {task.number}".strip())
        self.task_id = task_id
        self._snapshot: dict[str, Any] = {}

    def apply(self) -> Change:
        self._snapshot = task_snapshot(self.ctx.engine, self.task_id)
        delete_task(self.ctx.engine, self.ctx.who, self.task_id)
        return Change((self.task_id,), structure=True)

    def revert(self) -> Change:
        restore_task(self.ctx.engine, self.ctx.who, self._snapshot)
        return Change((self.task_id,), structure=True)
