"""Sync in the main window: the File menu's sync entries, and the "Thành phố" tab in city mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.services.plans import list_plans
from carapp.services.sync.mode import is_city

# The dialogs and the city tab import the signing and printing libraries (pyHanko, reportlab,
# openpyxl: ~1 s); they are imported when first opened, never on the window's start path.
if TYPE_CHECKING:
    from carapp.services.sync.setup import SyncSettings
    from carapp.ui.city_view import CityView
    from carapp.ui.main_window import MainWindow
    from carapp.ui.mode_dialog import ModeDialog
    from carapp.ui.package_dialog import PackageDialog
    from carapp.ui.packages_view import PackagesDialog
    from carapp.ui.trust_dialog import TrustDialog

CITY_TAB_TITLE = "Thành phố"


class SyncController(QObject):
    """Open the sync dialogs from the menu; show the city tab while in city mode."""

    mode_changed = Signal(object)  # SyncSettings

    def __init__(self, window: MainWindow, who: str) -> None:
        super().__init__(window)
        self._window, self._who = window, who
        self.city_view: CityView | None = None
        self.packages_dialog: PackagesDialog | None = None
        actions = window.actions_
        actions.send_report.triggered.connect(self.open_package_dialog)
        actions.sent_packages.triggered.connect(self.open_packages_dialog)
        actions.work_mode.triggered.connect(self.open_mode_dialog)
        actions.keys_trust.triggered.connect(self.open_trust_dialog)
        window.tabs.currentChanged.connect(self._on_tab)
        window.period_combo.activated.connect(self._follow_window_period)
        self.show_mode(city=is_city(window.engine))

    def apply_mode(self, settings: SyncSettings) -> None:
        """Show the city tab in city mode, the unit's report entries in unit mode."""
        self.show_mode(city=settings.is_city)

    def show_mode(self, *, city: bool) -> None:
        """Show the city tab (city mode) or the unit's report entries (unit mode)."""
        window, actions = self._window, self._window.actions_
        actions.send_report.setVisible(not city)
        actions.sent_packages.setVisible(not city)
        if city and self.city_view is None:
            from carapp.ui.city_view import CityView

            self.city_view = CityView(
                window.engine, window.settings, self._who, window.today, window
            )
            self.city_view.imported.connect(window.reload)
            self.city_view.period_chosen.connect(self._follow_city_period)
            window.tabs.addTab(self.city_view, CITY_TAB_TITLE)
        elif not city and self.city_view is not None:
            self.city_view.wait()
            window.tabs.removeTab(window.tabs.indexOf(self.city_view))
            self.city_view.deleteLater()
            self.city_view = None

    def _on_tab(self, _index: int) -> None:
        """Hide the plan's heading and task counts on the city tab, which is about every unit."""
        window = self._window
        on_city = self.city_view is not None and window.tabs.currentWidget() is self.city_view
        window.plan_label.setVisible(not on_city)
        window.summary_label.setVisible(not on_city)

    def _follow_city_period(self, period: ReportingPeriod) -> None:
        """Show the same period on the task pages as on the city tab (when the plan has it)."""
        if self._window.period_combo.findData(period.code) >= 0:
            self._window.set_period(period)

    def _follow_window_period(self) -> None:
        if self.city_view is not None:
            self.city_view.set_period(self._window.period())

    def _periods(self) -> tuple[list[ReportingPeriod], ReportingPeriod]:
        combo = self._window.period_combo
        periods = [parse_period(str(combo.itemData(i))) for i in range(combo.count())]
        return periods, self._window.period()

    def open_package_dialog(self) -> PackageDialog | None:
        """Open "Gửi báo cáo" for the period shown."""
        periods, period = self._periods()
        if not periods:
            self._window.show_error("Chưa có kế hoạch nào để gửi báo cáo.")
            return None
        from carapp.ui.package_dialog import PackageDialog

        dialog = PackageDialog(
            self._window.engine, periods, period, self._window.settings, self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.built.connect(self._on_built)
        dialog.show()
        return dialog

    def _on_built(self) -> None:
        if self.packages_dialog is not None:
            self.packages_dialog.refresh()

    def open_packages_dialog(self) -> PackagesDialog:
        """Open the list of packages sent (one window, raised when already open)."""
        if self.packages_dialog is None:
            from carapp.ui.packages_view import PackagesDialog

            window = self._window
            dialog = PackagesDialog(window.engine, window.settings, self._who, window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.send_requested.connect(self.open_package_dialog)
            dialog.assignments_imported.connect(self._show_assignments)
            dialog.destroyed.connect(lambda: setattr(self, "packages_dialog", None))
            self.packages_dialog = dialog
        self.packages_dialog.refresh()
        self.packages_dialog.show()
        self.packages_dialog.raise_()
        return self.packages_dialog

    def _show_assignments(self) -> None:
        """Show the plan holding the tasks the city assigned, once they came in."""
        window = self._window
        assigned = [p for p in list_plans(window.engine) if p.kind == "assignments"]
        if assigned:
            window.settings.setValue("plan", assigned[-1].id)
            window.plan_combo.setCurrentIndex(-1)
        window.reload()

    def open_mode_dialog(self) -> ModeDialog:
        """Open "Chế độ làm việc"."""
        from carapp.ui.mode_dialog import ModeDialog

        dialog = ModeDialog(self._window.engine, self._who, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.mode_changed.connect(self._on_mode_changed)
        dialog.open()
        return dialog

    def _on_mode_changed(self, settings: SyncSettings) -> None:
        self.apply_mode(settings)
        self.mode_changed.emit(settings)

    def open_trust_dialog(self) -> TrustDialog:
        """Open "Khóa và tin cậy"; the mode may change when the city's keys are made."""
        from carapp.ui.trust_dialog import TrustDialog

        dialog = TrustDialog(self._window.engine, self._who, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda: self.show_mode(city=is_city(self._window.engine)))
        dialog.show()
        return dialog

    def wait(self) -> None:
        """Wait for the city tab's running work (closing)."""
        if self.city_view is not None:
            self.city_view.wait()
