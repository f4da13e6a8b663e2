"""A unit takes the city's assignments package: its tasks become a local plan it reports on.

After the same checks as any package (signature, trust, sequence), the tasks given to this unit
go into a local plan "Nhiệm vụ thành phố giao — <city plan>" (kind ``assignments``, owned by the
unit so that its report carries them), one section per reform area. Each is a copy of the city
task (``origin = 'city'``, ``parent_task_id`` = the city task's id) with a stable id derived from
the city task and the unit, so a re-import updates the same row. The city owns content, lead
unit and deadline: a re-import replaces them; the unit owns progress: a re-import never touches
a progress record. Tasks the city no longer lists are kept (they may carry progress); the
editing services refuse to change or delete city-owned content (carapp.services.sync.ownership).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from carapp.db.models import Plan, Section, Task, Unit
from carapp.domain.areas import ReformArea
from carapp.services.audit import apply_changes, log_create
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, reading, transaction
from carapp.services.deadlines import deadline_columns
from carapp.services.sync.assignment_publish import CONTENT
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.package_write import incoming_record
from carapp.services.sync.results import (
    ACCEPTED,
    REJECTED,
    SEQUENCE_STEP,
    ImportResult,
    described_result,
    rejected_result,
    sequence_verdict,
)
from carapp.services.sync.revocation import store_crl
from carapp.services.sync.trust import trust_of
from carapp.services.tasks import search_key
from carapp.sync.crl import CRL_FILE, CrlError, read_crl
from carapp.sync.errors import PackageRejected
from carapp.sync.manifest import Kind
from carapp.sync.package import verify_package

# Namespace of the ids a unit derives for its copies of city tasks, plans and sections.
NAMESPACE = uuid.UUID("6f1d2c3b-8a4e-4b7f-9c0d-1e2f3a4b5c6d")
PLAN_TITLE = "Nhiệm vụ thành phố giao"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def derived_id(*parts: str) -> str:
    """Return the stable id a unit gives to its copy of a city record."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


# --- unit side --------------------------------------------------------------------------------


def import_assignments(
    engine: Engine, path: str | Path, *, who: str | None = None, now: datetime | None = None
) -> ImportResult:
    """Import the city's assignments package at a unit (see the module doc); nothing is written
    when the package is refused or was imported already."""
    source = Path(path).expanduser()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with reading(engine) as session:
        trust = trust_of(session)
    try:
        package = verify_package(source, trust, Kind.ASSIGNMENTS, moment)
    except PackageRejected as error:
        return rejected_result(source, error)
    manifest = package.manifest
    backup_before(engine, "truoc-nhap")
    with transaction(engine) as session:
        own_code = own_code_of(session)
        unit = session.exec(select(Unit).where(Unit.code == own_code)).first() if own_code else None
        if unit is None or mode_of(session) != "unit":
            raise ServiceError(
                "Chỉ đơn vị (chế độ đơn vị, đã đặt mã đơn vị) mới nhập gói giao nhiệm vụ."
            )
        verdict, reason = sequence_verdict(
            session,
            Kind.ASSIGNMENTS.value,
            manifest.unit_code,
            manifest.sequence,
            package.manifest_sha256,
        )
        if verdict != ACCEPTED:
            result = described_result(source, package, verdict, reason)
            return replace(result, step=SEQUENCE_STEP) if verdict == REJECTED else result
        actor = f"{manifest.unit_code} (gói giao nhiệm vụ số {manifest.sequence})"
        created, updated = _apply(session, actor, unit, package.data)
        if CRL_FILE in package.files:
            _take_crl(session, actor, package.files[CRL_FILE])
        session.add(incoming_record(package, source.name, moment))
    mine = created + updated
    if not mine and not _any_for(package.data, own_code):
        reason = f"Gói không có nhiệm vụ nào giao cho đơn vị {own_code}."
    else:
        reason = f"Nhận {created} nhiệm vụ mới, cập nhật {updated} nhiệm vụ."
    return described_result(source, package, ACCEPTED, reason)


def _take_crl(session: Session, who: str, raw: bytes) -> None:
    try:
        store_crl(session, who, read_crl(raw))
    except CrlError as exc:
        raise ServiceError(f"Danh sách thu hồi trong gói giao nhiệm vụ: {exc}") from exc


def _any_for(data: dict[str, Any], code: str) -> bool:
    return any(code in task["unit_codes"] for task in data["tasks"])


def _apply(session: Session, who: str, unit: Unit, data: dict[str, Any]) -> tuple[int, int]:
    tasks = [t for t in data["tasks"] if unit.code in t["unit_codes"]]
    if not tasks:
        return 0, 0
    plan = _local_plan(session, who, unit, data)
    areas = [a for a in ReformArea if any(t["area"] == a.value for t in tasks)]
    sections = _sections(session, who, plan, areas)
    created = updated = 0
    for position, item in enumerate(tasks, start=1):
        task_id = derived_id("task", item["id"], unit.code)
        values: dict[str, Any] = {name: item[name] for name in CONTENT}
        values.update(deadline_columns(item["deadline_text"], plan))
        values["section_id"] = sections[item["area"]].id
        task = session.get(Task, task_id)
        if task is None:
            task = Task(
                id=task_id,
                plan_id=plan.id,
                position=position,
                origin="city",
                parent_task_id=item["id"],
                **values,
            )
            task.search_key = search_key(task)
            session.add(task)
            log_create(session, who, task)
            created += 1
        elif apply_changes(session, who, task, values):
            task.search_key = search_key(task)
            updated += 1
    return created, updated


def _local_plan(session: Session, who: str, unit: Unit, data: dict[str, Any]) -> Plan:
    plan_id = derived_id("plan", data["city_plan_id"], unit.code)
    values: dict[str, Any] = {
        "title": f"{PLAN_TITLE} — {data['city_plan_title']}",
        "start_year": data["start_year"],
        "end_year": data["end_year"],
        "parent_reference": data["city_plan_title"],
    }
    plan = session.get(Plan, plan_id)
    if plan is None:
        plan = Plan(
            id=plan_id,
            owner_unit_id=unit.id,
            kind="assignments",
            parent_plan_id=data["city_plan_id"],
            appendix_title="DANH MỤC NHIỆM VỤ THÀNH PHỐ GIAO",
            issuer=unit.name.upper(),
            **values,
        )
        session.add(plan)
        session.flush()
        log_create(session, who, plan)
    else:
        apply_changes(session, who, plan, values)
    return plan


def _sections(
    session: Session, who: str, plan: Plan, areas: list[ReformArea]
) -> dict[str, Section]:
    existing = {
        s.area: s for s in session.exec(select(Section).where(Section.plan_id == plan.id)).all()
    }
    wanted = [a for a in ReformArea if a in areas or a.value in existing]
    result = {}
    for position, area in enumerate(wanted, start=1):
        numeral = _ROMAN[position - 1]
        section = existing.get(area.value)
        if section is None:
            section = Section(
                id=derived_id("section", plan.id, area.value),
                plan_id=plan.id,
                position=position,
                numeral=numeral,
                title=area.label.upper(),
                area=area.value,
            )
            session.add(section)
            session.flush()
            log_create(session, who, section)
        else:
            apply_changes(session, who, section, {"position": position, "numeral": numeral})
        result[area.value] = section
    return result


def assigned_tasks(engine: Engine, unit_code: str | None = None) -> list[Task]:
    """Return the tasks the city assigned that this database holds (a unit's copies)."""
    with reading(engine) as session:
        query = select(Task).where(Task.origin == "city", col(Task.parent_task_id).is_not(None))
        if unit_code:
            query = (
                query.join(Plan, col(Plan.id) == col(Task.plan_id))
                .join(Unit, col(Unit.id) == col(Plan.owner_unit_id))
                .where(Unit.code == unit_code)
            )
        return list(session.exec(query.order_by(col(Task.plan_id), col(Task.position))).all())
