"""A plan's measurements of one period, read at once for the targets table."""

from __future__ import annotations

from sqlalchemy import Engine

from carapp.domain.periods import parse_period
from carapp.services.plans import list_plans, list_targets, plan_measurements, set_measurement


def test_plan_measurements_gives_each_target_its_value_in_the_period(
    sample_engine: Engine,
) -> None:
    plan_id = list_plans(sample_engine)[0].id
    first, second = (t for _s, t in list_targets(sample_engine, plan_id)[:2])
    q1, q2 = parse_period("2026-Q1"), parse_period("2026-H1")
    set_measurement(sample_engine, "tester", first.id, q1, 80.0)
    set_measurement(sample_engine, "tester", second.id, q2, 12.0)
    found = plan_measurements(sample_engine, plan_id, q1)
    assert {k: m.actual_value for k, m in found.items()} == {first.id: 80.0}
    assert plan_measurements(sample_engine, "no-such-plan", q1) == {}
