"""Trợ giúp → Hướng dẫn sử dụng opens the Vietnamese guide shipped with the app."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carapp.ui.main_window import MainWindow
from carapp.ui.user_guide import UserGuideDialog


def test_guide_dialog_renders_markdown_with_pictures(qtbot: QtBot) -> None:
    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    document = dialog.browser.document()
    assert document.toPlainText().startswith("Hướng dẫn sử dụng carapp")
    assert "Dùng thử với kế hoạch mẫu" in document.toPlainText()
    assert "![" not in document.toPlainText()  # rendered, not shown as source


def test_help_menu_opens_the_guide(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[str] = []

    def close_guide() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UserGuideDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, close_guide)
    window.actions_.user_guide.trigger()
    assert seen == ["Hướng dẫn sử dụng carapp"]
