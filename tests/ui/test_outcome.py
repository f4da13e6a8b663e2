"""Issue 3's outcome, driven through the real widgets, checked in the database afterwards."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carapp.domain.status import RecordedStatus
from carapp.services.plans import list_measurements, list_sections
from carapp.services.progress import Evidence, progress_for
from carapp.services.tasks import get_task, list_tasks
from carapp.ui.add_task_dialog import AddTaskDialog
from carapp.ui.main_window import MainWindow
from carapp.ui.plan_details_targets import COL_ACTUAL
from carapp.ui.status_style import WARNING_STYLE
from tests.ui.support import (
    H1_2026,
    choose,
    click_task,
    focus,
    open_window,
    press,
    type_text,
)

DIFFICULTIES = "Thiếu kinh phí mua thiết bị ký số; đường truyền Internet trên đảo chập chờn"


def test_task_6_completed_on_15_03_2026_with_evidence(qtbot: QtBot, window: MainWindow) -> None:
    assert window.period() == H1_2026  # 20/03/2026 falls in the window of "6 tháng 2026"
    task = click_task(qtbot, window, "6")
    panel = window.page.progress_panel

    choose(panel.status, "Đã hoàn thành")
    qtbot.mouseClick(panel.completed.check, Qt.MouseButton.LeftButton)
    focus(panel.completed.edit)
    type_text(panel.completed.edit, "15032026")
    press(panel.completed.edit, Qt.Key.Key_Return)
    qtbot.mouseClick(panel.evidence.add_button, Qt.MouseButton.LeftButton)
    type_text(QApplication.focusWidget(), "15/TB-UBND")
    press(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "16/3/2026")
    press(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "Thông báo niêm yết thủ tục hành chính")
    press(QApplication.focusWidget(), Qt.Key.Key_Return)

    record = progress_for(window.engine, task.id, H1_2026)
    assert record is not None
    assert record.status is RecordedStatus.DONE
    assert record.percent == 100
    assert record.completed_on == date(2026, 3, 15)
    assert record.evidence == [
        Evidence("15/TB-UBND", "16/03/2026", "Thông báo niêm yết thủ tục hành chính", "")
    ]
    row = window.model.row_of(task.id)
    assert window.model.index(row, 7).data() == "Đã hoàn thành"
    assert window.model.index(row, 8).data() == "Hoàn thành đúng hạn"


def test_task_24_in_progress_at_40_percent_with_difficulties(
    qtbot: QtBot, window: MainWindow
) -> None:
    focus(window.page.filters.search)
    type_text(window.page.filters.search, "chữ ký số")
    task = click_task(qtbot, window, "24")
    panel = window.page.progress_panel

    choose(panel.status, "Đang thực hiện")
    focus(panel.percent)
    panel.percent.selectAll()
    type_text(panel.percent, "40")
    press(panel.percent, Qt.Key.Key_Return)
    focus(panel.difficulties)
    type_text(panel.difficulties, DIFFICULTIES)
    press(panel.difficulties, Qt.Key.Key_Tab)  # leaving the field saves it

    record = progress_for(window.engine, task.id, H1_2026)
    assert record is not None
    assert (record.status, record.percent) == (RecordedStatus.IN_PROGRESS, 40)
    assert record.difficulties == DIFFICULTIES
    assert window.model.index(window.model.row_of(task.id), 7).data() == "Đang thực hiện · 40 %"


def test_corrected_deadline_is_explained_and_saved(qtbot: QtBot, window: MainWindow) -> None:
    task = click_task(qtbot, window, "2")
    deadline = window.page.task_panel.deadline
    meaning = window.page.task_panel.deadline_meaning
    assert meaning.text() == "2026-2027 → 01/01/2026 – 31/12/2027"

    focus(deadline)
    deadline.selectAll()
    type_text(deadline, "206-2030")  # the typo really printed in an appendix
    assert "Không hiểu được thời hạn “206-2030”" in meaning.text()
    assert meaning.styleSheet() == WARNING_STYLE
    deadline.selectAll()
    type_text(deadline, "Quý IV/2026")
    assert meaning.text() == "Quý IV/2026 → 01/10/2026 – 31/12/2026"
    press(deadline, Qt.Key.Key_Return)

    stored = get_task(window.engine, task.id)
    assert stored.deadline_text == "Quý IV/2026"
    assert (stored.deadline_start, stored.deadline_end) == (date(2026, 10, 1), date(2026, 12, 31))
    row = window.model.row_of(task.id)
    assert window.model.index(row, 6).data() == "31/12/2026"


def test_new_task_added_under_section_ii(qtbot: QtBot, window: MainWindow) -> None:
    sections = list_sections(window.engine, window.tasks.plan.id)  # type: ignore[union-attr]
    section_ii = next(s for s in sections if s.numeral == "II")
    window.page.tree.choose(section_ii.id)
    assert len(window.model.shown_rows()) == 7

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AddTaskDialog)
        assert dialog.section_id() == section_ii.id
        assert dialog.number.text() == "31"  # numbering runs on through the plan
        focus(dialog.content)
        type_text(dialog.content, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính")
        focus(dialog.lead)
        type_text(dialog.lead, "Trung tâm Phục vụ hành chính công")
        focus(dialog.deadline)
        type_text(dialog.deadline, "Quý IV/2026")
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_dialog)
    press(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    tasks = [t for t in list_tasks(window.engine) if t.section_id == section_ii.id]
    assert len(tasks) == 8
    added = tasks[-1]
    assert added.content == "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
    assert (added.number, added.lead, added.deadline.end) == (
        "31",
        "Trung tâm Phục vụ hành chính công",
        date(2026, 12, 31),
    )
    assert window.tasks.current_id == added.id
    assert window.page.task_panel.content.text() == added.content


def test_overdue_and_due_soon_seen_at_a_glance(
    qtbot: QtBot, window: MainWindow, settings: QSettings
) -> None:
    # Give two tasks short deadlines, then open the plan again on 10/03/2027.
    click_task(qtbot, window, "2")
    deadline = window.page.task_panel.deadline
    focus(deadline)
    deadline.selectAll()
    type_text(deadline, "2026 – tháng 2/2027")
    press(deadline, Qt.Key.Key_Return)
    click_task(qtbot, window, "3")
    focus(deadline)
    deadline.selectAll()
    type_text(deadline, "31/03/2027")
    press(deadline, Qt.Key.Key_Return)

    window.close()
    window = open_window(qtbot, window.engine, settings, today=date(2027, 3, 10))
    assert window.period().label == "Quý I/2027"
    overdue_row = window.model.row_of(find_number(window, "2"))
    cell = window.model.index(overdue_row, 8)
    assert cell.data() == "Quá hạn"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == "#f8d7da"
    assert "1 quá hạn · 1 sắp đến hạn" in window.summary_label.text()

    choose(window.page.filters.derived, "Quá hạn")
    assert [r.view.number for r in window.model.shown_rows()] == ["2"]
    choose(window.page.filters.derived, "Sắp đến hạn (30 ngày tới)")
    assert [r.view.number for r in window.model.shown_rows()] == ["3"]
    soon = window.model.index(0, 6)
    assert soon.data() == "31/03/2027"
    assert soon.data(Qt.ItemDataRole.ToolTipRole) == "Sắp đến hạn (trong 30 ngày tới)"


def find_number(window: MainWindow, number: str) -> str:
    """Return the id of the task with a printed number."""
    return next(r.id for r in window.model.all_rows() if r.view.number == number)


def test_actual_value_of_a_target_recorded_and_undone_from_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    press(window.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    details = window.plan_details
    details.tabs.setCurrentIndex(1)  # "Chỉ tiêu"
    view, model = details.targets_table, details.targets_model
    target_id = model.row_at(0).target.id
    index = model.index(0, COL_ACTUAL)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = QApplication.focusWidget()
    editor.selectAll()  # type: ignore[union-attr]
    type_text(editor, "87,5")  # type: ignore[arg-type]
    press(editor, Qt.Key.Key_Return)  # type: ignore[arg-type]

    (measured,) = list_measurements(window.engine, target_id)
    assert (measured.period, measured.actual_value) == ("2026-H1", 87.5)  # the window's period
    window.actions_.undo.trigger()  # the window's undo reaches the plan details' edits
    assert list_measurements(window.engine, target_id) == []  # the first one: the row goes
