"""A plan's life cycle: rename, archive (out of lists, task lists and packages), delete with a
backup that brings every row back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from carapp.db.models import AuditEntry, Measurement, Plan, ProgressRecord, Section, Target, Task
from carapp.services.audit import history
from carapp.services.backups import list_backups
from carapp.services.common import NotFound, ServiceError, reading
from carapp.services.plan_backup import FOLDER, delete_plan, restore_deleted_plan
from carapp.services.plan_lifecycle import archive_plan, rename_plan, unarchive_plan
from carapp.services.plans import get_plan, list_plans, list_targets, set_measurement
from carapp.services.sync.setup import set_mode
from carapp.services.sync.snapshot_build import build_snapshot
from carapp.services.tasks import find_task, list_tasks
from carapp.services.units import delete_unit, unit_by_code
from tests import databases
from tests.services.test_sync_support import Q1, WHO, record_q1

TABLES = (Plan, Section, Target, Measurement, Task, ProgressRecord)


def _counts(engine: Engine) -> dict[str, int]:
    with reading(engine) as session:
        return {
            m.__tablename__: session.execute(select(func.count()).select_from(m)).scalar_one()
            for m in TABLES
        }


@pytest.fixture
def unit(sample_engine: Engine) -> Engine:
    set_mode(sample_engine, WHO, "unit", "BLV")
    record_q1(sample_engine)
    target = list_targets(sample_engine, list_plans(sample_engine)[0].id)[0][1]
    set_measurement(sample_engine, WHO, target.id, Q1, 72.5, "Quý I")
    return sample_engine


def test_rename_is_audited_and_refuses_an_empty_title(unit: Engine) -> None:
    plan_id = list_plans(unit)[0].id
    assert rename_plan(unit, WHO, plan_id, "  Kế hoạch CCHC  2026 ") is True
    assert get_plan(unit, plan_id).title == "Kế hoạch CCHC 2026"
    assert any(
        e.field == "title" and e.new == "Kế hoạch CCHC 2026" for e in history(unit, [plan_id])
    )
    assert rename_plan(unit, WHO, plan_id, "Kế hoạch CCHC 2026") is False
    with pytest.raises(ServiceError, match="không được để trống"):
        rename_plan(unit, WHO, plan_id, "   ")


def test_an_archived_plan_leaves_lists_and_packages_but_stays_readable(unit: Engine) -> None:
    plan_id = list_plans(unit)[0].id
    assert archive_plan(unit, WHO, plan_id) is True
    assert archive_plan(unit, WHO, plan_id) is False
    assert list_plans(unit) == []
    assert [p.id for p in list_plans(unit, include_archived=True)] == [plan_id]
    assert list_tasks(unit) == [] and len(list_tasks(unit, plan_id)) == 30
    with pytest.raises(NotFound):
        find_task(unit, "1")
    assert find_task(unit, "1", plan_id).plan_id == plan_id
    assert get_plan(unit, plan_id).archived_at is not None
    with pytest.raises(ServiceError, match="chưa có kế hoạch nào để báo cáo"):
        build_snapshot(unit, "BLV", Q1)
    assert unarchive_plan(unit, WHO, plan_id) is True
    assert [p["id"] for p in build_snapshot(unit, "BLV", Q1)["plans"]] == [plan_id]


def test_the_snapshot_skips_an_archived_plan_and_its_rows(unit: Engine) -> None:
    from carapp.services.plans import create_plan, create_section
    from carapp.services.tasks import create_task

    owner = unit_by_code(unit, "BLV")
    other = create_plan(unit, WHO, owner.id, title="Tuyên truyền", start_year=2026, end_year=2026)
    section = create_section(unit, WHO, other.id, "I", "TUYÊN TRUYỀN", "other")
    create_task(unit, WHO, section.id, content="Viết tin bài")
    assert len(build_snapshot(unit, "BLV", Q1)["plans"]) == 2
    archive_plan(unit, WHO, other.id)
    data = build_snapshot(unit, "BLV", Q1)
    assert [p["title"] for p in data["plans"]] != [] and other.id not in {
        p["id"] for p in data["plans"]
    }
    assert all(t["plan_id"] != other.id for t in data["tasks"])
    assert all(s["plan_id"] != other.id for s in data["sections"])


def test_delete_writes_a_backup_beside_the_database_and_restore_brings_all_back(
    unit: Engine, tmp_path: Path
) -> None:
    plan_id = list_plans(unit)[0].id
    before = _counts(unit)
    deleted = delete_plan(unit, WHO, plan_id)
    if databases.on_postgresql():  # no folder beside a server's database: the user's data
        assert deleted.path.parent == Path(os.environ["XDG_DATA_HOME"]) / "carapp" / FOLDER
        assert list_backups(unit) == []  # the server's backups are its administrator's job
    else:
        assert deleted.path.parent == tmp_path / FOLDER
        assert [b.reason for b in list_backups(unit)] == ["truoc-xoa"]  # the whole database
    stored = json.loads(deleted.path.read_text(encoding="utf-8"))
    assert stored == deleted.snapshot and len(stored["tasks"]) == 30
    assert len(stored["progress"]) == 2 and len(stored["measurements"]) == 1
    assert list_plans(unit, include_archived=True) == []
    assert set(_counts(unit).values()) == {0}
    with reading(unit) as session:
        gone = session.exec(
            select(AuditEntry.entity).where(AuditEntry.action == "delete").distinct()
        ).all()
    assert {row[0] for row in gone} >= {"plan", "section", "task", "progress_record"}

    plan = restore_deleted_plan(unit, WHO, deleted.path)
    assert plan.id == plan_id and _counts(unit) == before
    q1 = {t.number: t.status for t in list_tasks(unit, plan_id, period=Q1)}
    assert q1["1"] is not None and q1["2"] is not None
    with pytest.raises(ServiceError, match="vẫn còn trong cơ sở dữ liệu"):
        restore_deleted_plan(unit, WHO, deleted.snapshot)
    assert _counts(unit) == before


def test_restore_is_refused_when_the_owner_is_gone(unit: Engine) -> None:
    plan_id = list_plans(unit)[0].id
    deleted = delete_plan(unit, WHO, plan_id)
    set_mode(unit, WHO, "unit", "HP")
    with reading(unit) as session:
        lead_units = session.exec(select(Task.lead_unit_id)).all()
    assert lead_units == []
    for code in ("BLV-VP", "BLV-VHXH", "BLV-KT", "BLV-TTPVHCC", "BLV-CA", "BLV-MTTQ", "BLV-TTSNC"):
        delete_unit(unit, WHO, unit_by_code(unit, code).id)
    delete_unit(unit, WHO, unit_by_code(unit, "BLV").id)
    with pytest.raises(ServiceError, match=r"Đơn vị sở hữu kế hoạch \(BLV — .*carapp unit add BLV"):
        restore_deleted_plan(unit, WHO, deleted.path)
    assert set(_counts(unit).values()) == {0}


def test_a_file_that_is_no_backup_is_refused(unit: Engine, tmp_path: Path) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ServiceError, match="không phải bản lưu kế hoạch đã xóa"):
        restore_deleted_plan(unit, WHO, bogus)
    bogus.write_text("not json", encoding="utf-8")
    with pytest.raises(ServiceError, match="không phải bản lưu kế hoạch đã xóa"):
        restore_deleted_plan(unit, WHO, bogus)


def test_a_package_never_replaces_a_file_and_skips_archived_plans(tmp_path: Path) -> None:
    from carapp.services.sync.report_package import build_report_package
    from tests.services.test_sync_support import NOW, make_world

    world = make_world(tmp_path / "world")
    out = world.folder("usb")
    there = out / "CCHC_BLV_2026-Q1_0001.zip"
    there.write_bytes(b"another file")
    with pytest.raises(ServiceError, match="đã có; không ghi đè"):
        build_report_package(world.unit, Q1, world.unit_signer, out, now=NOW)
    assert there.read_bytes() == b"another file"
    archive_plan(world.unit, WHO, list_plans(world.unit)[0].id)
    with pytest.raises(ServiceError, match="chưa có kế hoạch nào để báo cáo"):
        build_report_package(world.unit, Q1, world.unit_signer, world.folder("usb2"), now=NOW)


def test_backups_of_a_database_that_is_no_file_go_to_the_user_data_folder(tmp_path: Path) -> None:
    from carapp.db.engine import make_engine
    from carapp.services.plan_backup import backup_folder

    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert backup_folder(make_engine("sqlite://")) == data_home / "carapp" / FOLDER
    assert backup_folder(make_engine(f"sqlite:///{tmp_path}/a.sqlite3")) == tmp_path / FOLDER


def test_the_city_does_not_rename_archive_or_delete_a_units_plan(unit: Engine) -> None:
    plan_id = list_plans(unit)[0].id
    set_mode(unit, WHO, "city", "HP")
    for change in (
        lambda: rename_plan(unit, WHO, plan_id, "Khác"),
        lambda: archive_plan(unit, WHO, plan_id),
        lambda: delete_plan(unit, WHO, plan_id),
    ):
        with pytest.raises(ServiceError, match="thành phố không sửa dữ liệu của đơn vị"):
            change()
    assert get_plan(unit, plan_id).archived_at is None


def test_restore_finds_an_owner_added_again_by_its_code(engine: Engine) -> None:
    from carapp.services.plans import create_plan
    from carapp.services.units import create_unit

    first = create_unit(engine, WHO, "MD", "Xã Mao Điền", "xã")
    plan = create_plan(engine, WHO, first.id, title="Kế hoạch", start_year=2026, end_year=2026)
    deleted = delete_plan(engine, WHO, plan.id)
    delete_unit(engine, WHO, first.id)
    again = create_unit(engine, WHO, "MD", "Ủy ban nhân dân xã Mao Điền", "xã")
    assert restore_deleted_plan(engine, WHO, deleted.snapshot).owner_unit_id == again.id
