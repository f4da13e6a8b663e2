"""The task table model: appendix columns, recorded status, report category in colour."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from carapp.domain.outline import printed_content
from carapp.domain.status import UNKNOWN_DEADLINE_LABEL, DerivedStatus
from carapp.services.tasks import TaskView
from carapp.ui.status_style import DUE_SOON_COLOURS, derived_background, derived_foreground
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
    TEXT_COLUMNS,
    Ranks,
    TableRow,
    TaskFilter,
    is_due_soon,
    sort_key,
)

HEADERS = (
    "STT",
    "Nội dung công việc",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Kết quả/Sản phẩm",
    "Thời hạn",
    "Hạn trong kỳ",
    "Trạng thái",
    "Đánh giá",
)
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


INDENT = "\u2003\u2003"  # two em spaces per outline level


def status_text(row: TableRow) -> str:
    """Return the recorded status with its percent, e.g. "Đang thực hiện · 40 %"."""
    view = row.view
    if view.is_heading:  # a group heading records nothing: its children do
        return ""
    label = view.status.label if view.status else "Chưa thực hiện"
    return (
        f"{label} · {view.percent} %" if view.percent is not None and view.percent < 100 else label
    )


class TaskTableModel(QAbstractTableModel):
    """Hold every task of the plan; show those the filter lets through, in the chosen order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[TableRow] = []
        self._shown: list[TableRow] = []
        self._ranks = Ranks()
        self._filter = TaskFilter()
        self._as_of = date.today()
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._counts: tuple[int, int, int] | None = None  # tasks, overdue, due soon (all rows)
        self._shown_count: int | None = None
        self._by_id: dict[str, TableRow] = {}

    # Loading, filtering, sorting -------------------------------------------------------

    def set_rows(
        self,
        rows: list[TableRow],
        ranks: Ranks,
        as_of: date,
        tally: tuple[int, int, int] | None = None,
    ) -> None:
        """Replace every row (after a load, in appendix order), keeping the filter and the sort.

        `tally` is (tasks, overdue, due soon) when the loader counted them (TableSummary.tally).
        """
        self._all, self._ranks, self._as_of = list(rows), ranks, as_of
        self._by_id = {row.id: row for row in self._all}
        self._counts = tally
        if self._sort[0] >= 0:  # loaded rows come in appendix order: sorted only by a column
            self._apply_sort()
        self._refilter()

    def set_filter(self, task_filter: TaskFilter) -> None:
        """Show only the rows that pass `task_filter`."""
        if task_filter != self._filter:
            self._filter = task_filter
            self._refilter()

    def task_filter(self) -> TaskFilter:
        """Return the filter in force."""
        return self._filter

    def _refilter(self) -> None:
        self.beginResetModel()
        self._shown = self._filter.apply(self._all, self._as_of)
        self._shown_count = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column, text in Vietnamese dictionary order."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._shown[i.row()].id for i in old]
        shown = {row.id for row in self._shown}
        self._apply_sort()
        self._shown = [row for row in self._all if row.id in shown]
        rows = {row.id: i for i, row in enumerate(self._shown)}
        new = [self.index(rows[task_id], i.column()) for task_id, i in zip(ids, old, strict=True)]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        if column < 0 and all(r.order == i for i, r in enumerate(self._all)):
            return  # already in appendix order, as loaded
        if column in TEXT_COLUMNS and not self._ranks.has(column):
            self._ranks.build(self._all, [column])  # before the background ranks came: now
        key = sort_key(column, self._ranks)
        self._all.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sorted_by_text(self) -> bool:
        """Tell whether the rows are ordered by a text column (a load must rank it)."""
        return self._sort[0] in TEXT_COLUMNS

    def set_ranks(self, ranks: Ranks) -> None:
        """Take the Vietnamese ranks built after a load; sort again if a text column needs them."""
        self._ranks = ranks
        if self._sort[0] in TEXT_COLUMNS:
            self.sort(*self._sort)

    # Rows by task ----------------------------------------------------------------------

    def update_rows(self, rows: list[TableRow]) -> None:
        """Put fresh copies of some tasks in place; they stay shown until the filter changes."""
        self._counts = self._shown_count = None
        fresh = {row.id: row for row in rows}
        for i, row in enumerate(self._all):
            if row.id in fresh:
                fresh[row.id].order = row.order
                self._all[i] = self._by_id[row.id] = fresh[row.id]
        for i, row in enumerate(self._shown):
            if row.id in fresh:
                self._shown[i] = fresh[row.id]
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))

    def row_of(self, task_id: str) -> int:
        """Return the shown row of a task, -1 when filtered out or unknown."""
        for i, row in enumerate(self._shown):
            if row.id == task_id:
                return i
        return -1

    def row_at(self, row: int) -> TableRow:
        """Return the task shown in a row."""
        return self._shown[row]

    def find(self, task_id: str) -> TableRow | None:
        """Return a task's row, shown or not; None when the plan has no such task."""
        return self._by_id.get(task_id)

    def total(self) -> int:
        """Return how many tasks the plan has (a group heading is not a task)."""
        return self._tally()[0]

    def shown_count(self) -> int:
        """Return how many tasks are shown (group headings left out)."""
        if self._shown is self._all:  # nothing filtered out (TaskFilter.apply returns the list)
            return self.total()
        if self._shown_count is None:
            self._shown_count = sum(1 for row in self._shown if not row.view.is_heading)
        return self._shown_count

    def all_rows(self) -> list[TableRow]:
        """Return every row, shown or not."""
        return list(self._all)

    def shown_rows(self) -> list[TableRow]:
        """Return the rows shown, in order."""
        return list(self._shown)

    def counts(self) -> tuple[int, int]:
        """Return how many tasks are overdue and how many fall due soon (all rows)."""
        _total, overdue, soon = self._tally()
        return overdue, soon

    def _tally(self) -> tuple[int, int, int]:
        """Count tasks, overdue and due-soon tasks in one pass, once per change of the rows."""
        if self._counts is None:
            total = overdue = soon = 0
            for row in self._all:
                if not row.view.is_heading:
                    total += 1
                    overdue += row.overdue
                    soon += row.due_soon
            self._counts = (total, overdue, soon)
        return self._counts

    def as_of(self) -> date:
        """Return the day the report categories were computed for."""
        return self._as_of

    # Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_DUE:
            return "Ngày phải hoàn thành trong kỳ báo cáo đang chọn"
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == TASK_ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._colour(row, column, role == Qt.ItemDataRole.BackgroundRole)
        if role == Qt.ItemDataRole.FontRole and row.view.is_heading:
            return _heading_font(column)
        if role == Qt.ItemDataRole.FontRole and column == COL_DERIVED:
            return _bold_if(row.view.derived is DerivedStatus.OVERDUE)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_DUE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: TableRow, column: int) -> str:
        view = row.view
        if column == COL_DUE:
            return f"{row.due:%d/%m/%Y}" if row.due else ""
        if column == COL_STATUS:
            return status_text(row)
        if column == COL_DERIVED:
            if view.derived is None and view.is_heading:
                return ""
            return view.derived.label if view.derived else UNKNOWN_DEADLINE_LABEL
        values = {
            COL_NUMBER: view.number,
            COL_CONTENT: outline_text(view),
            COL_LEAD: view.lead,
            COL_COOPERATING: view.cooperating,
            COL_OUTPUT: view.output,
            COL_DEADLINE: view.deadline.text,
        }
        return values[column]

    def _tooltip(self, row: TableRow, column: int) -> str | None:
        if column in (COL_NUMBER, COL_CONTENT) and (row.view.parent_number or row.view.is_heading):
            return outline_note(row.view)
        if column == COL_DEADLINE:
            return row.view.deadline.describe()
        if column == COL_DUE and is_due_soon(row, self._as_of):
            return "Sắp đến hạn (trong 30 ngày tới)"
        text = self._display(row, column)
        return text if len(text) > 40 else None

    def _colour(self, row: TableRow, column: int, background: bool) -> QColor | None:
        if column == COL_DERIVED:
            derived = row.view.derived
            return derived_background(derived) if background else derived_foreground(derived)
        if column == COL_DUE and is_due_soon(row, self._as_of):
            return QColor(DUE_SOON_COLOURS[0 if background else 1])
        if column == COL_DEADLINE and not row.view.deadline.understood and not row.view.is_heading:
            return derived_background(None) if background else derived_foreground(None)
        return None


def outline_text(view: TaskView) -> str:
    """Return the content as the table shows it: indented by level, behind its marker."""
    return INDENT * view.level + printed_content(view.marker, view.content)


def outline_note(view: TaskView) -> str:
    """Return what the tooltip says of a row's place in the outline."""
    notes = []
    if view.is_heading:
        notes.append(
            "Dòng tiêu đề nhóm: đánh giá tổng hợp từ các nhiệm vụ con, không tính là nhiệm vụ"
        )
    if view.parent_number:
        notes.append(f"Nhiệm vụ con thuộc mục {view.parent_number}")
    return "\n".join(notes)


def _heading_font(column: int) -> QFont | None:
    """Return the font of a group heading's cells: its number and content in bold, italics for
    its roll-up."""
    font = QFont()
    if column in (COL_NUMBER, COL_CONTENT):
        font.setBold(True)
        return font
    if column == COL_DERIVED:
        font.setItalic(True)
        return font
    return None


def _bold_if(flag: bool) -> QFont | None:
    if not flag:
        return None
    font = QFont()
    font.setBold(True)
    return font
