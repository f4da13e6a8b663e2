"""The window on the screens officers have: inside 1366×768, eight tasks visible, panels that
fold away, the layout remembered per screen size."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.ui import window_state
from carapp.ui.main_window import MainWindow
from tests.ui.support import focus, open_window, press


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Callable[[int, int], None]:
    """Pretend the window's screen has this free area (the offscreen screen is fixed)."""

    def set_screen(width: int, height: int) -> None:
        monkeypatch.setattr(window_state, "available", lambda _w: QRect(0, 0, width, height))

    return set_screen


def _visible_rows(window: MainWindow) -> int:
    table = window.table
    height = table.viewport().height()
    return sum(
        1
        for row in range(window.model.rowCount())
        if table.rowViewportPosition(row) >= 0
        and table.rowViewportPosition(row) + table.rowHeight(row) <= height
    )


def test_opens_inside_1366x768_with_eight_tasks_shown(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings, screen
) -> None:
    screen(1366, 768)
    window = open_window(qtbot, sample_engine, settings, size=None)
    assert window.width() <= 1366 and window.height() <= 768
    assert QRect(0, 0, 1366, 768).contains(window.frameGeometry())
    QApplication.processEvents()
    assert _visible_rows(window) >= 8
    assert window.page.right.sizes()[1] > 0  # the detail panels are there too


def test_detail_panels_fold_away_and_come_back(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings, screen
) -> None:
    screen(1366, 768)
    window = open_window(qtbot, sample_engine, settings, size=None)
    before = _visible_rows(window)
    focus(window.table)
    press(window.table, Qt.Key.Key_F9)
    assert window.page.right.sizes()[1] == 0
    QApplication.processEvents()
    assert _visible_rows(window) > before
    press(window.table, Qt.Key.Key_F3)  # recording progress brings the panels back
    assert window.page.right.sizes()[1] > 0
    assert QApplication.focusWidget() is window.page.progress_panel.status
    press(window.table, Qt.Key.Key_F8)
    assert window.page.main.sizes()[0] == 0


def test_layout_is_remembered_per_screen_size(
    qtbot: QtBot, sample_engine: Engine, settings: QSettings, screen
) -> None:
    screen(1920, 1040)
    large = open_window(qtbot, sample_engine, settings, size=None)
    assert (large.width(), large.height()) == (1500, 940)
    large.resize(760, 580)  # restoreGeometry keeps within the real offscreen screen (800×800)
    large.close()
    screen(1366, 728)
    small = open_window(qtbot, sample_engine, settings, size=None)
    assert small.width() <= 1366 and small.height() <= 728
    small.resize(700, 500)
    small.close()
    screen(1920, 1040)
    again = open_window(qtbot, sample_engine, settings, size=None)
    assert (again.width(), again.height()) == (760, 580)
