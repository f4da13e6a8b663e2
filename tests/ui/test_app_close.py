"""After the window closes, a copy of the .sqlite3 file alone holds every change made in it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

import carapp.ui.main_window
from carapp.services.tasks import find_task, update_task
from carapp.ui.app import run_gui


class _Window:
    """Stands in for the main window: keeps the engine the app opened."""

    engine: Any = None

    def __init__(self, engine: Any, **_options: Any) -> None:
        _Window.engine = engine

    def show(self) -> None:
        """Nothing to show offscreen."""


def test_closing_the_window_folds_the_wal_into_the_file(
    sample_engine: Engine, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_engine.dispose()  # the sample was loaded explicitly: carapp no longer adds it

    def session_of_work(_app: QApplication) -> int:
        engine = _Window.engine
        update_task(engine, "tester", find_task(engine, "6").id, output="ghi trong cửa sổ")
        return 0

    monkeypatch.setattr(carapp.ui.main_window, "MainWindow", _Window)
    monkeypatch.setattr(QApplication, "exec", session_of_work)
    assert run_gui(str(db_path)) == 0
    (tmp_path / "usb").mkdir()
    copy = shutil.copy(db_path, tmp_path / "usb" / db_path.name)
    with sqlite3.connect(copy) as conn:
        outputs = [r[0] for r in conn.execute("SELECT output FROM task")]
    conn.close()
    assert "ghi trong cửa sổ" in outputs
