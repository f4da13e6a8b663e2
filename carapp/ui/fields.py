"""Input widgets that say when an edit is finished, so each finished edit is saved once."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

DATE_FORMAT = "dd/MM/yyyy"


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text that reports editingFinished on leaving it or on Ctrl+Enter."""

    editingFinished = Signal()  # noqa: N815 - named like QLineEdit's signal on purpose

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        self.setFixedHeight(line * lines + margins + 2 * int(self.document().documentMargin()) + 2)

    def text(self) -> str:
        """Return the text as typed."""
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        """Show a stored value, unless it is what the field already holds."""
        if self.toPlainText() != text:
            self.setPlainText(text)
        self.document().setModified(False)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.finish()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return
        super().keyPressEvent(event)

    def finish(self) -> None:
        """Report a finished edit if the text changed since it was shown or last reported."""
        if self.document().isModified():
            self.document().setModified(False)
            self.editingFinished.emit()


def set_line(edit: QLineEdit, text: str) -> None:
    """Show a stored value in a line edit without moving the cursor when it is unchanged."""
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


def select_data(combo: QComboBox, value: object) -> None:
    """Make the item whose data is `value` current, without emitting activated."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class OptionalDate(QWidget):
    """A date shown dd/mm/yyyy, or no date at all ("Chưa có ngày")."""

    changed = Signal()

    def __init__(self, check_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text)
        self.edit = QDateEdit()
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        self.empty = QLabel("Chưa có ngày")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self._shown: date | None = None
        self.default_day = date.today()  # what a newly ticked box starts from
        self.check.toggled.connect(self._on_toggled)
        self.check.clicked.connect(lambda _checked: self._report())
        self.edit.editingFinished.connect(self._report)

    def value(self) -> date | None:
        """Return the date, None when unticked."""
        if not self.check.isChecked():
            return None
        day = self.edit.date()
        return date(day.year(), day.month(), day.day())

    def set_value(self, value: date | None) -> None:
        """Show a stored date (None: no date) without reporting a change."""
        self._shown = value
        self.check.blockSignals(True)
        self.check.setChecked(value is not None)
        self.check.blockSignals(False)
        self._on_toggled(value is not None)
        day = value or self.default_day
        self.edit.setDate(QDate(day.year, day.month, day.day))

    def _on_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self.edit.setVisible(checked)
        self.empty.setVisible(not checked)

    def _report(self) -> None:
        if self.value() != self._shown:
            self._shown = self.value()
            self.changed.emit()
