"""Tệp → Sao lưu… and Khôi phục…: a copy of the data file on request; a backup put back in its
place (checked, the current file kept aside), then the window reopened on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from carapp.db.engine import display_name
from carapp.db.migrate import open_database
from carapp.services.backups import (
    RestoreResult,
    backup_database,
    database_file,
    restore_database,
    restore_refusal,
)
from carapp.services.common import user_message
from carapp.ui import confirm
from carapp.ui.switching import reopen_on

if TYPE_CHECKING:
    from carapp.ui.main_window import MainWindow

FILTER = "Dữ liệu carapp (*.sqlite3 *.sqlite *.db);;Tất cả các tệp (*)"
DUMP_FILTER = "Bản sao lưu PostgreSQL (*.dump);;Tất cả các tệp (*)"
STATUS_MS = 20_000


class StorageController:
    """Add Sao lưu… and Khôi phục… to the File menu and run them."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        self.backup = QAction("Sao &lưu…", window)
        self.backup.setStatusTip("Chép toàn bộ dữ liệu ra một tệp (USB, thư mục khác)")
        self.restore = QAction("&Khôi phục…", window)
        self.restore.setStatusTip("Thay dữ liệu hiện tại bằng một bản sao lưu")
        before = window.actions_.reload
        file_menu.insertAction(before, self.backup)
        file_menu.insertAction(before, self.restore)
        file_menu.insertSeparator(before)
        self.backup.triggered.connect(self.ask_backup)
        self.restore.triggered.connect(self.ask_restore)

    def _current(self) -> Path | None:
        path = database_file(self._window.engine)
        if path is None:
            self._window.show_error("Chỉ sao lưu, khôi phục được dữ liệu dạng tệp (.sqlite3).")
        return path

    def _on_server(self) -> bool:
        return self._window.engine.dialect.name == "postgresql"

    def ask_backup(self) -> Path | None:
        """Ask where to write the copy, then write it (pg_dump on a PostgreSQL server)."""
        if self._on_server():
            name, chosen_filter = f"{self._window.engine.url.database}-sao-luu.dump", DUMP_FILTER
        else:
            current = self._current()
            if current is None:
                return None
            name, chosen_filter = f"{current.stem}-sao-luu.sqlite3", FILTER
        suggested = str(Path.home() / name)
        chosen, _ = QFileDialog.getSaveFileName(
            self._window, "Sao lưu dữ liệu", suggested, chosen_filter
        )
        return self.backup_to(Path(chosen)) if chosen else None

    def backup_to(self, target: Path) -> Path | None:
        """Copy the whole database to `target`; the status bar says where it went."""
        window = self._window
        window.tasks.commit_pending()
        try:
            written = backup_database(window.engine, target)
        except Exception as exc:
            message = user_message(exc, display_name(window.engine.url))
            if message is None:
                raise
            window.show_error(f"Chưa sao lưu được: {message}")
            return None
        window.statusBar().showMessage(f"Đã sao lưu toàn bộ dữ liệu vào {written}", STATUS_MS)
        return written

    def ask_restore(self) -> MainWindow | None:
        """Choose a backup, confirm, restore it, say what was replaced, reopen the window.

        A PostgreSQL server's database is not restored by carapp: the pg_restore command is
        shown instead.
        """
        if self._on_server():
            chosen, _ = QFileDialog.getOpenFileName(
                self._window, "Khôi phục từ bản sao lưu", str(Path.home()), DUMP_FILTER
            )
            if chosen:
                self._window.show_error(restore_refusal(self._window.engine, chosen))
            return None
        current = self._current()
        if current is None:
            return None
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, "Khôi phục từ bản sao lưu", str(current.parent), FILTER
        )
        if not chosen:
            return None
        if not confirm.ask(
            self._window, "Khôi phục dữ liệu", f"Khôi phục dữ liệu từ “{Path(chosen).name}”?",
            f"Dữ liệu hiện tại (tệp {current}) được thay bằng bản sao lưu. carapp giữ một bản "
            "sao của tệp hiện tại trước khi thay.",
            "Khôi phục", "Không khôi phục",
        ):  # fmt: skip
            return None
        return self.restore_from(Path(chosen))

    def restore_from(self, source: Path) -> MainWindow | None:
        """Put the backup in place of the current file and reopen the window on it."""
        window = self._window
        current = database_file(window.engine)
        assert current is not None
        window.tasks.commit_pending()
        window.tasks.wait()
        try:  # checked first; safe while this window still has the file open
            result = restore_database(current, source)
            engine = open_database(current)
        except Exception as exc:
            message = user_message(exc, str(source))
            if message is None:
                raise
            window.show_error(f"Chưa khôi phục, dữ liệu giữ nguyên: {message}")
            return None
        successor = reopen_on(window, engine)
        successor.statusBar().showMessage(f"Đã khôi phục từ {result.source}", STATUS_MS)
        successor.restore_report = self._report(successor, result)
        return successor

    @staticmethod
    def _report(parent: QWidget, result: RestoreResult) -> QMessageBox:
        """Say what was replaced and where the replaced data went (not modal)."""
        kept = (
            f"Dữ liệu trước khi khôi phục được giữ ở: {result.saved_copy}"
            if result.saved_copy
            else "Trước đó chưa có dữ liệu."
        )
        if result.previous_damaged:
            kept += " (tệp cũ bị hỏng, được để nguyên như trước khi khôi phục)"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Đã khôi phục",
            f"Dữ liệu trong tệp {result.database} đã được thay bằng bản sao lưu {result.source}.",
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setInformativeText(kept)
        box.open()
        return box
