"""The overview counts tasks by category per area and lead unit, and lists overdue and due soon."""

from __future__ import annotations

from datetime import date

import pytest

from carapp.domain.areas import ReformArea
from carapp.domain.periods import parse_period
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.services.overview import CATEGORIES, Overview, category_label, overview
from carapp.services.plans import create_plan, list_plans
from carapp.services.progress import set_progress
from carapp.services.tasks import find_task, update_task
from carapp.services.units import unit_by_code

Q1 = parse_period("2026-Q1")
AS_OF = date(2026, 3, 1)


def _id(engine, number: str) -> str:
    return find_task(engine, number).id


def _deadline(engine, number: str, text: str) -> None:
    update_task(engine, "tester", _id(engine, number), deadline_text=text)


def _done(engine, number: str, day: date) -> None:
    set_progress(
        engine, "tester", _id(engine, number), Q1, status=RecordedStatus.DONE, completed_on=day
    )


@pytest.fixture
def plan_id(sample_engine) -> str:
    """Give the sample plan one task of every category, as of 01/03/2026 in Quý I/2026."""
    e = sample_engine
    _done(e, "1", date(2026, 2, 1))  # due 2030: done on time
    _deadline(e, "3", "31/01/2026")  # not done, passed: overdue
    _deadline(e, "7", "15/02/2026")
    _done(e, "7", date(2026, 2, 20))  # done after its deadline: done late
    set_progress(e, "tester", _id(e, "6"), Q1, status=RecordedStatus.IN_PROGRESS)
    _deadline(e, "12", "206-2030")  # a typo: deadline not understood
    _deadline(e, "4", "01/03/2026")  # due today
    _deadline(e, "11", "10/03/2026")
    _deadline(e, "8", "31/03/2026")  # exactly 30 days ahead
    _deadline(e, "9", "01/04/2026")  # 31 days ahead: not yet
    _deadline(e, "10", "15/03/2026")
    _done(e, "10", date(2026, 2, 28))  # due soon but done: not listed
    update_task(e, "tester", _id(e, "21"), lead="Đội Thuế đặc khu", lead_unit_id=None)
    return list_plans(e)[0].id


@pytest.fixture
def result(sample_engine, plan_id) -> Overview:
    return overview(sample_engine, plan_id, Q1, AS_OF)


def test_area_rows_follow_the_official_order(result) -> None:
    assert [r.area for r in result.by_area] == list(ReformArea)[:7]
    assert result.by_area[0].label == "Cải cách thể chế"
    assert [r.total for r in result.by_area] == [5, 7, 3, 4, 2, 5, 4]


def test_each_category_is_counted_per_area(sample_engine, result) -> None:
    institutions, procedures = result.by_area[0], result.by_area[1]
    assert institutions.ids(DerivedStatus.DONE_ON_TIME) == (_id(sample_engine, "1"),)
    assert institutions.ids(DerivedStatus.OVERDUE) == (_id(sample_engine, "3"),)
    assert institutions.count(DerivedStatus.NOT_DUE) == 3
    assert procedures.ids(DerivedStatus.DONE_LATE) == (_id(sample_engine, "7"),)
    assert procedures.ids(DerivedStatus.IN_PROGRESS_ON_TIME) == (_id(sample_engine, "6"),)
    assert procedures.ids(None) == (_id(sample_engine, "12"),)
    assert procedures.count(DerivedStatus.DONE_ON_TIME) == 1
    assert procedures.count(DerivedStatus.NOT_DUE) == 3


def test_totals_count_every_task_once(result) -> None:
    counts = [result.total.count(c) for c in CATEGORIES]
    assert counts == [2, 1, 1, 1, 24, 1]
    assert result.total.total == 30 and len(set(result.total.all_ids)) == 30
    assert category_label(None) == "Chưa xác định được thời hạn"


def test_lead_rows_use_unit_names_else_the_text_in_vietnamese_order(sample_engine, result) -> None:
    rows = {r.label: r for r in result.by_lead}
    assert [r.label for r in result.by_lead] == [
        "Các đơn vị trực thuộc UBND đặc khu",
        "Các phòng chuyên môn",
        "Công an đặc khu Bạch Long Vĩ",
        "Đội Thuế đặc khu",
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công",
        unit_by_code(sample_engine, "BLV-VP").name,
    ]
    # Task 2's lead is written "Phòng Văn hóa - Xã hội chủ trì phối hợp …": counted by its unit.
    assert _id(sample_engine, "2") in rows["Phòng Văn hóa - Xã hội"].all_ids
    assert rows["Phòng Văn hóa - Xã hội"].total == 12
    assert rows["Các phòng chuyên môn"].ids(None) == (_id(sample_engine, "12"),)
    vp = rows[unit_by_code(sample_engine, "BLV-VP").name]
    assert vp.total == 7 and vp.ids(DerivedStatus.OVERDUE) == (_id(sample_engine, "3"),)
    assert sum(r.total for r in result.by_lead) == 30


def test_overdue_list(sample_engine, result) -> None:
    assert [(t.id, t.due) for t in result.overdue] == [(_id(sample_engine, "3"), date(2026, 1, 31))]
    assert result.overdue[0].lead == unit_by_code(sample_engine, "BLV-VP").name


def test_due_soon_is_30_days_inclusive_sorted_and_not_done(sample_engine, result) -> None:
    assert [t.number for t in result.due_soon] == ["4", "11", "8"]
    assert [t.due for t in result.due_soon] == [
        date(2026, 3, 1),
        date(2026, 3, 10),
        date(2026, 3, 31),
    ]
    one_day_later = overview(sample_engine, result.plan_id, Q1, date(2026, 3, 2))
    assert [t.number for t in one_day_later.due_soon] == ["11", "8", "9"]


def test_an_empty_plan_still_lists_the_six_official_areas(sample_engine) -> None:
    owner = unit_by_code(sample_engine, "BLV")
    plan = create_plan(
        sample_engine, "tester", owner.id, title="Kế hoạch trống", start_year=2026, end_year=2026
    )
    empty = overview(sample_engine, plan.id, Q1, AS_OF)
    assert [r.area for r in empty.by_area] == list(ReformArea)[:6]
    assert empty.total.total == 0 and empty.by_lead == [] and empty.due_soon == []
