"""The GUI starts on an empty database, loads the sample and shows the plan."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from carapp.ui.app import prepare_database
from tests.ui.support import open_window


def test_first_start_loads_sample_and_shows_plan(
    qtbot: QtBot, db_path: Path, settings: QSettings
) -> None:
    engine = prepare_database(str(db_path))
    window = open_window(qtbot, engine, settings)
    assert "Bạch Long Vĩ" in window.plan_label.text()
    assert window.model.rowCount() == 30
    assert window.model.index(5, 1).data().startswith("Niêm yết công khai")
    assert not window.plan_combo.isVisibleTo(window)  # one plan: no plan selector
    assert window.period_combo.currentText() == "6 tháng 2026"
    tree = window.page.tree.model()
    root = tree.index(0, 0)
    assert root.data() == "Tất cả nhiệm vụ (30)"
    assert [tree.index(i, 0, root).data() for i in range(tree.rowCount(root))][:2] == [
        "I. CẢI CÁCH THỂ CHẾ (5)",
        "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH (7)",
    ]
