"""The city gives tasks to units: its own tasks, published as a signed ``assignments`` package.

Tasks of a plan the city owns are published to chosen units (`publish_assignments`): an
``assignments`` package (data.json + the plan's appendix, the PDF PAdES-signed), the same file
for every unit; each task lists the unit codes that must do it. Published tasks are marked
``origin = 'city'``.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from carapp.db.models import PackageRecord, Plan, Section, Task, Unit
from carapp.domain.periods import period_for
from carapp.domain.vietnam_time import vietnam
from carapp.services.audit import apply_changes
from carapp.services.common import NotFound, ServiceError, current_user, reading, transaction
from carapp.services.exporting import export_document
from carapp.services.sync.keys import check_signer
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.report_package import BuiltPackage
from carapp.services.sync.revocation import city_crl
from carapp.services.sync.setup import next_sequence
from carapp.services.tasks import add_task
from carapp.sync.crl import CRL_FILE
from carapp.sync.manifest import Kind
from carapp.sync.package import build_package
from carapp.sync.pades import sign_pdf
from carapp.sync.pki import Signer
from carapp.sync.validate import SchemaError

# Task columns the city decides, as sent in the payload.
CONTENT = ("number", "code", "content", "lead", "cooperating", "output", "assigning_document")


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
