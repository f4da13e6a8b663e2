"""The window as a whole: layout remembered, keyboard, background loading, overview, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.cli.main import main as cli_main
from carapp.domain.areas import ReformArea
from carapp.services.plans import create_plan, create_section
from carapp.services.tasks import create_task, find_task, list_tasks
from carapp.services.units import unit_by_code
from carapp.ui import task_controller
from carapp.ui.main_window import OVERVIEW_TAB, TASKS_TAB, MainWindow
from carapp.ui.task_rows import COL_CONTENT, COL_LEAD
from tests.ui.support import (
    TODAY,
    choose,
    click_task,
    focus,
    open_window,
    press,
    shown_numbers,
    type_text,
)


def test_layout_is_remembered(qtbot: QtBot, sample_engine: Engine, settings: QSettings) -> None:
    first = open_window(qtbot, sample_engine, settings)
    first.resize(760, 580)  # within the offscreen screen (800×800)
    first.page.main.setSizes([120, 640])
    sizes = first.page.main.sizes()
    assert sizes[0] < 150
    first.table.setColumnWidth(2, 222)
    first.close()

    second = open_window(qtbot, sample_engine, settings, size=None)
    assert (second.width(), second.height()) == (760, 580)
    assert second.page.main.sizes() == sizes
    assert second.table.columnWidth(2) == 222


def test_keyboard_reaches_every_pane(qtbot: QtBot, window: MainWindow) -> None:
    click_task(qtbot, window, "3")
    focus(window.table)
    panes = []
    for _ in range(5):
        press(window.table, Qt.Key.Key_F6)
        panes.append(QApplication.focusWidget())
    page = window.page
    assert panes == [
        page.task_panel.content,
        page.progress_panel.status,
        page.tree,
        page.filters.search,
        page.table,
    ]
    press(window.table, Qt.Key.Key_F3)
    assert QApplication.focusWidget() is page.progress_panel.status
    press(window.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == OVERVIEW_TAB
    press(window.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == TASKS_TAB


def test_table_moves_with_arrow_keys_and_enter_opens_the_task(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_task(qtbot, window, "3")
    press(window.table, Qt.Key.Key_Down)
    assert window.tasks.current_id == find_task(window.engine, "4").id
    assert window.page.task_panel.number.text() == "4"
    press(window.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.page.task_panel.content


def test_large_plan_loads_off_the_gui_thread_with_a_busy_indicator(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(task_controller, "SYNC_LIMIT", 0)
    window = MainWindow(sample_engine, settings=settings, today=lambda: TODAY, who="tester")
    qtbot.addWidget(window)
    window.show()
    assert window.tasks.loading
    assert window.busy_bar.isVisibleTo(window)
    assert window.busy_label.text() == "Đang đọc 30 nhiệm vụ…"
    qtbot.waitUntil(lambda: window.model.rowCount() == 30, timeout=10_000)
    assert not window.busy_bar.isVisibleTo(window)
    assert window.tasks.current_id is not None
    qtbot.waitUntil(lambda: window.model._ranks.has(COL_CONTENT), timeout=10_000)
    window.model.sort(COL_LEAD)
    leads = [r.view.lead for r in window.model.shown_rows()]
    assert leads[0].startswith("Các") and leads[-1].startswith("Văn phòng")


class _PaintWatch(QObject):
    """Records the rows the window's task table held at each paint of its cells."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.painted = window, []
        window.table.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.painted.append(self.window.model.rowCount())
        return False


def _watch_paints(window: MainWindow) -> list[int]:
    """Return the list the table's paints fill (rows held at each), kept alive by the window."""
    return _PaintWatch(window).painted


def test_ranking_starts_once_the_loaded_rows_are_painted(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ranking worker would contend for the GIL with the first paint of the filled table."""
    monkeypatch.setattr(task_controller, "SYNC_LIMIT", 0)
    window = MainWindow(sample_engine, settings=settings, today=lambda: TODAY, who="tester")
    qtbot.addWidget(window)
    painted = _watch_paints(window)  # rows the table held at each paint of its cells
    ranked: list[list[int]] = []  # `painted` when the ranking started
    start_ranking = window.tasks._start_ranking
    monkeypatch.setattr(
        window.tasks,
        "_start_ranking",
        lambda *args: (ranked.append(list(painted)), start_ranking(*args)),
    )
    window.show()
    qtbot.waitUntil(lambda: window.model._ranks.has(COL_CONTENT), timeout=10_000)
    assert 30 in ranked[0]  # the loaded rows were painted before the ranking started


def _started(qtbot: QtBot, engine: Engine, settings: QSettings) -> MainWindow:
    """Return the window as the program opens it (paint_first), not yet shown."""
    window = MainWindow(
        engine, settings=settings, today=lambda: TODAY, who="tester", paint_first=True
    )
    qtbot.addWidget(window)
    return window


def test_at_the_start_the_window_paints_before_reading_its_tasks(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings
) -> None:
    """A small plan is read on the GUI thread: the program's first paint must not wait for it."""
    window = _started(qtbot, sample_engine, settings)
    painted = _watch_paints(window)  # rows the table held at each paint
    assert window.model.rowCount() == 0 and window.tasks.loading  # held, not read yet
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    assert painted[0] == 0  # the first paint came before the tasks were read
    assert not window.tasks.loading


def test_a_held_first_load_is_read_anyway_when_nothing_is_painted(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings
) -> None:
    """A window started minimised or hidden gets its tasks all the same."""
    window = _started(qtbot, sample_engine, settings)
    assert window.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.model.rowCount() == 30, timeout=5_000)  # never shown


def test_a_large_load_reads_the_selected_tasks_panels_on_its_worker(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(task_controller, "SYNC_LIMIT", 0)
    read_on_gui: list[str] = []
    original = task_controller.load_details
    monkeypatch.setattr(
        task_controller,
        "load_details",
        lambda engine, task_id, period: (
            read_on_gui.append(task_id) or original(engine, task_id, period)
        ),
    )
    window = open_window(qtbot, sample_engine, settings)
    window.tasks.wait()
    first = window.model.row_at(0)
    assert window.tasks.current_id == first.id and read_on_gui == []  # read with the rows
    assert window.page.task_panel.task() == first.view
    window.tasks.select_task(window.model.row_at(3).id)
    assert read_on_gui == [window.model.row_at(3).id]  # another task: read when chosen


def test_overview_counts_open_the_tasks_they_count(qtbot: QtBot, window: MainWindow) -> None:
    press(window.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.overview.current is not None, timeout=10_000)
    ids = [find_task(window.engine, n).id for n in ("6", "7")]
    window.overview.tasks_requested.emit(ids)
    assert window.tabs.currentIndex() == TASKS_TAB
    assert shown_numbers(window) == ["6", "7"]
    chip = window.page.filters.chosen
    assert chip.isVisible() and "2 nhiệm vụ" in chip.text()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert len(shown_numbers(window)) == 30


def test_plan_details_follow_the_plan_and_the_period(window: MainWindow) -> None:
    assert window.plan_details.plan_id == window.tasks.plan.id  # type: ignore[union-attr]
    choose(window.period_combo, "Năm 2027")
    assert window.plan_details.period.label == "Năm 2027"


def test_cli_reads_what_the_gui_wrote(
    qtbot: QtBot, window: MainWindow, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    click_task(qtbot, window, "24")
    panel = window.page.progress_panel
    choose(panel.status, "Đang thực hiện")
    focus(panel.percent)
    panel.percent.selectAll()
    type_text(panel.percent, "40")
    press(panel.percent, Qt.Key.Key_Return)
    click_task(qtbot, window, "2")
    deadline = window.page.task_panel.deadline
    focus(deadline)
    deadline.selectAll()
    type_text(deadline, "Quý IV/2026")
    press(deadline, Qt.Key.Key_Return)

    assert (
        cli_main(
            [
                "--db",
                str(db_path),
                "task",
                "list",
                "--period",
                "2026-H1",
                "--as-of",
                "20/03/2026",
                "--search",
                "chữ ký số",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("24 "))
    assert "Đang thực hiện" in line and "Đang thực hiện trong hạn" in line
    assert cli_main(["--db", str(db_path), "task", "list", "--as-of", "20/03/2026"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("2 "))
    assert "Quý IV/2026" in line


def test_plan_selector_appears_with_a_second_plan(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings
) -> None:
    owner = unit_by_code(sample_engine, "BLV")
    plan = create_plan(
        sample_engine,
        "tester",
        owner.id,
        title="Tuyên truyền cải cách hành chính năm 2026",
        kind="propaganda",
        start_year=2026,
        end_year=2026,
    )
    section = create_section(
        sample_engine, "tester", plan.id, "I", "NỘI DUNG TUYÊN TRUYỀN", ReformArea.DIRECTION
    )
    create_task(sample_engine, "tester", section.id, number="1", content="Đăng tin trên Cổng")
    window = open_window(qtbot, sample_engine, settings)
    assert window.plan_combo.isVisibleTo(window)
    choose(window.plan_combo, "BLV — Tuyên truyền cải cách hành chính năm 2026")
    assert shown_numbers(window) == ["1"]
    assert "Tuyên truyền cải cách hành chính năm 2026" in window.plan_label.text()
    assert [window.period_combo.itemText(i) for i in range(window.period_combo.count())] == [
        "Quý I/2026",
        "6 tháng 2026",
        "Quý III/2026",
        "Năm 2026",
    ]
    window.close()
    again = open_window(qtbot, sample_engine, settings)
    assert again.tasks.plan.id == plan.id  # type: ignore[union-attr]  # remembered


def test_cancelled_new_task_adds_nothing(qtbot: QtBot, window: MainWindow) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.reject()

    QTimer.singleShot(0, cancel)
    window.actions_.add_task.trigger()
    assert len(list_tasks(window.engine)) == 30
    assert not window.undo_stack.canUndo()


def test_plan_details_edits_update_the_header_and_the_periods(window: MainWindow) -> None:
    press(window.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    attached = window.plan_details.form.editors["attached_to"]
    focus(attached)
    attached.selectAll()  # type: ignore[attr-defined]
    type_text(attached, "Kèm theo Quyết định số 96/QĐ-UBND ngày 05/9/2025")
    press(attached, Qt.Key.Key_Return)
    assert "Kèm theo Quyết định số 96/QĐ-UBND ngày 05/9/2025" in window.plan_label.text()

    end_year = window.plan_details.form.editors["end_year"]
    focus(end_year)
    end_year.selectAll()  # type: ignore[attr-defined]
    type_text(end_year, "2031")
    press(end_year, Qt.Key.Key_Return)
    assert window.period_combo.itemText(window.period_combo.count() - 1) == "Năm 2031"
    assert window.period().label == "6 tháng 2026"  # the chosen period stays
    window.actions_.undo.trigger()
    assert window.period_combo.itemText(window.period_combo.count() - 1) == "Năm 2030"


def test_alt_letters_reach_the_fields(qtbot: QtBot, window: MainWindow) -> None:
    click_task(qtbot, window, "4")
    alt = Qt.KeyboardModifier.AltModifier
    expected = {
        Qt.Key.Key_O: window.page.task_panel.deadline,
        Qt.Key.Key_N: window.page.task_panel.content,
        Qt.Key.Key_R: window.page.progress_panel.status,
        Qt.Key.Key_M: window.page.progress_panel.difficulties,
        Qt.Key.Key_U: window.page.progress_panel.proposals,
    }
    for key, field in expected.items():
        press(window.table, key, alt)
        assert QApplication.focusWidget() is field, key
