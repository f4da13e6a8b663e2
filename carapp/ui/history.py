"""A task's progress in earlier periods and its change history from the audit log."""

from __future__ import annotations

import json
from datetime import UTC, date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from carapp.domain.periods import parse_period
from carapp.domain.status import RecordedStatus
from carapp.domain.vietnam_time import vietnam
from carapp.services.audit import TaskChange
from carapp.services.progress import ProgressView
from carapp.ui.progress_panel import FIELD_LABELS as PROGRESS_LABELS
from carapp.ui.task_panel import FIELD_LABELS as TASK_LABELS

ModelIndex = QModelIndex | QPersistentModelIndex
SHOWN_CHARS = 90
ACTIONS = {"create": "Tạo", "update": "Sửa", "delete": "Xóa"}
_HIDDEN_FIELDS = {
    "task_id",
    "plan_id",
    "period",
    "updated_by",
    "deadline_start",
    "deadline_end",
    "recurrence",
    "due_month_day",
    "deadline_understood",
    "origin",
    "cooperating_unit_ids",
    "position",
}


# A row a received package created: one audit entry naming the package body (its manifest's
# SHA-256); the "Người sửa" column says which unit's package, numbered, it came from.
_OTHER_LABELS = {"package": "(nhận qua gói báo cáo)"}


class _Table(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            # Rows grow with their text; a long one is cut here and read whole in its tooltip.
            return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and len(text) > 30:
            return text
        return None


class ProgressHistoryModel(_Table):
    """A task's records in periods other than the one shown, latest first."""

    headers = (
        "Kỳ báo cáo",
        "Trạng thái",
        "Tỷ lệ",
        "Ngày hoàn thành",
        "Kết quả thực hiện",
        "Minh chứng",
        "Khó khăn, vướng mắc",
        "Đề xuất",
        "Người ghi",
    )

    def set_history(self, records: list[ProgressView]) -> None:
        """Show records, latest period first."""
        self.set_rows([_progress_row(r) for r in records])


def _progress_row(record: ProgressView) -> tuple[str, ...]:
    return (
        record.period.label,
        record.status.label,
        "" if record.percent is None else f"{record.percent} %",
        f"{record.completed_on:%d/%m/%Y}" if record.completed_on else "",
        record.description,
        "; ".join(
            " ".join(p for p in (e.number, e.issued_on, e.title) if p) for e in record.evidence
        ),
        record.difficulties,
        record.proposals,
        record.updated_by,
    )


class ChangeHistoryModel(_Table):
    """The audit log of a task and its progress records, newest first."""

    headers = ("Thời điểm", "Thay đổi", "Giá trị cũ", "Giá trị mới", "Người sửa")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    def set_names(self, names: dict[str, str]) -> None:
        """Name the ids that values hold (sections, units), so ids never show."""
        self._names = dict(names)

    def set_changes(self, changes: list[TaskChange]) -> None:
        """Show audit entries, skipping bookkeeping fields the officer never typed."""
        rows = [_change_row(c, self._names) for c in changes if c.field not in _HIDDEN_FIELDS]
        self.set_rows(rows)


def _change_row(change: TaskChange, names: dict[str, str]) -> tuple[str, ...]:
    at = change.at if change.at.tzinfo else change.at.replace(tzinfo=UTC)
    what = (
        TASK_LABELS.get(change.field)
        or PROGRESS_LABELS.get(change.field)
        or _OTHER_LABELS.get(change.field)
        or change.field
    )
    if change.entity == "progress_record":
        period = parse_period(change.period).label if change.period else ""
        what = f"tiến độ {period}: {what}" if period else f"tiến độ: {what}"
    return (
        vietnam(at).strftime("%d/%m/%Y %H:%M"),
        f"{ACTIONS.get(change.action, change.action)} {what}",
        shown_value(change.field, change.old, names),
        shown_value(change.field, change.new, names),
        change.who,
    )


def shown_value(field: str, value: str | None, names: dict[str, str] | None = None) -> str:
    """Return an audit value as the officer knows it: labels, names, dd/mm/yyyy, evidence."""
    if value is None:
        return ""
    if field in ("section_id", "lead_unit_id"):
        return (names or {}).get(value, "(không còn trong danh mục)")
    if field == "status":
        try:
            return RecordedStatus(value).label
        except ValueError:
            return value
    if field in ("completed_on", "issued_on"):
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    if field == "evidence":
        return _evidence_text(value)
    if field == "percent":
        return f"{value} %"
    if field == "package":
        return f"mã băm bản kê của gói: {value}"
    return value


def _evidence_text(value: str) -> str:
    try:
        items = json.loads(value)
    except ValueError:
        return value
    parts = [
        " ".join(str(item.get(k, "")) for k in ("number", "title") if item.get(k)) for item in items
    ]
    return "; ".join(p for p in parts if p) or "(không có)"
