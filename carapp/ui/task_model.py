"""The task table: appendix columns, recorded status and derived status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from carapp.domain.status import UNKNOWN_DEADLINE_LABEL
from carapp.services.tasks import TaskView

COL_NUMBER, COL_CONTENT, COL_LEAD, COL_OUTPUT, COL_DEADLINE, COL_STATUS, COL_DERIVED = range(7)
HEADERS = (
    "STT",
    "Nội dung công việc",
    "Đơn vị chủ trì",
    "Kết quả/Sản phẩm",
    "Thời gian hoàn thành",
    "Trạng thái",
    "Đánh giá",
)
ModelIndex = QModelIndex | QPersistentModelIndex


class TaskTableModel(QAbstractTableModel):
    """Present TaskView rows to a QTableView."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: list[TaskView] = []

    def set_tasks(self, tasks: list[TaskView]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._tasks = list(tasks)
        self.endResetModel()

    def task_at(self, row: int) -> TaskView:
        """Return the task shown in a row."""
        return self._tasks[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._tasks)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        task = self._tasks[index.row()]
        column = index.column()
        if column == COL_STATUS:
            return task.status.label if task.status else "Chưa thực hiện"
        if column == COL_DERIVED:
            return task.derived.label if task.derived else UNKNOWN_DEADLINE_LABEL
        return (task.number, task.content, task.lead, task.output, task.deadline.text)[column]
