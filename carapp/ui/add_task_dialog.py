"""Ask for a new task's section and first fields; the task is created when accepted."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from carapp.db.models import Section
from carapp.ui.fields import CommitTextEdit
from carapp.ui.status_style import UNDERSTOOD_STYLE, WARNING_STYLE
from carapp.ui.task_panel import describe_deadline


class AddTaskDialog(QDialog):
    """The few fields a new task needs; the panel edits the rest afterwards."""

    def __init__(
        self,
        sections: list[Section],
        section_id: str | None,
        numbers: dict[str, str],
        years: tuple[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thêm nhiệm vụ")
        self._numbers, self._years = numbers, years
        self.section = QComboBox()
        for section in sections:
            self.section.addItem(f"{section.numeral}. {section.title}", section.id)
        self.section.setCurrentIndex(max(self.section.findData(section_id), 0))
        self.number = QLineEdit()
        self.content = CommitTextEdit(4)
        self.lead = QLineEdit()
        self.output = QLineEdit()
        self.deadline = QLineEdit()
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Thêm")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        form = QFormLayout(self)
        for text, widget in (
            ("&Mục:", self.section),
            ("&STT:", self.number),
            ("&Nội dung công việc:", self.content),
            ("Đơn vị &chủ trì:", self.lead),
            ("&Kết quả/Sản phẩm:", self.output),
            ("&Thời gian hoàn thành:", self.deadline),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.meaning)
        form.addRow(self.buttons)
        self.resize(640, 360)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.section.currentIndexChanged.connect(self._suggest_number)
        self.deadline.textChanged.connect(self._show_meaning)
        self._suggest_number()
        self.content.setFocus()

    def _suggest_number(self) -> None:
        self.number.setText(self._numbers.get(self.section.currentData(), ""))

    def _show_meaning(self, text: str) -> None:
        meaning, understood = describe_deadline(text, *self._years) if text.strip() else ("", True)
        self.meaning.setText(meaning)
        self.meaning.setStyleSheet(UNDERSTOOD_STYLE if understood else WARNING_STYLE)

    def _accept(self) -> None:
        if not self.content.text().strip():
            self.meaning.setText("⚠ Hãy nhập nội dung công việc.")
            self.meaning.setStyleSheet(WARNING_STYLE)
            self.content.setFocus()
            return
        self.accept()

    def section_id(self) -> str:
        """Return the section chosen."""
        return str(self.section.currentData())

    def fields(self) -> dict[str, Any]:
        """Return the typed fields, as create_task takes them."""
        return {
            "number": self.number.text().strip(),
            "content": self.content.text().strip(),
            "lead": self.lead.text().strip(),
            "output": self.output.text().strip(),
            "deadline_text": self.deadline.text().strip(),
        }


def next_numbers(rows_by_section: dict[str, list[str]], sections: list[Section]) -> dict[str, str]:
    """Suggest each section's next number: numbering restarts per section or runs on."""
    numbers = {s.id: rows_by_section.get(s.id, []) for s in sections}
    digits = {k: [int(n) for n in v if n.isdigit()] for k, v in numbers.items()}
    restarts = sum(1 for v in digits.values() if v and min(v) == 1) > 1
    if restarts:
        return {k: str(max(v, default=0) + 1) for k, v in digits.items()}
    highest = max((n for v in digits.values() for n in v), default=0)
    return {k: str(highest + 1) for k in digits}
