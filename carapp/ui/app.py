"""Start the desktop application on a database: the officer's own, or the separate demo one."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine

from carapp.db.migrate import DatabaseError, open_database
from carapp.services.common import ServiceError, current_user
from carapp.services.demo import open_demo_database


def prepare_database(location: str | None, *, demo: bool = False) -> Engine:
    """Open the database as it is (an empty one shows the welcome page), or the demo one."""
    if demo:
        return open_demo_database(current_user())
    return open_database(location)


def run_gui(location: str | None, *, demo: bool = False) -> int:
    """Run the GUI until its last window closes; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("carapp")
    app.setOrganizationName("carapp")
    try:
        engine = prepare_database(location, demo=demo)
    except (DatabaseError, ServiceError) as exc:
        QMessageBox.critical(None, "carapp — không mở được dữ liệu", str(exc))
        return 1
    from carapp.ui.main_window import MainWindow

    window = MainWindow(engine)
    window.show()
    return int(app.exec())
