"""Sample plan, plan details, units, targets and measurements."""

from __future__ import annotations

import json
from datetime import date

import pytest

from carapp.domain.areas import ReformArea
from carapp.domain.periods import parse_period
from carapp.services.common import ServiceError
from carapp.services.plans import (
    get_plan,
    list_measurements,
    list_plans,
    list_sections,
    list_targets,
    set_measurement,
    update_plan,
    update_section,
)
from carapp.services.sample import SAMPLE, load_sample
from carapp.services.tasks import list_tasks
from carapp.services.units import create_unit, list_units, unit_by_code

TRUTH = json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_sample_loads_every_task_exactly(sample_engine) -> None:
    plan = list_plans(sample_engine)[0]
    assert plan.owner_code == "BLV" and plan.task_count == 30
    expected = [t for s in TRUTH["plan"]["sections"] for t in s["tasks"]]
    got = list_tasks(sample_engine, plan.id)
    for want, have in zip(expected, got, strict=True):
        assert (
            have.number,
            have.content,
            have.lead,
            have.cooperating,
            have.output,
            have.deadline.text,
        ) == (
            want["number"],
            want["content"],
            want["lead"],
            want["cooperating"],
            want["output"],
            want["deadline"],
        )
    numerals = [s.numeral for s in list_sections(sample_engine, plan.id)]
    assert numerals == ["I", "II", "III", "IV", "V", "VI", "VII"]


def test_sample_has_units_and_targets(sample_engine) -> None:
    codes = {u.code for u in list_units(sample_engine)}
    assert {"HP", "BLV"} <= codes and len(codes) == len(TRUTH["units"])
    targets = list_targets(sample_engine, list_plans(sample_engine)[0].id)
    assert len(targets) == sum(len(s.get("targets", [])) for s in TRUTH["plan"]["sections"])
    assert any(t.value == 85 and t.unit == "%" for _, t in targets)


def test_loading_the_sample_twice_adds_nothing(sample_engine) -> None:
    assert load_sample(sample_engine, "tester") is None
    assert len(list_plans(sample_engine)) == 1


def test_plan_details_can_be_changed(sample_engine) -> None:
    plan = list_plans(sample_engine)[0]
    update_plan(sample_engine, "tester", plan.id, number="95/KH-UBND", issued_on=date(2025, 9, 3))
    assert get_plan(sample_engine, plan.id).number == "95/KH-UBND"
    with pytest.raises(ServiceError, match="Giai đoạn"):
        update_plan(sample_engine, "tester", plan.id, end_year=2020)


def test_measurement_per_period(sample_engine) -> None:
    _, target = list_targets(sample_engine, list_plans(sample_engine)[0].id)[0]
    q1 = parse_period("2026-Q1")
    set_measurement(sample_engine, "tester", target.id, q1, 62.5, "Số liệu quý I")
    set_measurement(sample_engine, "tester", target.id, q1, 70.0)
    values = list_measurements(sample_engine, target.id)
    assert [(m.period, m.actual_value) for m in values] == [("2026-Q1", 70.0)]


def test_units_codes_are_unique_and_known(sample_engine) -> None:
    create_unit(sample_engine, "tester", "BLV-X", "Phòng Thử nghiệm", "department", "BLV")
    assert unit_by_code(sample_engine, "BLV-X").parent_id == unit_by_code(sample_engine, "BLV").id
    with pytest.raises(ServiceError, match="đã có"):
        create_unit(sample_engine, "tester", "BLV-X", "Trùng mã")
    with pytest.raises(ServiceError, match="Không có đơn vị mã “ZZZ”"):
        create_unit(sample_engine, "tester", "BLV-Y", "Phòng Y", "department", "ZZZ")


def test_section_can_be_renamed_and_moved_to_another_area(sample_engine) -> None:
    section = list_sections(sample_engine, list_plans(sample_engine)[0].id)[6]
    changed = update_section(
        sample_engine, "tester", section.id, title="CHỈ ĐẠO, ĐIỀU HÀNH", area=ReformArea.OTHER
    )
    assert changed == ["title", "area"]
    again = list_sections(sample_engine, section.plan_id)[6]
    assert (again.title, again.area, again.revision) == ("CHỈ ĐẠO, ĐIỀU HÀNH", "other", 2)
    with pytest.raises(ServiceError):
        update_section(sample_engine, "tester", section.id, position=1)
