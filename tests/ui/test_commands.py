"""Undoable commands on a QUndoStack, without widgets: each step goes through a service."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QUndoStack
from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import AuditEntry, ProgressRecord
from carapp.domain.status import RecordedStatus
from carapp.services.audit import task_history
from carapp.services.common import NotFound
from carapp.services.plans import list_plans, list_sections
from carapp.services.progress import Evidence, progress_for, set_progress
from carapp.services.tasks import (
    delete_task,
    find_task,
    get_task,
    list_task_rows,
    list_tasks,
    restore_task,
    task_snapshot,
)
from carapp.ui.commands import (
    AddTaskCommand,
    Change,
    DeleteTaskCommand,
    EditContext,
    EditTaskCommand,
    ProgressCommand,
    push,
)
from tests.ui.support import H1_2026, Q1_2026, TODAY


class Recorder:
    """Collect what commands report."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.errors: list[str] = []


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def ctx(sample_engine: Engine, recorder: Recorder) -> EditContext:
    return EditContext(sample_engine, "tester", recorder.changes.append, recorder.errors.append)


def test_edit_task_undo_redo(ctx: EditContext, recorder: Recorder) -> None:
    stack = QUndoStack()
    task = find_task(ctx.engine, "4")
    command = EditTaskCommand(ctx, task.id, {"deadline_text": "Quý IV/2026"}, "thời hạn")
    assert push(stack, command)
    assert command.text() == "Sửa thời hạn của nhiệm vụ 4"
    assert get_task(ctx.engine, task.id).deadline_end == date(2026, 12, 31)
    stack.undo()
    restored = get_task(ctx.engine, task.id)
    assert (restored.deadline_text, restored.deadline_end) == ("2026-2030", date(2030, 12, 31))
    stack.redo()
    assert get_task(ctx.engine, task.id).deadline_text == "Quý IV/2026"
    assert [c.task_ids for c in recorder.changes] == [(task.id,)] * 3


def test_first_progress_record_is_removed_by_undo_and_logged(ctx: EditContext) -> None:
    stack = QUndoStack()
    task = find_task(ctx.engine, "6")
    evidence = [Evidence("15/TB-UBND", "16/03/2026", "Thông báo", "")]
    push(stack, ProgressCommand(ctx, task.id, H1_2026, {"evidence": evidence}, "minh chứng"))
    assert progress_for(ctx.engine, task.id, H1_2026).evidence == evidence  # type: ignore[union-attr]
    stack.undo()
    assert progress_for(ctx.engine, task.id, H1_2026) is None
    actions = [(c.action, c.field) for c in task_history(ctx.engine, task.id)]
    assert ("delete", "evidence") in actions and ("create", "evidence") in actions
    stack.redo()
    assert progress_for(ctx.engine, task.id, H1_2026).evidence == evidence  # type: ignore[union-attr]


def test_progress_undo_writes_every_old_value_back(ctx: EditContext) -> None:
    stack = QUndoStack()
    task = find_task(ctx.engine, "24")
    set_progress(
        ctx.engine, "tester", task.id, H1_2026, status=RecordedStatus.IN_PROGRESS, percent=40
    )
    push(
        stack, ProgressCommand(ctx, task.id, H1_2026, {"status": RecordedStatus.DONE}, "trạng thái")
    )
    done = progress_for(ctx.engine, task.id, H1_2026)
    assert done is not None and (done.status, done.percent) == (RecordedStatus.DONE, 100)
    stack.undo()
    back = progress_for(ctx.engine, task.id, H1_2026)
    assert back is not None and (back.status, back.percent) == (RecordedStatus.IN_PROGRESS, 40)


def test_added_task_comes_back_with_the_same_id(ctx: EditContext, recorder: Recorder) -> None:
    stack = QUndoStack()
    section = list_sections(ctx.engine, list_plans(ctx.engine)[0].id)[1]
    command = AddTaskCommand(ctx, section.id, {"number": "31", "content": "Nhiệm vụ mới"})
    assert push(stack, command)
    task_id = command.task_id
    set_progress(ctx.engine, "tester", task_id, Q1_2026, status=RecordedStatus.IN_PROGRESS)
    stack.undo()
    with pytest.raises(NotFound):
        get_task(ctx.engine, task_id)
    stack.redo()
    assert get_task(ctx.engine, task_id).content == "Nhiệm vụ mới"
    assert progress_for(ctx.engine, task_id, Q1_2026) is not None  # its progress came back too
    assert all(c.structure for c in recorder.changes)


def test_deleted_task_and_its_progress_come_back(ctx: EditContext) -> None:
    stack = QUndoStack()
    task = find_task(ctx.engine, "9")
    set_progress(ctx.engine, "tester", task.id, Q1_2026, status=RecordedStatus.DONE)
    push(stack, DeleteTaskCommand(ctx, task.id))
    assert "9" not in [t.number for t in list_tasks(ctx.engine)]
    stack.undo()
    assert get_task(ctx.engine, task.id).position == task.position
    assert progress_for(ctx.engine, task.id, Q1_2026) is not None
    with Session(ctx.engine) as session:
        assert len(session.exec(select(ProgressRecord)).all()) == 1
        creates = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity_id == task.id,
                AuditEntry.action == "create",
                AuditEntry.field == "content",
            )
        ).all()
    assert len(creates) == 2  # loaded with the sample, then restored


def test_refused_edit_is_reported_and_never_enters_the_stack(
    ctx: EditContext, recorder: Recorder
) -> None:
    stack = QUndoStack()
    task = find_task(ctx.engine, "3")
    assert not push(stack, EditTaskCommand(ctx, task.id, {"content": ""}, "nội dung"))
    assert stack.count() == 0
    assert recorder.errors == ["Nội dung công việc không được để trống."]


def test_undo_that_can_no_longer_apply_is_dropped_with_a_message(
    ctx: EditContext, recorder: Recorder
) -> None:
    stack = QUndoStack()
    task = find_task(ctx.engine, "3")
    push(stack, EditTaskCommand(ctx, task.id, {"output": "Báo cáo năm"}, "kết quả"))
    push(stack, DeleteTaskCommand(ctx, task.id))
    stack.undo()  # task back
    snapshot = task_snapshot(ctx.engine, task.id)
    delete_task(ctx.engine, "someone else", task.id)  # meanwhile, from the command line
    stack.undo()  # the edit cannot be undone any more
    assert recorder.errors and "Không thực hiện được" in recorder.errors[-1]
    restore_task(ctx.engine, "tester", snapshot)


def test_list_task_rows_matches_list_tasks(sample_engine: Engine) -> None:
    plan_id = list_plans(sample_engine)[0].id
    task = find_task(sample_engine, "7")
    set_progress(sample_engine, "tester", task.id, Q1_2026, status=RecordedStatus.IN_PROGRESS)
    rows = list_task_rows(sample_engine, plan_id, as_of=TODAY, period=H1_2026)
    # list_tasks reads ORM objects when not given one plan: the two readings must agree.
    assert [r.view for r in rows] == list_tasks(sample_engine, as_of=TODAY, period=H1_2026)
    assert rows[0].search_key.startswith("1 ")
    one = list_task_rows(sample_engine, plan_id, as_of=TODAY, period=H1_2026, task_ids=[task.id])
    assert [r.view.status for r in one] == [RecordedStatus.IN_PROGRESS]
