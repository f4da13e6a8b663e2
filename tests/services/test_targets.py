"""Adding, deleting and restoring targets, removing a measurement, deleting a unit."""

from __future__ import annotations

import pytest
from sqlmodel import select

from carapp.db.models import AuditEntry, Task
from carapp.domain.periods import parse_period
from carapp.services.audit import history
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.plans import (
    create_target,
    delete_measurement,
    delete_target,
    list_measurements,
    list_plans,
    list_sections,
    list_targets,
    restore_target,
    set_measurement,
)
from carapp.services.units import create_unit, delete_unit, list_units, unit_by_code

Q1 = parse_period("2026-Q1")
H1 = parse_period("2026-H1")


def _plan_id(engine) -> str:
    return list_plans(engine)[0].id


def test_a_new_target_goes_after_the_last_of_its_section(sample_engine) -> None:
    section = list_sections(sample_engine, _plan_id(sample_engine))[0]
    before = [t for s, t in list_targets(sample_engine, section.plan_id) if s.id == section.id]
    target = create_target(
        sample_engine, "tester", section.id, text="  Tỷ lệ hồ sơ trực tuyến ", value=90.0, unit="%"
    )
    after = [t for s, t in list_targets(sample_engine, section.plan_id) if s.id == section.id]
    assert [t.id for t in after] == [*(t.id for t in before), target.id]
    assert after[-1].text == "Tỷ lệ hồ sơ trực tuyến"
    assert {e.field for e in history(sample_engine, [target.id])} >= {"text", "value", "unit"}
    with pytest.raises(ServiceError, match="không được để trống"):
        create_target(sample_engine, "tester", section.id, text="  ")


def test_deleting_a_target_is_audited_and_restored_with_its_measurements(sample_engine) -> None:
    plan_id = _plan_id(sample_engine)
    _, target = list_targets(sample_engine, plan_id)[1]
    set_measurement(sample_engine, "tester", target.id, Q1, 62.5, "Số liệu quý I")
    set_measurement(sample_engine, "tester", target.id, H1, 70.0)
    measured_ids = {m.id for m in list_measurements(sample_engine, target.id)}
    count = len(list_targets(sample_engine, plan_id))

    snapshot = delete_target(sample_engine, "tester", target.id)
    assert target.id not in [t.id for _, t in list_targets(sample_engine, plan_id)]
    assert list_measurements(sample_engine, target.id) == []
    deleted = [
        e for e in history(sample_engine, [target.id, *measured_ids]) if e.action == "delete"
    ]
    assert {e.entity for e in deleted} == {"target", "measurement"}
    assert any(e.field == "text" and e.old == target.text for e in deleted)
    with pytest.raises(NotFound):
        delete_target(sample_engine, "tester", target.id)

    restored = restore_target(sample_engine, "tester", snapshot)
    assert restored.id == target.id
    targets = list_targets(sample_engine, plan_id)
    assert len(targets) == count and targets[1][1].id == target.id
    back = {
        (m.id, m.period, m.actual_value, m.note)
        for m in list_measurements(sample_engine, target.id)
    }
    assert {m[0] for m in back} == measured_ids
    assert {m[1:] for m in back} == {("2026-Q1", 62.5, "Số liệu quý I"), ("2026-H1", 70.0, "")}
    assert history(sample_engine, [target.id])[0].action == "create"
    with pytest.raises(ServiceError, match="vẫn còn"):
        restore_target(sample_engine, "tester", snapshot)


def test_deleting_one_measurement(sample_engine) -> None:
    _, target = list_targets(sample_engine, _plan_id(sample_engine))[0]
    measured = set_measurement(sample_engine, "tester", target.id, Q1, 80.0)
    set_measurement(sample_engine, "tester", target.id, H1, 81.0)
    assert delete_measurement(sample_engine, "tester", target.id, Q1) is True
    assert [m.period for m in list_measurements(sample_engine, target.id)] == ["2026-H1"]
    entries = history(sample_engine, [measured.id])
    assert entries[0].action == "delete" and any(e.new is None and e.old == "80.0" for e in entries)
    assert delete_measurement(sample_engine, "tester", target.id, Q1) is False


def test_an_unused_unit_is_deleted_with_audit(sample_engine) -> None:
    unit = create_unit(sample_engine, "tester", "MD", "Ủy ban nhân dân xã Mao Điền", "commune")
    delete_unit(sample_engine, "tester", unit.id)
    assert "MD" not in {u.code for u in list_units(sample_engine)}
    deleted = [e for e in history(sample_engine, [unit.id]) if e.action == "delete"]
    assert {(e.field, e.old) for e in deleted} >= {("code", "MD"), ("kind", "commune")}
    with pytest.raises(NotFound):
        delete_unit(sample_engine, "tester", unit.id)
    again = create_unit(sample_engine, "tester", "MD", "Xã Mao Điền", "commune", unit_id=unit.id)
    assert again.id == unit.id == unit_by_code(sample_engine, "MD").id


def test_a_unit_in_use_is_not_deleted(sample_engine) -> None:
    owner = unit_by_code(sample_engine, "BLV")
    with pytest.raises(ServiceError, match="chủ quản của kế hoạch"):
        delete_unit(sample_engine, "tester", owner.id)
    parent = unit_by_code(sample_engine, "HP")
    with pytest.raises(ServiceError, match="còn đơn vị trực thuộc"):
        delete_unit(sample_engine, "tester", parent.id)
    lead = create_unit(sample_engine, "tester", "BLV-Z", "Phòng Z", "department")
    helper = create_unit(sample_engine, "tester", "BLV-W", "Phòng W", "department")
    with transaction(sample_engine) as session:
        tasks = session.exec(select(Task).limit(2)).all()
        tasks[0].lead_unit_id = lead.id
        tasks[1].cooperating_unit_ids = f'["{helper.id}"]'
    with pytest.raises(ServiceError, match=r"Không xóa được đơn vị “Phòng Z” \(BLV-Z\): .*chủ trì"):
        delete_unit(sample_engine, "tester", lead.id)
    with pytest.raises(ServiceError, match="phối hợp"):
        delete_unit(sample_engine, "tester", helper.id)
    with reading(sample_engine) as session:
        logged = session.exec(select(AuditEntry).where(AuditEntry.action == "delete")).all()
    assert logged == []
    assert {"BLV", "HP", "BLV-Z", "BLV-W"} <= {u.code for u in list_units(sample_engine)}
