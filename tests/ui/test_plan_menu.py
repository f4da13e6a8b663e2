"""The "Kế hoạch" menu: rename, archive and bring back, delete (asked, backed up, undoable)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from carapp.services.plans import list_plans
from carapp.services.tasks import list_tasks
from carapp.ui.main_window import MainWindow


def _answer(button: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen.append(f"{box.text()} | {box.informativeText()}")
    next(b for b in box.buttons() if b.text() == button).click()


def test_menu_sits_between_edit_and_view(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:4] == ["&Tệp", "&Sửa", "&Kế hoạch", "&Xem"]
    file_menu = window.menuBar().actions()[0].menu()
    assert "Đơn vị của &tôi…" in [a.text() for a in file_menu.actions()]


def test_rename_then_undo(window: MainWindow) -> None:
    old = window.tasks.plan.title
    assert window.manage.rename_to("Cải cách hành chính đặc khu 2026 - 2030")
    assert "Kế hoạch Cải cách hành chính đặc khu 2026 - 2030" in window.plan_label.text()
    assert window.undo_stack.undoText() == "Đổi tên kế hoạch"
    window.undo_stack.undo()
    assert list_plans(window.engine)[0].title == old and old in window.plan_label.text()


def test_archived_plan_stays_readable_and_comes_back(window: MainWindow) -> None:
    window.manage.update_actions()
    assert window.manage.archive.text() == "&Lưu trữ kế hoạch"
    assert window.manage.toggle_archive()
    assert list_plans(window.engine) == []  # out of lists, packages and counts
    assert window.stack.currentIndex() == 1 and window.model.rowCount() == 30  # still readable
    assert "đã lưu trữ" in window.plan_label.text()
    assert window.plan_combo.currentText().endswith("(lưu trữ)")
    assert "lưu trữ" in window.statusBar().currentMessage()
    window.manage.update_actions()
    assert window.manage.archive.text() == "&Bỏ lưu trữ kế hoạch"
    assert window.manage.toggle_archive()
    assert len(list_plans(window.engine)) == 1 and "đã lưu trữ" not in window.plan_label.text()


def test_delete_asks_keeps_a_backup_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    plan = window.tasks.plan
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer("Không xóa", seen))
    assert not window.manage.ask_delete()
    assert seen[0].startswith(f"Xóa kế hoạch “{plan.title}”? | Kế hoạch có 30 nhiệm vụ")
    assert len(list_plans(window.engine)) == 1
    QTimer.singleShot(0, lambda: _answer("Xóa kế hoạch", seen))
    assert window.manage.ask_delete()
    assert list_plans(window.engine, include_archived=True) == []
    assert window.stack.currentWidget() is window.welcome  # nothing left: the welcome page
    message = window.statusBar().currentMessage()
    assert "30 nhiệm vụ" in message and "Bản lưu:" in message and ".json" in message
    window.undo_stack.undo()
    assert len(list_tasks(window.engine, plan.id)) == 30
    assert window.stack.currentIndex() == 1 and window.model.rowCount() == 30
    window.undo_stack.redo()
    assert list_plans(window.engine) == []
