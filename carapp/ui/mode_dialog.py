"""Chế độ làm việc: this database works as a unit (sends reports) or as the city (receives)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.services.common import ServiceError
from carapp.services.sync.setup import SyncSettings, set_mode, sync_settings
from carapp.services.units import list_units
from carapp.ui.key_fields import KEY_FILTER, PathField


class ModeDialog(QDialog):
    """Choose the mode and the unit this database speaks for; saved at once when accepted."""

    mode_changed = Signal(object)  # the new SyncSettings

    def __init__(self, engine: Engine, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chế độ làm việc")
        self._engine, self._who = engine, who
        current = sync_settings(engine)
        self.unit_mode = QRadioButton("Đơn vị — ghi tiến độ, lập và gửi gói báo cáo cho thành phố")
        self.city_mode = QRadioButton(
            "Thành phố — nhận, xác minh, tổng hợp báo cáo của các đơn vị; giao nhiệm vụ"
        )
        (self.city_mode if current.is_city else self.unit_mode).setChecked(True)
        self.own_unit = QComboBox()
        self.own_unit.setAccessibleName("Đơn vị của cơ sở dữ liệu này")
        self.own_unit.addItem("— Chưa đặt —", "")
        for unit in list_units(engine):
            self.own_unit.addItem(f"{unit.code} — {unit.name}", unit.code)
        self.own_unit.setCurrentIndex(max(self.own_unit.findData(current.own_unit_code), 0))
        self.key_file = PathField("open", "Tệp khóa ký mặc định", KEY_FILTER)
        self.key_file.set_path(current.key_file)
        self.message = QLabel(
            "Ở chế độ thành phố, cửa sổ có thêm trang “Thành phố”; dữ liệu của đơn vị chỉ thay đổi "
            "khi nhập gói báo cáo của đơn vị đó."
        )
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Đơn vị của cơ sở dữ liệu này:", self.own_unit)
        form.addRow("Tệp khóa ký mặc định:", self.key_file)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Cơ sở dữ liệu này làm việc ở chế độ:"))
        layout.addWidget(self.unit_mode)
        layout.addWidget(self.city_mode)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def save(self) -> None:
        """Save the mode, the own unit and the key file; say why when refused."""
        mode = "city" if self.city_mode.isChecked() else "unit"
        code = str(self.own_unit.currentData() or "")
        try:
            saved: SyncSettings = set_mode(
                self._engine, self._who, mode, code or None, self.key_file.path() or None
            )
        except ServiceError as exc:
            self.message.setText(str(exc))
            return
        self.mode_changed.emit(saved)
        self.accept()
