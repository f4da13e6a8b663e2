"""The task table shows the outline: sub-items indented behind their marker, headings apart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from carapp.services.importing import preview_appendix
from carapp.ui.import_models import AppendixPreviewModel
from carapp.ui.main_window import MainWindow
from carapp.ui.task_rows import COL_CONTENT, COL_DERIVED, COL_NUMBER, COL_STATUS
from carapp.ui.task_table import INDENT
from tests.outline_plan import import_outline_plan, outline_file
from tests.ui.support import focus, open_window, type_text


def _window(qtbot: QtBot, engine: Engine, settings: QSettings, tmp_path: Path) -> MainWindow:
    import_outline_plan(engine, tmp_path)
    return open_window(qtbot, engine, settings)


def _shown(window: MainWindow, column: int) -> list[str]:
    model = window.model
    return [model.data(model.index(i, column)) for i in range(model.rowCount())]


def test_sub_items_are_indented_behind_their_marker_and_headings_stand_out(
    qtbot: QtBot, engine: Engine, settings: QSettings, tmp_path: Path
) -> None:
    window = _window(qtbot, engine, settings, tmp_path)
    model = window.model

    assert _shown(window, COL_CONTENT) == [
        "Rà soát, đơn giản hóa TTHC",
        f"{INDENT}- Rà soát, đánh giá TTHC nội bộ",
        f"{INDENT}- Cắt giảm quy định kinh doanh",
        "Công khai thủ tục hành chính",
        f"{INDENT}Niêm yết công khai tại bộ phận một cửa",
        f"{INDENT}Cập nhật Cổng dịch vụ công",
        "Kiểm tra công tác CCHC",
    ]
    heading = model.index(3, COL_CONTENT)
    assert model.data(heading, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(3, COL_STATUS)) == ""
    assert model.data(model.index(3, COL_DERIVED)) == "Chưa đến hạn"  # the children's roll-up
    assert "thuộc mục 2" in model.data(model.index(4, COL_NUMBER), Qt.ItemDataRole.ToolTipRole)
    assert window.page.shown_label.text() == "Đang hiện 6/6 nhiệm vụ"


def test_a_sub_item_found_by_search_is_shown_under_its_heading(
    qtbot: QtBot, engine: Engine, settings: QSettings, tmp_path: Path
) -> None:
    window = _window(qtbot, engine, settings, tmp_path)
    focus(window.page.filters.search)

    type_text(window.page.filters.search, "niêm yết")

    assert _shown(window, COL_CONTENT) == [
        "Công khai thủ tục hành chính",
        f"{INDENT}Niêm yết công khai tại bộ phận một cửa",
    ]
    assert window.page.shown_label.text() == "Đang hiện 1/6 nhiệm vụ"


def test_the_task_panel_shows_the_parent_and_a_heading_takes_no_progress(
    qtbot: QtBot, engine: Engine, settings: QSettings, tmp_path: Path
) -> None:
    window = _window(qtbot, engine, settings, tmp_path)
    model = window.model

    window.tasks.select_task(model.row_at(4).id)
    assert window.page.task_panel.outline.text() == "2. Công khai thủ tục hành chính"
    assert window.page.progress_panel.status.isEnabled()

    window.tasks.select_task(model.row_at(3).id)
    assert "dòng tiêu đề nhóm" in window.page.task_panel.outline.text()
    assert not window.page.progress_panel.status.isEnabled()
    assert "Không ghi tiến độ cho nhóm" in window.page.progress_panel.title.text()


def test_the_import_preview_shows_sub_items_under_their_item(
    engine: Engine, tmp_path: Path
) -> None:
    model = AppendixPreviewModel(preview_appendix(engine, outline_file(tmp_path)))

    cells = [(model.data(model.index(i, 1)), model.data(model.index(i, 2))) for i in range(3)]

    assert cells == [
        ("1", "Rà soát, đơn giản hóa TTHC"),
        ("-", f"{INDENT}Rà soát, đánh giá TTHC nội bộ"),
        ("-", f"{INDENT}Cắt giảm quy định kinh doanh"),
    ]
