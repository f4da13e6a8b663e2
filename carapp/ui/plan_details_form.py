"""The plan's details as a form; each field reports one finished edit, never a keystroke."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from carapp.db.models import Plan
from carapp.domain.text import clean

# field, label, kind (line, lines, date, authority); the years are laid out on one row.
FIELDS = (
    ("title", "Tên kế hoạch (trích yếu)", "lines"),
    ("number", "Số ký hiệu", "line"),
    ("issued_on", "Ngày ban hành", "date"),
    ("issuer", "Cơ quan ban hành", "line"),
    ("parent_issuer", "Cơ quan cấp trên", "line"),
    ("place", "Địa danh (dòng ngày tháng)", "line"),
    ("attached_to", "Kèm theo …", "line"),
    ("appendix_title", "Tiêu đề phụ lục", "lines"),
    ("appendix_attached_to", "Dòng “Kèm theo” của phụ lục", "line"),
    ("sign_authority", "Thẩm quyền ký", "authority"),
    ("sign_post", "Chức vụ người ký (mỗi dòng một dòng)", "lines"),
    ("sign_name", "Người ký", "line"),
    ("recipients", "Nơi nhận (mỗi nơi một dòng)", "lines"),
)
YEAR_LABELS = {"start_year": "Giai đoạn từ năm", "end_year": "đến năm"}
LABELS = {**{f: label for f, label, _ in FIELDS}, **YEAR_LABELS}
# The forms of Nghị định 30/2020: TM. (collective body), KT., Q., TL., TUQ.
AUTHORITIES = (
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "Q. CHỦ TỊCH",
    "TL. CHỦ TỊCH",
    "TUQ. CHỦ TỊCH",
)
_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_day(text: str) -> date | None:
    """Read dd/mm/yyyy (also d/m/yyyy, with - or .); '' is no date. ValueError when invalid."""
    if not text.strip():
        return None
    m = _DATE.match(text)
    if m is None:
        raise ValueError(f"Ngày “{text.strip()}” không đúng dạng dd/mm/yyyy.")
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise ValueError(f"Không có ngày “{text.strip()}” trong lịch.") from None


class LinesEdit(QPlainTextEdit):
    """A multi-line field that says when the user leaves it."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.editing_finished.emit()


class PlanForm(QWidget):
    """Show a plan's details and emit `edited(field, value)` when the user changes one."""

    edited = Signal(str, object)
    invalid = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        self._values: dict[str, Any] = {}
        layout = QFormLayout(self)
        for name, label, kind in FIELDS:
            editor = self._editor(name, kind)
            layout.addRow(label, editor)
            if name == "attached_to":
                layout.addRow(YEAR_LABELS["start_year"], self._years())

    def _editor(self, name: str, kind: str) -> QWidget:
        editor: QWidget
        if kind == "lines":
            editor = LinesEdit()
            editor.setTabChangesFocus(True)
            editor.setMaximumHeight(80)
            editor.editing_finished.connect(lambda: self._finished(name))
        elif kind == "authority":
            editor = QComboBox()
            editor.setEditable(True)
            editor.addItems(["", *AUTHORITIES])
            editor.activated.connect(lambda _i: self._finished(name))
            line = editor.lineEdit()
            assert line is not None
            line.editingFinished.connect(lambda: self._finished(name))
        else:
            editor = QLineEdit()
            if kind == "date":
                editor.setPlaceholderText("dd/mm/yyyy")
            editor.editingFinished.connect(lambda: self._finished(name))
        self.editors[name] = editor
        return editor

    def _years(self) -> QWidget:
        row = QWidget()
        row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for name in YEAR_LABELS:
            spin = QSpinBox()
            spin.setRange(1901, 2199)
            spin.editingFinished.connect(lambda n=name: self._finished(n))
            self.editors[name] = spin
            if name == "end_year":
                layout.addWidget(QLabel(YEAR_LABELS[name]))
            layout.addWidget(spin)
        layout.addStretch(1)
        return row

    def load(self, plan: Plan | None) -> None:
        """Show a plan's stored values (nothing and disabled when None)."""
        self.setEnabled(plan is not None)
        for name, editor in self.editors.items():
            value = getattr(plan, name) if plan is not None else None
            self._values[name] = value
            editor.blockSignals(True)
            self._show(editor, name, value)
            editor.blockSignals(False)

    def _show(self, editor: QWidget, name: str, value: Any) -> None:
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value or editor.minimum()))
        elif isinstance(editor, QComboBox):
            editor.setEditText(value or "")
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
        elif isinstance(editor, QLineEdit):
            editor.setText(f"{value:%d/%m/%Y}" if isinstance(value, date) else value or "")

    def value_of(self, name: str) -> Any:
        """Return what a field holds now, as the service takes it."""
        editor = self.editors[name]
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return clean(editor.currentText())
        if isinstance(editor, QPlainTextEdit):
            return clean(editor.toPlainText())
        assert isinstance(editor, QLineEdit)
        return parse_day(editor.text()) if name == "issued_on" else clean(editor.text())

    def stored(self, name: str) -> Any:
        """Return the value a field showed when the plan was loaded."""
        return self._values.get(name)

    def _finished(self, name: str) -> None:
        if not self.isEnabled():
            return
        try:
            value = self.value_of(name)
        except ValueError as exc:
            self.invalid.emit(f"{LABELS[name]}: {exc}")
            self._show(self.editors[name], name, self._values[name])
            return
        if value != self._values.get(name):
            self.edited.emit(name, value)
