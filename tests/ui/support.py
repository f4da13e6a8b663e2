"""Fixtures and helpers that drive the main window the way an officer does.

Vietnamese is typed one character at a time with QTest.sendKeyEvent: QTest.keyClicks aborts
the whole process on any non-ASCII character.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.db.models import Task
from carapp.domain.periods import parse_period
from carapp.services.tasks import find_task
from carapp.ui.main_window import MainWindow

TODAY = date(2026, 3, 20)  # in the data window of "6 tháng 2026" (15/12/2025 – 14/6/2026)
H1_2026 = parse_period("2026-H1")
Q1_2026 = parse_period("2026-Q1")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Return settings in a temporary file, never the user's."""
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    return QSettings(str(tmp_path / "carapp-ui.ini"), QSettings.Format.IniFormat)


def open_window(
    qtbot: QtBot,
    engine: Engine,
    settings: QSettings,
    today: date = TODAY,
    size: tuple[int, int] | None = (1500, 950),
) -> MainWindow:
    """Open the main window on a database, shown and active, its task list loaded."""
    window = MainWindow(engine, settings=settings, today=lambda: today, who="tester")
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.tasks.loading)
    return window


@pytest.fixture
def window(qtbot: QtBot, sample_engine: Engine, settings: QSettings) -> Iterator[MainWindow]:
    """Return the main window on the Bạch Long Vĩ sample, on 20/03/2026."""
    shown = open_window(qtbot, sample_engine, settings)
    yield shown
    shown.tasks.wait()
    shown.overview.wait(10_000)


def type_text(widget: QWidget, text: str) -> None:
    """Type text, Vietnamese included, into the widget as key presses."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def focus(widget: QWidget) -> None:
    """Give a widget the keyboard focus as the Tab key would."""
    reactivate(widget)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert widget.hasFocus()


def press(
    widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press and release one key on a widget, then let queued work (item editors) finish."""
    QTest.keyClick(widget, key, modifier)
    QApplication.processEvents()


def choose(combo: QComboBox, text: str) -> None:
    """Open a combo box's list and pick the item with this text, as with the mouse."""
    index = combo.findText(text)
    assert index >= 0, f"“{text}” is not offered"
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(index, 0))
    press(view, Qt.Key.Key_Return)
    wait_for(lambda: not view.isVisible() and QApplication.activePopupWidget() is None)
    reactivate(combo)


def wait_for(condition: Callable[[], bool], msecs: int = 3000) -> None:
    """Process events until the condition holds; fail after `msecs`."""
    deadline = time.monotonic() + msecs / 1000
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        QTest.qWait(10)


def reactivate(widget: QWidget) -> None:
    """Make the widget's window active again (a closed popup leaves none active offscreen)."""
    QTest.qWait(20)  # offscreen, the hidden popup keeps the focus for a moment
    window = widget.window()
    if QApplication.focusWindow() is not window.windowHandle():
        window.activateWindow()
        wait_for(lambda: QApplication.focusWindow() is window.windowHandle())


def click_task(qtbot: QtBot, window: MainWindow, number: str) -> Task:
    """Click the row of the task with this printed number; return the task."""
    task = find_task(window.engine, number)
    row = window.model.row_of(task.id)
    assert row >= 0, f"task {number} is not shown"
    index = window.model.index(row, 1)
    window.table.scrollTo(index)
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(index).center(),
    )
    assert window.tasks.current_id == task.id
    return task


def shown_numbers(window: MainWindow) -> list[str]:
    """Return the printed numbers of the tasks the table shows, in order."""
    return [window.model.row_at(i).view.number for i in range(window.model.rowCount())]
