"""Recording progress per period, with validation and history."""

from __future__ import annotations

from datetime import date

import pytest

from carapp.domain.periods import parse_period
from carapp.domain.status import RecordedStatus
from carapp.services.audit import history
from carapp.services.common import NotFound, ServiceError
from carapp.services.progress import Evidence, progress_for, progress_history, set_progress
from carapp.services.tasks import find_task


def test_record_then_change_progress_keeps_one_record_per_period(sample_engine) -> None:
    task = find_task(sample_engine, "24")
    q1, h1 = parse_period("2026-Q1"), parse_period("2026-H1")
    set_progress(
        sample_engine,
        "tester",
        task.id,
        q1,
        status=RecordedStatus.IN_PROGRESS,
        percent=40,
        difficulties="Thiếu đường truyền",
    )
    set_progress(sample_engine, "tester", task.id, q1, percent=50)
    set_progress(
        sample_engine,
        "tester",
        task.id,
        h1,
        status=RecordedStatus.DONE,
        completed_on=date(2026, 5, 2),
        evidence=[Evidence(number="12/BC-UBND", issued_on="2026-05-02", title="Báo cáo")],
    )
    records = progress_history(sample_engine, task.id)
    assert [r.period.code for r in records] == ["2026-H1", "2026-Q1"]
    assert records[1].percent == 50 and records[1].difficulties == "Thiếu đường truyền"
    assert records[0].evidence[0].number == "12/BC-UBND"
    assert progress_for(sample_engine, task.id, q1).revision == 2


def test_progress_changes_are_audited(sample_engine) -> None:
    task = find_task(sample_engine, "24")
    q1 = parse_period("2026-Q1")
    record = set_progress(
        sample_engine, "tester", task.id, q1, status=RecordedStatus.IN_PROGRESS, percent=40
    )
    set_progress(sample_engine, "tester", task.id, q1, percent=60)
    changes = [
        (h.field, h.old, h.new) for h in history(sample_engine, [record.id]) if h.action == "update"
    ]
    assert ("percent", "40", "60") in changes


def test_bad_progress_is_refused(sample_engine) -> None:
    task = find_task(sample_engine, "24")
    q1 = parse_period("2026-Q1")
    with pytest.raises(ServiceError, match="từ 0 đến 100"):
        set_progress(sample_engine, "tester", task.id, q1, percent=140)
    with pytest.raises(NotFound):
        set_progress(sample_engine, "tester", "no-such-task", q1, percent=10)
    assert progress_history(sample_engine, task.id) == []
