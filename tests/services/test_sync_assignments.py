"""Assignments: the city owns content, lead unit and deadline; the unit owns progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from carapp.domain.areas import ReformArea
from carapp.services.common import ServiceError
from carapp.services.plans import create_plan, create_section, list_plans
from carapp.services.progress import progress_for, set_progress
from carapp.services.sync.assignment_import import PLAN_TITLE, assigned_tasks, import_assignments
from carapp.services.sync.assignment_publish import create_city_task, publish_assignments
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.services.tasks import create_task, delete_task, list_tasks, update_task
from carapp.services.units import create_unit, unit_by_code
from tests.services.test_sync_support import NOW, Q1, WHO, World, make_world


@dataclass
class Assigned:
    world: World
    plan_id: str
    section_id: str
    task_ids: list[str]


@pytest.fixture
def assigned(tmp_path: Path) -> Assigned:
    world = make_world(tmp_path)
    hp = unit_by_code(world.city, "HP")
    plan = create_plan(
        world.city,
        WHO,
        hp.id,
        title="Kế hoạch CCHC thành phố năm 2026",
        start_year=2026,
        end_year=2026,
    )
    section = create_section(
        world.city, WHO, plan.id, "I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS
    )
    other = create_section(
        world.city, WHO, plan.id, "II", "CHUYỂN ĐỔI SỐ", ReformArea.DIGITAL_GOVERNMENT
    )
    ids = [
        create_city_task(
            world.city,
            WHO,
            section.id,
            number="1",
            content="Rà soát thể chế",
            lead="Các đặc khu",
            deadline_text="30/06/2026",
        ).id,
        create_city_task(
            world.city,
            WHO,
            other.id,
            number="2",
            content="Số hóa hồ sơ",
            lead="Các đặc khu",
            deadline_text="Quý IV/2026",
        ).id,
    ]
    return Assigned(world, plan.id, section.id, ids)


def _publish(a: Assigned, folder: str, codes: list[str] | None = None) -> Path:
    built = publish_assignments(
        a.world.city,
        a.plan_id,
        codes or ["BLV"],
        a.world.city_signer,
        a.world.folder(folder),
        who=WHO,
        now=NOW,
    )
    return built.path


def test_import_creates_a_local_plan_with_one_section_per_area(assigned: Assigned) -> None:
    path = _publish(assigned, "p1")
    assert path.name.startswith("GIAO-NHIEM-VU_HP_")
    result = import_assignments(assigned.world.unit, path, who=WHO, now=NOW)
    assert result.status == "accepted" and result.unit_code == "HP"
    plans = [p for p in list_plans(assigned.world.unit) if p.kind == "assignments"]
    assert [(p.title, p.owner_code, p.task_count) for p in plans] == [
        (f"{PLAN_TITLE} — Kế hoạch CCHC thành phố năm 2026", "BLV", 2)
    ]
    tasks = list_tasks(assigned.world.unit, plans[0].id, period=Q1)
    assert [(t.section_numeral, t.area, t.origin, t.content) for t in tasks] == [
        ("I", ReformArea.INSTITUTIONS, "city", "Rà soát thể chế"),
        ("II", ReformArea.DIGITAL_GOVERNMENT, "city", "Số hóa hồ sơ"),
    ]
    assert tasks[0].deadline.end == date(2026, 6, 30)
    copies = assigned_tasks(assigned.world.unit, "BLV")
    assert [c.parent_task_id for c in copies] == assigned.task_ids


def test_the_unit_cannot_edit_city_content_but_records_progress(assigned: Assigned) -> None:
    unit = assigned.world.unit
    import_assignments(unit, _publish(assigned, "p1"), who=WHO, now=NOW)
    task = assigned_tasks(unit)[0]
    for field in ("content", "lead", "deadline_text", "number"):
        with pytest.raises(ServiceError, match="do thành phố giao"):
            update_task(unit, WHO, task.id, **{field: "sửa"})
    with pytest.raises(ServiceError, match="không xóa được"):
        delete_task(unit, WHO, task.id)
    assert update_task(unit, WHO, task.id, position=9) == ["position"]
    set_progress(unit, WHO, task.id, Q1, status="in_progress", percent=50)
    assert progress_for(unit, task.id, Q1) is not None
    # The unit may still add its own task to that plan.
    own = create_task(unit, WHO, task.section_id, content="Nhiệm vụ đơn vị tự thêm")
    assert own.origin == "unit"


def test_republishing_updates_content_and_keeps_progress(assigned: Assigned) -> None:
    world = assigned.world
    import_assignments(world.unit, _publish(assigned, "p1"), who=WHO, now=NOW)
    copy_ = assigned_tasks(world.unit)[0]
    set_progress(
        world.unit,
        WHO,
        copy_.id,
        Q1,
        status="done",
        description="Xong",
        completed_on=date(2026, 3, 1),
    )
    update_task(
        world.city,
        WHO,
        assigned.task_ids[0],
        content="Rà soát thể chế (đã sửa)",
        deadline_text="31/12/2026",
    )
    result = import_assignments(world.unit, _publish(assigned, "p2"), who=WHO, now=NOW)
    assert "cập nhật 1 nhiệm vụ" in result.reason
    updated = assigned_tasks(world.unit)[0]
    assert (updated.id, updated.content, updated.deadline_end) == (
        copy_.id,
        "Rà soát thể chế (đã sửa)",
        date(2026, 12, 31),
    )
    assert updated.revision > copy_.revision
    kept = progress_for(world.unit, copy_.id, Q1)
    assert kept is not None and (kept.status.value, kept.description) == ("done", "Xong")


def test_replay_and_older_assignments(assigned: Assigned) -> None:
    world = assigned.world
    first = _publish(assigned, "p1")
    second = _publish(assigned, "p2")
    assert import_assignments(world.unit, second, who=WHO, now=NOW).status == "accepted"
    assert import_assignments(world.unit, second, who=WHO, now=NOW).status == "already_imported"
    older = import_assignments(world.unit, first, who=WHO, now=NOW)
    assert (older.status, older.step) == ("rejected", "sequence")


def test_assignments_for_other_units_only(assigned: Assigned) -> None:
    world = assigned.world
    create_unit(world.city, WHO, "CHI", "Ủy ban nhân dân phường Chi Lăng", "ward")
    result = import_assignments(world.unit, _publish(assigned, "p1", ["CHI"]), who=WHO, now=NOW)
    assert (
        result.status == "accepted" and "không có nhiệm vụ nào giao cho đơn vị BLV" in result.reason
    )
    assert assigned_tasks(world.unit) == []


def test_a_unit_package_is_not_assignments(assigned: Assigned) -> None:
    world = assigned.world
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("r"), now=NOW)
    result = import_assignments(world.unit, built.path, who=WHO, now=NOW)
    assert result.status == "rejected" and "không phải gói giao nhiệm vụ" in result.reason


def test_publishing_is_checked(assigned: Assigned) -> None:
    world = assigned.world
    with pytest.raises(ServiceError, match="XYZ"):
        publish_assignments(
            world.city, assigned.plan_id, ["XYZ"], world.city_signer, world.folder("x"), now=NOW
        )
    with pytest.raises(ServiceError, match="ít nhất một đơn vị"):
        publish_assignments(
            world.city, assigned.plan_id, [], world.city_signer, world.folder("x"), now=NOW
        )
    with pytest.raises(ServiceError, match="chế độ thành phố"):
        publish_assignments(
            world.unit, assigned.plan_id, ["BLV"], world.unit_signer, world.folder("x"), now=NOW
        )
    with pytest.raises(ServiceError, match="không phải đơn vị HP"):
        publish_assignments(
            world.city, assigned.plan_id, ["BLV"], world.unit_signer, world.folder("x"), now=NOW
        )
    assert list(world.folder("x").iterdir()) == []


def test_the_city_cannot_edit_what_a_unit_sent(assigned: Assigned) -> None:
    world = assigned.world
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("r"), now=NOW)
    [result] = import_packages(world.city, [built.path], world.city_signer, now=NOW)
    assert result.status == "accepted"
    unit_task = next(t for t in list_tasks(world.city) if t.plan_id not in (assigned.plan_id,))
    with pytest.raises(ServiceError, match="thuộc kế hoạch của đơn vị BLV"):
        update_task(world.city, WHO, unit_task.id, content="Thành phố sửa")
    with pytest.raises(ServiceError, match="thuộc kế hoạch của đơn vị BLV"):
        set_progress(world.city, WHO, unit_task.id, Q1, status="done")
    with pytest.raises(ServiceError, match="thuộc kế hoạch của đơn vị BLV"):
        delete_task(world.city, WHO, unit_task.id)
    with pytest.raises(ServiceError, match="thuộc kế hoạch của đơn vị BLV"):
        create_task(world.city, WHO, unit_task.section_id, content="Thêm vào kế hoạch đơn vị")
    # The city edits its own tasks freely.
    assert update_task(world.city, WHO, assigned.task_ids[1], content="Số hóa toàn bộ hồ sơ")
