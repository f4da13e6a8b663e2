"""Setting up a unit's own database: its set-up, the own-unit setting, an empty plan."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from carapp.services.audit import history
from carapp.services.common import ServiceError
from carapp.services.demo import demo_path, is_demo, open_demo_database
from carapp.services.first_start import (
    UnitSetup,
    own_unit_setup,
    set_up_own_unit,
    start_empty_plan,
)
from carapp.services.plans import get_plan, list_plans, list_sections
from carapp.services.sync.setup import sync_settings
from carapp.services.units import list_units

SETUP = UnitSetup(
    "MD",
    " Ủy ban nhân dân  xã Mao Điền",
    "commune",
    parent_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
    letterhead="ỦY BAN NHÂN DÂN\n\n  XÃ MAO ĐIỀN ",
    place="Mao Điền",
    sign_authority="TM. ỦY BAN NHÂN DÂN",
    sign_post="CHỦ TỊCH",
    sign_name="Nguyễn Văn Bình",
)


def test_set_up_makes_the_own_unit_with_its_letterhead(engine: Engine) -> None:
    unit = set_up_own_unit(engine, "tester", SETUP)
    assert sync_settings(engine).own_unit_code == "MD"
    assert (unit.name, unit.letterhead) == (
        "Ủy ban nhân dân xã Mao Điền",
        "ỦY BAN NHÂN DÂN\nXÃ MAO ĐIỀN",
    )
    assert own_unit_setup(engine) == UnitSetup(
        **{**SETUP.__dict__, "name": unit.name, "letterhead": unit.letterhead}
    )
    assert {e.field for e in history(engine, [unit.id])} >= {"code", "sign_name"}


def test_set_up_again_updates_the_same_unit(engine: Engine) -> None:
    set_up_own_unit(engine, "tester", SETUP)
    set_up_own_unit(engine, "tester", UnitSetup("MD", "UBND xã Mao Điền", "commune"))
    [unit] = list_units(engine)
    assert (unit.name, unit.sign_name) == ("UBND xã Mao Điền", "")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (UnitSetup("", "Xã A"), "mã và tên"),
        (UnitSetup("M D", "Xã A"), "không hợp lệ"),
        (UnitSetup("MD", "Xã A", "planet"), "Loại đơn vị"),
    ],
)
def test_bad_set_up_is_refused_and_writes_nothing(
    engine: Engine, setup: UnitSetup, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        set_up_own_unit(engine, "tester", setup)
    assert list_units(engine) == [] and sync_settings(engine).own_unit_code == ""


def test_empty_plan_has_the_seven_sections_and_the_units_signature(engine: Engine) -> None:
    set_up_own_unit(engine, "tester", SETUP)
    plan_id = start_empty_plan(engine, "tester", "MD", "kế hoạch cải cách 2026", 2026, 2030)
    plan = get_plan(engine, plan_id)
    assert plan.title == "Cải cách 2026"  # never "Kế hoạch Kế hoạch …"
    assert (plan.issuer, plan.sign_name, plan.place) == (
        "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN",
        "Nguyễn Văn Bình",
        "Mao Điền",
    )
    assert [s.numeral for s in list_sections(engine, plan_id)] == [
        "I", "II", "III", "IV", "V", "VI", "VII"
    ]  # fmt: skip
    with pytest.raises(ServiceError, match="đã có kế hoạch"):
        start_empty_plan(engine, "tester", "MD", "Cải cách 2026", 2026, 2030)
    with pytest.raises(ServiceError, match="Giai đoạn"):
        start_empty_plan(engine, "tester", "MD", "Khác", 2030, 2026)


def test_demo_database_is_a_file_of_its_own(engine: Engine) -> None:
    demo = open_demo_database("tester")
    assert demo_path().exists() and is_demo(demo) and not is_demo(engine)
    assert [p.owner_code for p in list_plans(demo)] == ["BLV"]
    assert list_plans(engine) == []
    demo.dispose()
