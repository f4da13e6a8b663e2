"""Undo and redo (Ctrl+Z / Ctrl+Y) across edits put the database back; the history shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from carapp.db.models import AuditEntry
from carapp.domain.status import RecordedStatus
from carapp.services.common import NotFound
from carapp.services.progress import progress_for
from carapp.services.tasks import get_task, list_tasks
from carapp.ui.main_window import MainWindow
from tests.ui.support import (
    H1_2026,
    TODAY,
    choose,
    click_task,
    focus,
    press,
    type_text,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def edit_content(window: MainWindow, text: str) -> None:
    content = window.page.task_panel.content
    focus(content)
    content.selectAll()
    type_text(content, text)
    press(content, Qt.Key.Key_Tab)


def test_undo_and_redo_across_edits_restore_the_database(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "5")
    original = task.content
    edit_content(window, "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính")
    choose(window.page.progress_panel.status, "Đang thực hiện")
    assert get_task(window.engine, task.id).content.startswith("Tiếp nhận, xử lý phản ánh")
    assert progress_for(window.engine, task.id, H1_2026) is not None

    press(window.table, Qt.Key.Key_Z, CTRL)  # undoes the status: the record goes away
    assert progress_for(window.engine, task.id, H1_2026) is None
    press(window.table, Qt.Key.Key_Z, CTRL)  # undoes the content
    assert get_task(window.engine, task.id).content == original
    assert window.page.task_panel.content.text() == original

    press(window.table, Qt.Key.Key_Y, CTRL)
    press(window.table, Qt.Key.Key_Y, CTRL)
    assert get_task(window.engine, task.id).content.startswith("Tiếp nhận, xử lý phản ánh")
    record = progress_for(window.engine, task.id, H1_2026)
    assert record is not None and record.status is RecordedStatus.IN_PROGRESS
    assert window.page.progress_panel.status.currentText() == "Đang thực hiện"


def test_undo_is_audited_and_history_shows_the_change(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "7")
    edit_content(window, "Rà soát, đánh giá thủ tục hành chính hằng năm")
    changes = window.page.change_history
    first = [changes.index(0, c).data() for c in range(5)]
    assert first[1] == "Sửa nội dung công việc"
    assert first[2].startswith(task.content[:60])  # long values are cut, whole in the tooltip
    assert changes.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == task.content
    assert first[3:] == ["Rà soát, đánh giá thủ tục hành chính hằng năm", "tester"]

    window.actions_.undo.trigger()
    with Session(window.engine) as session:
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.entity_id == task.id, AuditEntry.field == "content")
        ).all()
    assert [e.new for e in entries][-2:] == [
        "Rà soát, đánh giá thủ tục hành chính hằng năm",
        task.content,
    ]
    assert changes.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == task.content


def test_undo_typed_text_not_yet_saved_saves_it_first(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "8")
    edit_content(window, "Thực hiện cắt giảm, đơn giản hóa quy định kinh doanh")
    output = window.page.task_panel.output
    focus(output)
    output.selectAll()
    type_text(output, "Quyết định công bố")
    window.actions_.undo.trigger()  # the toolbar button: the field still has the focus
    stored = get_task(window.engine, task.id)
    assert stored.output == task.output
    assert stored.content.startswith("Thực hiện cắt giảm, đơn giản hóa quy định kinh doanh")
    window.actions_.redo.trigger()
    assert get_task(window.engine, task.id).output == "Quyết định công bố"


def confirm_deletion() -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    assert box.text() == "Xóa nhiệm vụ 9?"
    delete = next(b for b in box.buttons() if b.text() == "Xóa")
    delete.click()


def test_delete_after_confirming_and_undo_brings_task_and_progress_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    task = click_task(qtbot, window, "9")
    choose(window.page.progress_panel.status, "Đang thực hiện")
    QTimer.singleShot(0, confirm_deletion)
    press(window.table, Qt.Key.Key_Delete, CTRL)

    try:
        get_task(window.engine, task.id)
        raise AssertionError("task 9 still there")
    except NotFound:
        pass
    assert "9" not in [t.number for t in list_tasks(window.engine)]
    assert (
        window.model.row_at(window.model.row_of(window.tasks.current_id or "")).view.number == "10"
    )

    window.actions_.undo.trigger()
    assert get_task(window.engine, task.id).content == task.content
    record = progress_for(window.engine, task.id, H1_2026)
    assert record is not None and record.status is RecordedStatus.IN_PROGRESS
    assert window.tasks.current_id == task.id


def test_refusing_to_delete_keeps_the_task(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "9")

    def refuse() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Không xóa").click()

    QTimer.singleShot(0, refuse)
    window.actions_.delete_task.trigger()
    assert get_task(window.engine, task.id).id == task.id
    assert not window.undo_stack.canUndo()


def test_emptied_content_is_refused_with_a_message(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "10")
    content = window.page.task_panel.content
    focus(content)
    content.selectAll()
    press(content, Qt.Key.Key_Delete)
    press(content, Qt.Key.Key_Tab)
    assert get_task(window.engine, task.id).content == task.content
    assert "không được để trống" in window.error_label.text()
    assert content.text() == task.content
    assert not window.undo_stack.canUndo()


def test_moving_a_task_to_another_section_and_back(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "5")
    choose(window.page.task_panel.section, "III. CẢI CÁCH TỔ CHỨC BỘ MÁY")
    moved = get_task(window.engine, task.id)
    assert moved.section_id != task.section_id
    assert moved.position == 4  # after the three tasks of section III
    assert window.tasks.current_id == task.id
    assert [r.view.number for r in window.model.shown_rows()][11:15] == ["13", "14", "15", "5"]
    assert window.model.find(task.id).view.section_numeral == "III"  # type: ignore[union-attr]
    window.actions_.undo.trigger()
    back = get_task(window.engine, task.id)
    assert (back.section_id, back.position) == (task.section_id, task.position)


def test_completion_date_can_be_removed(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "6")
    completed = window.page.progress_panel.completed
    qtbot.mouseClick(completed.check, Qt.MouseButton.LeftButton)
    record = progress_for(window.engine, task.id, H1_2026)
    assert record is not None and record.completed_on == TODAY  # ticking starts from today
    qtbot.mouseClick(completed.check, Qt.MouseButton.LeftButton)
    record = progress_for(window.engine, task.id, H1_2026)
    assert record is not None and record.completed_on is None
    assert completed.empty.isVisible() and completed.empty.text() == "Chưa có ngày"
