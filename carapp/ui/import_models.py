"""Item models of the import preview: what each row of the file will do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from carapp.domain.documents import TaskRow
from carapp.services.importing import FIELD_LABELS, AppendixPreview, FieldChange
from carapp.services.importing_report import ReportPreview
from carapp.ui.task_table import INDENT

ModelIndex = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()


@dataclass
class _Line:
    cells: tuple[str, ...]
    change: FieldChange | None = None


class AppendixPreviewModel(QAbstractTableModel):
    """List new tasks and changed fields; conflicts carry a check: taken from the file or not."""

    HEADERS = (
        "Mục",
        "STT",
        "Nội dung công việc",
        "Đơn vị chủ trì",
        "Thời hạn",
        "Thay đổi",
        "Trong máy",
        "Trong tệp",
        "Lấy từ tệp",
    )
    CHOICE = 8

    def __init__(self, preview: AppendixPreview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        rows = {t.id: t for t in preview.source.tasks if t.id}
        self._lines = [
            _Line((numeral, *_task_cells(row), "Thêm mới", "", ""))
            for numeral, row in preview.new_tasks
        ]
        for change in preview.changes:
            row = rows.get(change.task_id)
            cells = _task_cells(row) if row else ("", "", "", "")
            kind = "Xung đột" if change.conflict else "Sửa"
            label = f"{kind}: {FIELD_LABELS[change.field]}"
            self._lines.append(_Line(("", *cells, label, change.database, change.file), change))
        self.choices: dict[tuple[str, str], bool] = {}

    def undecided(self) -> int:
        """Return how many conflicts still need the user's choice."""
        keys = {
            (ln.change.task_id, ln.change.field)
            for ln in self._lines
            if ln.change and ln.change.conflict
        }
        return len(keys - set(self.choices))

    def rowCount(self, parent: ModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: ModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def _conflict(self, index: ModelIndex) -> FieldChange | None:
        change = self._lines[index.row()].change
        return change if change is not None and change.conflict else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        if index.column() == self.CHOICE:
            conflict = self._conflict(index)
            if conflict is None or role != Qt.ItemDataRole.CheckStateRole:
                return None
            chosen = self.choices.get((conflict.task_id, conflict.field))
            if chosen is None:
                return Qt.CheckState.PartiallyChecked
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return line.cells[index.column()]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == self.CHOICE and self._conflict(index) is not None:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        conflict = self._conflict(index)
        if (
            conflict is None
            or index.column() != self.CHOICE
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        self.choices[(conflict.task_id, conflict.field)] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index)
        return True


def _task_cells(row: TaskRow) -> tuple[str, str, str, str]:
    """Return a task's number (or printed marker), content (indented under its item), lead and
    deadline as read."""
    return row.number or row.marker, INDENT * row.level + row.content, row.lead, row.deadline


class ReportPreviewModel(QAbstractTableModel):
    """List report rows with the task each matched; a check says whether to record it."""

    HEADERS = (
        "Vị trí",
        "STT",
        "Nhiệm vụ trong tệp",
        "Đơn vị chủ trì",
        "Thời hạn",
        "Trạng thái",
        "Ghép với nhiệm vụ",
        "Độ khớp",
        "Nhập",
    )
    CHOICE = 8

    def __init__(self, preview: ReportPreview, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self.selection = preview.default_selection()

    def rowCount(self, parent: ModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._preview.matches)

    def columnCount(self, parent: ModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        match = self._preview.matches[index.row()]
        if index.column() == self.CHOICE:
            if role != Qt.ItemDataRole.CheckStateRole or match.task is None:
                return None
            chosen = index.row() in self.selection
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = match.row
        status = row.status.label if row.status else row.status_text
        if self._preview.plan_id is None:
            task, score = "— nhiệm vụ mới —", ""
        else:
            task = (
                f"{match.task.number}. {match.task.content}"
                if match.task
                else "— không ghép được —"
            )
            score = f"{match.score:.0%}"
        cells = (row.where, row.number, row.task_name, row.lead, row.deadline, status, task, score)
        return cells[index.column()]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == self.CHOICE and self._preview.matches[index.row()].task is not None:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != self.CHOICE or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self.selection.add(index.row())
        else:
            self.selection.discard(index.row())
        self.dataChanged.emit(index, index)
        return True
