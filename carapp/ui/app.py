"""Start the desktop application on a database: the officer's own, or the separate demo one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine

from carapp import collector
from carapp.db.engine import DB_ENV, close_all_databases, display_name
from carapp.db.migrate import open_database
from carapp.services.common import current_user, user_message
from carapp.services.demo import open_demo_database

LAST_DATABASE = "database/last"  # a data file the officer opened from the window


def prepare_database(
    location: str | None, *, demo: bool = False, settings: QSettings | None = None
) -> Engine:
    """Open the database as it is (an empty one shows the welcome page), or the demo one.

    Without --db or CARAPP_DB, the data file last opened from the window comes back.
    """
    if demo:
        return open_demo_database(current_user())
    if location is None and not os.environ.get(DB_ENV) and settings is not None:
        last = str(settings.value(LAST_DATABASE, "") or "")
        if last and Path(last).is_file():
            location = last
    return open_database(location)


def run_gui(location: str | None, *, demo: bool = False) -> int:
    """Run the GUI until its last window closes; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("carapp")
    app.setOrganizationName("carapp")
    try:
        engine = prepare_database(location, demo=demo, settings=QSettings())
    except Exception as exc:
        message = user_message(exc, display_name(location) if location else "")
        if message is None:
            raise
        QMessageBox.critical(None, "carapp — không mở được dữ liệu", message)
        return 1
    from carapp.ui.main_window import MainWindow

    window = MainWindow(engine, paint_first=True)
    window.show()
    collector.settle()  # the window's modules are loaded (carapp.collector)
    code = int(app.exec())
    # Each window folded its database's WAL in when it closed (MainWindow._close_database);
    # this catches any engine still open, so the .sqlite3 file alone holds every change.
    close_all_databases()
    return code
