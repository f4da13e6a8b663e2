"""Drive the welcome page: set up the unit, start a plan, open a file, try the demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from carapp.db.engine import sqlite_path
from carapp.db.migrate import DatabaseError, open_database
from carapp.services.common import ServiceError
from carapp.services.demo import open_demo_database
from carapp.services.first_start import (
    default_plan_title,
    own_unit_setup,
    set_up_own_unit,
    start_empty_plan,
)
from carapp.ui.app import LAST_DATABASE
from carapp.ui.switching import reopen_on
from carapp.ui.welcome_page import WelcomePage

if TYPE_CHECKING:
    from carapp.ui.import_dialog import ImportDialog  # opened on demand: it loads the importers
    from carapp.ui.main_window import MainWindow

DATABASE_FILTER = "Dữ liệu carapp (*.sqlite3 *.sqlite *.db);;Tất cả các tệp (*)"
PLAN_YEARS = 5  # a reform plan runs five years (2026-2030)


class WelcomeController(QObject):
    """Every write goes through a service; refusals are shown on the page, nothing half-done."""

    def __init__(self, window: MainWindow, page: WelcomePage) -> None:
        super().__init__(window)
        self._window, self.page = window, page
        page.start_empty.clicked.connect(self.start_empty)
        page.import_appendix.clicked.connect(self.import_appendix)
        page.open_file.clicked.connect(self._choose_file)
        page.try_demo.clicked.connect(self.try_demo)

    def refresh(self) -> None:
        """Show where the data is, the unit set up before (if any), the plan offered."""
        window = self._window
        path = sqlite_path(str(window.engine.url))
        where = f" (tệp “{path}”)" if path else ""
        self.page.intro.setText(
            f"Cơ sở dữ liệu này chưa có kế hoạch nào{where}. Chọn một cách để bắt đầu:"
        )
        setup = own_unit_setup(window.engine)
        self.page.unit_form.load(setup)
        year = window.today().year
        self.page.start_year.setValue(year)
        self.page.end_year.setValue(year + PLAN_YEARS - 1)
        self.page.plan_title.setText(default_plan_title(year, year + PLAN_YEARS - 1))
        self.page.plan_title.setCursorPosition(0)
        self.page.show_message("")

    def _save_unit(self) -> str | None:
        """Save the unit's set-up as the own unit; return its code, None when refused."""
        try:
            unit = set_up_own_unit(
                self._window.engine, self._window.who, self.page.unit_form.setup()
            )
        except ServiceError as exc:
            self.page.show_message(str(exc))
            return None
        self.page.show_message("")
        return unit.code

    def start_empty(self) -> str | None:
        """Set up the unit and give it an empty plan; show the plan; return its id."""
        code = self._save_unit()
        if code is None:
            return None
        page = self.page
        try:
            plan_id = start_empty_plan(
                self._window.engine, self._window.who, code, page.plan_title.text(),
                page.start_year.value(), page.end_year.value(),
            )  # fmt: skip
        except ServiceError as exc:
            page.show_message(str(exc))
            return None
        self._window.show_plan(plan_id)
        return plan_id

    def import_appendix(self) -> ImportDialog | None:
        """Set up the unit, then open the import dialog with the unit as the new plan's owner."""
        code = self._save_unit()
        if code is None:
            return None
        dialog = self._window.open_import_dialog()
        dialog.owner.setCurrentIndex(max(dialog.owner.findData(code), 0))
        return dialog

    def _choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self._window, "Mở tệp dữ liệu carapp", str(Path.home()), DATABASE_FILTER
        )
        if chosen:
            self.open_existing(Path(chosen))

    def open_existing(self, path: Path) -> MainWindow | None:
        """Check and open a database file; the window moves to it. None when refused."""
        try:
            engine = open_database(path, create=False)
        except DatabaseError as exc:
            self.page.show_message(str(exc))
            return None
        self._window.settings.setValue(LAST_DATABASE, str(path.resolve()))
        return reopen_on(self._window, engine)

    def try_demo(self) -> MainWindow | None:
        """Open the separate demo database (made with the sample plan the first time)."""
        try:
            engine = open_demo_database(self._window.who)
        except (DatabaseError, ServiceError) as exc:
            self.page.show_message(str(exc))
            return None
        return reopen_on(self._window, engine)
