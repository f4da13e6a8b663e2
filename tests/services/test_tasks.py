"""Task services: listing with derived status, search, create/edit/delete with audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from carapp.db.models import AuditEntry, Task
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.services.audit import history
from carapp.services.common import ServiceError
from carapp.services.plans import list_plans, list_sections
from carapp.services.progress import set_progress
from carapp.services.tasks import create_task, delete_task, find_task, list_tasks, update_task

Q1 = parse_period("2026-Q1")


def _plan_id(engine) -> str:
    return list_plans(engine)[0].id


def test_sample_tasks_listed_in_appendix_order(sample_engine) -> None:
    tasks = list_tasks(sample_engine, _plan_id(sample_engine), as_of=date(2026, 3, 1))
    assert [t.number for t in tasks] == [str(n) for n in range(1, 31)]
    assert [t.section_numeral for t in tasks][:6] == ["I"] * 5 + ["II"]


def test_nothing_in_the_sample_is_overdue_in_march_2027(sample_engine) -> None:
    overdue = list_tasks(sample_engine, overdue=True, as_of=date(2027, 3, 1))
    assert overdue == []


def test_task_whose_window_ended_is_overdue(sample_engine) -> None:
    task = find_task(sample_engine, "2")
    update_task(sample_engine, "tester", task.id, deadline_text="2026 – tháng 2/2027")
    overdue = list_tasks(sample_engine, overdue=True, as_of=date(2027, 3, 1))
    assert [t.number for t in overdue] == ["2"]
    assert list_tasks(sample_engine, overdue=True, as_of=date(2027, 2, 28)) == []


def test_search_ignores_accents_and_case(sample_engine) -> None:
    found = list_tasks(sample_engine, search="THU TUC hanh chinh")
    assert found and all("thủ tục hành chính" in t.content.lower() for t in found)
    assert {t.number for t in list_tasks(sample_engine, search="công an")} == {"25"}


def test_done_task_gets_derived_status(sample_engine) -> None:
    task = find_task(sample_engine, "6")
    set_progress(
        sample_engine,
        "tester",
        task.id,
        Q1,
        status=RecordedStatus.DONE,
        completed_on=date(2026, 3, 15),
    )
    view = next(
        t for t in list_tasks(sample_engine, period=Q1, as_of=date(2026, 3, 20)) if t.id == task.id
    )
    assert view.status is RecordedStatus.DONE
    assert view.percent == 100
    assert view.derived is DerivedStatus.DONE_ON_TIME
    # A later period carries the latest earlier record.
    later = list_tasks(sample_engine, period=ReportingPeriod(2026, Q1.kind).next())
    assert next(t for t in later if t.id == task.id).status is RecordedStatus.DONE


def test_create_task_appends_to_section_and_audits(sample_engine) -> None:
    section = list_sections(sample_engine, _plan_id(sample_engine))[1]
    task = create_task(
        sample_engine,
        "tester",
        section.id,
        number="12a",
        content="Số hóa  hồ sơ thủ tục",
        deadline_text="Quý IV/2026",
    )
    assert task.position == 8
    assert task.content == "Số hóa hồ sơ thủ tục"
    assert (task.deadline_start, task.deadline_end) == (date(2026, 10, 1), date(2026, 12, 31))
    actions = {(h.action, h.field) for h in history(sample_engine, [task.id])}
    assert ("create", "content") in actions


def test_update_logs_old_and_new_in_the_same_transaction(sample_engine) -> None:
    task = find_task(sample_engine, "1")
    changed = update_task(
        sample_engine, "tester", task.id, deadline_text="2026-2027", output="Báo cáo"
    )
    assert changed == ["deadline_text", "deadline_end"]
    entries = [h for h in history(sample_engine, [task.id]) if h.action == "update"]
    assert {(e.field, e.old, e.new) for e in entries} == {
        ("deadline_text", "2026-2030", "2026-2027"),
        ("deadline_end", "2030-12-31", "2027-12-31"),
    }
    assert find_task(sample_engine, "1").revision == 2


def test_unparseable_deadline_is_kept_and_flagged(sample_engine) -> None:
    task = find_task(sample_engine, "3")
    update_task(sample_engine, "tester", task.id, deadline_text="206-2030")
    view = next(t for t in list_tasks(sample_engine) if t.id == task.id)
    assert view.deadline.text == "206-2030"
    assert not view.deadline.understood and view.derived is None


def test_failed_edit_writes_nothing(sample_engine) -> None:
    task = find_task(sample_engine, "1")
    with Session(sample_engine) as s:
        before = len(s.exec(select(AuditEntry)).all())
    with pytest.raises(ServiceError):
        update_task(sample_engine, "tester", task.id, content="  ")
    with pytest.raises(ServiceError):
        update_task(sample_engine, "tester", task.id, nonsense="x")
    with Session(sample_engine) as s:
        assert len(s.exec(select(AuditEntry)).all()) == before
        assert s.get(Task, task.id).revision == 1


def test_delete_task_removes_progress_and_keeps_history(sample_engine) -> None:
    task = find_task(sample_engine, "6")
    set_progress(sample_engine, "tester", task.id, Q1, status=RecordedStatus.IN_PROGRESS)
    delete_task(sample_engine, "tester", task.id)
    assert all(t.id != task.id for t in list_tasks(sample_engine))
    assert any(h.action == "delete" for h in history(sample_engine, [task.id]))


def test_find_task_messages(sample_engine) -> None:
    with pytest.raises(ServiceError, match="Không tìm thấy nhiệm vụ “99”"):
        find_task(sample_engine, "99")
