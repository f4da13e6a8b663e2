"""The window on a city database kept by a PostgreSQL server (run by the PostgreSQL pass)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from carapp.services.plans import list_plans
from carapp.ui.app import prepare_database
from carapp.ui.main_window import MainWindow

pytestmark = pytest.mark.postgresql_only


def test_the_window_opens_edits_and_backs_up_a_postgresql_database(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.engine.dialect.name == "postgresql" and window.model.rowCount() == 30
    assert window.manage.rename_to("Kế hoạch của thành phố")
    assert list_plans(window.engine)[0].title == "Kế hoạch của thành phố"
    target = tmp_path / "thanh-pho.dump"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    assert window.storage.ask_backup() == target
    assert target.read_bytes().startswith(b"PGDMP")
    assert "Đã sao lưu" in window.statusBar().currentMessage()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(target), ""))
    assert window.storage.ask_restore() is None
    shown = window.error_label.text()
    assert "pg_restore --clean" in shown and str(target) in shown
    assert window.successor is None


def test_the_window_is_given_the_server_by_carapp_db(db_url: str) -> None:
    engine = prepare_database(None)  # CARAPP_DB names this test's PostgreSQL database
    assert engine.dialect.name == "postgresql"
    assert engine.url.database == db_url.split("/")[-1].split("?")[0]
    engine.dispose()
