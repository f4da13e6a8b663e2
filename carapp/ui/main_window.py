"""The main window: plan and period selectors, the task page, the overview, plan details."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp import __version__
from carapp.db.engine import close_database
from carapp.db.models import Plan
from carapp.domain.periods import ReportingPeriod, parse_period, period_for
from carapp.domain.text import prefixed
from carapp.services.common import current_user
from carapp.services.demo import is_demo
from carapp.services.plans import PlanSummary, get_plan, list_sections
from carapp.services.units import list_units
from carapp.ui.actions import SHORTCUTS_HELP, build_actions, build_toolbar
from carapp.ui.focus_keys import FocusKeys
from carapp.ui.loading import as_of_for, plan_periods
from carapp.ui.manage_controller import (
    ARCHIVED_NOTE,
    ManageController,
    plan_choice,
    window_plans,
)
from carapp.ui.status_style import WARNING_STYLE
from carapp.ui.storage_controller import StorageController
from carapp.ui.sync_controller import SyncController
from carapp.ui.task_controller import TaskController
from carapp.ui.task_page import TaskPage
from carapp.ui.window_fit import WindowFit

if TYPE_CHECKING:  # imported when opened: they load the exporters and importers
    from carapp.ui.export_dialog import ExportDialog
    from carapp.ui.import_dialog import ImportDialog
    from carapp.ui.overview import OverviewWidget
    from carapp.ui.plan_details import PlanDetailsWidget
    from carapp.ui.welcome_controller import WelcomeController
    from carapp.ui.welcome_page import WelcomePage

TASKS_TAB, OVERVIEW_TAB, DETAILS_TAB = range(3)


def _scrolled() -> QScrollArea:
    """Return a scroll area for a page built when first shown (see MainWindow.overview)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class MainWindow(QMainWindow):
    """Everything an officer needs to keep a plan's tasks and progress up to date."""

    def __init__(
        self,
        engine: Engine,
        *,
        settings: QSettings | None = None,
        today: Callable[[], date] = date.today,
        who: str | None = None,
        paint_first: bool = False,
    ) -> None:
        """`paint_first`: the program's start: the first task list is read once the window has
        painted (TaskController.hold_until_painted)."""
        super().__init__()
        self.engine, self.today, self.who = engine, today, who or current_user()
        self.successor: MainWindow | None = None  # the window that took over (another file)
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle("carapp — Kế hoạch cải cách hành chính")
        self.undo_stack = QUndoStack(self)
        self.plan_combo = QComboBox()
        self.plan_combo.setAccessibleName("Kế hoạch")
        self.plan_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.plan_combo.setMinimumContentsLength(40)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Kỳ báo cáo")
        self.period_combo.setMinimumContentsLength(12)
        self.actions_ = build_actions(self)
        self._toolbar, self._plan_action = build_toolbar(
            self, self.actions_, self.plan_combo, self.period_combo
        )
        self.page = TaskPage()
        self.model, self.table = self.page.model, self.page.table
        self.tasks = TaskController(engine, self.page, self.undo_stack, self.who, today, self)
        if paint_first:
            self.tasks.hold_until_painted()
        self._overview: OverviewWidget | None = None  # built when first shown or asked for
        self._plan_details: PlanDetailsWidget | None = None
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.page, "Nhiệm vụ")
        # Scrolled, so that their own minimum sizes never force the window's on small screens.
        self.tabs.addTab(_scrolled(), "Tổng quan")
        self.tabs.addTab(_scrolled(), "Thông tin kế hoạch")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.tabs)
        self._welcome: tuple[WelcomePage, WelcomeController] | None = None  # built when needed
        self.stack = QStackedWidget()
        self._welcome_place = QWidget()  # the welcome page's place (index 0) till it is built
        self.stack.addWidget(self._welcome_place)
        self.stack.addWidget(central)
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self.sync = SyncController(self, self.who)  # menu entries, city tab
        self._plans: list[PlanSummary] = []
        self._busy: dict[str, str] = {}
        self._overview_dirty = True
        self._connect_signals()
        self.fit = WindowFit(self)  # size within the screen, folding panels, saved layout
        self.manage = ManageController(self)  # Đơn vị của tôi; Kế hoạch: rename, archive, delete
        self.storage = StorageController(self)  # Tệp → Sao lưu…, Khôi phục…
        self.restore_report: QMessageBox | None = None  # what the last restore replaced
        self.keys = FocusKeys(self)  # F2, F3, F6, Ctrl+F, Ctrl+P
        self.reload()

    def _build_status_bar(self) -> None:
        self.summary_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setStyleSheet(WARNING_STYLE)
        self.error_label.hide()
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # busy: the length of the work is not known
        self.busy_bar.setMaximumWidth(180)
        self.busy_bar.hide()
        bar = self.statusBar()
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.error_label)
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.busy_bar)
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.timeout.connect(self.error_label.hide)

    def _connect_signals(self) -> None:
        a, t = self.actions_, self.tasks
        a.undo.triggered.connect(t.undo)
        a.redo.triggered.connect(t.redo)
        self.undo_stack.canUndoChanged.connect(a.undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(a.redo.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self._set_tip(a.undo, "Hoàn tác", text)
        )
        self.undo_stack.redoTextChanged.connect(lambda text: self._set_tip(a.redo, "Làm lại", text))
        a.add_task.triggered.connect(lambda: t.add_task(self))
        a.delete_task.triggered.connect(lambda: t.delete_task(self))
        a.import_file.triggered.connect(self.open_import_dialog)
        a.export_file.triggered.connect(self.open_export_dialog)
        a.reload.triggered.connect(self.reload)
        a.quit.triggered.connect(self.close)
        for i, page_action in enumerate(a.pages):
            page_action.triggered.connect(lambda _checked=False, i=i: self.tabs.setCurrentIndex(i))
        a.user_guide.triggered.connect(self._show_user_guide)
        a.shortcuts.triggered.connect(self._show_shortcuts)
        a.about.triggered.connect(self._show_about)
        t.busy.connect(lambda text: self._set_busy("tasks", text))
        t.failed.connect(self.show_error)
        t.summary_changed.connect(self.summary_label.setText)
        t.tasks_changed.connect(self._mark_overview_dirty)
        self.plan_combo.activated.connect(lambda _i: self._on_plan_chosen())
        self.period_combo.activated.connect(lambda _i: self._on_period_chosen())
        self.tabs.currentChanged.connect(self._on_tab)

    # The overview and plan-details pages, built when first shown ---------------------------

    @property
    def overview(self) -> OverviewWidget:
        """Return the overview page, building it the first time (its chart loads QtCharts)."""
        if self._overview is None:
            from carapp.ui.overview import OverviewWidget

            overview = OverviewWidget(self.engine, self)
            overview.tasks_requested.connect(self._show_requested_tasks)
            overview.busy_changed.connect(
                lambda busy: self._set_busy("overview", "Đang tính tổng quan…" if busy else "")
            )
            overview.failed.connect(self.show_error)
            self._page_area(OVERVIEW_TAB).setWidget(overview)
            self._overview = overview
        return self._overview

    @property
    def plan_details(self) -> PlanDetailsWidget:
        """Return the plan-details page, building it the first time, on the plan and period shown."""
        if self._plan_details is None:
            from carapp.ui.plan_details import PlanDetailsWidget

            details = PlanDetailsWidget(self.engine, self.undo_stack, self)
            details.changed.connect(self._on_plan_details_changed)
            plan = self.tasks.plan
            details.set_plan(plan.id if plan else None)
            if plan is not None:
                details.set_period(self.period())
            self._page_area(DETAILS_TAB).setWidget(details)
            self._plan_details = details
        return self._plan_details

    @property
    def welcome(self) -> WelcomePage:
        """Return the welcome page (shown while there is no plan), building it the first time."""
        return self._welcome_page()[0]

    @property
    def first_start(self) -> WelcomeController:
        """Return what drives the welcome page (set up the unit, import, open, demo)."""
        return self._welcome_page()[1]

    def _welcome_page(self) -> tuple[WelcomePage, WelcomeController]:
        if self._welcome is None:
            from carapp.ui.welcome_controller import WelcomeController
            from carapp.ui.welcome_page import WelcomePage

            page = WelcomePage()
            self._welcome = (page, WelcomeController(self, page))
            self.stack.insertWidget(0, page)
            self.stack.removeWidget(self._welcome_place)
            self._welcome_place.deleteLater()
        return self._welcome

    def _page_area(self, index: int) -> QScrollArea:
        area = self.tabs.widget(index)
        assert isinstance(area, QScrollArea)
        return area

    # Plans and periods -----------------------------------------------------------------

    def reload(self) -> None:
        """Read the plans again and show the chosen one."""
        self._plans = window_plans(self.engine)
        chosen = self.plan_combo.currentData() or self.settings.value("plan", "")
        self.plan_combo.clear()
        for plan in self._plans:
            self.plan_combo.addItem(plan_choice(plan), plan.id)
            self.plan_combo.setItemData(
                self.plan_combo.count() - 1, plan.title, Qt.ItemDataRole.ToolTipRole
            )
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(chosen), 0))
        self._plan_action.setVisible(len(self._plans) > 1)
        self._on_plan_chosen()

    def _on_plan_chosen(self) -> None:
        summary = next((p for p in self._plans if p.id == self.plan_combo.currentData()), None)
        self._show_welcome(summary is None)
        if summary is None:
            return
        plan = get_plan(self.engine, summary.id)
        self.settings.setValue("plan", plan.id)
        demo = " (dữ liệu mẫu, tách riêng dữ liệu của đơn vị)" if is_demo(self.engine) else ""
        self.setWindowTitle(f"carapp — {summary.owner_name}{demo}")
        self._show_header(plan, summary)
        self._fill_periods(plan.start_year, plan.end_year)
        self.tasks.set_plan(
            plan, summary.task_count, list_sections(self.engine, plan.id), list_units(self.engine)
        )
        if self._plan_details is not None:
            self._plan_details.set_plan(plan.id)
        self._on_period_chosen()

    def _show_welcome(self, welcome: bool) -> None:
        """Show the welcome page while there is no plan, the plan's pages once there is one."""
        self._toolbar.setVisible(not welcome)
        if not welcome:
            self.stack.setCurrentIndex(1)
            return
        self.tasks.clear()
        if self._plan_details is not None:
            self._plan_details.set_plan(None)
        self.plan_label.setText("Chưa có kế hoạch nào.")
        self.summary_label.clear()
        self.setWindowTitle("carapp — Kế hoạch cải cách hành chính")
        year = self.today().year
        self._fill_periods(year, year)
        self.first_start.refresh()
        self.stack.setCurrentIndex(0)

    def show_plan(self, plan_id: str) -> None:
        """Read the plans again and show this one."""
        self.settings.setValue("plan", plan_id)
        self.plan_combo.setCurrentIndex(-1)
        self.reload()

    def _show_header(self, plan: Plan, summary: PlanSummary) -> None:
        attached = f"<br><i>{plan.attached_to}</i>" if plan.attached_to else ""
        archived = f" <i>{ARCHIVED_NOTE}</i>" if plan.archived_at else ""
        self.plan_label.setText(
            f"<b>{prefixed(plan.document_type, plan.title)}</b> — {summary.owner_name}"
            f"{archived}{attached}"
        )
        index = self.plan_combo.findData(plan.id)
        self.plan_combo.setItemText(index, plan_choice(replace(summary, title=plan.title)))

    def _fill_periods(self, start_year: int, end_year: int) -> None:
        chosen = self.period_combo.currentData() or period_for(self.today()).code
        self.period_combo.clear()
        for period in plan_periods(start_year, end_year, self.today()):
            self.period_combo.addItem(period.label, period.code)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(chosen), 0))

    def period(self) -> ReportingPeriod:
        """Return the reporting period chosen (today's while there is no plan to choose in)."""
        code = self.period_combo.currentData()
        return parse_period(str(code)) if code else period_for(self.today())

    def set_period(self, period: ReportingPeriod) -> None:
        """Choose a reporting period, as the selector does."""
        self.period_combo.setCurrentIndex(self.period_combo.findData(period.code))
        self._on_period_chosen()

    def _on_period_chosen(self) -> None:
        self.tasks.commit_pending()
        period = self.period()
        as_of = as_of_for(period, self.today())
        self.tasks.set_period(period, as_of)
        if self._plan_details is not None:
            self._plan_details.set_period(period)
        self.tasks.load()
        self._mark_overview_dirty()

    # Import and export -----------------------------------------------------------------

    def _periods(self) -> list[ReportingPeriod]:
        return [
            parse_period(str(self.period_combo.itemData(i)))
            for i in range(self.period_combo.count())
        ]

    def open_export_dialog(self) -> ExportDialog | None:
        """Open the export dialog for the plan and period shown."""
        plan = self.tasks.plan
        if plan is None:
            self.show_error("Chưa có kế hoạch để xuất.")
            return None
        from carapp.ui.export_dialog import ExportDialog

        dialog = ExportDialog(
            self.engine, plan.id, self._periods(), self.period(),
            as_of=lambda p: as_of_for(p, self.today()), parent=self,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_import_dialog(self) -> ImportDialog:
        """Open the import dialog; the plan is read again once something was imported."""
        from carapp.ui.import_dialog import ImportDialog

        plan = self.tasks.plan
        dialog = ImportDialog(
            self.engine, plan.id if plan else None, self._periods(), self.period(), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_imported)
        dialog.show()
        return dialog

    def _on_imported(self, plan_id: str) -> None:
        self.show_plan(plan_id)

    # Overview and plan details ---------------------------------------------------------

    def _mark_overview_dirty(self) -> None:
        self._overview_dirty = True
        if self.tabs.currentIndex() == OVERVIEW_TAB:
            self._refresh_overview()

    def _refresh_overview(self) -> None:
        plan = self.tasks.plan
        if plan is None or not self._overview_dirty:
            return
        self._overview_dirty = False
        self.overview.refresh(plan.id, self.period(), self.tasks.as_of)

    def _on_tab(self, index: int) -> None:
        if index == OVERVIEW_TAB:
            _ = self.overview  # built when first shown, its empty state too
            self._refresh_overview()
        elif index == DETAILS_TAB:
            _ = self.plan_details

    def _show_requested_tasks(self, task_ids: list[str]) -> None:
        self.tabs.setCurrentIndex(TASKS_TAB)
        self.tasks.show_tasks(task_ids, "Chọn từ Tổng quan")
        self.table.setFocus()

    def _on_plan_details_changed(self) -> None:
        """Show the plan's new header and period; tasks need no reload (they store windows)."""
        self._plans = window_plans(self.engine)
        summary = next((p for p in self._plans if p.id == self.plan_combo.currentData()), None)
        if summary is None:
            return
        plan = get_plan(self.engine, summary.id)
        self._show_header(plan, summary)
        self.tasks.set_years(plan)
        if self.period_combo.count() != len(
            plan_periods(plan.start_year, plan.end_year, self.today())
        ):
            self._fill_periods(plan.start_year, plan.end_year)
            self._on_period_chosen()
        self._mark_overview_dirty()

    # Status, focus, help ---------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """Tell the officer what was refused or failed, in the status bar, for 15 s."""
        self.error_label.setText(f"⚠ {message}")
        self.error_label.setToolTip(message)
        self.error_label.show()
        self._error_timer.start(15_000)

    def _set_busy(self, source: str, text: str) -> None:
        """Show what runs in the background (tasks loading, overview), "" when it ended."""
        if text:
            self._busy[source] = text
        else:
            self._busy.pop(source, None)
        self.busy_label.setText(" · ".join(self._busy.values()))
        self.busy_bar.setVisible(bool(self._busy))

    @staticmethod
    def _set_tip(action: QAction, verb: str, text: str) -> None:
        action.setToolTip(f"{verb}: {text}" if text else verb)
        action.setText(f"&{verb}: {text}" if text else f"&{verb}")

    def _show_user_guide(self) -> None:
        from carapp.ui.user_guide import UserGuideDialog

        UserGuideDialog(self).exec()

    def _show_shortcuts(self) -> None:
        QMessageBox.information(self, "Phím tắt", SHORTCUTS_HELP)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "Giới thiệu carapp",
            f"<b>carapp {__version__}</b><br>Theo dõi kế hoạch cải cách hành chính và tiến độ "
            "thực hiện nhiệm vụ, không cần mạng.<br>Mọi thay đổi được lưu ngay và có thể hoàn tác.",
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit.on_first_show()  # splitters need their final size to restore well

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.tasks.commit_pending()
        self.fit.save()
        self.tasks.wait()
        if self._overview is not None:
            self._overview.wait(10_000)
        self.sync.wait()
        super().closeEvent(event)
        self._close_database()

    def _close_database(self) -> None:
        """Let go of the database once the window closed, its WAL folded into the file."""
        close_database(self.engine)
