"""The plan's measurable targets with the actual value and note of the chosen period, and the
fields adding a target to a section."""

from __future__ import annotations

import re
from dataclasses import dataclass
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

from carapp.db.models import Measurement, Section, Target
from carapp.domain.periods import ReportingPeriod
from carapp.ui.empty_state import EmptyState
from carapp.ui.plan_details_delegates import CODE_ROLE, ChoiceDelegate

ModelIndex = QModelIndex | QPersistentModelIndex
COMPARATORS = {"at_least": "tối thiểu", "at_most": "tối đa", "equal": "bằng", "reduce_by": "giảm"}
(
    COL_SECTION,
    COL_TEXT,
    COL_INDICATOR,
    COL_COMPARATOR,
    COL_VALUE,
    COL_UNIT,
    COL_BASELINE,
    COL_ACTUAL,
    COL_NOTE,
) = range(9)
_TARGET_FIELDS = {
    COL_TEXT: "text",
    COL_INDICATOR: "indicator",
    COL_COMPARATOR: "comparator",
    COL_VALUE: "value",
    COL_UNIT: "unit",
    COL_BASELINE: "baseline",
}
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def format_number(value: float | None) -> str:
    """Write a number the Vietnamese way: 85 stays 85, 87.5 becomes 87,5."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def parse_number(text: str) -> float | None:
    """Read 87,5 or 87.5 (a trailing % allowed); '' is no value. ValueError when not a number."""
    cleaned = text.strip().rstrip("%").strip().replace(" ", "")
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(f"“{text.strip()}” không phải là một số.")
    return float(cleaned.replace(",", "."))


@dataclass(frozen=True)
class TargetRow:
    """A target, its section's numeral and its measurement in the period shown."""

    numeral: str
    target: Target
    measurement: Measurement | None


class TargetTableModel(QAbstractTableModel):
    """Targets; an edited cell is asked for by a signal, and written back by the owner."""

    target_edit_requested = Signal(str, str, object)  # target id, field, new value
    measurement_edit_requested = Signal(str, object, str)  # target id, actual value, note
    invalid = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TargetRow] = []
        self._period_label = ""

    def set_rows(self, rows: list[TargetRow], period: ReportingPeriod) -> None:
        """Show these targets for a period; the same rows are updated in place."""
        same = [r.target.id for r in rows] == [r.target.id for r in self._rows]
        renamed = period.label != self._period_label
        if not same:
            self.beginResetModel()
        self._rows, self._period_label = list(rows), period.label
        if not same:
            self.endResetModel()
        elif rows:
            last = self.index(len(rows) - 1, COL_NOTE)
            self.dataChanged.emit(self.index(0, 0), last)
        if renamed:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_ACTUAL, COL_NOTE)

    def row_at(self, row: int) -> TargetRow:
        """Return the target shown in a row."""
        return self._rows[row]

    def headers(self) -> list[str]:
        """Return the column titles; the last two name the period."""
        return [
            "Mục",
            "Chỉ tiêu",
            "Chỉ số",
            "So sánh",
            "Giá trị",
            "Đơn vị tính",
            "Mốc so sánh",
            f"Thực hiện {self._period_label}",
            f"Ghi chú {self._period_label}",
        ]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COL_NOTE + 1

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base if index.column() == COL_SECTION else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == CODE_ROLE and column == COL_COMPARATOR:
            return row.target.comparator
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_TEXT, COL_INDICATOR):
            return row.target.text if column == COL_TEXT else row.target.indicator
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        target, measured = row.target, row.measurement
        return (
            row.numeral,
            target.text,
            target.indicator,
            COMPARATORS.get(target.comparator, target.comparator),
            format_number(target.value),
            target.unit,
            target.baseline,
            format_number(measured.actual_value) if measured else "",
            measured.note if measured else "",
        )[column]

    def setData(  # noqa: N802
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = self._rows[index.row()], index.column()
        try:
            number = parse_number(str(value)) if column in (COL_VALUE, COL_ACTUAL) else None
        except ValueError as exc:
            self.invalid.emit(f"{self.headers()[column]}: {exc}")
            return False
        measured = row.measurement
        actual = measured.actual_value if measured else None
        note = measured.note if measured else ""
        if column == COL_ACTUAL and number != actual:
            self.measurement_edit_requested.emit(row.target.id, number, note)
        elif column == COL_NOTE and str(value).strip() != note:
            self.measurement_edit_requested.emit(row.target.id, actual, str(value))
        elif column in _TARGET_FIELDS:
            field = _TARGET_FIELDS[column]
            new = number if column == COL_VALUE else str(value)
            if new != getattr(row.target, field):
                self.target_edit_requested.emit(row.target.id, field, new)
        return True


class TargetsView(QTableView):
    """The targets table, with the comparator chosen from its Vietnamese words."""

    def __init__(self, model: TargetTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegateForColumn(COL_COMPARATOR, ChoiceDelegate(COMPARATORS, self))
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        for column in (COL_TEXT, COL_INDICATOR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (COL_SECTION, COL_COMPARATOR, COL_VALUE, COL_UNIT, COL_ACTUAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(COL_BASELINE, 140)
        self.setColumnWidth(COL_NOTE, 220)


class TargetsPanel(QWidget):
    """The targets table, the fields adding a target to a chosen section, and deleting one."""

    add_requested = Signal(str, object)  # section id, {field: value}
    delete_requested = Signal(str)  # target id
    invalid = Signal(str)

    def __init__(self, model: TargetTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = TargetsView(model)
        self.empty_state = EmptyState(
            self.table,
            lambda: "Chưa có chỉ tiêu nào. Nhập chỉ tiêu ở dòng dưới rồi bấm “Thêm chỉ tiêu”.",
        )
        self.section_combo = QComboBox()
        self.section_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_combo.setMinimumContentsLength(16)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("Chỉ tiêu")
        self.indicator_edit = QLineEdit()
        self.indicator_edit.setPlaceholderText("Chỉ số")
        self.comparator_combo = QComboBox()
        for code, label in COMPARATORS.items():
            self.comparator_combo.addItem(label, code)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("Giá trị (ví dụ 87,5)")
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("Đơn vị tính")
        self.baseline_edit = QLineEdit()
        self.baseline_edit.setPlaceholderText("Mốc so sánh")
        self.add_button = QPushButton("Thêm chỉ tiêu")
        self.add_button.clicked.connect(self._on_add)
        self.delete_button = QPushButton("Xóa chỉ tiêu…")
        self.delete_button.clicked.connect(self._on_delete)
        first, second = QHBoxLayout(), QHBoxLayout()
        for row, widgets in (
            (first, ((self.section_combo, 2), (self.text_edit, 4), (self.indicator_edit, 3))),
            (
                second,
                (
                    (self.comparator_combo, 1),
                    (self.value_edit, 1),
                    (self.unit_edit, 1),
                    (self.baseline_edit, 2),
                    (self.add_button, 0),
                    (self.delete_button, 0),
                ),
            ),
        ):
            for widget, stretch in widgets:
                row.addWidget(widget, stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(first)
        layout.addLayout(second)
        self.set_sections([])

    def set_sections(self, sections: list[Section]) -> None:
        """Offer the plan's sections to add a target to; none disables adding and deleting."""
        chosen = self.section_combo.currentData()
        self.section_combo.clear()
        for section in sections:
            title = section.title if len(section.title) <= 60 else section.title[:59] + "…"
            self.section_combo.addItem(f"{section.numeral}. {title}", section.id)
            self.section_combo.setItemData(
                self.section_combo.count() - 1, section.title, Qt.ItemDataRole.ToolTipRole
            )
        self.section_combo.setCurrentIndex(max(0, self.section_combo.findData(chosen)))
        self.add_button.setEnabled(bool(sections))
        self.delete_button.setEnabled(bool(sections))

    def clear_new(self) -> None:
        """Empty the fields of the new target after it was added (the section stays chosen)."""
        for edit in (
            self.text_edit,
            self.indicator_edit,
            self.value_edit,
            self.unit_edit,
            self.baseline_edit,
        ):
            edit.clear()

    def _on_add(self) -> None:
        section_id = self.section_combo.currentData()
        if not section_id:
            return
        try:
            value = parse_number(self.value_edit.text())
        except ValueError as exc:
            self.invalid.emit(f"Giá trị: {exc}")
            return
        fields = {
            "text": self.text_edit.text(),
            "indicator": self.indicator_edit.text(),
            "comparator": self.comparator_combo.currentData(),
            "value": value,
            "unit": self.unit_edit.text(),
            "baseline": self.baseline_edit.text(),
        }
        self.add_requested.emit(section_id, fields)

    def _on_delete(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.invalid.emit("Chọn chỉ tiêu cần xóa trong bảng.")
            return
        self.delete_requested.emit(self.model.row_at(index.row()).target.id)
