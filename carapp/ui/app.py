"""Start the desktop application on a database, loading the sample plan on first start."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine

from carapp.db.engine import close_database
from carapp.db.migrate import DatabaseError, open_database
from carapp.services.common import current_user
from carapp.services.plans import list_plans
from carapp.services.sample import load_sample


def prepare_database(location: str | None) -> Engine:
    """Open the database; an empty one receives the Bạch Long Vĩ sample plan."""
    engine = open_database(location)
    if not list_plans(engine, include_archived=True):
        load_sample(engine, current_user())
    return engine


def run_gui(location: str | None) -> int:
    """Run the GUI until its window closes; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("carapp")
    app.setOrganizationName("carapp")
    try:
        engine = prepare_database(location)
    except DatabaseError as exc:
        QMessageBox.critical(None, "carapp — không mở được dữ liệu", str(exc))
        return 1
    from carapp.ui.main_window import MainWindow

    window = MainWindow(engine)
    window.show()
    code = int(app.exec())
    close_database(engine)  # fold the WAL in: the .sqlite3 file alone holds every change
    return code
