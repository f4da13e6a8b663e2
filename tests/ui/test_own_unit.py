"""Tệp → Đơn vị của tôi…: the own unit's set-up edited in the window, undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.services.first_start import UnitSetup, own_unit_setup, set_up_own_unit
from carapp.services.units import set_own_unit, unit_by_code
from carapp.ui.main_window import DETAILS_TAB, MainWindow
from carapp.ui.own_unit_dialog import OwnUnitDialog
from tests.ui.support import focus, type_text
from tests.ui.sync_support import shown


def test_edit_the_signer_then_undo(qtbot: QtBot, engine: Engine) -> None:
    set_up_own_unit(engine, "tester", UnitSetup("MD", "Ủy ban nhân dân xã Mao Điền", "commune"))
    stack, reloads = QUndoStack(), []
    dialog = OwnUnitDialog(engine, "tester", stack, lambda: reloads.append(1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.edits["code"].isReadOnly()  # the code travels in packages: kept
    focus(dialog.form.edits["sign_name"])
    type_text(dialog.form.edits["sign_name"], "Trần Thị Hà")
    dialog.save()
    setup = own_unit_setup(engine)
    assert setup is not None and setup.sign_name == "Trần Thị Hà" and reloads
    assert stack.undoText() == "Sửa thông tin đơn vị của tôi"
    stack.undo()
    setup = own_unit_setup(engine)
    assert setup is not None and setup.sign_name == ""


def test_refused_set_up_keeps_the_dialog_open(qtbot: QtBot, engine: Engine) -> None:
    dialog = OwnUnitDialog(engine, "tester", QUndoStack(), lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    focus(dialog.form.edits["code"])
    type_text(dialog.form.edits["code"], "MD")
    dialog.save()
    assert dialog.isVisible() and "tên đầy đủ" in dialog.message.text()
    assert own_unit_setup(engine) is None


def test_any_units_letterhead_and_signer_from_the_units_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    details = window.plan_details
    window.tabs.setCurrentIndex(DETAILS_TAB)
    details.tabs.setCurrentWidget(details.units)
    units = details.units
    row = next(r for r in range(units.model.rowCount()) if units.model.unit_at(r).code == "BLV")
    units.table.setCurrentIndex(units.model.index(row, 1))
    qtbot.mouseClick(units.setup_button, Qt.MouseButton.LeftButton)
    dialog = shown(OwnUnitDialog)
    assert dialog.windowTitle() == "Thông tin đơn vị BLV"
    focus(dialog.form.edits["sign_post"])
    type_text(dialog.form.edits["sign_post"], "CHỦ TỊCH")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert unit_by_code(window.engine, "BLV").sign_post == "CHỦ TỊCH"
    assert window.undo_stack.undoText() == "Sửa thông tin đơn vị"
    window.undo_stack.undo()
    assert unit_by_code(window.engine, "BLV").sign_post == ""


def test_own_unit_is_marked_in_the_units_tab(window: MainWindow) -> None:
    set_own_unit(window.engine, "tester", "BLV")
    window.reload()
    model = window.plan_details.units.model
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert "Ủy ban nhân dân đặc khu Bạch Long Vĩ (đơn vị của tôi)" in names
