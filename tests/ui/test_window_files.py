"""Import and export are reachable from the main window's File menu and keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carapp.services.plans import list_plans
from carapp.ui.export_dialog import ExportDialog
from carapp.ui.import_dialog import ImportDialog
from tests.conftest import FIXTURES


def _dialog(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1
    return found[0]


def test_ctrl_e_opens_export_for_the_shown_period(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(ExportDialog)
    assert isinstance(dialog, ExportDialog)
    assert dialog.period.currentText() == window.period_combo.currentText()
    dialog.close()


def test_import_from_menu_adds_a_plan_and_shows_it(qtbot, window, sample_engine) -> None:
    window.actions_.import_file.trigger()
    dialog = _dialog(ImportDialog)
    assert isinstance(dialog, ImportDialog)
    dialog.file.setText(str(FIXTURES / "importers" / "bach-long-vi-phu-luc.xlsx"))
    dialog.read_button.click()
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=30_000)
    dialog.owner.setCurrentIndex(dialog.owner.findData("BLV"))
    dialog.title.setText("Kế hoạch từ Excel")
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as blocker:
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: not window.tasks.loading)
    assert len(list_plans(sample_engine)) == 2
    assert window.plan_combo.currentData() == blocker.args[0]
    assert "Kế hoạch từ Excel" in window.plan_label.text()
    assert "Kế hoạch Kế hoạch" not in window.plan_label.text()  # the heading never doubles it
    dialog.close()


def test_export_from_window_writes_pdf(qtbot, window, tmp_path: Path) -> None:
    dialog = window.open_export_dialog()
    assert dialog is not None
    dialog.destination.setText(str(tmp_path / "phu-luc.pdf"))
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export_button.click()
    assert (tmp_path / "phu-luc.pdf").read_bytes().startswith(b"%PDF")
    dialog.close()
