"""The GUI starts on the officer's database as it is; the sample lives in the demo database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from carapp.cli.main import main
from carapp.services.demo import demo_path, is_demo
from carapp.services.plans import list_plans
from carapp.ui.app import prepare_database
from tests.ui.support import open_window


def test_first_start_leaves_an_empty_database_empty(
    qtbot: QtBot, db_path: Path, settings: QSettings
) -> None:
    engine = prepare_database(str(db_path))
    window = open_window(qtbot, engine, settings)
    assert list_plans(engine) == []
    assert window.stack.currentWidget() is window.welcome
    assert not demo_path().exists()


def test_demo_start_shows_the_sample_in_its_own_file(qtbot: QtBot, settings: QSettings) -> None:
    engine = prepare_database(None, demo=True)
    assert is_demo(engine) and demo_path().name == "carapp-mau.sqlite3"
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
    again = prepare_database(None, demo=True)  # a second start does not add the sample twice
    assert len(list_plans(again)) == 1


def test_demo_option_is_for_the_window_only(capsys) -> None:
    assert main(["--demo", "plan", "list"]) == 1
    assert "--demo" in capsys.readouterr().err
