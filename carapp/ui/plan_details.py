"""The plan details page: header and signature fields, units, targets and their measurements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy import Engine

from carapp.db.models import Unit
from carapp.domain.periods import ReportingPeriod, period_for
from carapp.services.common import current_user
from carapp.services.plans import (
    create_target,
    delete_measurement,
    delete_target,
    get_plan,
    list_sections,
    list_targets,
    plan_measurements,
    restore_target,
    set_measurement,
    update_plan,
    update_target,
)
from carapp.services.units import create_unit, delete_unit, list_units, own_unit, update_unit
from carapp.ui.own_unit_dialog import OwnUnitDialog
from carapp.ui.plan_details_commands import ServiceEdit, Writer
from carapp.ui.plan_details_form import LABELS, PlanForm
from carapp.ui.plan_details_targets import (
    COMPARATORS,
    TargetRow,
    TargetsPanel,
    TargetTableModel,
)
from carapp.ui.plan_details_units import UnitsPanel

TARGET_LABELS = {
    "text": "chỉ tiêu",
    "indicator": "chỉ số",
    "comparator": "cách so sánh",
    "value": "giá trị chỉ tiêu",
    "unit": "đơn vị tính",
    "baseline": "mốc so sánh",
}
UNIT_LABELS = {"name": "tên đơn vị", "kind": "loại đơn vị"}


class PlanDetailsWidget(QWidget):
    """Edit a plan's details; every edit is one undoable command saved at once."""

    changed = Signal()

    def __init__(
        self, engine: Engine, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._engine, self._stack = engine, undo_stack
        self._plan_id: str | None = None
        self._period = period_for(date.today())
        self.message_label = QLabel()
        self.message_label.setStyleSheet("color: #c62828")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.form = PlanForm()
        self.units = UnitsPanel()
        self.targets_model = TargetTableModel(self)
        self.targets_panel = TargetsPanel(self.targets_model)
        self.targets_table = self.targets_panel.table
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Thông tin kế hoạch")
        self.tabs.addTab(self.targets_panel, "Chỉ tiêu")
        self.tabs.addTab(self.units, "Đơn vị")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        self._connect_signals()
        self.form.load(None)
        self._load_units()

    def _connect_signals(self) -> None:
        self.form.edited.connect(self._on_plan_edited)
        self.form.invalid.connect(self.show_message)
        self.targets_model.target_edit_requested.connect(self._on_target_edited)
        self.targets_model.measurement_edit_requested.connect(self._on_measured)
        self.targets_model.invalid.connect(self.show_message)
        self.targets_panel.add_requested.connect(self._on_target_added)
        self.targets_panel.delete_requested.connect(self._on_target_deleted)
        self.targets_panel.invalid.connect(self.show_message)
        self.units.model.edit_requested.connect(self._on_unit_edited)
        self.units.add_requested.connect(self._on_unit_added)
        self.units.setup_requested.connect(self.edit_unit_setup)

    @property
    def plan_id(self) -> str | None:
        """Return the plan shown."""
        return self._plan_id

    @property
    def period(self) -> ReportingPeriod:
        """Return the period whose measurements the targets table shows."""
        return self._period

    def set_plan(self, plan_id: str | None) -> None:
        """Show a plan's details and targets (nothing for None)."""
        self._plan_id = plan_id
        self.show_message("")
        self._load_plan()
        self._load_targets()
        self._load_units()  # a unit may have been set up or imported meanwhile

    def set_period(self, period: ReportingPeriod) -> None:
        """Show the targets' actual values and notes for another period."""
        self._period = period
        self._load_targets()

    def show_message(self, text: str) -> None:
        """Show (or, with '', hide) why an edit was refused."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _load_plan(self) -> None:
        self.form.load(get_plan(self._engine, self._plan_id) if self._plan_id else None)
        sections = list_sections(self._engine, self._plan_id) if self._plan_id else []
        self.targets_panel.set_sections(sections)

    def _load_units(self) -> None:
        own = own_unit(self._engine)
        self.units.set_units(list_units(self._engine), own.code if own else "")

    def _load_targets(self) -> None:
        rows = []
        if self._plan_id:
            measured = plan_measurements(self._engine, self._plan_id, self._period)
            for section, target in list_targets(self._engine, self._plan_id):
                rows.append(TargetRow(section.numeral, target, measured.get(target.id)))
        self.targets_model.set_rows(rows, self._period)

    def _push(
        self, text: str, write: Writer, old: Any, new: Any, reload: Callable[[], None]
    ) -> None:
        self.show_message("")

        def after() -> None:
            # The stack may outlive this page (undo after the page was closed): the write
            # is done; there is just nothing left to show it on.
            if shiboken6.isValid(self):
                reload()
                self.changed.emit()

        def report(message: str) -> None:
            if shiboken6.isValid(self):
                self.show_message(message)

        self._stack.push(ServiceEdit(text, write, old, new, after, report))

    def _on_plan_edited(self, field: str, value: Any) -> None:
        plan_id, who = self._plan_id, current_user()
        assert plan_id is not None

        def write(v: Any) -> None:
            update_plan(self._engine, who, plan_id, **{field: v})

        old = self.form.stored(field)
        self._push(f"Sửa {LABELS[field].lower()}", write, old, value, self._load_plan)

    def _on_target_edited(self, target_id: str, field: str, value: Any) -> None:
        who = current_user()
        row = next(r for r in self._rows() if r.target.id == target_id)

        def write(v: Any) -> None:
            update_target(self._engine, who, target_id, **{field: v})

        if field == "comparator" and value not in COMPARATORS:
            return
        old = getattr(row.target, field)
        self._push(f"Sửa {TARGET_LABELS[field]}", write, old, value, self._load_targets)

    def _on_measured(self, target_id: str, actual: float | None, note: str) -> None:
        who, period = current_user(), self._period
        row = next(r for r in self._rows() if r.target.id == target_id)
        measured = row.measurement
        # None: the period had no measurement; undoing the first one removes it again.
        old = (measured.actual_value, measured.note) if measured else None

        def write(v: tuple[float | None, str] | None) -> None:
            if v is None:
                delete_measurement(self._engine, who, target_id, period)
            else:
                set_measurement(self._engine, who, target_id, period, v[0], v[1])

        text = f"Ghi kết quả chỉ tiêu kỳ {period.label}"
        self._push(text, write, old, (actual, note), self._load_targets)

    def _on_unit_edited(self, unit_id: str, field: str, value: str) -> None:
        who = current_user()
        unit = next(u for u in list_units(self._engine) if u.id == unit_id)

        def write(v: str) -> None:
            update_unit(self._engine, who, unit_id, **{field: v})

        old = getattr(unit, field)
        self._push(f"Sửa {UNIT_LABELS[field]}", write, old, value, self._load_units)

    def _on_target_added(self, section_id: str, fields: dict[str, Any]) -> None:
        who = current_user()
        done: dict[str, Any] = {}

        def write(present: bool) -> None:
            # Redo after undo puts back the very target (same id) that undo took away.
            if not present:
                done["snapshot"] = delete_target(self._engine, who, done["id"])
            elif "snapshot" in done:
                restore_target(self._engine, who, done["snapshot"])
                del done["snapshot"]
            else:
                done["id"] = create_target(self._engine, who, section_id, **fields).id

        self._push("Thêm chỉ tiêu", write, False, True, self._load_targets)
        if "id" in done:
            self.targets_panel.clear_new()

    def _on_target_deleted(self, target_id: str) -> None:
        row = next(r for r in self._rows() if r.target.id == target_id)
        if not self._confirm_delete(row):
            return
        who = current_user()
        done: dict[str, Any] = {}

        def write(present: bool) -> None:
            if present:
                restore_target(self._engine, who, done["snapshot"])
            else:
                done["snapshot"] = delete_target(self._engine, who, target_id)

        self._push("Xóa chỉ tiêu", write, True, False, self._load_targets)

    def _confirm_delete(self, row: TargetRow) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Xóa chỉ tiêu")
        box.setText(f"Xóa chỉ tiêu của mục {row.numeral}?")
        box.setInformativeText(
            f"{row.target.text[:200]}\n\nKết quả đã ghi của chỉ tiêu cũng bị xóa. "
            "Có thể hoàn tác bằng Ctrl+Z."
        )
        yes = box.addButton("Xóa", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Không xóa", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def _on_unit_added(self, code: str, name: str, kind: str, parent_code: str) -> None:
        who = current_user()
        done: dict[str, Any] = {}

        def write(present: bool) -> None:
            # Redo after undo adds the unit back under the id it had, so that later edits of
            # it on the stack still find it.
            if present:
                unit = create_unit(
                    self._engine, who, code, name, kind, parent_code, unit_id=done.get("id")
                )
                done["id"] = unit.id
            else:
                delete_unit(self._engine, who, done["id"])

        self._push("Thêm đơn vị", write, False, True, self._load_units)
        if "id" in done:
            self.units.clear_new()

    def edit_unit_setup(self, unit: Unit) -> OwnUnitDialog:
        """Open a unit's letterhead and signer for editing (one undoable edit when saved)."""
        dialog = OwnUnitDialog(
            self._engine, current_user(), self._stack, self._after_unit_setup, self, unit
        )
        dialog.open()
        return dialog

    def _after_unit_setup(self) -> None:
        if shiboken6.isValid(self):
            self._load_units()
            self.changed.emit()

    def _rows(self) -> list[TargetRow]:
        model = self.targets_model
        return [model.row_at(i) for i in range(model.rowCount())]
