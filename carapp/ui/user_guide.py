"""Trợ giúp → Hướng dẫn sử dụng: the Vietnamese user guide shipped in resources/guide."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from carapp.resources import resource_path

GUIDE = resource_path("guide", "huong-dan.md")


class UserGuideDialog(QDialog):
    """Show the user guide (Markdown with screenshots) with working links inside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng carapp")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(GUIDE.parent)])
        if GUIDE.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
        else:
            self.browser.setPlainText(
                f"Không tìm thấy tệp hướng dẫn “{GUIDE}”. Hãy cài đặt lại carapp."
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(900, 700)
