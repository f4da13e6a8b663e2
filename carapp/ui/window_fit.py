"""Fit the window to the officer's screen: size inside it, a first layout that shows at least
eight tasks on 1366×768, panels that fold away (F8, F9), the layout remembered per screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtWidgets import QSplitter, QWidget

from carapp.ui import window_state
from carapp.ui.task_page import ROW_LINES
from carapp.ui.window_state import restore_geometry, restore_layout, save_layout

if TYPE_CHECKING:
    from carapp.ui.main_window import MainWindow

PREFERRED = QSize(1500, 940)
COMPACT_BELOW = 900  # available height under which rows show two lines (1366×768, 1280×800)
MIN_ROWS = 8


class WindowFit(QObject):
    """Size, first layout, folding panels and remembered layout of the main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._shown = False
        self._unfolded: dict[str, list[int]] = {}
        page = window.page
        self.splitters: dict[str, QSplitter] = {
            "main": page.main,
            "right": page.right,
            "panels": page.panels,
        }
        for splitter in (page.main, page.right):
            splitter.setChildrenCollapsible(True)
        actions = window.actions_
        actions.toggle_sections.triggered.connect(lambda: self.toggle("main", 0))
        actions.toggle_details.triggered.connect(lambda: self.toggle("right", 1))
        page.set_compact(window_state.available(window).height() < COMPACT_BELOW)
        if not restore_geometry(window.settings, window):
            window.resize(PREFERRED)
        self.keep_inside()

    def keep_inside(self) -> None:
        """Shrink and move the window so that it lies within the screen's free area."""
        window, free = self._window, window_state.available(self._window)
        borders = window.frameGeometry().size() - window.size()  # title bar and borders
        size = window.size().boundedTo(free.size() - borders)
        if size != window.size():
            window.resize(size)
        outer = window.frameGeometry()
        if not free.contains(outer):
            x = min(max(outer.x(), free.x()), free.right() - outer.width() + 1)
            y = min(max(outer.y(), free.y()), free.bottom() - outer.height() + 1)
            window.move(max(x, free.x()), max(y, free.y()))

    def on_first_show(self) -> None:
        """Restore the saved layout for this screen, or lay the page out for it (once)."""
        if self._shown:
            return
        self._shown = True
        window = self._window
        self.keep_inside()
        QTimer.singleShot(0, self.keep_inside)  # once the frame's size is known
        header = window.table.horizontalHeader()
        if not restore_layout(window.settings, window, self.splitters, header, window.tabs):
            self.first_layout()

    def first_layout(self) -> None:
        """On a small screen, give the task list room for MIN_ROWS rows, the panels the rest."""
        page = self._window.page
        if page.row_lines == ROW_LINES:
            return  # a large screen: the panels keep the half they need to show every field
        total = sum(page.right.sizes())
        rows = page.table.verticalHeader().defaultSectionSize() * MIN_ROWS
        chrome = page.list_area.height() - page.table.viewport().height()
        wanted = rows + max(chrome, 0) + 4
        half = total // 2
        page.right.setSizes([max(wanted, half), total - max(wanted, half)])

    def toggle(self, name: str, index: int) -> None:
        """Fold a panel away, or bring it back at the size it had."""
        splitter = self.splitters[name]
        sizes = splitter.sizes()
        if sizes[index] > 0:
            self._unfolded[name] = sizes
            folded = [0 if i == index else sum(sizes) for i in range(len(sizes))]
            splitter.setSizes(folded)
        else:
            splitter.setSizes(self._unfolded.get(name) or [sum(sizes) // 2] * len(sizes))

    def reveal(self, widget: QWidget) -> None:
        """Unfold the panel holding a widget about to get the focus (F2, F3, F6)."""
        page = self._window.page
        if page.panels.isAncestorOf(widget) and page.right.sizes()[1] == 0:
            self.toggle("right", 1)
        in_tree = widget is page.tree or page.tree.isAncestorOf(widget)
        if in_tree and page.main.sizes()[0] == 0:
            self.toggle("main", 0)

    def save(self) -> None:
        """Remember the layout for this screen size."""
        window = self._window
        header = window.table.horizontalHeader()
        save_layout(window.settings, window, self.splitters, header, window.tabs)
