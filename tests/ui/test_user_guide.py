"""Trợ giúp → Hướng dẫn sử dụng opens the Vietnamese guide shipped with the app."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carapp.ui.main_window import MainWindow
from carapp.ui.user_guide import GUIDE, UserGuideDialog

CHAPTERS = (
    "Lần đầu mở carapp",
    "Nhập phụ lục kế hoạch",
    "Ghi tiến độ",
    "In phụ lục và báo cáo",
    "Gửi báo cáo cho thành phố",
    "Chế độ thành phố",
    "Sao lưu và khôi phục",
)


def test_guide_covers_the_work_of_an_officer_and_its_pictures_ship() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert f". {chapter}" in text, chapter
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(images) >= 4
    for image in images:
        assert (GUIDE.parent / image).is_file(), image


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
