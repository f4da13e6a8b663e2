"""The "Thành phố" tab after packages came in: due dates, a unit's tasks, the consolidated report."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from carapp.domain.periods import PeriodKind
from carapp.services.sync.due_dates import due_dates
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.ui.city_dialogs import DueDatesDialog, UnitTasksDialog
from carapp.ui.city_models import UnitStatusModel, UnitTaskModel
from carapp.ui.city_view import CityView
from tests.services.test_sync_support import NOW
from tests.ui.support import Q1_2026, open_window
from tests.ui.sync_support import World, choose_files, city_view, press_button, shown


def _cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))


@pytest.fixture
def vietnam_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run as a computer set to Vietnam's time (times are shown in local time)."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def view(qtbot, world: World, city_settings) -> CityView:
    """Return the city tab on Quý I/2026, once BLV's package came in on 16/03/2026."""
    built = build_report_package(world.unit, Q1_2026, world.unit_signer, world.folder("usb"))
    [result] = import_packages(
        world.city, [built.path], world.city_signer, receipts_dir=world.folder("bn"), now=NOW
    )
    assert result.status == "accepted"
    window = open_window(qtbot, world.city, city_settings)
    shown_view = city_view(window)
    shown_view.set_period(Q1_2026)
    qtbot.waitUntil(lambda: _cell(shown_view.units_model, 0, 2) == "Quý I/2026 (số 1)")
    return shown_view


def test_due_date_decides_timeliness(qtbot, view: CityView, world: World, vietnam_time) -> None:
    units = view.units_model
    assert _cell(units, 0, UnitStatusModel.COL_TIMELY) == "Đúng hạn"  # 16/3, due 18/3
    assert _cell(units, 0, UnitStatusModel.COL_RECEIVED) == "16/03/2026 09:30 (+07:00)"
    dialog = view.open_due_dates()
    assert dialog is shown(DueDatesDialog)
    edit = dialog.edits[PeriodKind.Q1]
    assert edit.text() == "18/3"
    edit.setText("32/3")
    press_button(dialog.buttons, "Lưu")
    assert "Ngày hạn không hợp lệ" in dialog.message.text() and dialog.isVisible()
    edit.setText("15/3")
    press_button(dialog.buttons, "Lưu")
    assert not dialog.isVisible() and due_dates(world.city)[PeriodKind.Q1] == (3, 15)
    qtbot.waitUntil(lambda: _cell(units, 0, UnitStatusModel.COL_TIMELY) == "Muộn")
    assert "hạn nộp 15/03/2026" in view.units_box.title()


def test_double_click_on_a_unit_lists_its_tasks(qtbot, view: CityView) -> None:
    index = view.units_model.index(0, UnitStatusModel.COL_NAME)
    rect = view.units.visualRect(index)
    # Qt 6's QTest double click needs the press of a first click, as a real mouse gives.
    qtbot.mouseClick(view.units.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.units.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = shown(UnitTasksDialog)
    assert dialog.windowTitle() == "Nhiệm vụ của Ủy ban nhân dân đặc khu Bạch Long Vĩ — Quý I/2026"
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 30, timeout=30_000)
    progress = [_cell(dialog.model, r, UnitTaskModel.COL_PROGRESS) for r in range(30)]
    assert progress[:2] == ["Đã hoàn thành", "Đang thực hiện (40%)"]
    assert progress.count("Chưa báo cáo") == 28
    assert "2 nhiệm vụ đã báo cáo tiến độ kỳ này" in dialog.message.text()
    dialog.close()


def test_consolidated_report_exports_off_the_gui_thread(
    qtbot, view: CityView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tong-hop-quy-1.xlsx"
    choose_files(monkeypatch, target)
    view.export_button.click()
    qtbot.waitUntil(lambda: "Đã ghi báo cáo tổng hợp" in view.message.text(), timeout=60_000)
    assert not view.open_folder.isHidden()
    sheet = load_workbook(target).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Bạch Long Vĩ" in t for t in texts)
    view.work.start_export(tmp_path / "tong-hop.pdf")
    qtbot.waitUntil(lambda: "tong-hop.pdf" in view.message.text(), timeout=60_000)
    assert (tmp_path / "tong-hop.pdf").read_bytes().startswith(b"%PDF")
