"""Search as you type, filters, Vietnamese sort order and the reporting-period selector."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carapp.domain.bounds import MAX_SEARCH_LENGTH
from carapp.domain.status import RecordedStatus
from carapp.domain.text import fold
from carapp.services.progress import set_progress
from carapp.services.tasks import find_task
from carapp.ui.main_window import MainWindow
from carapp.ui.task_rows import COL_LEAD
from tests.ui.support import (
    H1_2026,
    Q1_2026,
    choose,
    click_task,
    focus,
    press,
    shown_numbers,
    type_text,
)


def test_search_ignores_accents_and_case(window: MainWindow) -> None:
    search = window.page.filters.search
    press(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    type_text(search, "thu tuc")
    unaccented = shown_numbers(window)
    assert unaccented and len(unaccented) < 30
    for row in window.model.shown_rows():
        assert "thu tuc" in fold(" ".join((row.view.content, row.view.lead, row.view.output)))
    assert "6" in unaccented  # "Niêm yết công khai kịp thời các quy định thủ tục hành chính"

    search.selectAll()
    type_text(search, "THỦ TỤC")
    assert shown_numbers(window) == unaccented
    assert window.page.shown_label.text() == f"Đang hiện {len(unaccented)}/30 nhiệm vụ"
    press(search, Qt.Key.Key_Escape)
    assert len(shown_numbers(window)) == 30


def test_search_keeps_the_task_being_edited_when_it_matches(
    qtbot: QtBot, window: MainWindow
) -> None:
    task = click_task(qtbot, window, "25")
    focus(window.page.filters.search)
    type_text(window.page.filters.search, "hôn nhân")
    assert shown_numbers(window) == ["25"]
    assert window.tasks.current_id == task.id


def test_filter_by_reform_area(window: MainWindow) -> None:
    choose(window.page.filters.area, "Cải cách thủ tục hành chính")
    assert shown_numbers(window) == [str(n) for n in range(6, 13)]
    assert all(r.view.section_numeral == "II" for r in window.model.shown_rows())


def test_filter_by_lead_unit(window: MainWindow) -> None:
    leads = [window.page.filters.lead.itemText(i) for i in range(window.page.filters.lead.count())]
    assert leads[0] == "Mọi đơn vị chủ trì"
    assert "Công an đặc khu Bạch Long Vĩ" in leads
    choose(window.page.filters.lead, "Công an đặc khu Bạch Long Vĩ")
    assert shown_numbers(window) == ["25"]
    choose(window.page.filters.lead, "Phòng Kinh tế")
    assert shown_numbers(window) == ["20", "21"]


def test_filter_by_derived_status(window: MainWindow) -> None:
    task = find_task(window.engine, "11")
    set_progress(window.engine, "tester", task.id, H1_2026, status=RecordedStatus.IN_PROGRESS)
    window.reload()
    choose(window.page.filters.derived, "Đang thực hiện trong hạn")
    assert shown_numbers(window) == ["11"]
    choose(window.page.filters.derived, "Chưa đến hạn")
    assert len(shown_numbers(window)) == 29


def test_filters_combine_with_the_section_tree(window: MainWindow) -> None:
    window.page.tree.choose(window.tasks.sections[5].id)  # VI. digital government
    assert shown_numbers(window) == ["22", "23", "24", "25", "26"]
    focus(window.page.filters.search)
    type_text(window.page.filters.search, "so")
    assert set(shown_numbers(window)) <= {"22", "23", "24", "25", "26"}
    window.actions_.clear_filters.trigger()
    assert len(shown_numbers(window)) == 30


def test_lead_column_sorts_in_vietnamese_order(qtbot: QtBot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + _header_center(window, COL_LEAD),
    )
    leads = [r.view.lead for r in window.model.shown_rows()]
    firsts = [lead.split()[0] for lead in leads]
    # "Các …" < "Công an" < "Phòng …" < "Trung tâm …" < "Văn phòng …": C, P, T, V in order,
    # and within C, "Các" (a with acute) before "Công" (o with circumflex).
    assert firsts.index("Các") < firsts.index("Công")
    order = [w[0] for w in firsts]
    assert order == sorted(order)
    assert window.model.row_at(0).view.lead.startswith("Các")
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + _header_center(window, COL_LEAD),
    )
    assert window.model.row_at(0).view.lead.startswith("Văn phòng")


def _header_center(window: MainWindow, column: int):  # type: ignore[no-untyped-def]
    header = window.table.horizontalHeader()
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_period_selector_changes_what_is_shown_and_edited(qtbot: QtBot, window: MainWindow) -> None:
    task = find_task(window.engine, "6")
    set_progress(
        window.engine, "tester", task.id, Q1_2026, status=RecordedStatus.IN_PROGRESS, percent=30
    )
    set_progress(
        window.engine,
        "tester",
        task.id,
        H1_2026,
        status=RecordedStatus.DONE,
        completed_on=date(2026, 3, 15),
    )
    window.reload()
    click_task(qtbot, window, "6")
    row = window.model.row_of(task.id)
    assert window.model.index(row, 7).data() == "Đã hoàn thành"
    assert window.page.progress_panel.title.text().startswith("<b>Tiến độ kỳ báo cáo 6 tháng 2026")

    choose(window.period_combo, "Quý I/2026")
    assert window.period() == Q1_2026
    assert window.model.index(window.model.row_of(task.id), 7).data() == "Đang thực hiện · 30 %"
    assert "đánh giá tại ngày 14/03/2026" in window.summary_label.text()  # the period has closed
    panel = window.page.progress_panel
    assert panel.status.currentText() == "Đang thực hiện"
    assert panel.percent.value() == 30
    history = window.page.progress_history
    assert history.index(0, 0).data() == "6 tháng 2026"
    assert history.index(0, 3).data() == "15/03/2026"
    assert window.plan_details.period == Q1_2026

    choose(window.period_combo, "Quý III/2026")
    assert "Kỳ này chưa ghi; đang hiện trạng thái của kỳ 6 tháng 2026" in panel.title.text()
    assert panel.status.currentText() == "Đã hoàn thành"


def test_a_pasted_megabyte_search_is_cut_with_a_note(window: MainWindow) -> None:
    search = window.page.filters.search
    search.setText("thủ tục " * 125_000)  # 1 MB pasted: cut at once, no hang
    assert len(search.text()) == MAX_SEARCH_LENGTH
    note = window.page.filters.search_note
    assert note.isVisibleTo(window) and "Tối đa 200 ký tự" in note.text()
    assert shown_numbers(window) == []  # searched, found nothing, window still answering
    search.clear()
    assert not note.isVisibleTo(window) and len(shown_numbers(window)) == 30
