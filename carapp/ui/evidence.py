"""The evidence documents of a progress record: number, date, title and an optional file."""

from __future__ import annotations

import re
from dataclasses import astuple
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carapp.services.progress import Evidence

HEADERS = ("Số văn bản", "Ngày", "Trích yếu", "Tệp đính kèm")
ModelIndex = QModelIndex | QPersistentModelIndex
_DAY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def normal_day(text: str) -> str:
    """Write a typed date as dd/mm/yyyy when it is one; keep anything else as typed."""
    m = _DAY.match(text)
    if m:
        return f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"
    m = _ISO.match(text)
    if m:
        return f"{int(m.group(3)):02d}/{int(m.group(2)):02d}/{m.group(1)}"
    return text.strip()


class EvidenceModel(QAbstractTableModel):
    """Editable rows of evidence; rows left blank are not saved."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []

    def evidence(self) -> list[Evidence]:
        """Return the rows that hold something, as Evidence."""
        return [Evidence(*row) for row in self._rows if any(cell.strip() for cell in row)]

    def set_evidence(self, items: list[Evidence]) -> None:
        """Show stored evidence, unless the rows already say the same (keeps a blank new row)."""
        if self.evidence() == items:
            return
        self.beginResetModel()
        self._rows = [list(astuple(item)) for item in items]
        self.endResetModel()

    def add_row(self) -> int:
        """Append a blank row and return its number."""
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(["", "", "", ""])
        self.endInsertRows()
        return len(self._rows) - 1

    def remove_row(self, row: int) -> None:
        """Remove a row and report the change."""
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.edited.emit()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rows[index.row()][index.column()] or None
        return None

    def setData(  # noqa: N802
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "").strip()
        if index.column() == 1:
            text = normal_day(text)
        row = self._rows[index.row()]
        if row[index.column()] == text:
            return False
        row[index.column()] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class EvidenceEditor(QWidget):
    """A small table of evidence with buttons to add a row, remove one and attach a file."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EvidenceModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the title
        for column, width in enumerate((110, 90, 200, 120)):
            self.table.setColumnWidth(column, width)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() + 8)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + 3 * rows.defaultSectionSize() + 6
        )
        self.add_button = QPushButton("Thêm minh chứng")
        self.remove_button = QPushButton("Xóa dòng")
        self.file_button = QPushButton("Chọn tệp…")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self._remove_current)
        self.file_button.clicked.connect(self._choose_file)
        self.model.edited.connect(self.changed)

    def add_row(self) -> None:
        """Add a blank row and start typing its number."""
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def _remove_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    def _choose_file(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.add_row()
            index = self.table.currentIndex()
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp minh chứng")
        if path:
            self.model.setData(self.model.index(index.row(), 3), path)
