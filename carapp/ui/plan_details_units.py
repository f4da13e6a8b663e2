"""The list of units (a table whose names and kinds edit in place) and the form adding one."""

from __future__ import annotations

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
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carapp.db.models import Unit
from carapp.services.units import KINDS
from carapp.ui.plan_details_delegates import CODE_ROLE, ChoiceDelegate

ModelIndex = QModelIndex | QPersistentModelIndex
COL_CODE, COL_NAME, COL_KIND, COL_PARENT = range(4)
HEADERS = ("Mã", "Tên đơn vị", "Loại", "Đơn vị cấp trên")
NO_PARENT = "— Không có —"
OWN_MARK = "(đơn vị của tôi)"
_EDITABLE = {COL_NAME: "name", COL_KIND: "kind"}


class UnitTableModel(QAbstractTableModel):
    """Units with their kind and parent; editing a cell asks for the change by `edit_requested`."""

    edit_requested = Signal(str, str, object)  # unit id, field, new value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: list[Unit] = []
        self._names: dict[str, str] = {}
        self._own = ""

    def set_units(self, units: list[Unit], own_code: str = "") -> None:
        """Show these units (the own unit marked); the same rows are updated in place."""
        self._own = own_code
        same = [u.id for u in units] == [u.id for u in self._units]
        if not same:
            self.beginResetModel()
        self._units = list(units)
        self._names = {u.id: u.name for u in units}
        if same and units:
            self.dataChanged.emit(self.index(0, 0), self.index(len(units) - 1, len(HEADERS) - 1))
        if not same:
            self.endResetModel()

    def unit_at(self, row: int) -> Unit:
        """Return the unit of a row."""
        return self._units[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in _EDITABLE else base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unit = self._units[index.row()]
        if role == CODE_ROLE and index.column() == COL_KIND:
            return unit.kind
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        parent = self._names.get(unit.parent_id or "", "")
        name = unit.name
        if role == Qt.ItemDataRole.DisplayRole and unit.code == self._own:
            name = f"{name} {OWN_MARK}"
        return (unit.code, name, KINDS.get(unit.kind, unit.kind), parent)[index.column()]

    def setData(  # noqa: N802
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        field = _EDITABLE.get(index.column())
        if field is None or role != Qt.ItemDataRole.EditRole:
            return False
        unit = self._units[index.row()]
        if str(value) != getattr(unit, field):
            self.edit_requested.emit(unit.id, field, str(value))
        return True


class UnitsPanel(QWidget):
    """The units table and, under it, the fields to add a unit."""

    add_requested = Signal(str, str, str, str)  # code, name, kind, parent code
    setup_requested = Signal(object)  # the Unit whose letterhead and signer to edit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = UnitTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COL_KIND, ChoiceDelegate(KINDS, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in (COL_NAME, COL_PARENT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (COL_CODE, COL_KIND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("Mã (ví dụ BLV-TP)")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Tên đơn vị")
        self.kind_combo = QComboBox()
        for code, label in KINDS.items():
            self.kind_combo.addItem(label, code)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("office"))
        self.parent_combo = QComboBox()
        self.add_button = QPushButton("Thêm đơn vị")
        self.add_button.clicked.connect(self._on_add)
        adding = QHBoxLayout()
        for widget, stretch in (
            (self.code_edit, 1),
            (self.name_edit, 3),
            (self.kind_combo, 1),
            (self.parent_combo, 2),
            (self.add_button, 0),
        ):
            adding.addWidget(widget, stretch)
        self.setup_button = QPushButton("Sửa tiêu đề văn bản, người ký…")
        self.setup_button.setToolTip("Cơ quan cấp trên, tên cơ quan ban hành, địa danh, người ký")
        self.setup_button.clicked.connect(self._on_setup)
        above = QHBoxLayout()
        above.addStretch()
        above.addWidget(self.setup_button)
        layout = QVBoxLayout(self)
        layout.addLayout(above)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)

    def set_units(self, units: list[Unit], own_code: str = "") -> None:
        """Show the units, and offer each as a parent of a new one."""
        self.model.set_units(units, own_code)
        chosen = self.parent_combo.currentData()
        self.parent_combo.clear()
        self.parent_combo.addItem(NO_PARENT, "")
        for unit in units:
            self.parent_combo.addItem(f"{unit.name} ({unit.code})", unit.code)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(chosen)))

    def clear_new(self) -> None:
        """Empty the code and name fields after a unit was added."""
        self.code_edit.clear()
        self.name_edit.clear()

    def _on_setup(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.setup_requested.emit(self.model.unit_at(index.row()))

    def _on_add(self) -> None:
        self.add_requested.emit(
            self.code_edit.text(),
            self.name_edit.text(),
            self.kind_combo.currentData(),
            self.parent_combo.currentData() or "",
        )
