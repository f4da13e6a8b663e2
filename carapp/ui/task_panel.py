"""The task panel: every appendix field of the current task, saved when an edit is finished."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from carapp.db.models import Section, Unit
from carapp.domain.deadlines import parse_deadline
from carapp.domain.outline import printed_content
from carapp.services.tasks import TaskView
from carapp.ui.fields import CommitTextEdit, select_data, set_line
from carapp.ui.status_style import UNDERSTOOD_STYLE, WARNING_STYLE

# Field names of the service, with the words the history and undo menu use for them.
FIELD_LABELS = {
    "section_id": "mục",
    "number": "số thứ tự",
    "code": "mã nhiệm vụ",
    "content": "nội dung công việc",
    "lead": "đơn vị chủ trì",
    "lead_unit_id": "đơn vị chủ trì (danh mục)",
    "cooperating": "đơn vị phối hợp",
    "output": "kết quả/sản phẩm",
    "deadline_text": "thời gian hoàn thành",
    "assigning_document": "văn bản giao nhiệm vụ",
}


def describe_deadline(text: str, start_year: int | None, end_year: int | None) -> tuple[str, bool]:
    """Return how a deadline as written is understood ("Quý IV/2025 → 01/10/2025 – …")."""
    deadline = parse_deadline(text, start_year, end_year)
    if not deadline.understood:
        return "⚠ " + deadline.describe(), False
    return f"{deadline.text} → {deadline.describe()}", True


class TaskPanel(QWidget):
    """Edit the appendix fields of one task; emits edit_requested(task_id, changes, label)."""

    edit_requested = Signal(str, dict, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: TaskView | None = None
        self._years: tuple[int | None, int | None] = (None, None)
        self.section = QComboBox()
        self.number = QLineEdit()
        self.code = QLineEdit()
        self.content = CommitTextEdit(4)
        self.lead = QLineEdit()
        self.lead_unit = QComboBox()
        self.lead_unit.setToolTip("Đơn vị chủ trì trong danh sách đơn vị, để tổng hợp theo đơn vị")
        self.cooperating = CommitTextEdit(2)
        self.output = QLineEdit()
        self.deadline = QLineEdit()
        self.deadline_meaning = QLabel()
        self.deadline_meaning.setWordWrap(True)
        self.deadline_meaning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.assigning = QLineEdit()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.outline = QLabel()  # the item or group heading this task sits under
        self.outline.setWordWrap(True)
        self.outline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lay_out()
        self._connect_signals()
        self.set_task(None)

    def _lay_out(self) -> None:
        self.number.setMaximumWidth(70)
        self.number.setPlaceholderText("STT")
        self.code.setPlaceholderText("không bắt buộc")
        self.deadline.setPlaceholderText("ví dụ: Quý IV/2026; 2026-2030; Hằng năm; 31/12/2026")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        code_label = QLabel("Mã:")
        code_label.setBuddy(self.code)
        rows: list[tuple[str, QWidget]] = [
            ("Mụ&c:", self.section),
            ("Thuộc:", self.outline),
            ("STT:", self.number),
            ("&Nội dung công việc:", self.content),
            ("Đơn &vị chủ trì:", self.lead),
            ("Đơn vị trong &danh sách:", self.lead_unit),
            ("Đơn vị &phối hợp:", self.cooperating),
            ("&Kết quả/Sản phẩm:", self.output),
            ("Thời gian h&oàn thành:", self.deadline),
            ("", self.deadline_meaning),
            ("Văn bản gi&ao:", self.assigning),
        ]
        for row, (text, widget) in enumerate(rows):
            label = QLabel(text)
            label.setBuddy(widget)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 0)
            if widget is self.number:  # the number is short: the code shares its line
                grid.addWidget(widget, row, 1)
                grid.addWidget(code_label, row, 2, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(self.code, row, 3)
            else:
                grid.addWidget(widget, row, 1, 1, 3)
        grid.addWidget(self.note, len(rows), 0, 1, 4)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 2)
        grid.setRowStretch(len(rows) + 1, 1)

    def _connect_signals(self) -> None:
        for name, edit in (
            ("number", self.number),
            ("code", self.code),
            ("lead", self.lead),
            ("output", self.output),
            ("deadline_text", self.deadline),
            ("assigning_document", self.assigning),
        ):
            edit.editingFinished.connect(lambda n=name, e=edit: self._finished(n, e.text()))
        self.content.editingFinished.connect(lambda: self._finished("content", self.content.text()))
        self.cooperating.editingFinished.connect(
            lambda: self._finished("cooperating", self.cooperating.text())
        )
        self.section.activated.connect(
            lambda _i: self._finished("section_id", self.section.currentData())
        )
        self.lead_unit.activated.connect(
            lambda _i: self._finished("lead_unit_id", self.lead_unit.currentData())
        )
        self.deadline.textChanged.connect(self._show_meaning)

    def set_plan(self, sections: list[Section], units: list[Unit], years: tuple[int, int]) -> None:
        """Offer a plan's sections and units; deadlines are read within its years."""
        self._years = years
        self.section.clear()
        for section in sections:
            self.section.addItem(f"{section.numeral}. {section.title}", section.id)
        self.lead_unit.clear()
        self.lead_unit.addItem("(không gắn đơn vị)", None)
        for unit in units:
            self.lead_unit.addItem(unit.name, unit.id)

    def set_years(self, years: tuple[int, int]) -> None:
        """Read deadlines within these plan years from now on."""
        self._years = years
        self._show_meaning(self.deadline.text())

    def task(self) -> TaskView | None:
        """Return the task shown."""
        return self._task

    def set_task(self, task: TaskView | None, parent: TaskView | None = None) -> None:
        """Show a task's fields (None: nothing selected, fields disabled) and its parent."""
        self._task = task
        self.outline.setText(outline_line(task, parent))
        for widget in self._inputs():
            widget.setEnabled(task is not None)
        if task is None:
            for edit in (
                self.number,
                self.code,
                self.lead,
                self.output,
                self.deadline,
                self.assigning,
            ):
                edit.clear()
            self.content.set_text("")
            self.cooperating.set_text("")
            self.deadline_meaning.clear()
            self.note.setText("Chọn một nhiệm vụ trong danh sách để xem và sửa.")
            return
        select_data(self.section, task.section_id)
        select_data(self.lead_unit, task.lead_unit_id)
        set_line(self.number, task.number)
        set_line(self.code, task.code)
        self.content.set_text(task.content)
        set_line(self.lead, task.lead)
        self.cooperating.set_text(task.cooperating)
        set_line(self.output, task.output)
        set_line(self.deadline, task.deadline.text)
        set_line(self.assigning, task.assigning_document)
        self._show_meaning(self.deadline.text())
        city = task.origin == "city"
        for widget in (self.content, self.lead, self.deadline):
            widget.setReadOnly(city)
        self.note.setText(
            "Nhiệm vụ do thành phố giao: nội dung, đơn vị chủ trì và thời hạn do thành phố quyết định."
            if city
            else ""
        )

    def commit_pending(self) -> None:
        """Save the field being typed in (before undo, a task switch or closing)."""
        focused = self.focusWidget()
        if isinstance(focused, CommitTextEdit):
            focused.finish()
        elif isinstance(focused, QLineEdit) and focused.isModified():
            focused.editingFinished.emit()

    def _inputs(self) -> list[QWidget]:
        return [
            self.section,
            self.number,
            self.code,
            self.content,
            self.lead,
            self.lead_unit,
            self.cooperating,
            self.output,
            self.deadline,
            self.assigning,
        ]

    def _finished(self, name: str, value: Any) -> None:
        task = self._task
        if task is None:
            return
        if isinstance(value, str):
            value = value.strip()
        if value == _current(task, name):
            return
        changes = {name: value}
        if name == "content" and not value:
            self.content.set_text(task.content)  # refused by the service: show what is stored
        self.edit_requested.emit(task.id, changes, FIELD_LABELS[name])

    def _show_meaning(self, text: str) -> None:
        if self._task is None:
            return
        meaning, understood = describe_deadline(text, *self._years)
        self.deadline_meaning.setText(meaning)
        self.deadline_meaning.setStyleSheet(UNDERSTOOD_STYLE if understood else WARNING_STYLE)
        self.deadline_meaning.setAccessibleName(meaning)


def outline_line(task: TaskView | None, parent: TaskView | None) -> str:
    """Return where a task sits in the outline: under which item, or that it is a heading."""
    if task is None:
        return ""
    parts = []
    if parent is not None:
        number = f"{parent.number}. " if parent.number else printed_content(parent.marker, "")
        parts.append(f"{number}{' '.join(parent.content.split())}")
        if task.marker:
            parts.append(f"(đánh dấu “{task.marker}”)")
    else:
        parts.append("nhiệm vụ cấp trên cùng của mục")
    if task.is_heading:
        parts.append("— dòng tiêu đề nhóm, không tính là nhiệm vụ")
    return " ".join(parts)


def _current(task: TaskView, name: str) -> Any:
    if name == "deadline_text":
        return task.deadline.text
    if name == "assigning_document":
        return task.assigning_document
    return getattr(task, name)
