"""Tệp → Đơn vị của tôi…: the own unit's set-up edited in the window, undoable."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.services.first_start import UnitSetup, own_unit_setup, set_up_own_unit
from carapp.ui.own_unit_dialog import OwnUnitDialog
from tests.ui.support import focus, type_text


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
