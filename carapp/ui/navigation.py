"""The section tree and the filter bar above the task table."""

from __future__ import annotations

import functools

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from carapp.db.models import Section, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.bounds import MAX_SEARCH_LENGTH
from carapp.domain.status import UNKNOWN_DEADLINE_LABEL, DerivedStatus
from carapp.domain.text import fold
from carapp.ui.collation import vietnamese_collator
from carapp.ui.task_rows import DUE_SOON, DUE_SOON_DAYS, UNKNOWN, TableSummary, TaskFilter

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1


class _WrappingDelegate(QStyledItemDelegate):
    """Give each item the height its text needs when wrapped to the tree's width."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        depth = 1 if index.parent().isValid() else 0
        width = self._tree.viewport().width() - self._tree.indentation() * (depth + 1) - 8
        text = str(index.data() or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 40), 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(max(width, 40), max(hint.height(), bounds.height() + 6))


class SectionTree(QTreeView):
    """The plan and its sections (I–VII); choosing one shows only its tasks."""

    section_chosen = Signal(object)  # a section id, or None for the whole plan

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIndentation(14)
        self.header().setStretchLastSection(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setAccessibleName("Các mục của kế hoạch")
        self.selectionModel().selectionChanged.connect(self._on_selection)

    def set_sections(
        self, plan_title: str, sections: list[Section], counts: dict[str, int]
    ) -> None:
        """Show a plan's sections with their number of tasks, keeping the chosen one."""
        chosen = self.section_id()
        self._model.clear()
        root = QStandardItem(f"Tất cả nhiệm vụ ({sum(counts.values())})")
        root.setToolTip(plan_title)
        root.setData(None, SECTION_ROLE)
        root.setEditable(False)
        for section in sections:
            item = QStandardItem(
                f"{section.numeral}. {section.title} ({counts.get(section.id, 0)})"
            )
            item.setToolTip(
                f"{section.numeral}. {section.title} — {ReformArea(section.area).label}"
            )
            item.setData(section.id, SECTION_ROLE)
            item.setEditable(False)
            root.appendRow(item)
        self._model.appendRow(root)
        self.expandAll()
        self.blockSignals(True)
        self.choose(chosen)
        self.blockSignals(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrap the titles again at the new width

    def section_id(self) -> str | None:
        """Return the chosen section's id, None for the whole plan."""
        index = self.currentIndex()
        return index.data(SECTION_ROLE) if index.isValid() else None

    def choose(self, section_id: str | None) -> None:
        """Select a section (None: the whole plan)."""
        root = self._model.item(0)
        if root is None:
            return
        target = root.index()
        for row in range(root.rowCount()):
            child = root.child(row)
            if child is not None and child.data(SECTION_ROLE) == section_id:
                target = child.index()
        self.setCurrentIndex(target)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.section_chosen.emit(self.section_id())


class FilterBar(QWidget):
    """Search as you type and narrow by reform area, lead unit and report category."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm nhiệm vụ (gõ có dấu hoặc không dấu)…  Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Tìm nhiệm vụ")
        # A pasted megabyte is cut here, and the user told why (see domain.bounds).
        self.search.setMaxLength(MAX_SEARCH_LENGTH)
        self.search_note = QLabel()
        self.search_note.hide()
        self.area = QComboBox()
        self.lead = QComboBox()
        self.derived = QComboBox()
        self.derived.addItem("Mọi đánh giá", None)
        for status in DerivedStatus:
            self.derived.addItem(status.label, status.value)
        self.derived.addItem(f"Sắp đến hạn ({DUE_SOON_DAYS} ngày tới)", DUE_SOON)
        self.derived.addItem(UNKNOWN_DEADLINE_LABEL, UNKNOWN)
        self.chosen = QPushButton()
        self.chosen.setToolTip("Bỏ lọc theo danh sách chọn từ Tổng quan")
        self.chosen.hide()
        self._task_ids: frozenset[str] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Tìm:")
        label.setBuddy(self.search)
        layout.addWidget(label)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.search_note)
        for combo, name in (
            (self.area, "Lĩnh vực"),
            (self.lead, "Đơn vị chủ trì"),
            (self.derived, "Đánh giá"),
        ):
            combo.setAccessibleName(name)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            layout.addWidget(combo, 2)
        layout.addWidget(self.chosen)
        self.search.textChanged.connect(self._on_search_changed)
        for combo in (self.area, self.lead, self.derived):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.chosen.clicked.connect(lambda: self.set_task_ids(None))

    def _on_search_changed(self, text: str) -> None:
        full = len(text) >= MAX_SEARCH_LENGTH
        self.search_note.setText(f"Tối đa {MAX_SEARCH_LENGTH} ký tự" if full else "")
        self.search_note.setVisible(full)
        self.changed.emit()

    def set_choices(self, summary: TableSummary, units: list[Unit]) -> None:
        """Offer the areas and lead units the plan's tasks use, in Vietnamese order."""
        names = {unit.id: unit.name for unit in units}
        areas = sorted(summary.areas, key=list(ReformArea).index)
        leads = {
            key: names.get(unit_id or "", "") or lead or "(chưa ghi)"
            for key, (unit_id, lead) in summary.leads.items()
        }
        by_name = functools.cmp_to_key(vietnamese_collator().compare)
        ordered = sorted(leads.items(), key=lambda item: by_name(item[1]))
        self._refill(self.area, "Mọi lĩnh vực", [(a.label, a.value) for a in areas])
        self._refill(self.lead, "Mọi đơn vị chủ trì", [(label, key) for key, label in ordered])

    def _refill(self, combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, value in items:
            combo.addItem(label, value)
            combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def set_task_ids(self, task_ids: list[str] | None, label: str = "") -> None:
        """Show only these tasks (chosen in the overview); None lifts that filter."""
        self._task_ids = frozenset(task_ids) if task_ids is not None else None
        self.chosen.setVisible(task_ids is not None)
        self.chosen.setText(f"✕ {label or 'Danh sách chọn'}: {len(task_ids or [])} nhiệm vụ")
        self.changed.emit()

    def task_filter(self, section_id: str | None) -> TaskFilter:
        """Return the filter the bar and the chosen section describe."""
        area = self.area.currentData()
        return TaskFilter(
            search=fold(self.search.text()),
            section_id=section_id,
            area=ReformArea(area) if area else None,
            lead=self.lead.currentData(),
            derived=self.derived.currentData(),
            task_ids=self._task_ids,
        )

    def clear(self) -> None:
        """Lift every filter."""
        self.blockSignals(True)
        self.search.clear()
        for combo in (self.area, self.lead, self.derived):
            combo.setCurrentIndex(0)
        self._task_ids = None
        self.chosen.hide()
        self.blockSignals(False)
        self.changed.emit()
