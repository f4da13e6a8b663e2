"""An officer's first start on an empty database, from the window alone: welcome page → set up
the unit → import the unit's own appendix from Word → record progress → print the report. The
sample plan never enters that database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.db.migrate import open_database
from carapp.domain.status import RecordedStatus
from carapp.services.demo import is_demo
from carapp.services.plans import get_plan, list_plans
from carapp.services.progress import progress_for
from carapp.services.sample import load_sample
from carapp.services.units import list_units
from carapp.ui.app import prepare_database
from carapp.ui.export_dialog import ExportDialog
from carapp.ui.import_dialog import ImportDialog
from carapp.ui.main_window import MainWindow
from tests.importers.files import Builder, Table
from tests.ui.support import H1_2026, choose, click_task, focus, open_window, press, type_text
from tests.ui.sync_support import shown

HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
ROWS = [
    HEADER,
    ["I", "CẢI CÁCH THỂ CHẾ"],
    ["1", "Rà soát văn bản quy phạm pháp luật của xã", "Văn phòng HĐND và UBND", "", "Hằng năm"],
    ["2", "Kiểm tra việc thi hành pháp luật", "Văn phòng HĐND và UBND", "", "2026-2030"],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
    ["3", "Niêm yết thủ tục hành chính tại bộ phận một cửa", "Bộ phận một cửa", "", "2026"],
]


@pytest.fixture
def sample_engine_file(tmp_path: Path) -> Path:
    """Return a data file holding the sample plan, as copied from another computer."""
    path = tmp_path / "may-khac.sqlite3"
    other = open_database(path)
    load_sample(other, "tester")
    other.dispose()
    return path


def _appendix(folder: Path) -> Path:
    merges = [(1, 0, 1, 4), (4, 0, 4, 4)]
    return Builder(folder).docx(
        "phu-luc-mao-dien.docx",
        "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN",
        "PHỤ LỤC",
        "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026 - 2030",
        Table(ROWS, merges),
    )


def _type_into(edit: QLineEdit, text: str) -> None:
    focus(edit)
    type_text(edit, text)


def _set_up_unit(window: MainWindow) -> None:
    form = window.welcome.unit_form
    _type_into(form.edits["code"], "MD")
    _type_into(form.edits["name"], "Ủy ban nhân dân xã Mao Điền")
    choose(form.kind, "Xã")
    _type_into(form.edits["parent_body"], "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG")
    focus(form.letterhead)
    type_text(form.letterhead, "ỦY BAN NHÂN DÂN")
    press(form.letterhead, Qt.Key.Key_Return)
    type_text(form.letterhead, "XÃ MAO ĐIỀN")
    _type_into(form.edits["place"], "Mao Điền")
    _type_into(form.edits["sign_authority"], "TM. ỦY BAN NHÂN DÂN")
    _type_into(form.edits["sign_post"], "CHỦ TỊCH")
    _type_into(form.edits["sign_name"], "Nguyễn Văn Bình")


def test_from_welcome_to_a_printed_report(
    qtbot: QtBot, engine: Engine, db_path: Path, settings: QSettings, tmp_path: Path
) -> None:
    window = open_window(qtbot, engine, settings)
    assert window.stack.currentWidget() is window.welcome

    _set_up_unit(window)
    qtbot.mouseClick(window.welcome.import_appendix, Qt.MouseButton.LeftButton)
    dialog = shown(ImportDialog)
    assert dialog.owner.currentData() == "MD"
    dialog.file.setText(str(_appendix(tmp_path)))
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.apply_button.isEnabled, timeout=30_000)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    dialog.close()
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 1)
    assert window.model.rowCount() == 3
    assert "Mao Điền" in window.plan_label.text()

    task = click_task(qtbot, window, "3")
    choose(window.page.progress_panel.status, "Đã hoàn thành")
    record = progress_for(engine, task.id, H1_2026)
    assert record is not None and record.status is RecordedStatus.DONE

    export = window.open_export_dialog()
    assert isinstance(export, ExportDialog)
    target = tmp_path / "bao-cao.pdf"
    export.document.setCurrentIndex(export.document.findData("report"))
    export.destination.setText(str(target))
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and export.export_button.isEnabled(), timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")

    [plan] = list_plans(engine)  # the unit's own plan, nothing of the sample
    assert plan.owner_code == "MD"
    assert not {"BLV", "HP"} & {u.code for u in list_units(engine)}  # the sample's units
    unit = next(u for u in list_units(engine) if u.code == "MD")
    assert (unit.kind, unit.letterhead, unit.sign_name) == (
        "commune",
        "ỦY BAN NHÂN DÂN\nXÃ MAO ĐIỀN",
        "Nguyễn Văn Bình",
    )
    assert get_plan(engine, plan.id).start_year == 2026

    window.close()  # the data file alone, copied now, holds every change
    copy = tmp_path / "ban-chep.sqlite3"
    shutil.copy(db_path, copy)
    copied = open_database(copy)
    assert [p.owner_code for p in list_plans(copied)] == ["MD"]
    done = progress_for(copied, task.id, H1_2026)
    assert done is not None and done.status is RecordedStatus.DONE
    copied.dispose()


def test_empty_plan_then_welcome_no_longer_shown(
    qtbot: QtBot, engine: Engine, settings: QSettings
) -> None:
    window = open_window(qtbot, engine, settings)
    page = window.welcome
    _type_into(page.unit_form.edits["code"], "md")
    assert page.unit_form.edits["code"].text() == "MD"  # codes are capitals, as packages need
    qtbot.mouseClick(page.start_empty, Qt.MouseButton.LeftButton)
    assert "tên đầy đủ" in page.message.text()  # refused: nothing written
    assert list_plans(engine) == [] and list_units(engine) == []
    _type_into(page.unit_form.edits["name"], "Ủy ban nhân dân xã Mao Điền")
    qtbot.mouseClick(page.start_empty, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == 1
    [plan] = list_plans(engine)
    assert (plan.start_year, plan.end_year) == (2026, 2030)
    assert window.page.tree.model().index(0, 0).data() == "Tất cả nhiệm vụ (0)"
    assert window.page.empty_state.isVisible()
    again = open_window(qtbot, engine, settings)
    assert again.stack.currentIndex() == 1


def test_open_an_existing_data_file_moves_the_window_to_it(
    qtbot: QtBot,
    engine: Engine,
    sample_engine_file: Path,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, engine, settings)
    not_data = tmp_path / "ghi-chu.sqlite3"
    not_data.write_text("không phải cơ sở dữ liệu")
    assert window.first_start.open_existing(not_data) is None
    assert "không phải là cơ sở dữ liệu" in window.welcome.message.text()
    moved = window.first_start.open_existing(sample_engine_file)
    assert moved is not None and window.successor is moved and not window.isVisible()
    qtbot.addWidget(moved)
    qtbot.waitUntil(lambda: moved.model.rowCount() == 30)
    assert moved.stack.currentIndex() == 1
    assert list_plans(engine) == []  # the empty database stays empty
    monkeypatch.delenv("CARAPP_DB")
    again = prepare_database(None, settings=settings)  # the next start opens that file
    assert again.url.database == str(sample_engine_file)


def test_try_the_sample_in_the_demo_database_only(
    qtbot: QtBot, engine: Engine, settings: QSettings
) -> None:
    window = open_window(qtbot, engine, settings)
    qtbot.mouseClick(window.welcome.try_demo, Qt.MouseButton.LeftButton)
    demo = window.successor
    assert demo is not None
    qtbot.addWidget(demo)
    qtbot.waitUntil(lambda: demo.model.rowCount() == 30)
    assert is_demo(demo.engine) and "Bạch Long Vĩ" in demo.plan_label.text()
    assert "dữ liệu mẫu" in demo.windowTitle()
    assert list_plans(engine) == [] and list_units(engine) == []
