"""The fields of a unit's set-up: name, kind, letterhead, place, signature block."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from carapp.services.first_start import UnitSetup
from carapp.services.units import KINDS
from carapp.ui.fields import CommitTextEdit

# (field, label, example shown in the empty field)
LINE_FIELDS = (
    ("code", "&Mã đơn vị:", "ví dụ: BLV (chữ in hoa không dấu, chữ số, “-”)"),
    ("name", "&Tên đầy đủ:", "ví dụ: Ủy ban nhân dân đặc khu Bạch Long Vĩ"),
    ("parent_body", "Cơ quan cấp &trên:", "dòng trên cùng khi in, ví dụ: UBND THÀNH PHỐ HẢI PHÒNG"),
)
SIGNATURE_FIELDS = (
    ("place", "Địa &danh ghi ngày tháng:", "ví dụ: Bạch Long Vĩ"),
    ("abbreviation", "&Viết tắt sau số văn bản:", "ví dụ: UBND (trong “12/BC-UBND”)"),
    ("sign_authority", "Thẩm &quyền ký:", "ví dụ: TM. ỦY BAN NHÂN DÂN"),
    ("sign_post", "&Chức vụ người ký:", "ví dụ: CHỦ TỊCH"),
    ("sign_name", "&Họ và tên người ký:", "ví dụ: Nguyễn Văn A"),
)


class UnitSetupForm(QWidget):
    """Edit what a unit prints on its documents; `setup()` reads it, `load()` shows one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.kind = QComboBox()
        self.kind.setAccessibleName("Loại đơn vị")
        for code, label in KINDS.items():
            self.kind.addItem(label, code)
        self.letterhead = CommitTextEdit(2)
        self.letterhead.setAccessibleName("Tên cơ quan ban hành")
        self.letterhead.setPlaceholderText("mỗi dòng như khi in, ví dụ:\nỦY BAN NHÂN DÂN")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for field, label, example in LINE_FIELDS:
            form.addRow(label, self._line(field, label, example))
        form.insertRow(2, "&Loại đơn vị:", self.kind)
        form.addRow("Tên cơ quan &ban hành:", self.letterhead)
        for field, label, example in SIGNATURE_FIELDS:
            form.addRow(label, self._line(field, label, example))
        self.form = form
        code_edit = self.edits["code"]
        code_edit.textEdited.connect(lambda text: self._upper(code_edit, text))

    @staticmethod
    def _upper(edit: QLineEdit, text: str) -> None:
        """Show a unit code in capitals as it is typed (BLV, MD, SNV-VP)."""
        if text != text.upper():
            position = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(position)

    def _line(self, field: str, label: str, example: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(example)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.edits[field] = edit
        return edit

    def setup(self) -> UnitSetup:
        """Return the set-up as typed."""
        values = {field: edit.text() for field, edit in self.edits.items()}
        kind = str(self.kind.currentData())
        return UnitSetup(kind=kind, letterhead=self.letterhead.text(), **values)

    def load(self, setup: UnitSetup | None, *, code_editable: bool = True) -> None:
        """Show a unit's set-up (None: empty fields, kind "Đặc khu" … chosen by the officer)."""
        for field, edit in self.edits.items():
            edit.setText(getattr(setup, field) if setup else "")
        self.letterhead.set_text(setup.letterhead if setup else "")
        self.kind.setCurrentIndex(max(self.kind.findData(setup.kind if setup else "commune"), 0))
        self.edits["code"].setReadOnly(not code_editable)
