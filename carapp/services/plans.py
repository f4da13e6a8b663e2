"""Plans, their sections, targets and the targets' measurements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from carapp.db.models import Measurement, Plan, Section, Target, Task, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.bounds import period_problem
from carapp.domain.documents import SignatureBlock, SignatureError
from carapp.domain.periods import ReportingPeriod
from carapp.domain.text import clean
from carapp.services.audit import apply_changes, log_create, log_delete
from carapp.services.common import NotFound, ServiceError, reading, transaction

PLAN_FIELDS = (
    "kind",
    "title",
    "document_type",
    "number",
    "issued_on",
    "issuer",
    "parent_issuer",
    "place",
    "attached_to",
    "appendix_label",
    "appendix_title",
    "appendix_attached_to",
    "start_year",
    "end_year",
    "parent_reference",
    "state",
    "sign_authority",
    "sign_post",
    "sign_name",
    "recipients",
)
TARGET_FIELDS = ("text", "indicator", "comparator", "value", "unit", "baseline", "due", "position")


@dataclass(frozen=True)
class PlanSummary:
    """A plan as the plan list shows it."""

    id: str
    title: str
    number: str
    owner_code: str
    owner_name: str
    start_year: int
    end_year: int
    kind: str
    task_count: int
    archived_at: datetime | None = None


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}


def list_plans(engine: Engine, *, include_archived: bool = False) -> list[PlanSummary]:
    """Return the plans (archived ones only when asked) with their owner and number of tasks."""
    with reading(engine) as session:
        counts = dict(
            session.exec(select(Task.plan_id, func.count()).group_by(col(Task.plan_id))).all()
        )
        query = select(Plan, Unit).join(Unit, col(Plan.owner_unit_id) == col(Unit.id))
        if not include_archived:
            query = query.where(col(Plan.archived_at).is_(None))
        rows = session.exec(query.order_by(col(Plan.start_year), col(Plan.title))).all()
    return [
        PlanSummary(
            p.id,
            p.title,
            p.number,
            u.code,
            u.name,
            p.start_year,
            p.end_year,
            p.kind,
            counts.get(p.id, 0),
            p.archived_at,
        )
        for p, u in rows
    ]


def get_plan(engine: Engine, plan_id: str) -> Plan:
    """Return one plan, detached."""
    with reading(engine) as session:
        plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    return plan


def create_plan(engine: Engine, who: str, owner_unit_id: str, **fields: Any) -> Plan:
    """Add a plan owned by a unit."""
    if set(fields) - set(PLAN_FIELDS):
        raise ServiceError(
            f"Trường không hợp lệ: {', '.join(sorted(set(fields) - set(PLAN_FIELDS)))}"
        )
    values = _clean_values(fields)
    if not values.get("title"):
        raise ServiceError("Tên kế hoạch không được để trống.")
    _check_years(values.get("start_year"), values.get("end_year"))
    with transaction(engine) as session:
        if session.get(Unit, owner_unit_id) is None:
            raise NotFound("Không tìm thấy đơn vị sở hữu kế hoạch.")
        plan = Plan(owner_unit_id=owner_unit_id, **values)
        session.add(plan)
        log_create(session, who, plan)
    return plan


def _check_years(start: Any, end: Any) -> None:
    if not isinstance(start, int) or not isinstance(end, int) or not 1900 < start <= end < 2200:
        raise ServiceError(f"Giai đoạn kế hoạch không hợp lệ: {start} - {end}.")


def _check_signature(plan: Plan, values: dict[str, Any]) -> None:
    """Refuse a signature block Nghị định 30/2020 does not allow (more than 3 lines, "K.T.")."""
    if not {"sign_authority", "sign_post", "sign_name"} & set(values):
        return
    block = SignatureBlock(
        values.get("sign_authority", plan.sign_authority),
        values.get("sign_post", plan.sign_post),
        values.get("sign_name", plan.sign_name),
    )
    try:
        block.check()
    except SignatureError as error:
        raise ServiceError(str(error)) from None


def update_plan(engine: Engine, who: str, plan_id: str, **changes: Any) -> list[str]:
    """Change plan details (number, date, issuer, "Kèm theo …", period …)."""
    if set(changes) - set(PLAN_FIELDS):
        raise ServiceError("Trường không hợp lệ.")
    with transaction(engine) as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFound("Không tìm thấy kế hoạch.")
        values = _clean_values(changes)
        _check_signature(plan, values)
        _check_years(
            values.get("start_year", plan.start_year), values.get("end_year", plan.end_year)
        )
        return apply_changes(session, who, plan, values)


def list_sections(engine: Engine, plan_id: str) -> list[Section]:
    """Return a plan's sections in order."""
    with reading(engine) as session:
        query = select(Section).where(Section.plan_id == plan_id).order_by(col(Section.position))
        return list(session.exec(query).all())


def create_section(
    engine: Engine, who: str, plan_id: str, numeral: str, title: str, area: ReformArea
) -> Section:
    """Add a section at the end of a plan."""
    with transaction(engine) as session:
        if session.get(Plan, plan_id) is None:
            raise NotFound("Không tìm thấy kế hoạch.")
        last = session.exec(
            select(func.max(Section.position)).where(Section.plan_id == plan_id)
        ).one()
        section = Section(
            plan_id=plan_id,
            position=(last or 0) + 1,
            numeral=clean(numeral),
            title=clean(title),
            area=ReformArea(area).value,
        )
        session.add(section)
        log_create(session, who, section)
    return section


def update_section(engine: Engine, who: str, section_id: str, **changes: Any) -> list[str]:
    """Change a section's numeral, title or reform area."""
    if set(changes) - {"numeral", "title", "area"}:
        raise ServiceError("Trường không hợp lệ.")
    with transaction(engine) as session:
        section = session.get(Section, section_id)
        if section is None:
            raise NotFound("Không tìm thấy mục.")
        return apply_changes(session, who, section, _clean_values(changes))


def list_targets(engine: Engine, plan_id: str) -> list[tuple[Section, Target]]:
    """Return a plan's targets with their sections, in order."""
    with reading(engine) as session:
        rows = session.exec(
            select(Section, Target)
            .join(Target, col(Target.section_id) == col(Section.id))
            .where(Section.plan_id == plan_id)
            .order_by(col(Section.position), col(Target.position))
        ).all()
    return [(s, t) for s, t in rows]


def create_target(engine: Engine, who: str, section_id: str, **fields: Any) -> Target:
    """Add a measurable target to a section (after its last target unless a position is given)."""
    if set(fields) - set(TARGET_FIELDS):
        raise ServiceError("Trường không hợp lệ.")
    values = _clean_values(fields)
    if not values.get("text"):
        raise ServiceError("Nội dung chỉ tiêu không được để trống.")
    with transaction(engine) as session:
        if session.get(Section, section_id) is None:
            raise NotFound("Không tìm thấy mục.")
        if "position" not in values:
            last = session.exec(
                select(func.max(Target.position)).where(Target.section_id == section_id)
            ).one()
            values["position"] = (last or 0) + 1
        target = Target(section_id=section_id, **values)
        session.add(target)
        log_create(session, who, target)
    return target


def delete_target(engine: Engine, who: str, target_id: str) -> dict[str, Any]:
    """Delete a target and its measurements, logging both; return what restore_target needs."""
    with transaction(engine) as session:
        target = session.get(Target, target_id)
        if target is None:
            raise NotFound("Không tìm thấy chỉ tiêu.")
        measurements = list(
            session.exec(select(Measurement).where(Measurement.target_id == target_id)).all()
        )
        snapshot = {
            "target": target.model_dump(),
            "measurements": [m.model_dump() for m in measurements],
        }
        for measured in measurements:
            log_delete(session, who, measured)
            session.delete(measured)
        session.flush()
        log_delete(session, who, target)
        session.delete(target)
    return snapshot


def restore_target(engine: Engine, who: str, snapshot: dict[str, Any]) -> Target:
    """Put back a target taken by delete_target, same id and measurements, logging its creation."""
    with transaction(engine) as session:
        values = dict(snapshot["target"])
        if session.get(Target, values["id"]) is not None:
            raise ServiceError("Chỉ tiêu này vẫn còn trong kế hoạch, không cần khôi phục.")
        if session.get(Section, values["section_id"]) is None:
            raise NotFound("Mục chứa chỉ tiêu không còn nữa, không khôi phục được.")
        target = Target(**values)
        session.add(target)
        log_create(session, who, target)
        session.flush()
        for measured_values in snapshot["measurements"]:
            measured = Measurement(**measured_values)
            session.add(measured)
            log_create(session, who, measured)
    return target


def update_target(engine: Engine, who: str, target_id: str, **changes: Any) -> list[str]:
    """Change a target's text or figures."""
    if set(changes) - set(TARGET_FIELDS):
        raise ServiceError("Trường không hợp lệ.")
    with transaction(engine) as session:
        target = session.get(Target, target_id)
        if target is None:
            raise NotFound("Không tìm thấy chỉ tiêu.")
        return apply_changes(session, who, target, _clean_values(changes))


def set_measurement(
    engine: Engine,
    who: str,
    target_id: str,
    period: ReportingPeriod,
    actual_value: float | None,
    note: str = "",
) -> Measurement:
    """Record a target's actual value for a period (one per target and period)."""
    with transaction(engine) as session:
        target = session.get(Target, target_id)
        if target is None:
            raise NotFound("Không tìm thấy chỉ tiêu.")
        _check_period(session, target, period)
        found = session.exec(
            select(Measurement).where(
                Measurement.target_id == target_id, Measurement.period == period.code
            )
        ).first()
        if found is None:
            found = Measurement(
                target_id=target_id, period=period.code, actual_value=actual_value, note=clean(note)
            )
            session.add(found)
            log_create(session, who, found)
        else:
            apply_changes(session, who, found, {"actual_value": actual_value, "note": clean(note)})
    return found


def _check_period(session: Session, target: Target, period: ReportingPeriod) -> None:
    """Refuse a measurement for a period outside the years of the target's plan."""
    section = session.get(Section, target.section_id)
    plan = session.get(Plan, section.plan_id) if section else None
    problem = period_problem(period, plan.start_year, plan.end_year) if plan else None
    if problem:
        raise ServiceError(problem)


def list_measurements(engine: Engine, target_id: str) -> list[Measurement]:
    """Return a target's measurements."""
    with reading(engine) as session:
        query = select(Measurement).where(Measurement.target_id == target_id)
        return list(session.exec(query).all())


def plan_measurements(
    engine: Engine, plan_id: str, period: ReportingPeriod
) -> dict[str, Measurement]:
    """Return the measurements of a plan's targets in one period, by target id (one query)."""
    with reading(engine) as session:
        query = (
            select(Measurement)
            .join(Target, col(Target.id) == col(Measurement.target_id))
            .join(Section, col(Section.id) == col(Target.section_id))
            .where(Section.plan_id == plan_id, Measurement.period == period.code)
        )
        return {m.target_id: m for m in session.exec(query).all()}


def delete_measurement(engine: Engine, who: str, target_id: str, period: ReportingPeriod) -> bool:
    """Remove a target's measurement of one period (undoing its creation); return whether one
    existed."""
    with transaction(engine) as session:
        found = session.exec(
            select(Measurement).where(
                Measurement.target_id == target_id, Measurement.period == period.code
            )
        ).first()
        if found is None:
            return False
        log_delete(session, who, found)
        session.delete(found)
    return True
