"""Read-only row tables: one base (`RowTable`), and one shown in pages and updated in place.

`PagedTable` (the city tab at national scale) keeps every row it was given but shows `PAGE` at a time: the view asks for more
(canFetchMore/fetchMore) as the officer scrolls, so a table of 3,000 units lays out one page.
`update_rows` merges a new list by each row's key: rows that stay are changed in place
(dataChanged), others removed or inserted, so the selection and the scroll position survive a
refresh; no reset.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
PAGE = 200


class RowTable(QAbstractTableModel):
    """A read-only table with fixed headers; subclasses give each cell's text."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """Return the object shown in a row."""
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.headers[section]
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        """Return one cell's data for a role."""
        raise NotImplementedError


class PagedTable(RowTable):
    """A RowTable whose rows appear a page at a time and are merged in place on update."""

    page = PAGE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown = 0

    def key(self, row: Any) -> object:
        """Return what identifies a row across updates (subclasses: the unit's code …)."""
        return row

    def set_rows(self, rows: list[Any]) -> None:
        """Replace every row (a reset): the first page is shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self._shown = min(self.page, len(self._rows))
        self.endResetModel()

    def all_rows(self) -> list[Any]:
        """Return every row, shown or not yet."""
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        more = min(self.page, len(self._rows) - self._shown)
        if more > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def update_rows(self, rows: Sequence[Any]) -> None:
        """Merge `rows` by key: keep, change, remove and insert rows without a reset."""
        if not self._rows:
            self.set_rows(list(rows))
            return
        old = [self.key(r) for r in self._rows]
        new = [self.key(r) for r in rows]
        if old != new:  # the same units in the same order (the common case): no diff to make
            matcher = SequenceMatcher(a=old, b=new, autojunk=False)
            for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
                if tag != "equal":  # from the end, so earlier positions stay valid
                    self._remove(i1, i2)
                    self._insert(i1, list(rows[j1:j2]))
        self._rows = list(rows)  # same keys, same order now: take the new values
        if self._shown:
            last = self.index(self._shown - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _remove(self, first: int, end: int) -> None:
        shown_end = min(end, self._shown)
        if first < shown_end:
            self.beginRemoveRows(QModelIndex(), first, shown_end - 1)
            del self._rows[first:end]
            self._shown -= shown_end - first
            self.endRemoveRows()
        else:
            del self._rows[first:end]

    def _insert(self, at: int, rows: list[Any]) -> None:
        if not rows:
            return
        everything_shown = self._shown == len(self._rows)
        if at < self._shown or everything_shown:
            self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
            self._rows[at:at] = rows
            self._shown += len(rows)
            self.endInsertRows()
        else:  # past the pages shown: fetched with the rest
            self._rows[at:at] = rows
