"""The task table's model without any view: Vietnamese order, filters, colours, updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import Engine

from carapp.domain.areas import ReformArea
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.domain.text import fold
from carapp.services.plans import list_plans
from carapp.services.progress import set_progress
from carapp.services.tasks import find_task, update_task
from carapp.ui.loading import fresh_rows, load_table, rank_rows
from carapp.ui.task_rows import (
    COL_CONTENT,
    COL_DERIVED,
    COL_DUE,
    COL_LEAD,
    COL_NUMBER,
    DUE_SOON,
    UNKNOWN,
    Ranks,
    TaskFilter,
    lead_key,
)
from carapp.ui.task_table import TaskTableModel
from tests.ui.support import H1_2026, TODAY


def _model(engine: Engine, as_of: date = TODAY) -> TaskTableModel:
    table = load_table(engine, list_plans(engine)[0].id, H1_2026, as_of)
    model = TaskTableModel()
    model.set_rows(table.rows, table.ranks, table.as_of)
    return model


def test_ranks_follow_vietnamese_dictionary_order() -> None:
    words = ["Đồng Hới", "Dương Kinh", "An Lão", "Ân Thi", "Ăn uống", "Bình", "Ô Môn", "Ơn", "O"]
    ranks = Ranks()
    ordered = sorted(words, key=lambda w: ranks.rank(COL_LEAD, w))
    assert ordered == [
        "An Lão",
        "Ăn uống",
        "Ân Thi",
        "Bình",
        "Dương Kinh",
        "Đồng Hới",
        "O",
        "Ô Môn",
        "Ơn",
    ]


def test_numbers_sort_by_value_and_new_values_fall_between_neighbours() -> None:
    ranks = Ranks()
    for number in ("1", "2", "10", "30"):
        ranks.rank(COL_NUMBER, number)
    assert ranks.rank(COL_NUMBER, "2") < ranks.rank(COL_NUMBER, "10") < ranks.rank(COL_NUMBER, "30")
    assert ranks.rank(COL_NUMBER, "2") < ranks.rank(COL_NUMBER, "9") < ranks.rank(COL_NUMBER, "10")


def test_sorting_by_lead_and_back_to_appendix_order(sample_engine: Engine) -> None:
    model = _model(sample_engine)
    model.sort(COL_LEAD, Qt.SortOrder.AscendingOrder)
    leads = [r.view.lead for r in model.shown_rows()]
    assert leads[0].startswith("Các") and leads[-1].startswith("Văn phòng")
    model.sort(COL_NUMBER, Qt.SortOrder.DescendingOrder)
    assert [r.view.number for r in model.shown_rows()][:3] == ["30", "29", "28"]
    model.sort(-1)
    assert [r.view.number for r in model.shown_rows()] == [str(n) for n in range(1, 31)]


def test_filter_keeps_sort_order_and_matches_folded_text(sample_engine: Engine) -> None:
    model = _model(sample_engine)
    model.sort(COL_CONTENT, Qt.SortOrder.DescendingOrder)
    model.set_filter(TaskFilter(search=fold("Thủ Tục")))
    contents = [r.view.content for r in model.shown_rows()]
    assert contents and all("thu tuc" in fold(c) for c in contents)
    ranks = [model.row_at(i).view.content for i in range(model.rowCount())]
    assert ranks == contents  # the order of the sort survives filtering


def test_filters_by_area_lead_status_and_ids(sample_engine: Engine) -> None:
    model = _model(sample_engine)
    police = find_task(sample_engine, "25")
    model.set_filter(TaskFilter(area=ReformArea.PUBLIC_FINANCE))
    assert [r.view.number for r in model.shown_rows()] == ["20", "21"]
    view = next(r.view for r in model.all_rows() if r.id == police.id)
    model.set_filter(TaskFilter(lead=lead_key(view)))
    assert [r.view.number for r in model.shown_rows()] == ["25"]
    model.set_filter(TaskFilter(task_ids=frozenset({police.id})))
    assert model.rowCount() == 1
    model.set_filter(TaskFilter(derived=DerivedStatus.NOT_DUE.value))
    assert model.rowCount() == 30


def test_unknown_deadline_and_due_soon_are_flagged(sample_engine: Engine) -> None:
    typo, soon = find_task(sample_engine, "1"), find_task(sample_engine, "3")
    update_task(sample_engine, "tester", typo.id, deadline_text="206-2030")
    update_task(sample_engine, "tester", soon.id, deadline_text="15/04/2026")
    model = _model(sample_engine)
    model.set_filter(TaskFilter(derived=UNKNOWN))
    assert [r.view.number for r in model.shown_rows()] == ["1"]
    cell = model.index(0, COL_DERIVED)
    assert cell.data() == "Chưa xác định được thời hạn"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == "#fff3cd"
    model.set_filter(TaskFilter(derived=DUE_SOON))
    assert [r.view.number for r in model.shown_rows()] == ["3"]
    assert model.index(0, COL_DUE).data() == "15/04/2026"


def test_update_rows_replaces_a_task_in_place(sample_engine: Engine) -> None:
    model = _model(sample_engine)
    model.sort(COL_LEAD)
    task = find_task(sample_engine, "12")
    before = model.row_of(task.id)
    set_progress(sample_engine, "tester", task.id, H1_2026, status=RecordedStatus.DONE)
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    plan_id = list_plans(sample_engine)[0].id
    model.update_rows(fresh_rows(sample_engine, plan_id, [task.id], H1_2026, TODAY))
    assert model.row_of(task.id) == before
    assert changed == [before]
    assert model.index(before, COL_DERIVED).data() == "Hoàn thành đúng hạn"
    appendix = {r.id: r.order for r in model.all_rows()}
    assert appendix[task.id] == 11  # still the twelfth task of the appendix
    assert replace(model.row_at(before), order=0).view.status is RecordedStatus.DONE


def test_rows_loaded_without_ranks_sort_the_same_once_ranked(sample_engine: Engine) -> None:
    plan_id = list_plans(sample_engine)[0].id
    ranked = _model(sample_engine)
    ranked.sort(COL_LEAD)
    table = load_table(sample_engine, plan_id, H1_2026, TODAY, ranked=False)
    assert not table.ranks.has(COL_LEAD)
    model = TaskTableModel()
    model.set_rows(table.rows, table.ranks, table.as_of)
    model.sort(COL_LEAD)  # before the background ranks came: ranked on the spot
    expected = [r.id for r in ranked.shown_rows()]
    assert [r.id for r in model.shown_rows()] == expected
    model.set_ranks(rank_rows(table.rows))  # sorts again by lead, with the full ranks
    assert [r.id for r in model.shown_rows()] == expected


def test_tally_counted_by_the_loader_matches_the_model_counting_itself(
    sample_engine: Engine,
) -> None:
    soon = find_task(sample_engine, "3")
    update_task(sample_engine, "tester", soon.id, deadline_text="15/04/2026")
    table = load_table(sample_engine, list_plans(sample_engine)[0].id, H1_2026, TODAY)
    counting = TaskTableModel()
    counting.set_rows(table.rows, table.ranks, table.as_of)
    told = TaskTableModel()
    told.set_rows(table.rows, table.ranks, table.as_of, table.summary.tally)
    tasks, overdue, due_soon = table.summary.tally
    assert (counting.total(), *counting.counts()) == (tasks, overdue, due_soon)
    assert (told.total(), *told.counts()) == (tasks, overdue, due_soon)
    assert tasks == 30 and due_soon == 1
    told.set_filter(TaskFilter(search=fold("thủ tục")))
    assert 0 < told.shown_count() < told.total()
