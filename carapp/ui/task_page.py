"""The task page's layout: sections, filters, the table, the task and progress panels."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carapp.ui.empty_state import EmptyState
from carapp.ui.history import ChangeHistoryModel, ProgressHistoryModel
from carapp.ui.navigation import FilterBar, SectionTree
from carapp.ui.progress_panel import ProgressPanel
from carapp.ui.task_panel import TaskPanel
from carapp.ui.task_rows import (
    COL_CONTENT,
    COL_COOPERATING,
    COL_DEADLINE,
    COL_DERIVED,
    COL_DUE,
    COL_LEAD,
    COL_NUMBER,
    COL_OUTPUT,
    COL_STATUS,
)
from carapp.ui.task_table import TaskTableModel

COLUMN_WIDTHS = {
    COL_NUMBER: 44,
    COL_CONTENT: 330,
    COL_LEAD: 150,
    COL_COOPERATING: 130,
    COL_OUTPUT: 110,
    COL_DEADLINE: 90,
    COL_DUE: 96,
    COL_STATUS: 120,
    COL_DERIVED: 150,
}
ROW_LINES = 3  # rows of large plans show three lines; the full text is in the panel and tooltip
MAX_ROW_LINES = 7  # rows of small plans grow with their text up to this
COMPACT_ROW_LINES = 2  # on small screens (1366×768) every row shows two lines
FIT_ROWS_UP_TO = 200  # fitting rows to their text costs ~0.3 ms a row: only on small plans


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _read_only_table(
    model: ProgressHistoryModel | ChangeHistoryModel, name: str, widths: dict[int, int]
) -> QTableView:
    """Return a table for a history, its columns at `widths` (wider if the title needs it)."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    metrics = header.fontMetrics()
    for column, width in widths.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        view.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 24))
    return view


class TaskPage(QWidget):
    """Lay out the widgets of the task page; the main window drives them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = SectionTree()
        self.filters = FilterBar()
        self.model = TaskTableModel(self)
        self.table = self._task_table()
        self.empty_state = EmptyState(self.table, self._empty_text)
        self.shown_label = QLabel()
        self.task_panel = TaskPanel()
        self.progress_panel = ProgressPanel()
        self.progress_history = ProgressHistoryModel(self)
        self.change_history = ChangeHistoryModel(self)
        self.task_tabs = QTabWidget()
        self.task_tabs.addTab(_scrolled(self.task_panel), "Nội dung nhiệm vụ")
        digits = self.fontMetrics().horizontalAdvance("27/11/2026 06:08") + 16
        self.task_tabs.addTab(
            _read_only_table(
                self.change_history,
                "Lịch sử thay đổi",
                {0: digits, 1: 180, 2: 150, 3: 150, 4: 70},
            ),
            "Lịch sử thay đổi",
        )
        self.progress_tabs = QTabWidget()
        self.progress_tabs.addTab(_scrolled(self.progress_panel), "Tiến độ kỳ này")
        self.progress_tabs.addTab(
            _read_only_table(
                self.progress_history,
                "Tiến độ các kỳ khác",
                {0: 90, 1: 110, 2: 50, 3: 100, 4: 240, 5: 180, 6: 180, 7: 160, 8: 70},
            ),
            "Các kỳ khác",
        )
        self.panels = QSplitter(Qt.Orientation.Horizontal)
        self.panels.addWidget(self.task_tabs)
        self.panels.addWidget(self.progress_tabs)
        self.panels.setStretchFactor(0, 1)
        self.panels.setStretchFactor(1, 1)
        self.row_lines, self.max_row_lines = ROW_LINES, MAX_ROW_LINES
        self.list_area = list_area = QWidget()
        list_layout = QVBoxLayout(list_area)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.filters)
        list_layout.addWidget(self.table)
        list_layout.addWidget(self.shown_label)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(list_area)
        self.right.addWidget(self.panels)
        self.right.setStretchFactor(0, 1)
        self.right.setStretchFactor(1, 1)
        self.main = QSplitter(Qt.Orientation.Horizontal)
        self.main.addWidget(self.tree)
        self.main.addWidget(self.right)
        self.main.setStretchFactor(0, 0)
        self.main.setStretchFactor(1, 1)
        self.main.setSizes([230, 1370])
        self.right.setSizes([400, 400])  # the panels need about 390 px to show every field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.main)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_rows)
        for signal in (
            self.model.modelReset,
            self.model.layoutChanged,
            self.model.dataChanged,
            self.table.horizontalHeader().sectionResized,
        ):
            signal.connect(self._fit_timer.start)

    def set_compact(self, compact: bool) -> None:
        """Show every row in two lines (small screens), or three growing to seven."""
        self.row_lines = COMPACT_ROW_LINES if compact else ROW_LINES
        self.max_row_lines = COMPACT_ROW_LINES if compact else MAX_ROW_LINES
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(line * self.row_lines + 8)
        self._fit_timer.start()

    def _empty_text(self) -> str:
        if self.model.total() == 0:
            return "Chưa có nhiệm vụ nào. Thêm nhiệm vụ (Ctrl+N) hoặc nhập phụ lục (Ctrl+I)."
        return "Không có nhiệm vụ nào khớp bộ lọc. Bỏ mọi bộ lọc: Ctrl+Shift+F."

    def fit_rows(self) -> None:
        """Let each row of a small plan grow to show its whole text (up to MAX_ROW_LINES)."""
        count = self.model.rowCount()
        if self.model.total() > FIT_ROWS_UP_TO:
            return  # the same row height whatever the filter: typing stays fast
        line = self.table.fontMetrics().lineSpacing()
        low, high = line * self.row_lines + 8, line * self.max_row_lines + 8
        self.table.resizeRowsToContents()
        for row in range(count):
            height = self.table.rowHeight(row)
            if not low <= height <= high:
                self.table.setRowHeight(row, min(max(height, low), high))

    def _task_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Danh sách nhiệm vụ")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)  # sorts by the indicator: none, so appendix order
        table.setAlternatingRowColors(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        line = table.fontMetrics().lineSpacing()
        rows.setDefaultSectionSize(line * ROW_LINES + 8)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        metrics = header.fontMetrics()
        for column, width in COLUMN_WIDTHS.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            table.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 28))
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        return table
