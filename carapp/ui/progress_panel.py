"""The progress of the current task in the chosen reporting period."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carapp.domain.periods import ReportingPeriod
from carapp.domain.status import RecordedStatus
from carapp.services.progress import ProgressView
from carapp.ui.evidence import EvidenceEditor
from carapp.ui.fields import CommitTextEdit, OptionalDate, select_data

FIELD_LABELS = {
    "status": "trạng thái",
    "percent": "tỷ lệ hoàn thành",
    "completed_on": "ngày hoàn thành",
    "description": "kết quả thực hiện",
    "evidence": "minh chứng",
    "difficulties": "khó khăn, vướng mắc",
    "proposals": "đề xuất, kiến nghị",
}
# What a period without its own record starts from: the state carried over from the last one.
CARRIED = ("status", "percent", "completed_on")


class ProgressPanel(QWidget):
    """Edit a task's record for a period; emits progress_requested(task_id, changes, label)."""

    progress_requested = Signal(str, dict, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task_id: str | None = None
        self._period: ReportingPeriod | None = None
        self._record: ProgressView | None = None
        self._carried: ProgressView | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.status = QComboBox()
        for status in RecordedStatus:
            self.status.addItem(status.label, status)
        self.percent = QSpinBox()
        self.percent.setRange(-1, 100)
        self.percent.setSuffix(" %")
        self.percent.setSpecialValueText("Chưa ghi")
        self.completed = OptionalDate("Đã có ngày")
        self.description = CommitTextEdit(3)
        self.evidence = EvidenceEditor()
        self.difficulties = CommitTextEdit(2)
        self.proposals = CommitTextEdit(2)
        self._lay_out()
        self._connect_signals()
        self.set_progress(None, None, None, None)

    def _lay_out(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.title)
        state = QHBoxLayout()
        state.addWidget(self.status, 2)
        percent_label = QLabel("Tỷ &lệ:")
        percent_label.setBuddy(self.percent)
        state.addWidget(percent_label)
        state.addWidget(self.percent, 1)
        self._row(form, "T&rạng thái:", state, self.status)
        self._row(form, "Ngà&y hoàn thành thực tế:", self.completed, self.completed.check)
        self._row(form, "Kết &quả thực hiện:", self.description, self.description)
        self._row(form, "M&inh chứng:", self.evidence, self.evidence.table)
        self._row(form, "Khó khăn, vướng &mắc:", self.difficulties, self.difficulties)
        self._row(form, "Đề x&uất, kiến nghị:", self.proposals, self.proposals)

    @staticmethod
    def _row(form: QFormLayout, text: str, field: Any, buddy: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(buddy)
        form.addRow(label, field)

    def _connect_signals(self) -> None:
        self.status.activated.connect(
            lambda _i: self._finished("status", self.status.currentData())
        )
        self.percent.editingFinished.connect(lambda: self._finished("percent", self._percent()))
        self.completed.changed.connect(
            lambda: self._finished("completed_on", self.completed.value())
        )
        for name in ("description", "difficulties", "proposals"):
            edit: CommitTextEdit = getattr(self, name)
            edit.editingFinished.connect(lambda n=name, e=edit: self._finished(n, e.text().strip()))
        self.evidence.changed.connect(
            lambda: self._finished("evidence", self.evidence.model.evidence())
        )

    def set_today(self, day: date) -> None:
        """Set the day a newly ticked completion date starts from."""
        self.completed.default_day = day

    def _percent(self) -> int | None:
        value = self.percent.value()
        return None if value < 0 else value

    def set_progress(
        self,
        task_id: str | None,
        period: ReportingPeriod | None,
        record: ProgressView | None,
        carried: ProgressView | None,
    ) -> None:
        """Show a task's record for a period; without one, the state carried from `carried`."""
        self._task_id, self._period, self._record, self._carried = task_id, period, record, carried
        enabled = task_id is not None and period is not None
        widgets: list[QWidget] = [self.status, self.percent, self.completed, self.description]
        for widget in [*widgets, self.evidence, self.difficulties, self.proposals]:
            widget.setEnabled(enabled)
        self.title.setText(self._title())
        shown = record or carried
        select_data(self.status, shown.status if shown else RecordedStatus.NOT_STARTED)
        percent = shown.percent if shown else None
        self.percent.setValue(-1 if percent is None else percent)
        self.completed.set_value(shown.completed_on if shown else None)
        self.description.set_text(record.description if record else "")
        self.evidence.model.set_evidence(record.evidence if record else [])
        self.difficulties.set_text(record.difficulties if record else "")
        self.proposals.set_text(record.proposals if record else "")

    def _title(self) -> str:
        if self._task_id is None or self._period is None:
            return "Chọn một nhiệm vụ để ghi tiến độ."
        title = f"<b>Tiến độ kỳ báo cáo {self._period.label}</b>"
        if self._record is not None:
            return title
        if self._carried is not None:
            return (
                f"{title}<br>Kỳ này chưa ghi; đang hiện trạng thái của kỳ "
                f"{self._carried.period.label}. Sửa một mục là ghi cho kỳ này."
            )
        return f"{title}<br>Kỳ này chưa ghi tiến độ."

    def commit_pending(self) -> None:
        """Save the field being typed in."""
        focused = self.focusWidget()
        if isinstance(focused, CommitTextEdit):
            focused.finish()
        elif focused is self.percent.lineEdit() or focused is self.percent:
            self.percent.editingFinished.emit()

    def _finished(self, name: str, value: Any) -> None:
        if self._task_id is None or self._period is None:
            return
        shown = self._record or self._carried
        current = getattr(shown, name) if shown is not None else _EMPTY[name]
        if value == current:
            return
        changes = {name: value}
        if self._record is None and self._carried is not None:
            # A first record in this period starts from the state carried over.
            carried = {field: getattr(self._carried, field) for field in CARRIED}
            changes = {**carried, **changes}
        self.progress_requested.emit(self._task_id, changes, FIELD_LABELS[name])


_EMPTY: dict[str, Any] = {
    "status": RecordedStatus.NOT_STARTED,
    "percent": None,
    "completed_on": None,
    "description": "",
    "evidence": [],
    "difficulties": "",
    "proposals": "",
}
