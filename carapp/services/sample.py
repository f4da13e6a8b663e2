"""Load a plan from carapp's plan data file (resources/sample/*.json), in one transaction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import Plan, Section, Target, Task, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.text import clean
from carapp.resources import resource_path
from carapp.services.audit import log_create
from carapp.services.common import ServiceError, transaction
from carapp.services.deadlines import deadline_columns
from carapp.services.tasks import search_key

SAMPLE = resource_path("sample", "bach-long-vi.json")


def read_plan_file(path: Path = SAMPLE) -> dict[str, Any]:
    """Read a plan data file; a damaged one gives a clear message."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ServiceError(f"Không đọc được tệp kế hoạch “{path}”: {exc}") from exc
    if data.get("format") != 1 or "plan" not in data:
        raise ServiceError(f"Tệp “{path}” không đúng định dạng dữ liệu kế hoạch của carapp.")
    return data


def load_sample(engine: Engine, who: str, path: Path = SAMPLE) -> Plan | None:
    """Load the sample plan unless a plan with its title and owner is already there."""
    return load_plan_data(engine, who, read_plan_file(path))


def load_plan_data(engine: Engine, who: str, data: dict[str, Any]) -> Plan | None:
    """Create the file's units (those missing) and its plan; None when the plan exists already."""
    with transaction(engine) as session:
        units = _ensure_units(session, who, data.get("units", []))
        spec = data["plan"]
        owner = units.get(spec["owner"]) or _unit(session, spec["owner"])
        exists = session.exec(
            select(Plan).where(Plan.owner_unit_id == owner.id, Plan.title == clean(spec["title"]))
        ).first()
        if exists:
            return None
        plan = _add_plan(session, who, owner, spec)
        for position, section_spec in enumerate(spec["sections"], start=1):
            _add_section(session, who, plan, position, section_spec, units)
    return plan


def _unit(session: Session, code: str) -> Unit:
    unit = session.exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise ServiceError(
            f"Tệp kế hoạch nhắc tới đơn vị “{code}” nhưng không khai báo đơn vị này."
        )
    return unit


UNIT_SETUP = ("letterhead", "place", "abbreviation", "sign_authority", "sign_post", "sign_name")


def _ensure_units(session: Session, who: str, specs: list[dict[str, Any]]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for spec in specs:
        unit = session.exec(select(Unit).where(Unit.code == spec["code"])).first()
        if unit is None:
            parent = spec.get("parent")
            parent_unit = units.get(parent) or _unit(session, parent) if parent else None
            unit = Unit(
                code=spec["code"],
                name=clean(spec["name"]),
                kind=spec.get("kind", "office"),
                parent_id=parent_unit.id if parent_unit else None,
            )
            for key in UNIT_SETUP:
                setattr(unit, key, clean(spec.get(key) or ""))
            session.add(unit)
            session.flush()
            log_create(session, who, unit)
        units[unit.code] = unit
    return units


def _add_plan(session: Session, who: str, owner: Unit, spec: dict[str, Any]) -> Plan:
    fields = (
        "kind",
        "title",
        "document_type",
        "number",
        "issuer",
        "parent_issuer",
        "place",
        "attached_to",
        "appendix_label",
        "appendix_title",
        "appendix_attached_to",
        "parent_reference",
        "sign_authority",
        "sign_post",
        "sign_name",
    )
    values: dict[str, Any] = {f: clean(spec[f]) for f in fields if spec.get(f) is not None}
    issued = spec.get("issued_on")
    plan = Plan(
        owner_unit_id=owner.id,
        start_year=int(spec["start_year"]),
        end_year=int(spec["end_year"]),
        issued_on=date.fromisoformat(issued) if issued else None,
        recipients="\n".join(spec.get("recipients", [])),
        **values,
    )
    session.add(plan)
    session.flush()
    log_create(session, who, plan)
    return plan


def _add_section(
    session: Session,
    who: str,
    plan: Plan,
    position: int,
    spec: dict[str, Any],
    units: dict[str, Unit],
) -> None:
    section = Section(
        plan_id=plan.id,
        position=position,
        numeral=clean(spec["numeral"]),
        title=clean(spec["title"]),
        area=ReformArea(spec.get("area", "other")).value,
    )
    session.add(section)
    session.flush()
    log_create(session, who, section)
    for index, target_spec in enumerate(spec.get("targets", []), start=1):
        target = Target(section_id=section.id, position=index, **_target_values(target_spec))
        session.add(target)
        log_create(session, who, target)
    for index, task_spec in enumerate(spec.get("tasks", []), start=1):
        lead_code = task_spec.get("lead_unit")
        task = Task(
            plan_id=plan.id,
            section_id=section.id,
            position=index,
            number=clean(task_spec.get("number", "")),
            code=clean(task_spec.get("code", "")),
            content=clean(task_spec["content"]),
            lead=clean(task_spec.get("lead", "")),
            lead_unit_id=(units.get(lead_code) or _unit(session, lead_code)).id
            if lead_code
            else None,
            cooperating=clean(task_spec.get("cooperating", "")),
            output=clean(task_spec.get("output", "")),
            **deadline_columns(task_spec.get("deadline", ""), plan),
        )
        task.search_key = search_key(task)
        session.add(task)
        log_create(session, who, task)


def _target_values(spec: dict[str, Any]) -> dict[str, Any]:
    value = spec.get("value")
    return {
        "text": clean(spec["text"]),
        "indicator": clean(spec.get("indicator", "")),
        "comparator": spec.get("comparator", "at_least"),
        "value": float(value) if value is not None else None,
        "unit": clean(spec.get("unit", "")),
        "baseline": clean(spec.get("baseline") or ""),
        "due": clean(str(spec.get("due") or "")),
    }
