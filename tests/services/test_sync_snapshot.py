"""A unit's report snapshot: a faithful copy of what it owns, applied at the city by the rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from carapp.db.migrate import open_database
from carapp.db.models import AuditEntry, Task
from carapp.services.common import ServiceError, reading, transaction
from carapp.services.plans import create_plan, create_section
from carapp.services.progress import delete_progress, progress_for, set_progress
from carapp.services.sync.setup import set_mode
from carapp.services.sync.snapshot_apply import apply_snapshot
from carapp.services.sync.snapshot_build import build_snapshot
from carapp.services.sync.snapshot_rows import SnapshotRefused
from carapp.services.tasks import delete_task, list_tasks, update_task
from carapp.services.units import create_unit, unit_by_code
from carapp.sync.schema import validate_payload
from tests import databases
from tests.services.test_sync_support import Q1, WHO, record_q1


@pytest.fixture
def unit(sample_engine: Engine) -> Engine:
    set_mode(sample_engine, WHO, "unit", "BLV")
    record_q1(sample_engine)
    return sample_engine


@pytest.fixture
def city(tmp_path: Path) -> Engine:
    engine = open_database(databases.new_database(tmp_path, "city"))
    create_unit(engine, WHO, "HP", "Sở Nội vụ thành phố Hải Phòng", "city")
    set_mode(engine, WHO, "city", "HP")
    return engine


def _apply(city: Engine, data: dict[str, Any]) -> Any:
    with transaction(city) as session:
        return apply_snapshot(session, copy.deepcopy(data), "BLV (gói số 1)")


def _audit_count(engine: Engine) -> int:
    with reading(engine) as session:
        return int(session.exec(select(func.count()).select_from(AuditEntry)).one()[0])


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """Return the snapshot without the ids of unit rows, which each database makes its own."""
    data = copy.deepcopy(data)
    data.pop("unit")
    data.pop("units")
    for plan in data["plans"]:
        plan.pop("owner_unit_id")
    for task in data["tasks"]:
        task.pop("lead_unit_id")
        task.pop("cooperating_unit_ids")
    return data


def test_snapshot_is_valid_and_complete(unit: Engine) -> None:
    data = build_snapshot(unit, "BLV", Q1)
    assert validate_payload("report", json.loads(json.dumps(data))) == data
    counts = {k: len(data[k]) for k in ("plans", "sections", "targets", "tasks", "progress")}
    assert counts == {"plans": 1, "sections": 7, "targets": 16, "tasks": 30, "progress": 2}
    assert data["unit"]["code"] == "BLV" and data["period"] == "2026-Q1"
    assert {u["code"] for u in data["units"]} <= {
        "BLV-VP",
        "BLV-VHXH",
        "BLV-KT",
        "BLV-TTPVHCC",
        "BLV-TTSNC",
        "BLV-CA",
        "BLV-MTTQ",
    }
    [done] = [p for p in data["progress"] if p["status"] == "done"]
    assert done["evidence"] == [
        {"number": "25/BC-UBND", "issued_on": "10/03/2026", "title": "Báo cáo", "file": ""}
    ]


def test_unknown_unit_or_no_plan(unit: Engine) -> None:
    with pytest.raises(ServiceError, match="Không có đơn vị"):
        build_snapshot(unit, "XYZ", Q1)
    with pytest.raises(ServiceError, match="chưa có kế hoạch"):
        build_snapshot(unit, "HP", Q1)


def test_applied_snapshot_is_a_faithful_copy(unit: Engine, city: Engine) -> None:
    data = build_snapshot(unit, "BLV", Q1)
    stats = _apply(city, data)
    assert stats.tables["task"].created == 30 and stats.tables["progress_record"].created == 2
    assert "nhiệm vụ: 30 mới" in stats.summary()
    again = build_snapshot(city, "BLV", Q1)
    assert _comparable(again) == _comparable(data)
    # A unit the city did not know yet is added as the snapshot describes it.
    assert again["unit"] == data["unit"]


def test_lead_units_are_mapped_by_code(unit: Engine, city: Engine) -> None:
    office = create_unit(city, WHO, "BLV-VP", "Văn phòng UBND đặc khu", "office")
    data = build_snapshot(unit, "BLV", Q1)
    _apply(city, data)
    leads = {t.id: t.lead_unit_id for t in list_tasks(city)}
    sent = {t["id"]: t["lead_unit_id"] for t in data["tasks"]}
    codes = {u["id"]: u["code"] for u in data["units"]}
    for task_id, lead in sent.items():
        expected = office.id if lead and codes[lead] == "BLV-VP" else None
        assert leads[task_id] == expected


def test_replaying_a_snapshot_changes_nothing(unit: Engine, city: Engine) -> None:
    data = build_snapshot(unit, "BLV", Q1)
    _apply(city, data)
    logged = _audit_count(city)
    stats = _apply(city, data)
    assert stats.summary() == "không có thay đổi"
    assert _audit_count(city) == logged


def test_changes_removals_and_higher_revisions(unit: Engine, city: Engine) -> None:
    _apply(city, build_snapshot(unit, "BLV", Q1))
    tasks = list_tasks(unit, period=Q1)
    update_task(unit, WHO, tasks[2].id, content="Nội dung đã sửa ở đơn vị")
    delete_task(unit, WHO, tasks[3].id)
    delete_progress(unit, WHO, tasks[1].id, Q1)
    set_progress(unit, WHO, tasks[1].id, Q1, status="done")  # same (task, period), new id
    stats = _apply(city, build_snapshot(unit, "BLV", Q1))
    assert (stats.tables["task"].updated, stats.tables["task"].deleted) == (1, 1)
    assert (stats.tables["progress_record"].created, stats.tables["progress_record"].deleted) == (
        1,
        1,
    )
    at_city = {t.id: t for t in list_tasks(city, period=Q1)}
    assert at_city[tasks[2].id].content == "Nội dung đã sửa ở đơn vị"
    assert tasks[3].id not in at_city
    assert at_city[tasks[1].id].status is not None and at_city[tasks[1].id].status.value == "done"
    with reading(city) as session:
        who = session.exec(
            select(AuditEntry.who, AuditEntry.old, AuditEntry.new).where(
                AuditEntry.entity_id == tasks[2].id,
                AuditEntry.field == "content",
                AuditEntry.action == "update",
            )
        ).one()
    assert who[0] == "BLV (gói số 1)" and who[2] == "Nội dung đã sửa ở đơn vị"


def test_a_lower_revision_never_replaces_a_higher_one(unit: Engine, city: Engine) -> None:
    old = build_snapshot(unit, "BLV", Q1)
    task_id = old["tasks"][0]["id"]
    update_task(unit, WHO, task_id, content="Bản mới hơn")
    _apply(city, build_snapshot(unit, "BLV", Q1))
    stats = _apply(city, old)
    assert stats.tables["task"].updated == 0
    assert next(t for t in list_tasks(city) if t.id == task_id).content == "Bản mới hơn"


def test_a_task_moved_out_of_a_removed_section_survives(unit: Engine, city: Engine) -> None:
    data = build_snapshot(unit, "BLV", Q1)
    _apply(city, data)
    moved = copy.deepcopy(data)
    gone = moved["sections"].pop(0)
    keep = moved["sections"][0]["id"]
    for task in moved["tasks"]:
        if task["section_id"] == gone["id"]:
            task["section_id"] = keep
            task["revision"] += 1
    moved["targets"] = [t for t in moved["targets"] if t["section_id"] != gone["id"]]
    kept_targets = {t["id"] for t in moved["targets"]}
    moved["measurements"] = [m for m in moved["measurements"] if m["target_id"] in kept_targets]
    stats = _apply(city, moved)
    assert stats.tables["section"].deleted == 1 and stats.tables["task"].deleted == 0
    assert len(list_tasks(city)) == 30


def test_another_units_rows_are_never_touched(unit: Engine, city: Engine) -> None:
    chi = create_unit(city, WHO, "CHI", "Ủy ban nhân dân phường Chi Lăng", "ward")
    plan = create_plan(
        city, WHO, chi.id, title="Kế hoạch phường Chi Lăng", start_year=2026, end_year=2026
    )
    section = create_section(city, WHO, plan.id, "I", "CẢI CÁCH THỂ CHẾ", "institutions")
    data = build_snapshot(unit, "BLV", Q1)
    hijack = copy.deepcopy(data)
    hijack["sections"][0]["id"] = section.id
    for row in hijack["tasks"] + hijack["targets"]:
        if row["section_id"] == data["sections"][0]["id"]:
            row["section_id"] = section.id
    logged = _audit_count(city)
    with pytest.raises(SnapshotRefused, match="không thuộc đơn vị gửi"):
        _apply(city, hijack)
    assert _audit_count(city) == logged
    assert list_tasks(city) == []
    with pytest.raises(ServiceError):
        unit_by_code(city, "BLV")  # even the sender's unit row was rolled back
    _apply(city, data)
    with city.connect() as conn:
        owner = conn.execute(
            text("SELECT plan_id FROM section WHERE id = :id"), {"id": section.id}
        ).scalar()
    assert owner == plan.id


def test_assigned_tasks_keep_the_citys_content(unit: Engine, city: Engine) -> None:
    hp = unit_by_code(city, "HP")
    plan = create_plan(city, WHO, hp.id, title="Kế hoạch thành phố", start_year=2026, end_year=2026)
    section = create_section(city, WHO, plan.id, "I", "CẢI CÁCH THỂ CHẾ", "institutions")
    from carapp.services.sync.assignment_publish import create_city_task

    master = create_city_task(
        city,
        WHO,
        section.id,
        number="5",
        content="Nội dung thành phố",
        lead="Các đặc khu",
        deadline_text="31/12/2026",
    )
    data = build_snapshot(unit, "BLV", Q1)
    task = data["tasks"][0]
    task.update(
        origin="city",
        parent_task_id=master.id,
        content="Đơn vị tự sửa nội dung",
        deadline_text="2030",
    )
    _apply(city, data)
    with reading(city) as session:
        copy_ = session.get(Task, task["id"])
    assert copy_ is not None
    assert (copy_.content, copy_.number, copy_.deadline_text) == (
        "Nội dung thành phố",
        "5",
        "31/12/2026",
    )
    assert copy_.deadline_end is not None and copy_.deadline_end.isoformat() == "2026-12-31"
    assert progress_for(city, master.id, Q1) is None


def test_the_citys_own_code_is_refused(unit: Engine, city: Engine) -> None:
    data = build_snapshot(unit, "BLV", Q1)
    data["unit"]["code"] = "HP"
    with pytest.raises(SnapshotRefused, match="chính cơ sở dữ liệu"):
        _apply(city, data)
