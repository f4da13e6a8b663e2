"""Item models of the overview page: count tables and the overdue / due-soon lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from carapp.domain.status import DerivedStatus
from carapp.services.overview import CATEGORIES, CountRow, DueTask, category_label
from carapp.ui.overview_colors import category_color, category_swatch

ModelIndex = QModelIndex | QPersistentModelIndex
# The ids of the tasks behind a cell, as a list of str (empty for a label cell).
TASK_IDS_ROLE = Qt.ItemDataRole.UserRole + 1

COL_LABEL = 0
COL_TOTAL = len(CATEGORIES) + 1
TOTAL_HEADER = "Tổng số"
_DISPLAY = Qt.ItemDataRole.DisplayRole
# Column titles broken where a reader expects it (the words are those of category_label).
_TWO_LINES: dict[Any, str] = {
    DerivedStatus.DONE_ON_TIME: "Hoàn thành\nđúng hạn",
    DerivedStatus.DONE_LATE: "Hoàn thành\nquá hạn",
    DerivedStatus.IN_PROGRESS_ON_TIME: "Đang thực hiện\ntrong hạn",
    DerivedStatus.OVERDUE: "Quá hạn",
    DerivedStatus.NOT_DUE: "Chưa\nđến hạn",
    None: "Chưa xác định\nđược thời hạn",
}


def category_of_column(column: int) -> Any:
    """Return the category counted in a column (a DerivedStatus, or None for unknown)."""
    return CATEGORIES[column - 1]


class CountTableModel(QAbstractTableModel):
    """Rows of task counts per category, with a bold total row at the bottom."""

    def __init__(self, first_header: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._first_header = first_header
        self._rows: list[CountRow] = []
        self._has_total = False

    def set_rows(self, rows: list[CountRow], total: CountRow | None) -> None:
        """Replace the rows; the total row follows them."""
        self.beginResetModel()
        self._rows = [*rows, total] if total is not None else list(rows)
        self._has_total = total is not None
        self.endResetModel()

    def ids_at(self, index: ModelIndex) -> list[str]:
        """Return the ids of the tasks counted in a cell (none for the label column)."""
        if not index.isValid() or index.column() == COL_LABEL:
            return []
        row = self._rows[index.row()]
        if index.column() == COL_TOTAL:
            return list(row.all_ids)
        return list(row.ids(category_of_column(index.column())))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COL_TOTAL + 1

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        inner = 0 < section < COL_TOTAL
        if role == _DISPLAY:
            return self.header_text(section)
        if role == Qt.ItemDataRole.ToolTipRole and inner:
            return category_label(category_of_column(section))
        if role == Qt.ItemDataRole.DecorationRole and inner:
            return category_swatch(category_of_column(section))
        return None

    def header_text(self, section: int) -> str:
        """Return a column title; category names break over two lines to keep columns narrow."""
        if section == COL_LABEL:
            return self._first_header
        if section == COL_TOTAL:
            return TOTAL_HEADER
        return _TWO_LINES.get(category_of_column(section), "")

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            if column == COL_LABEL:
                return row.label
            return row.total if column == COL_TOTAL else row.count(category_of_column(column))
        if role == TASK_IDS_ROLE:
            return self.ids_at(index)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_LABEL:
            return row.label
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_LABEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self._is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _is_total(self, row: int) -> bool:
        return self._has_total and row == len(self._rows) - 1


DUE_HEADERS = ("STT", "Nội dung công việc", "Đơn vị chủ trì", "Hạn hoàn thành", "Tình trạng")
COL_NUMBER, COL_CONTENT, COL_DUE_LEAD, COL_DUE_DATE, COL_SITUATION = range(5)


def situation(task: DueTask, as_of: date) -> str:
    """Return how far the task is from its due day, in words ("Quá hạn 5 ngày", "Còn 3 ngày")."""
    days = (task.due - as_of).days
    if days < 0:
        return f"Quá hạn {-days} ngày"
    return "Đến hạn hôm nay" if days == 0 else f"Còn {days} ngày"


class DueTaskModel(QAbstractTableModel):
    """A list of tasks with their due day (dd/mm/yyyy) and how far it is."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: list[DueTask] = []
        self._as_of = date.today()

    def set_tasks(self, tasks: list[DueTask], as_of: date) -> None:
        """Replace the list, judged as of a day."""
        self.beginResetModel()
        self._tasks, self._as_of = list(tasks), as_of
        self.endResetModel()

    def ids_at(self, index: ModelIndex) -> list[str]:
        """Return the id of the task of a row, as a one-item list."""
        return [self._tasks[index.row()].id] if index.isValid() else []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._tasks)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(DUE_HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return DUE_HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        task = self._tasks[index.row()]
        if role == TASK_IDS_ROLE:
            return [task.id]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_SITUATION:
            return category_color(task.derived)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_CONTENT:
            return task.content
        if role != _DISPLAY:
            return None
        return (
            task.number,
            task.content,
            task.lead,
            f"{task.due:%d/%m/%Y}",
            situation(task, self._as_of),
        )[index.column()]
