"""A unit's set-up edited undoably: Tệp → Đơn vị của tôi…, or any unit from the units tab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from sqlalchemy import Engine

from carapp.db.models import Unit
from carapp.services.first_start import UnitSetup, own_unit_setup, set_up_own_unit
from carapp.services.units import update_unit
from carapp.ui.plan_details_commands import ServiceEdit
from carapp.ui.status_style import WARNING_STYLE
from carapp.ui.unit_setup_form import UnitSetupForm


def unit_setup(unit: Unit) -> UnitSetup:
    """Return a unit's set-up as the form shows it."""
    return UnitSetup(**{field: getattr(unit, field) for field in UnitSetup.__dataclass_fields__})


class OwnUnitDialog(QDialog):
    """Edit a unit's name, letterhead, place and signature block; Ctrl+Z undoes it.

    Without `unit`, the unit this database speaks for (set up here when there is none yet).
    """

    def __init__(
        self,
        engine: Engine,
        who: str,
        stack: QUndoStack,
        after: Callable[[], None],
        parent: QWidget | None = None,
        unit: Unit | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine, self._who, self._stack, self._after = engine, who, stack, after
        self._unit_id = unit.id if unit else None
        self.setWindowTitle(f"Thông tin đơn vị {unit.code}" if unit else "Đơn vị của tôi")
        self._old = unit_setup(unit) if unit else own_unit_setup(engine)
        self.form = UnitSetupForm()
        self.form.load(self._old, code_editable=self._old is None)
        note = QLabel(
            "Thông tin in trên phụ lục, báo cáo của đơn vị và ghi trong gói báo cáo gửi thành "
            "phố. Kế hoạch mới lấy sẵn các thông tin này; kế hoạch đã có giữ thông tin riêng "
            "(sửa ở trang Thông tin kế hoạch)."
        )
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.hide()
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def save(self) -> None:
        """Save the set-up as one undoable edit; stay open and say why when refused."""
        new = self.form.setup()
        if new == self._old:
            self.accept()
            return
        refused: list[str] = []

        unit_id = self._unit_id

        def write(setup: UnitSetup | None) -> None:
            if setup is None:  # undoing the first set-up keeps the unit (plans may use it)
                return
            if unit_id is None:
                set_up_own_unit(self._engine, self._who, setup)
                return
            values = asdict(setup)
            del values["code"]
            update_unit(self._engine, self._who, unit_id, **values)

        text = "Sửa thông tin đơn vị" if unit_id else "Sửa thông tin đơn vị của tôi"
        self._stack.push(ServiceEdit(text, write, self._old, new, self._after, refused.append))
        if refused:
            self.message.setText(refused[0])
            self.message.show()
            return
        self.accept()
