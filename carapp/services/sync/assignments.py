"""Assignments: the city gives tasks to units through signed packages; units carry them out.

City side: tasks of a plan the city owns are published to chosen units
(`publish_assignments`): an ``assignments`` package (data.json + the plan's appendix, the PDF
PAdES-signed), the same file for every unit; each task lists the unit codes that must do it.
Published tasks are marked ``origin = 'city'``.

Unit side (`import_assignments`): after the same checks as any package (signature, trust,
sequence), the tasks given to this unit go into a local plan "Nhiệm vụ thành phố giao — <city
plan>" (kind ``assignments``, owned by the unit so that its report carries them), one section
per reform area. Each is a copy of the city task (``origin = 'city'``,
``parent_task_id`` = the city task's id) with a stable id derived from the city task and the
unit, so a re-import updates the same row. The city owns content, lead unit and deadline: a
re-import replaces them; the unit owns progress: a re-import never touches a progress record.
Tasks the city no longer lists are kept (they may carry progress); the editing services refuse
to change or delete city-owned content (carapp.services.sync.ownership).
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from carapp.db.models import PackageRecord, Plan, Section, Task, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.periods import period_for
from carapp.domain.vietnam_time import vietnam
from carapp.services.audit import apply_changes, log_create
from carapp.services.backups import backup_before
from carapp.services.common import NotFound, ServiceError, current_user, reading, transaction
from carapp.services.deadlines import deadline_columns
from carapp.services.exporting import export_document
from carapp.services.sync.keys import check_signer
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.package_import import incoming_record
from carapp.services.sync.report_package import BuiltPackage
from carapp.services.sync.results import (
    ACCEPTED,
    REJECTED,
    SEQUENCE_STEP,
    ImportResult,
    described_result,
    rejected_result,
    sequence_verdict,
)
from carapp.services.sync.revocation import city_crl, store_crl
from carapp.services.sync.setup import next_sequence
from carapp.services.sync.trust import trust_of
from carapp.services.tasks import add_task, search_key
from carapp.sync.crl import CRL_FILE, CrlError, read_crl
from carapp.sync.errors import PackageRejected
from carapp.sync.manifest import Kind
from carapp.sync.package import build_package, verify_package
from carapp.sync.pades import sign_pdf
from carapp.sync.pki import Signer
from carapp.sync.validate import SchemaError

# Namespace of the ids a unit derives for its copies of city tasks, plans and sections.
NAMESPACE = uuid.UUID("6f1d2c3b-8a4e-4b7f-9c0d-1e2f3a4b5c6d")
PLAN_TITLE = "Nhiệm vụ thành phố giao"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# Task columns the city decides, as sent in the payload.
CONTENT = ("number", "code", "content", "lead", "cooperating", "output", "assigning_document")


def derived_id(*parts: str) -> str:
    """Return the stable id a unit gives to its copy of a city record."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- city side --------------------------------------------------------------------------------


def create_city_task(engine: Engine, who: str, section_id: str, **fields: Any) -> Task:
    """Add a task the city will assign (origin ``city``) to a section of one of its plans."""
    with transaction(engine) as session:
        section = session.get(Section, section_id)
        if section is None:
            raise NotFound("Không tìm thấy mục (nội dung) để thêm nhiệm vụ.")
        _city_plan(session, section.plan_id)
        task = add_task(session, who, section_id, **fields)
        task.origin = "city"
        session.add(task)
    return task


def _city_plan(session: Session, plan_id: str) -> tuple[Plan, Unit]:
    if mode_of(session) != "city":
        raise ServiceError("Chỉ cơ sở dữ liệu ở chế độ thành phố mới giao nhiệm vụ cho đơn vị.")
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    city = session.exec(select(Unit).where(Unit.code == own_code_of(session))).first()
    if city is None or plan.owner_unit_id != city.id:
        raise ServiceError("Chỉ giao được nhiệm vụ của kế hoạch do thành phố ban hành.")
    return plan, city


def assignment_file_name(city_code: str, period: str, sequence: int) -> str:
    """Return ``GIAO-NHIEM-VU_<city>_<period>_<sequence>.zip``."""
    return f"GIAO-NHIEM-VU_{city_code}_{period}_{sequence:04d}.zip"


def _plan_tasks(session: Session, plan_id: str) -> list[tuple[Task, Section]]:
    rows = session.exec(
        select(Task, Section)
        .join(Section, col(Task.section_id) == col(Section.id))
        .where(Task.plan_id == plan_id)
        .order_by(col(Section.position), col(Task.position))
    ).all()
    return [(t, s) for t, s in rows]


def publish_assignments(
    engine: Engine,
    plan_id: str,
    unit_codes: Sequence[str],
    signer: Signer,
    out_dir: str | Path,
    *,
    task_ids: Sequence[str] | None = None,
    who: str | None = None,
    now: datetime | None = None,
) -> BuiltPackage:
    """Write a signed assignments package giving the plan's tasks (or `task_ids`) to units."""
    who = who or current_user()
    codes = sorted({c.strip() for c in unit_codes if c.strip()})
    if not codes:
        raise ServiceError("Hãy chọn ít nhất một đơn vị nhận nhiệm vụ.")
    moment = vietnam(now or datetime.now(UTC))
    with reading(engine) as session:
        plan, city = _city_plan(session, plan_id)
        known = set(session.exec(select(Unit.code).where(col(Unit.code).in_(codes))).all())
        rows = _plan_tasks(session, plan_id)
    unknown = [c for c in codes if c not in known or c == city.code]
    if unknown:
        raise ServiceError(f"Không có đơn vị nhận mã: {', '.join(unknown)}.")
    if task_ids is not None:
        wanted = set(task_ids)
        rows = [(t, s) for t, s in rows if t.id in wanted]
        if len(rows) != len(wanted):
            raise NotFound("Có nhiệm vụ được chọn không thuộc kế hoạch này.")
    if not rows:
        raise ServiceError("Kế hoạch chưa có nhiệm vụ nào để giao.")
    check_signer(signer, city.code, moment)
    files = _appendix(engine, plan, signer, city.name)
    crl = city_crl(engine)
    if crl is not None:  # the city's revocation list travels to every unit it gives tasks to
        files[CRL_FILE] = crl
    period = period_for(moment.date()).code
    target = Path(out_dir).expanduser()
    path: Path | None = None
    try:
        with transaction(engine) as session:
            published = []
            for task, section in rows:
                current = session.get(Task, task.id)
                assert current is not None
                if current.origin != "city":
                    apply_changes(session, who, current, {"origin": "city"})
                published.append((current, section))
            data = _payload(plan, published, codes)
            sequence = next_sequence(session, who, city.code)
            path = target / assignment_file_name(city.code, period, sequence)
            manifest = build_package(
                path,
                Kind.ASSIGNMENTS,
                city.code,
                city.name,
                period,
                sequence,
                [plan.id],
                files,
                data,
                signer,
                created_at=moment,
            )
            manifest_sha = _sha256(manifest.to_bytes())
            session.add(
                PackageRecord(
                    direction="out",
                    kind=Kind.ASSIGNMENTS.value,
                    unit_code=city.code,
                    sequence=sequence,
                    period=period,
                    created_at=manifest.created_at,
                    file_name=path.name,
                    sha256=manifest_sha,
                    signer_subject=signer.certificate.subject.rfc4514_string(),
                    signer_fingerprint=signer.fingerprint,
                    verification=f"Giao {len(published)} nhiệm vụ cho: {', '.join(codes)}",
                )
            )
    except SchemaError as exc:
        if path is not None:
            path.unlink(missing_ok=True)
        raise ServiceError(
            f"Không lập được gói giao nhiệm vụ: {exc.path}: {exc.message_vi}."
        ) from exc
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return BuiltPackage(
        path,
        Kind.ASSIGNMENTS.value,
        city.code,
        period,
        sequence,
        manifest_sha,
        _sha256(path.read_bytes()),
        tuple(f.name for f in manifest.files),
    )


def _payload(plan: Plan, rows: list[tuple[Task, Section]], codes: list[str]) -> dict[str, Any]:
    ids = {t.id for t, _ in rows}
    return {
        "kind": "assignments",
        "city_plan_id": plan.id,
        "city_plan_title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "tasks": [
            {
                "id": task.id,
                "revision": task.revision,
                "parent_id": task.parent_task_id if task.parent_task_id in ids else None,
                **{name: getattr(task, name) for name in CONTENT},
                "deadline_text": task.deadline_text,
                "area": section.area,
                "unit_codes": codes,
            }
            for task, section in rows
        ],
    }


def _appendix(engine: Engine, plan: Plan, signer: Signer, location: str) -> dict[str, bytes]:
    files = {}
    with tempfile.TemporaryDirectory(prefix="carapp-giao-") as folder:
        for fmt in ("xlsx", "pdf"):
            path = Path(folder) / f"phu-luc.{fmt}"
            export_document(engine, "appendix", plan.id, fmt, path)
            content = path.read_bytes()
            if fmt == "pdf":
                content = sign_pdf(content, signer, "Giao nhiệm vụ cải cách hành chính", location)
            files[path.name] = content
    return files


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
