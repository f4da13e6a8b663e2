"""Tệp → Sao lưu… and Khôi phục…: a whole copy on request; a backup put back (checked, the
current file kept aside), said so, and the window reopened on it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.db.migrate import open_database
from carapp.services.plans import list_plans
from carapp.ui.main_window import MainWindow
from tests.ui.support import open_window


def test_file_menu_offers_backup_and_restore(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "Sao &lưu…" in texts and "&Khôi phục…" in texts


def test_restore_puts_the_backup_back_and_reopens_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    title = window.tasks.plan.title
    backup = window.storage.backup_to(tmp_path / "usb" / "sao-luu.sqlite3")
    assert backup is None and "Chưa sao lưu" in window.error_label.text()  # no such folder
    (tmp_path / "usb").mkdir()
    backup = window.storage.backup_to(tmp_path / "usb" / "sao-luu.sqlite3")
    assert backup is not None and backup.exists()
    assert "Đã sao lưu" in window.statusBar().currentMessage()
    assert window.manage.rename_to("Tên đặt sau khi sao lưu")

    restored = window.storage.restore_from(backup)
    assert restored is not None and restored is window.successor
    qtbot.addWidget(restored)
    qtbot.waitUntil(lambda: restored.model.rowCount() == 30)
    assert title in restored.plan_label.text()
    report = restored.restore_report
    assert report is not None and report.isVisible()
    assert str(backup) in report.text()
    kept = report.informativeText().split(": ", 1)[1]
    assert Path(kept).exists()  # the data before the restore, kept aside
    assert list_plans(open_database(kept))[0].title == "Tên đặt sau khi sao lưu"


def test_a_file_that_is_not_a_backup_changes_nothing(window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "khong-phai.sqlite3"
    bad.write_text("không phải dữ liệu")
    assert window.storage.restore_from(bad) is None
    assert "Chưa khôi phục" in window.error_label.text()
    assert window.successor is None and len(list_plans(window.engine)) == 1


def test_a_copy_of_the_file_alone_holds_every_change_once_the_window_closed(
    qtbot: QtBot, sample_engine: Engine, db_path: Path, settings: QSettings, tmp_path: Path
) -> None:
    window = open_window(qtbot, sample_engine, settings)
    assert window.manage.rename_to("Đổi tên trước khi đóng cửa sổ")
    window.close()
    copy = tmp_path / "ban-chep" / "carapp.sqlite3"
    copy.parent.mkdir()
    shutil.copy(db_path, copy)  # the .sqlite3 file alone, without -wal or -shm
    assert list_plans(open_database(copy))[0].title == "Đổi tên trước khi đóng cửa sổ"
