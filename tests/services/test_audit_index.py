"""A task's history finds its progress records through the audit's partial indexes."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.services.audit import record_ids_query, task_history
from carapp.services.progress import delete_progress, set_progress
from carapp.services.tasks import list_tasks


@pytest.mark.sqlite_only("reads SQLite's query plan")
def test_record_ids_of_a_task_are_found_by_index_not_by_scanning_the_audit(
    engine: Engine,
) -> None:
    query = record_ids_query("a-task-id")
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ix_audit_entry_record_task_new" in plan
    assert "ix_audit_entry_record_task_old" in plan
    assert "SCAN audit_entry" not in plan


def test_history_of_a_task_lists_its_progress_records_kept_and_deleted(
    sample_engine: Engine,
) -> None:
    task = list_tasks(sample_engine)[0]
    q1 = ReportingPeriod(2026, PeriodKind.Q1)
    q2 = ReportingPeriod(2026, PeriodKind.H1)
    set_progress(sample_engine, "tester", task.id, q1, description="Đang làm")
    set_progress(sample_engine, "tester", task.id, q2, description="Đang làm tiếp")
    assert delete_progress(sample_engine, "tester", task.id, q1)
    changes = task_history(sample_engine, task.id)
    periods = {c.period for c in changes if c.entity == "progress_record"}
    assert periods == {q1.code, q2.code}
    assert any(c.action == "delete" and c.period == q1.code for c in changes)
