"""Every tab and dialog on an empty database and on a plan without tasks: no exception reaches
the officer (pytest-qt fails a test on any exception raised in a Qt slot or virtual), and each
empty list says what to do next."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.services.first_start import UnitSetup, set_up_own_unit, start_empty_plan
from carapp.services.sync.setup import set_mode
from carapp.ui.main_window import DETAILS_TAB, OVERVIEW_TAB, TASKS_TAB, MainWindow
from tests.ui.support import open_window

NO_TASKS = "Chưa có nhiệm vụ nào. Thêm nhiệm vụ (Ctrl+N) hoặc nhập phụ lục (Ctrl+I)."


def _no_tasks_plan(engine: Engine) -> None:
    set_up_own_unit(engine, "tester", UnitSetup("MD", "Ủy ban nhân dân xã Mao Điền", "commune"))
    start_empty_plan(engine, "tester", "MD", "Cải cách hành chính 2026 - 2030", 2026, 2030)


def _texts(widget: QWidget) -> str:
    """Return every visible label's text inside a widget, joined."""
    labels = [widget] if isinstance(widget, QLabel) else []
    labels += widget.findChildren(QLabel)
    return "\n".join(label.text() for label in labels if label.isVisibleTo(widget.window()))


def _open_each_dialog(qtbot: QtBot, window: MainWindow) -> dict[str, str]:
    """Open every File-menu dialog in turn; return what each says, closing it again."""
    openers: dict[str, Callable[[], QWidget | None]] = {
        "import": window.open_import_dialog,
        "export": window.open_export_dialog,
        "send": window.sync.open_package_dialog,
        "packages": window.sync.open_packages_dialog,
        "mode": window.sync.open_mode_dialog,
        "trust": window.sync.open_trust_dialog,
        "own unit": window.manage.open_own_unit,
    }
    said = {}
    for name, opener in openers.items():
        dialog = opener()
        if dialog is None:  # refused: the status bar says why
            assert window.error_label.isVisible(), name
            said[name] = window.error_label.text()
            continue
        qtbot.waitExposed(dialog)
        said[name] = _texts(dialog)
        assert isinstance(dialog, QDialog)
        dialog.close()
        QApplication.processEvents()
    return said


def test_empty_database_shows_welcome_and_every_dialog_opens(
    qtbot: QtBot, engine: Engine, settings: QSettings
) -> None:
    window = open_window(qtbot, engine, settings)
    assert window.stack.currentWidget() is window.welcome
    assert "chưa có kế hoạch nào" in window.welcome.intro.text()
    assert "carapp" not in window.plan_label.text().replace("carapp —", "")  # no command line
    said = _open_each_dialog(qtbot, window)
    assert "thiết lập đơn vị" in said["import"]
    assert "Chưa có kế hoạch" in said["export"]
    assert "chưa đặt mã đơn vị" in said["send"]
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
    window.manage.update_actions()
    assert not window.manage.delete.isEnabled()  # no plan to rename, archive or delete
    window.actions_.add_task.trigger()  # Ctrl+N with no plan says what to do instead
    assert "thiết lập đơn vị" in window.error_label.text()


@pytest.mark.parametrize("mode", ["unit", "city"])
def test_plan_without_tasks_every_tab_and_dialog(
    qtbot: QtBot, engine: Engine, settings: QSettings, mode: str
) -> None:
    _no_tasks_plan(engine)
    if mode == "city":
        set_mode(engine, "tester", "city")
    window = open_window(qtbot, engine, settings)
    assert window.stack.currentIndex() == 1
    assert window.page.empty_state.isVisible()
    assert window.page.empty_state.text() == NO_TASKS
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        window.overview.wait(10_000)
        QApplication.processEvents()
        if tab == OVERVIEW_TAB:
            assert "Chưa có nhiệm vụ" in _texts(window.overview)
        if tab == DETAILS_TAB:
            details = window.plan_details
            details.tabs.setCurrentIndex(1)
            assert "Chưa có chỉ tiêu" in _texts(details.targets_panel)
    if mode == "city":
        view = window.sync.city_view
        assert view is not None and "Nhập gói báo cáo…" in _texts(view)
    window.tabs.setCurrentIndex(TASKS_TAB)
    _open_each_dialog(qtbot, window)
