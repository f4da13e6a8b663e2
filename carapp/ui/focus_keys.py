"""The keyboard's ways around the task page: F2, F3, F6/Shift+F6, Ctrl+F, Ctrl+P, Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from carapp.ui.main_window import MainWindow

TASKS_TAB = 0


class FocusKeys(QObject):
    """Move the focus to the pane an action names, unfolding a folded panel on the way."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        a, page = window.actions_, window.page
        a.find.triggered.connect(self.focus_search)
        a.clear_filters.triggered.connect(self.clear_filters)
        a.edit_task.triggered.connect(lambda: self.focus(page.task_panel.content))
        a.edit_progress.triggered.connect(lambda: self.focus(page.progress_panel.status))
        a.next_pane.triggered.connect(lambda: self.cycle(1))
        a.previous_pane.triggered.connect(lambda: self.cycle(-1))
        a.choose_period.triggered.connect(self.choose_period)
        page.table.activated.connect(lambda _i: self.focus(page.task_panel.content))
        search = page.filters.search
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            search,
            search.clear,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    def focus(self, widget: QWidget) -> None:
        """Show the task page and put the focus in a widget of it."""
        window, page = self._window, self._window.page
        window.tabs.setCurrentIndex(TASKS_TAB)
        window.fit.reveal(widget)
        if widget is page.task_panel.content:
            page.task_tabs.setCurrentIndex(0)
        if widget is page.progress_panel.status:
            page.progress_tabs.setCurrentIndex(0)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        """Ctrl+F: the search field, its text selected."""
        self.focus(self._window.page.filters.search)
        self._window.page.filters.search.selectAll()

    def clear_filters(self) -> None:
        """Ctrl+Shift+F: every task of the plan."""
        self._window.page.tree.choose(None)
        self._window.page.filters.clear()

    def choose_period(self) -> None:
        """Ctrl+P: open the period list."""
        self._window.period_combo.setFocus()
        self._window.period_combo.showPopup()

    def panes(self) -> list[QWidget]:
        """Return the panes F6 goes through, in order."""
        page = self._window.page
        return [
            page.tree,
            page.filters.search,
            page.table,
            page.task_panel.content,
            page.progress_panel.status,
        ]

    def cycle(self, step: int) -> None:
        """F6 / Shift+F6: the next or previous pane."""
        self._window.tabs.setCurrentIndex(TASKS_TAB)
        panes = self.panes()
        focused = QApplication.focusWidget()
        current = -1
        if focused is not None:
            current = next(
                (i for i, p in enumerate(panes) if focused is p or p.isAncestorOf(focused)), -1
            )
        self.focus(panes[(current + step) % len(panes)])
