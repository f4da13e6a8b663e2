"""The GUI starts on an empty database, loads the sample and shows the plan's name."""

from __future__ import annotations

from pathlib import Path

from carapp.ui.app import prepare_database
from carapp.ui.main_window import MainWindow


def test_first_start_loads_sample_and_shows_plan(qtbot, db_path: Path) -> None:
    engine = prepare_database(str(db_path))
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    assert "Bạch Long Vĩ" in window.plan_label.text()
    assert window.model.rowCount() == 30
    assert window.model.index(5, 1).data().startswith("Niêm yết công khai")
