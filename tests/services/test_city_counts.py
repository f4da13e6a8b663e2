"""The city's counts computed in SQL match derive_status, task by task, on every kind of case."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from carapp.db.migrate import open_database
from carapp.db.models import ProgressRecord, Task
from carapp.domain.areas import ReformArea
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.progress import derive_status
from carapp.domain.status import RecordedStatus
from carapp.services.common import reading
from carapp.services.deadlines import deadline_of
from carapp.services.plans import create_plan, create_section
from carapp.services.progress import set_progress
from carapp.services.sync.city_counts import task_counts
from carapp.services.tasks import create_task
from carapp.services.units import create_unit
from tests.databases import new_database

WHO = "kiểm thử"
DEADLINES = (
    "31/01/2026",
    "Quý III/2026",
    "2026",
    "2026-2030",
    "Hằng năm",
    "trước ngày 15/6 hằng năm",
    "Thường xuyên",
    "206-2030",  # a typo: the deadline is unknown
    "tháng 2/2027",
    "2025",
)
# (period, status, completed_on) recorded for a task; None: no record.
RECORDS = (
    None,
    ("2026-Q1", "not_started", None),
    ("2026-Q1", "in_progress", None),
    ("2026-Q1", "done", date(2026, 1, 10)),
    ("2026-H1", "done", date(2026, 7, 20)),
    ("2025", "in_progress", None),
    ("2026-Q3", "paused", None),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = open_database(new_database(tmp_path_factory.mktemp("counts"), "city"))
    unit = create_unit(engine, WHO, "BLV", "Đặc khu Bạch Long Vĩ", "special_zone")
    plan = create_plan(engine, WHO, unit.id, title="Kế hoạch", start_year=2025, end_year=2030)
    areas = [create_section(engine, WHO, plan.id, "I", "THỂ CHẾ", ReformArea.INSTITUTIONS)]
    areas.append(create_section(engine, WHO, plan.id, "V", "TÀI CHÍNH", ReformArea.PUBLIC_FINANCE))
    cases = itertools.product(DEADLINES, RECORDS, areas)
    for n, (deadline, record, section) in enumerate(cases):
        task = create_task(engine, WHO, section.id, content=f"Việc {n}", deadline_text=deadline)
        if record:
            code, status, completed = record
            set_progress(engine, WHO, task.id, parse_period(code), status=status)
            if completed:
                set_progress(engine, WHO, task.id, parse_period(code), completed_on=completed)
    return engine


def _expected(engine: Engine, period: ReportingPeriod, day: date) -> tuple[Counter[object], int]:
    """Count the tasks the slow way: each task's latest record, then derive_status."""
    counts: Counter[object] = Counter()
    reported = 0
    with reading(engine) as session:
        records = session.exec(select(ProgressRecord)).all()
        for task in session.exec(select(Task)).all():
            mine = [r for r in records if r.task_id == task.id and parse_period(r.period) <= period]
            latest = max(mine, key=lambda r: parse_period(r.period), default=None)
            status = RecordedStatus(latest.status) if latest else None
            completed = latest.completed_on if latest else None
            counts[derive_status(deadline_of(task), status, completed, day, period)] += 1
            reported += any(r.period == period.code for r in mine)
    return counts, reported


@pytest.mark.parametrize("code", ["2025", "2026-Q1", "2026-H1", "2026-Q3", "2026", "2027-Q1"])
@pytest.mark.parametrize(
    "day", [date(2025, 12, 1), date(2026, 3, 14), date(2026, 6, 15), date(2027, 3, 1)]
)
def test_sql_counts_match_derive_status(engine: Engine, code: str, day: date) -> None:
    period = parse_period(code)
    with reading(engine) as session:
        counts = task_counts(session.connection(), "HP", period, day)
    expected, reported = _expected(engine, period, day)
    assert list(counts.units) == ["BLV"]
    assert +counts.unit("BLV") == +expected and counts.reported["BLV"] == reported
    assert set(counts.areas) == {ReformArea.INSTITUTIONS.value, ReformArea.PUBLIC_FINANCE.value}
    assert +sum(counts.areas.values(), Counter()) == +expected


def test_the_own_unit_is_left_out(engine: Engine) -> None:
    with reading(engine) as session:
        counts = task_counts(session.connection(), "BLV", parse_period("2026"), date(2026, 5, 1))
    assert counts.units == {} and counts.areas == {}
