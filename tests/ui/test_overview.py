"""The overview page computes in the background and names the tasks behind each count."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine

from carapp.domain.periods import parse_period
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.services.overview import CATEGORIES
from carapp.services.plans import list_plans
from carapp.services.progress import set_progress
from carapp.services.tasks import find_task, update_task
from carapp.ui.overview import OverviewWidget
from carapp.ui.overview_colors import category_color
from carapp.ui.overview_models import COL_TOTAL, TASK_IDS_ROLE

Q1 = parse_period("2026-Q1")
AS_OF = date(2026, 3, 1)
HEADERS = [
    "Lĩnh vực cải cách",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện trong hạn",
    "Quá hạn",
    "Chưa đến hạn",
    "Chưa xác định được thời hạn",
    "Tổng số",
]


def _id(engine, number: str) -> str:
    return find_task(engine, number).id


@pytest.fixture
def plan_id(sample_engine) -> str:
    """Task 3 overdue, task 1 done on time, task 6 in progress, task 8 due in 10 days."""
    e = sample_engine
    update_task(e, "tester", _id(e, "3"), deadline_text="31/01/2026")
    update_task(e, "tester", _id(e, "8"), deadline_text="11/03/2026")
    set_progress(e, "tester", _id(e, "1"), Q1, status=RecordedStatus.DONE)
    set_progress(e, "tester", _id(e, "6"), Q1, status=RecordedStatus.IN_PROGRESS)
    return list_plans(e)[0].id


@pytest.fixture
def widget(qtbot, sample_engine, plan_id) -> OverviewWidget:
    """Return the page, shown, with the sample plan's overview computed."""
    page = OverviewWidget(sample_engine)
    qtbot.addWidget(page)
    page.resize(1400, 1000)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.overview_ready, timeout=10000):
        page.refresh(plan_id, Q1, AS_OF)
    return page


def _click(qtbot, view, row: int, column: int) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def test_refresh_is_busy_until_the_worker_answers(qtbot, sample_engine, plan_id) -> None:
    page = OverviewWidget(sample_engine)
    qtbot.addWidget(page)
    page.show()
    busy_states: list[bool] = []
    page.busy_changed.connect(busy_states.append)
    with qtbot.waitSignal(page.overview_ready, timeout=10000):
        page.refresh(plan_id, Q1, AS_OF)
        assert page.busy and page.busy_bar.isVisible() and not page.content.isEnabled()
    assert busy_states == [True, False]
    assert not page.busy_bar.isVisible() and page.content.isEnabled()
    assert page.title_label.text() == (
        "Tình hình thực hiện kỳ Quý I/2026, số liệu đến ngày 01/03/2026"
    )


def test_count_tables_show_vietnamese_headers_and_counts(widget) -> None:
    model = widget.area_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert [h.replace("\n", " ") for h in headers] == HEADERS
    assert widget.lead_model.headerData(0, Qt.Orientation.Horizontal) == "Đơn vị chủ trì"
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first == ["Cải cách thể chế", 1, 0, 0, 1, 3, 0, 5]
    last = model.rowCount() - 1
    assert model.index(last, 0).data() == "Tổng cộng" and model.index(last, COL_TOTAL).data() == 30
    swatch = model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
    assert swatch.toImage().pixelColor(2, 2) == category_color(DerivedStatus.OVERDUE)


def test_clicking_a_count_requests_its_tasks(qtbot, widget, sample_engine) -> None:
    overdue_column = 1 + CATEGORIES.index(DerivedStatus.OVERDUE)
    with qtbot.waitSignal(widget.tasks_requested) as blocker:
        _click(qtbot, widget.area_table, 0, overdue_column)
    assert blocker.args == [[_id(sample_engine, "3")]]
    with qtbot.waitSignal(widget.tasks_requested) as blocker:
        _click(qtbot, widget.area_table, 0, COL_TOTAL)
    assert sorted(blocker.args[0]) == sorted(_id(sample_engine, n) for n in "12345")


def test_clicking_a_zero_or_a_label_requests_nothing(qtbot, widget) -> None:
    with qtbot.assertNotEmitted(widget.tasks_requested):
        _click(qtbot, widget.area_table, 0, 2)  # no task done late
        _click(qtbot, widget.area_table, 0, 0)


def test_enter_on_a_lead_unit_count_requests_its_tasks(qtbot, widget, sample_engine) -> None:
    model = widget.lead_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Phòng Kinh tế")
    index = model.index(row, COL_TOTAL)
    widget.lead_table.setFocus()
    widget.lead_table.setCurrentIndex(index)
    with qtbot.waitSignal(widget.tasks_requested) as blocker:
        qtbot.keyClick(widget.lead_table, Qt.Key.Key_Return)
    assert blocker.args == [[_id(sample_engine, "20"), _id(sample_engine, "21")]]
    assert index.data(TASK_IDS_ROLE) == blocker.args[0]


def test_overdue_and_due_soon_lists_show_dates_and_request_the_task(
    qtbot, widget, sample_engine
) -> None:
    assert widget.overdue_box.title() == "Nhiệm vụ quá hạn (1)"
    assert widget.due_soon_box.title() == "Nhiệm vụ đến hạn trong 30 ngày tới (1)"
    overdue = widget.overdue_model
    assert [overdue.index(0, c).data() for c in (0, 3, 4)] == ["3", "31/01/2026", "Quá hạn 29 ngày"]
    soon = widget.due_soon_model
    assert [soon.index(0, c).data() for c in (0, 3, 4)] == ["8", "11/03/2026", "Còn 10 ngày"]
    with qtbot.waitSignal(widget.tasks_requested) as blocker:
        _click(qtbot, widget.due_soon_table, 0, 1)
    assert blocker.args == [[_id(sample_engine, "8")]]


def test_chart_stacks_each_area_in_the_category_colours(qtbot, widget, sample_engine) -> None:
    sets = widget.chart_view.bar_sets()
    assert [s.label() for s in sets] == HEADERS[1:-1]
    assert [s.color() for s in sets] == [category_color(c) for c in CATEGORIES]
    overdue = sets[CATEGORIES.index(DerivedStatus.OVERDUE)]
    # Bars run bottom-up: the first area (Cải cách thể chế) is the last bar.
    top = overdue.count() - 1
    assert overdue.at(top) == 1 and sum(overdue.at(i) for i in range(overdue.count())) == 1
    series = widget.chart_view.chart().series()[0]
    with qtbot.waitSignal(widget.tasks_requested) as blocker:
        series.clicked.emit(top, overdue)
    assert blocker.args == [[_id(sample_engine, "3")]]


def test_only_the_latest_request_is_shown(qtbot, widget, plan_id) -> None:
    shown: list[date] = []
    widget.overview_ready.connect(lambda o: shown.append(o.as_of))
    with qtbot.waitSignal(widget.overview_ready, timeout=10000):
        widget.refresh(plan_id, Q1, date(2026, 2, 1))
        widget.refresh(plan_id, Q1, date(2026, 3, 10))
    widget.wait()
    qtbot.wait(50)
    assert shown == [date(2026, 3, 10)] and widget.current.as_of == date(2026, 3, 10)


def test_a_failure_is_shown_and_the_page_stays_usable(qtbot, tmp_path) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'not-migrated.sqlite3'}")
    page = OverviewWidget(broken)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.failed, timeout=10000):
        page.refresh("no-plan", Q1, AS_OF)
    assert page.message_label.isVisible()
    assert page.message_label.text().startswith("Không tính được số liệu tổng hợp")
    assert not page.busy and page.content.isEnabled()
